-- Submissions whose stored cubes are missing or were computed with other reference data (a
-- changed framework, or targets numbered since), among those loaded with the framework the
-- warehouse holds now (or of an earlier release, which recorded none): their cubes are computed
-- again (refresh_cubes.sql). A submission loaded with another framework keeps the cubes of its
-- own. The load under way, whose submission row is not written yet, is added by the caller.
--   $1 the reference data's fingerprint now (reference_fingerprint.sql)
SELECT s.submission_id
FROM submissions s
LEFT JOIN cube_state c USING (submission_id)
LEFT JOIN submission_frameworks f USING (submission_id)
WHERE c.fingerprint IS DISTINCT FROM $1
  AND (f.fingerprint IS NULL OR NOT EXISTS (SELECT 1 FROM framework_current)
       OR f.fingerprint = (SELECT fingerprint FROM framework_current))
ORDER BY 1
