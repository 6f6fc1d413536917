-- Compact staging. A load stages each answer cell as four integers (row, column, target, value)
-- streamed in Arrow batches; the distinct answer texts and the capabilities or areas the cells
-- are about are staged once each. Answers are resolved to levels once per distinct text.
-- staging.answers keeps its columns as a view over these tables.
DROP TABLE staging.answers;
DROP TABLE staging.cells;

-- Each distinct answer text of the load, with how many cells hold it.
CREATE TABLE staging.answer_values (
    value_no        INTEGER PRIMARY KEY,
    value           VARCHAR NOT NULL,
    cells           BIGINT NOT NULL
);

-- What an answer cell is about: a capability, or an area asked at that grain.
CREATE TABLE staging.targets (
    target_no       INTEGER PRIMARY KEY,
    capability_id   VARCHAR,
    area_id         VARCHAR NOT NULL
);

-- Answer cells: in a wide file one per answered capability column, in a long file one per row.
CREATE TABLE staging.cells (
    row_number      INTEGER NOT NULL,
    col_no          INTEGER NOT NULL,
    target_no       INTEGER NOT NULL,
    value_no        INTEGER NOT NULL
);

-- Each distinct answer text resolved against the load's scale (level NULL when not on it).
CREATE TABLE staging.answer_levels (
    value_no        INTEGER PRIMARY KEY,
    level           TINYINT
);

-- Whether one person can give two answers about the same target in the load (a long file, or a
-- wide file with two columns for one capability): then only the first counts.
ALTER TABLE staging.load ADD COLUMN dedupe BOOLEAN DEFAULT true;

CREATE VIEW staging.answers AS
SELECT c.row_number, c.col_no, t.capability_id, t.area_id, v.value, l.level
FROM staging.cells c
JOIN staging.targets t USING (target_no)
JOIN staging.answer_values v USING (value_no)
LEFT JOIN staging.answer_levels l USING (value_no);
