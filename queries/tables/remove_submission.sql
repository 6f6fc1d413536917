-- Remove one submission's rows from one table ({{table}}: a fact table or a stored cube).
--   ? the submission id
DELETE FROM {{table}} WHERE submission_id = ?
