-- Stage one trust's rows of a file with several (split_current), with the file's columns,
-- targets and answer texts, and the problems of those rows and of the file's columns.
INSERT INTO staging_columns SELECT * FROM split_columns;
INSERT INTO staging_rows
SELECT * EXCLUDE (split_trust) FROM split_rows
WHERE coalesce(split_trust, '') = (SELECT trust FROM split_current);
INSERT INTO staging_cells SELECT c.* FROM split_cells c WHERE c.row_number IN (SELECT row_number FROM staging_rows);
INSERT INTO staging_targets SELECT * FROM split_targets;
INSERT INTO staging_answer_values SELECT * FROM split_answer_values;
INSERT INTO staging_problems
SELECT * FROM split_problems p WHERE p.row_number IS NULL OR p.row_number IN (SELECT row_number FROM staging_rows);
