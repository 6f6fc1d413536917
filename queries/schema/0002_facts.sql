-- Facts: submissions (one file for one trust and quarter), pseudonymous respondents, their
-- responses, and every problem found in the files.

CREATE SEQUENCE submission_ids START 1;

CREATE TABLE submissions (
    submission_id    INTEGER PRIMARY KEY,
    layout           VARCHAR NOT NULL,  -- wide | long
    trust_code       VARCHAR,           -- NULL when a file holds several trusts
    quarter          VARCHAR NOT NULL,  -- YYYYQn
    source_file      VARCHAR NOT NULL,  -- base name of the file
    sheet            VARCHAR,
    dialect          VARCHAR NOT NULL,
    scale_id         VARCHAR,
    content_hash     VARCHAR NOT NULL,  -- sha256 of the file's bytes
    loaded_at        TIMESTAMP NOT NULL DEFAULT current_timestamp,
    rows_read        INTEGER NOT NULL,
    rows_loaded      INTEGER NOT NULL,
    rows_rejected    INTEGER NOT NULL,
    rows_warned      INTEGER NOT NULL,
    respondents      INTEGER NOT NULL,
    columns_mapped   INTEGER NOT NULL,
    columns_unmapped INTEGER NOT NULL,
    CHECK (rows_read = rows_loaded + rows_rejected)
);

CREATE TABLE respondents (
    submission_id   INTEGER NOT NULL,
    respondent_id   VARCHAR NOT NULL,   -- keyed hash of the staff or response id; never the id itself
    quarter         VARCHAR NOT NULL,
    trust_code      VARCHAR,
    region_code     VARCHAR,
    profession_code VARCHAR,
    archetype_code  VARCHAR,
    source_row      INTEGER NOT NULL,
    PRIMARY KEY (submission_id, respondent_id)
);

-- An answer is to one capability statement, or, when a survey asks at that grain, to a whole
-- sub-domain or domain (capability_id NULL). area_id is always the area the answer is about.
CREATE TABLE responses (
    submission_id   INTEGER NOT NULL,
    respondent_id   VARCHAR NOT NULL,
    capability_id   VARCHAR,
    area_id         VARCHAR NOT NULL,
    level           TINYINT NOT NULL CHECK (level BETWEEN 0 AND 4),
    meets           BOOLEAN NOT NULL,
    scale_id        VARCHAR NOT NULL
);

CREATE TABLE rejects (
    submission_id   INTEGER NOT NULL,
    source_file     VARCHAR NOT NULL,
    sheet           VARCHAR,
    row_number      INTEGER,            -- as the sender sees it; NULL for a problem with a column
    column_letter   VARCHAR,
    header          VARCHAR,
    value           VARCHAR,
    severity        VARCHAR NOT NULL CHECK (severity IN ('error', 'warning')),
    reason          VARCHAR NOT NULL,
    suggestion      VARCHAR
);

-- Staging: one file's rows while it loads, inside the load's transaction; empty otherwise.
CREATE SCHEMA staging;

CREATE TABLE staging.columns (
    col_no          INTEGER PRIMARY KEY,
    letter          VARCHAR NOT NULL,
    header          VARCHAR NOT NULL,
    role            VARCHAR NOT NULL,   -- capability | respondent_id | profession | region | trust | archetype | quarter | capability_ref | answer | ignored | personal | unmapped
    capability_id   VARCHAR,
    area_id         VARCHAR,            -- the area a capability column is about (its statement's, or the area asked at that grain)
    mapped_by       VARCHAR,            -- profile | id | text | header | dialect
    suggestion      VARCHAR             -- for an unmapped column: the closest capability, if any
);

CREATE TABLE staging.rows (
    row_number      INTEGER PRIMARY KEY,
    respondent_id   VARCHAR NOT NULL,
    id_given        BOOLEAN NOT NULL,
    profession      VARCHAR,
    region          VARCHAR,
    trust           VARCHAR,
    archetype       VARCHAR,
    quarter         VARCHAR
);

-- Answer cells: in a wide file one per answered capability column, in a long file one per row.
CREATE TABLE staging.cells (
    row_number      INTEGER NOT NULL,
    col_no          INTEGER NOT NULL,
    capability_id   VARCHAR,
    area_id         VARCHAR NOT NULL,
    value           VARCHAR NOT NULL
);

-- The settings of the load under way: one row.
CREATE TABLE staging.load (
    submission_id   INTEGER NOT NULL,
    source_file     VARCHAR NOT NULL,
    sheet           VARCHAR,
    quarter         VARCHAR NOT NULL,
    trust_code      VARCHAR,            -- the trust the file was sent for, when known
    layout          VARCHAR NOT NULL,   -- wide (a row per person) | long (a row per person and capability)
    scale_id        VARCHAR NOT NULL,
    unknown_values  VARCHAR NOT NULL    -- keep | reject
);

-- Each answer cell resolved against the load's scale (level NULL when it is not on the scale).
CREATE TABLE staging.answers (
    row_number      INTEGER NOT NULL,
    col_no          INTEGER NOT NULL,
    capability_id   VARCHAR,
    area_id         VARCHAR NOT NULL,
    value           VARCHAR NOT NULL,
    level           TINYINT
);

-- Each row's respondent fields resolved against the vocabularies (codes NULL when not matched).
CREATE TABLE staging.resolved (
    row_number      INTEGER PRIMARY KEY,
    respondent_id   VARCHAR NOT NULL,
    profession_code VARCHAR,
    region_code     VARCHAR,
    trust_code      VARCHAR,
    archetype_code  VARCHAR
);

-- Problems found in the load, before they are written to rejects with the file's names for them.
CREATE TABLE staging.problems (
    row_number      INTEGER,
    col_no          INTEGER,
    letter          VARCHAR,            -- for a cell beyond the header, which has no column

    value           VARCHAR,
    severity        VARCHAR NOT NULL,
    reason          VARCHAR NOT NULL,
    suggestion      VARCHAR
);
