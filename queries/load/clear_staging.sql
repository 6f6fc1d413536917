-- Empty the staging tables: before and after each load, inside its transaction.
DELETE FROM staging.load;
DELETE FROM staging.columns;
DELETE FROM staging.rows;
DELETE FROM staging.cells;
DELETE FROM staging.targets;
DELETE FROM staging.answer_values;
DELETE FROM staging.answer_levels;
DELETE FROM staging.resolved;
DELETE FROM staging.problems;
