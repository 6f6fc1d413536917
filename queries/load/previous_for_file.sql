-- The submission a file with no single trust replaces: the same file name and quarter.
--   ? file name, ? quarter
SELECT submission_id FROM submissions WHERE trust_code IS NULL AND source_file = ? AND quarter = ?
