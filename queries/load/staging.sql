-- The staging tables of one load, made anew and empty at its start and end: temporary tables of
-- the load's connection, never written to the warehouse file. A file's rows pass through them
-- inside the load's transaction; a kill leaves nothing of them behind (migration 0011 dropped the
-- persistent staging schema they replace). Names resolve in temp first: staging_rows is this
-- connection's.

-- The file's columns as mapped.
CREATE OR REPLACE TEMP TABLE staging_columns (
    col_no          INTEGER PRIMARY KEY,
    letter          VARCHAR NOT NULL,
    header          VARCHAR NOT NULL,
    role            VARCHAR NOT NULL,   -- capability | respondent_id | profession | region | trust | archetype | quarter | capability_ref | answer | ignored | personal | unmapped
    capability_id   VARCHAR,
    area_id         VARCHAR,            -- the area a capability column is about (its statement's, or the area asked at that grain)
    mapped_by       VARCHAR,            -- profile | id | text | header | dialect
    suggestion      VARCHAR             -- for an unmapped column: the closest capability, if any
);

-- Each row's respondent fields as the file gives them (the id already pseudonymised).
CREATE OR REPLACE TEMP TABLE staging_rows (
    row_number      INTEGER PRIMARY KEY,
    respondent_id   VARCHAR NOT NULL,
    id_given        BOOLEAN NOT NULL,
    profession      VARCHAR,
    region          VARCHAR,
    trust           VARCHAR,
    archetype       VARCHAR,
    quarter         VARCHAR
);

-- The settings of the load under way: one row.
CREATE OR REPLACE TEMP TABLE staging_load (
    submission_id   INTEGER NOT NULL,
    source_file     VARCHAR NOT NULL,
    sheet           VARCHAR,
    quarter         VARCHAR NOT NULL,
    trust_code      VARCHAR,            -- the trust the file was sent for, when known
    layout          VARCHAR NOT NULL,   -- wide (a row per person) | long (a row per person and capability)
    scale_id        VARCHAR NOT NULL,
    unknown_values  VARCHAR NOT NULL,   -- keep | reject
    -- whether one person can give two answers about the same target in the load (a long file,
    -- or a wide file with two columns for one capability): then only the first counts
    dedupe          BOOLEAN DEFAULT true
);

-- Each row's respondent fields resolved against the vocabularies (codes NULL when not matched).
CREATE OR REPLACE TEMP TABLE staging_resolved (
    row_number      INTEGER PRIMARY KEY,
    respondent_id   VARCHAR NOT NULL,
    profession_code VARCHAR,
    region_code     VARCHAR,
    trust_code      VARCHAR,
    archetype_code  VARCHAR,
    region_own      VARCHAR             -- the row's own region resolved, before the trust's is used
);

-- Problems found in the load, before they are written to rejects with the file's names for them.
CREATE OR REPLACE TEMP TABLE staging_problems (
    row_number      INTEGER,
    col_no          INTEGER,
    letter          VARCHAR,            -- for a cell beyond the header, which has no column
    value           VARCHAR,
    severity        VARCHAR NOT NULL,
    reason          VARCHAR NOT NULL,
    suggestion      VARCHAR
);

-- Each distinct answer text of the load, with how many cells hold it.
CREATE OR REPLACE TEMP TABLE staging_answer_values (
    value_no        INTEGER PRIMARY KEY,
    value           VARCHAR NOT NULL,
    cells           BIGINT NOT NULL
);

-- What an answer cell is about: a capability, or an area asked at that grain.
CREATE OR REPLACE TEMP TABLE staging_targets (
    target_no       INTEGER PRIMARY KEY,
    capability_id   VARCHAR,
    area_id         VARCHAR NOT NULL
);

-- Answer cells: in a wide file one per answered capability column, in a long file one per row.
CREATE OR REPLACE TEMP TABLE staging_cells (
    row_number      INTEGER NOT NULL,
    col_no          INTEGER NOT NULL,
    target_no       INTEGER NOT NULL,
    value_no        INTEGER NOT NULL
);

-- Each distinct answer text resolved against the load's scale (level NULL when not on it).
CREATE OR REPLACE TEMP TABLE staging_answer_levels (
    value_no        INTEGER PRIMARY KEY,
    level           TINYINT
);

-- The answer cells with what they are about, their text and level.
CREATE OR REPLACE TEMP VIEW staging_answers AS
SELECT c.row_number, c.col_no, t.capability_id, t.area_id, v.value, l.level
FROM staging_cells c
JOIN staging_targets t USING (target_no)
JOIN staging_answer_values v USING (value_no)
LEFT JOIN staging_answer_levels l USING (value_no);
