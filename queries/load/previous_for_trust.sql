-- The submission a new file for the same trust and quarter replaces.
--   ? trust, ? quarter
SELECT submission_id, source_file, rows_loaded FROM submissions WHERE trust_code = ? AND quarter = ?
