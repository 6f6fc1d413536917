-- How many problems a submission has.
SELECT count(*) FROM rejects WHERE submission_id = ?
