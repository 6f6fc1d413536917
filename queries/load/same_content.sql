-- Submissions of the same bytes for the same trust and quarter: loading the file again changes nothing.
--   ? content hash, ? quarter, ? trust (NULL: no single trust)
SELECT count(*) FROM submissions WHERE content_hash = ? AND quarter = ? AND trust_code IS NOT DISTINCT FROM ?
