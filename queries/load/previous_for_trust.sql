-- The submission a new file for the same trust and quarter replaces.
--   ? trust, ? quarter
SELECT submission_id FROM submissions WHERE trust_code = ? AND quarter = ?
