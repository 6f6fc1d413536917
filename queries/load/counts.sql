-- The load's accounting: rows read, loaded, rejected (with an error) and warned (loaded, with a
-- warning). rows_read = rows_loaded + rows_rejected must hold.
SELECT
    (SELECT count(*) FROM staging.rows) AS rows_read,
    (SELECT count(*) FROM respondents r, staging.load l WHERE r.submission_id = l.submission_id) AS rows_loaded,
    (SELECT count(DISTINCT row_number) FROM staging.problems WHERE severity = 'error') AS rows_rejected,
    (SELECT count(DISTINCT row_number) FROM staging.problems p WHERE severity = 'warning'
        AND NOT EXISTS (SELECT 1 FROM staging.problems e WHERE e.row_number = p.row_number AND e.severity = 'error')) AS rows_warned;
