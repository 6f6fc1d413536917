-- The fingerprint of the reference data the stored cubes depend on (schema/0006_stored_cubes.sql,
-- v_reference_fingerprint): read once per cube refresh, for the check of stale cubes and for the
-- cube_state rows written.
SELECT fingerprint FROM v_reference_fingerprint
