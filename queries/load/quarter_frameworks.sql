-- The frameworks other than the current one that a quarter's submissions were loaded with.
--   ? quarter
SELECT DISTINCT fr.version || ' (' || fr.fingerprint || ')'
FROM submissions s
JOIN submission_frameworks f USING (submission_id)
JOIN frameworks fr USING (fingerprint)
WHERE s.quarter = ? AND f.fingerprint <> (SELECT fingerprint FROM framework_current)
ORDER BY 1
