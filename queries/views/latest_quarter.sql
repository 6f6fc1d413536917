-- The latest quarter with a submission (NULL for none).
SELECT max(quarter) FROM submissions
