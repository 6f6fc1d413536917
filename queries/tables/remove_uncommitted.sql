-- Remove a stored cube's rows, or a submission's framework ({{table}}), of loads that did not
-- commit: no submission row.
DELETE FROM {{table}} c WHERE NOT EXISTS (SELECT 1 FROM submissions s WHERE s.submission_id = c.submission_id)
