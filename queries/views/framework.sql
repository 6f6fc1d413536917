-- The framework a quarter's figures use: the one its submissions were loaded with, else (a
-- warehouse of an earlier release) the one loaded now.
--   ? quarter
SELECT coalesce(
           (SELECT string_agg(DISTINCT fr.version, ' + ') FROM submissions s
            JOIN submission_frameworks f USING (submission_id) JOIN frameworks fr USING (fingerprint)
            WHERE s.quarter = $1),
           (SELECT version FROM framework_meta)),
       coalesce(
           (SELECT string_agg(DISTINCT coalesce(fr.source, ''), ' + ') FROM submissions s
            JOIN submission_frameworks f USING (submission_id) JOIN frameworks fr USING (fingerprint)
            WHERE s.quarter = $1),
           (SELECT coalesce(source, '') FROM framework_meta))
