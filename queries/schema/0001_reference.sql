-- Reference data: the capability framework and the NHS vocabularies, reloaded from configs at
-- every run (see pipeline/warehouse).

-- fold(s): the key values are matched on: lower case, dots and apostrophes dropped ("S.L.T." is
-- "slt", "Guy's" is "guys"), runs of anything else but a-z and 0-9 become one space, trimmed.
-- The Go function vocab.Fold does the same.
CREATE MACRO fold(s) AS
    trim(regexp_replace(regexp_replace(lower(coalesce(s, '')), '[.''’]', '', 'g'), '[^a-z0-9]+', ' ', 'g'));

-- redact(s): personal data that a sender typed into the wrong cell (an email address, a phone
-- number, an NHS number) is masked before a value or a message quoting it is stored.
CREATE MACRO redact(s) AS
    regexp_replace(regexp_replace(regexp_replace(s,
        '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}', '[email removed]', 'g'),
        '(\+44\s?|\b0)\d([\s-]?\d){8,9}\b', '[phone number removed]', 'g'),
        '\b\d{3}[\s-]?\d{3}[\s-]?\d{4}\b', '[number removed]', 'g');

CREATE TABLE framework_meta (
    version       VARCHAR NOT NULL,
    source        VARCHAR,
    loaded_at     TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE knowledge_levels (
    level         TINYINT PRIMARY KEY,
    name          VARCHAR NOT NULL,
    description   VARCHAR
);

-- Every domain (depth 1), sub-domain (depth 2) and sub-sub-domain (depth 3).
CREATE TABLE framework_areas (
    area_id       VARCHAR PRIMARY KEY,
    name          VARCHAR NOT NULL,
    parent_id     VARCHAR,
    domain_id     VARCHAR NOT NULL,
    subdomain_id  VARCHAR,            -- the depth-2 ancestor (itself at depth 2); NULL for a domain
    depth         TINYINT NOT NULL,
    sort_order    INTEGER NOT NULL
);

CREATE TABLE capabilities (
    capability_id VARCHAR PRIMARY KEY,
    area_id       VARCHAR NOT NULL,
    domain_id     VARCHAR NOT NULL,
    subdomain_id  VARCHAR,            -- NULL when the statement sits directly under its domain
    level         TINYINT NOT NULL CHECK (level BETWEEN 1 AND 4),
    archetypes    VARCHAR NOT NULL,   -- badge letters, e.g. 'SDCEU'
    statement     VARCHAR NOT NULL,
    sort_order    INTEGER NOT NULL
);

CREATE TABLE capability_archetypes (
    capability_id  VARCHAR NOT NULL,
    archetype_code VARCHAR NOT NULL,
    PRIMARY KEY (capability_id, archetype_code)
);

CREATE TABLE archetypes (
    archetype_code VARCHAR PRIMARY KEY,
    name           VARCHAR NOT NULL,
    definition     VARCHAR,
    sort_order     INTEGER NOT NULL
);

CREATE TABLE regions (
    region_code   VARCHAR PRIMARY KEY,  -- ONS code
    ods_code      VARCHAR,
    name          VARCHAR NOT NULL,
    sort_order    INTEGER NOT NULL
);

CREATE TABLE professions (
    profession_code VARCHAR PRIMARY KEY,
    name            VARCHAR NOT NULL,
    staff_group     VARCHAR,
    sort_order      INTEGER NOT NULL
);

CREATE TABLE organisations (
    ods_code      VARCHAR PRIMARY KEY,
    name          VARCHAR NOT NULL,
    region_code   VARCHAR NOT NULL,
    valid_from    DATE,
    valid_to      DATE,
    sort_order    INTEGER NOT NULL
);

CREATE TABLE scales (
    scale_id      VARCHAR PRIMARY KEY,
    name          VARCHAR NOT NULL,
    meets         TINYINT NOT NULL,
    sort_order    INTEGER NOT NULL
);

-- Every label and alias of every scale option, by its folded key.
CREATE TABLE scale_answers (
    scale_id      VARCHAR NOT NULL,
    answer_key    VARCHAR NOT NULL,
    label         VARCHAR NOT NULL,
    level         TINYINT NOT NULL CHECK (level BETWEEN 0 AND 4),
    PRIMARY KEY (scale_id, answer_key)
);

-- Names, codes and aliases of professions, regions, organisations and archetypes, by folded key.
CREATE TABLE vocab_aliases (
    kind          VARCHAR NOT NULL,   -- profession | region | organisation | archetype
    alias_key     VARCHAR NOT NULL,
    alias         VARCHAR NOT NULL,
    code          VARCHAR NOT NULL,
    PRIMARY KEY (kind, alias_key)
);
