-- Rows left in staging by a load that did not finish (staging is empty between loads).
SELECT (SELECT count(*) FROM staging.load) + (SELECT count(*) FROM staging.columns) + (SELECT count(*) FROM staging.rows)
     + (SELECT count(*) FROM staging.cells) + (SELECT count(*) FROM staging.targets) + (SELECT count(*) FROM staging.answer_values)
     + (SELECT count(*) FROM staging.answer_levels) + (SELECT count(*) FROM staging.resolved) + (SELECT count(*) FROM staging.problems)
