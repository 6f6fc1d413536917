-- Drop what split_save.sql kept.
DROP TABLE IF EXISTS temp.split_columns;
DROP TABLE IF EXISTS temp.split_rows;
DROP TABLE IF EXISTS temp.split_cells;
DROP TABLE IF EXISTS temp.split_targets;
DROP TABLE IF EXISTS temp.split_answer_values;
DROP TABLE IF EXISTS temp.split_problems;
DROP TABLE IF EXISTS temp.split_current;
