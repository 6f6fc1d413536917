-- The load's accounting. rows_loaded counts rows without an error whose person was loaded as a
-- respondent; rows_rejected rows with an error; rows_read = rows_loaded + rows_rejected must hold.
-- rows_warned: loaded rows with a warning. people: the distinct respondent ids loaded, which must
-- equal respondents (the load checks it: the table has no unique index, see schema/0012).
--   $1 the load's submission id (a constant, so that only its row groups of respondents are read)
SELECT
    (SELECT count(*) FROM staging_rows) AS rows_read,
    (SELECT count(*) FROM staging_rows r
      WHERE NOT EXISTS (SELECT 1 FROM staging_problems p WHERE p.row_number = r.row_number AND p.severity = 'error')
        AND EXISTS (SELECT 1 FROM respondents x WHERE x.submission_id = $1 AND x.respondent_id = r.respondent_id)) AS rows_loaded,
    (SELECT count(DISTINCT row_number) FROM staging_problems WHERE severity = 'error') AS rows_rejected,
    (SELECT count(DISTINCT row_number) FROM staging_problems p WHERE severity = 'warning'
        AND NOT EXISTS (SELECT 1 FROM staging_problems e WHERE e.row_number = p.row_number AND e.severity = 'error')) AS rows_warned,
    (SELECT count(*) FROM respondents r WHERE r.submission_id = $1) AS respondents,
    (SELECT count(DISTINCT respondent_id) FROM respondents r WHERE r.submission_id = $1) AS people;
