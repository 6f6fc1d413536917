-- Rejects of a load that did not commit.
DELETE FROM rejects j WHERE NOT EXISTS (SELECT 1 FROM submissions s WHERE s.submission_id = j.submission_id)
