-- Submissions whose stored cubes are missing or were computed with other reference data (a
-- changed framework), among those loaded with the framework the warehouse holds now (or of an
-- earlier release, which recorded none), and the load under way (staging.load, before its
-- submission row is written): their cubes are computed again (refresh_cubes.sql). A submission
-- loaded with another framework keeps the cubes of its own.
SELECT s.submission_id
FROM submissions s
LEFT JOIN cube_state c USING (submission_id)
LEFT JOIN submission_frameworks f USING (submission_id)
WHERE c.fingerprint IS DISTINCT FROM (SELECT fingerprint FROM v_reference_fingerprint)
  AND (f.fingerprint IS NULL OR NOT EXISTS (SELECT 1 FROM framework_current)
       OR f.fingerprint = (SELECT fingerprint FROM framework_current))
UNION
SELECT submission_id FROM staging.load
ORDER BY 1
