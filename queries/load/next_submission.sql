-- The next submission number.
SELECT nextval('submission_ids')
