-- Respondents of a load that did not commit.
DELETE FROM respondents r WHERE NOT EXISTS (SELECT 1 FROM submissions s WHERE s.submission_id = r.submission_id)
