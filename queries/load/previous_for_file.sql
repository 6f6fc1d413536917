-- The submission a file with no single trust replaces: the same file name and quarter.
--   ? file name, ? quarter
SELECT submission_id, source_file, rows_loaded FROM submissions WHERE trust_code IS NULL AND source_file = ? AND quarter = ?
