-- Submissions whose stored cubes are missing or were computed with other reference data (a
-- changed framework), and the load under way (staging.load, before its submission row is
-- written): their cubes are computed again (refresh_cubes.sql).
SELECT s.submission_id
FROM submissions s
LEFT JOIN cube_state c USING (submission_id)
WHERE c.fingerprint IS DISTINCT FROM (SELECT fingerprint FROM v_reference_fingerprint)
UNION
SELECT submission_id FROM staging.load
ORDER BY 1
