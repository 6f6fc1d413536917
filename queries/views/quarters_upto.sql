-- The quarters with a submission, up to and including one.
SELECT DISTINCT quarter FROM submissions WHERE quarter <= ? ORDER BY quarter
