-- Keep what a file with several trusts staged, so that each trust's rows can be loaded as a
-- submission of its own (see split_part.sql). Each row's trust is resolved through the
-- organisations' aliases (NULL: blank or unknown, loaded together as one more submission).
CREATE OR REPLACE TEMP TABLE split_columns AS SELECT * FROM staging_columns;
CREATE OR REPLACE TEMP TABLE split_rows AS
SELECT r.*, o.code AS split_trust
FROM staging_rows r
LEFT JOIN vocab_aliases o ON o.kind = 'organisation' AND o.alias_key = fold(r.trust);
CREATE OR REPLACE TEMP TABLE split_cells AS SELECT * FROM staging_cells;
CREATE OR REPLACE TEMP TABLE split_targets AS SELECT * FROM staging_targets;
CREATE OR REPLACE TEMP TABLE split_answer_values AS SELECT * FROM staging_answer_values;
CREATE OR REPLACE TEMP TABLE split_problems AS SELECT * FROM staging_problems;
