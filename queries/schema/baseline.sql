-- The schema of a new warehouse, in one step: the end state of migrations 0001 to 0006 (the
-- numbered files beside this one), with no table altered and no view dropped and made again.
-- A warehouse written by an earlier release is brought to the same state by those migrations;
-- TestBaselineMatchesMigrations checks that both ways give the same tables, columns, views,
-- constraints, macros and sequences. A later change is a new numbered migration, applied to both.


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
    -- how many answers the load stored: Repair compares the total with the answers table's row
    -- count, a cheap check that no rows of an unfinished load came back after a crash
    answers          BIGINT,
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

-- The settings of the load under way: one row.
CREATE TABLE staging.load (
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

-- Compact facts for national scale. An answer is stored as five small numbers: its submission,
-- its respondent's source row (unique in a submission), its target (what it is about), its level
-- and whether it meets the scale's point. The former responses table becomes a view with the
-- same columns, so analysts' queries keep working; heatmaps read the integer table.

-- What an answer is about: a capability statement, or a whole area when a survey asks at that
-- grain. Numbers are given once and never change (framework files may change; answers keep them).
CREATE TABLE targets (
    target_no       INTEGER PRIMARY KEY,
    target_key      VARCHAR NOT NULL UNIQUE,   -- the capability id, or the area id
    capability_id   VARCHAR,
    area_id         VARCHAR NOT NULL
);

CREATE TABLE answers (
    submission_id   INTEGER NOT NULL,
    source_row      INTEGER NOT NULL,          -- respondents.source_row of the person answering
    target_no       INTEGER NOT NULL,
    level           TINYINT NOT NULL CHECK (level BETWEEN 0 AND 4),
    meets           BOOLEAN NOT NULL
);

-- The answers as they were stored before: one row per answer with the respondent's hashed id.
CREATE VIEW responses AS
SELECT x.submission_id, r.respondent_id, t.capability_id, t.area_id, x.level, x.meets, s.scale_id
FROM answers x
JOIN respondents r USING (submission_id, source_row)
JOIN targets t USING (target_no)
JOIN submissions s USING (submission_id);

-- The targets an archetype's answers count for: the capabilities badged for it, and every area
-- holding one of them (at any depth), for answers asked at an area's grain.
CREATE VIEW v_target_relevance AS
SELECT DISTINCT ca.archetype_code, t.target_no
FROM capability_archetypes ca
JOIN capabilities c USING (capability_id)
JOIN targets t
  ON t.capability_id = ca.capability_id
  OR (t.capability_id IS NULL AND (c.area_id = t.area_id OR starts_with(c.area_id, t.area_id || '.')));

-- One row per answer, with what it is about, the respondent's groups, and whether it is relevant
-- to the respondent's archetype: a capability when it is badged for the archetype, an answer about
-- a whole area when any capability in that area is; everything when the archetype is unknown.
CREATE VIEW v_responses AS
SELECT
    r.quarter, r.submission_id, r.respondent_id, r.trust_code, r.region_code,
    r.profession_code, r.archetype_code,
    t.capability_id, a.domain_id, a.subdomain_id, t.area_id, c.level AS capability_level,
    x.level, x.meets, s.scale_id,
    (r.archetype_code IS NULL OR v.target_no IS NOT NULL) AS relevant
FROM answers x
JOIN respondents r USING (submission_id, source_row)
JOIN submissions s USING (submission_id)
JOIN targets t USING (target_no)
JOIN framework_areas a ON a.area_id = t.area_id
LEFT JOIN capabilities c ON c.capability_id = t.capability_id
LEFT JOIN v_target_relevance v ON v.archetype_code = r.archetype_code AND v.target_no = x.target_no;

CREATE VIEW v_domains AS
SELECT area_id AS domain_id, name, sort_order FROM framework_areas WHERE depth = 1;

-- The columns of the sub-domain heatmaps: every sub-domain, and each domain whose own statements
-- sit under no sub-domain (labelled "general" when the domain also has sub-domains).
CREATE VIEW v_subdomains AS
SELECT a.area_id AS subdomain_id, a.name, a.domain_id, a.sort_order
FROM framework_areas a WHERE a.depth = 2
UNION ALL
SELECT d.area_id, CASE WHEN EXISTS (SELECT 1 FROM framework_areas s WHERE s.parent_id = d.area_id)
                       THEN d.name || ', general' ELSE d.name END,
       d.area_id, d.sort_order
FROM framework_areas d
WHERE d.depth = 1 AND EXISTS (SELECT 1 FROM capabilities c WHERE c.area_id = d.area_id);

-- Respondents with the names of their groups, for analysts.
CREATE VIEW v_respondents AS
SELECT r.quarter, r.submission_id, r.respondent_id, r.source_row,
       r.trust_code, o.name AS trust_name, r.region_code, g.name AS region_name,
       r.profession_code, p.name AS profession_name, p.staff_group,
       r.archetype_code, a.name AS archetype_name
FROM respondents r
LEFT JOIN organisations o ON o.ods_code = r.trust_code
LEFT JOIN regions g ON g.region_code = r.region_code
LEFT JOIN professions p ON p.profession_code = r.profession_code
LEFT JOIN archetypes a ON a.archetype_code = r.archetype_code;

-- Labels and report order of every group a heatmap can have as rows.
CREATE VIEW v_groups AS
SELECT 'profession' AS dimension, profession_code AS group_key, name AS label, sort_order FROM professions
UNION ALL SELECT 'region', region_code, name, sort_order FROM regions
UNION ALL SELECT 'archetype', archetype_code, name, sort_order FROM archetypes
UNION ALL SELECT 'trust', ods_code, name, sort_order FROM organisations;

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

CREATE VIEW staging.answers AS
SELECT c.row_number, c.col_no, t.capability_id, t.area_id, v.value, l.level
FROM staging.cells c
JOIN staging.targets t USING (target_no)
JOIN staging.answer_values v USING (value_no)
LEFT JOIN staging.answer_levels l USING (value_no);

-- Stored cubes. Each load sums its own submission into small tables (a few thousand rows per
-- trust file) right after its answers are in, so that reports read sums over cubes instead of
-- recomputing every respondent's readiness from every answer. The views defined here compute
-- the same figures from the answers; the stored tables are those views' rows, per submission,
-- as of the reference data whose fingerprint cube_state records. When the framework's badges or
-- areas change, the fingerprint changes and the stored rows are computed again (see
-- queries/load/refresh_cubes.sql), so a stored figure never differs from its view's.

-- Each target's place in the framework: its domain, its sub-domain column (statements directly
-- under a domain count in a column of the domain's own), its statement's knowledge level; and a
-- number for the sub-domain column, so that answers are summed on integer keys.
CREATE VIEW v_target_areas AS
SELECT t.target_no, a.domain_id, coalesce(a.subdomain_id, a.domain_id) AS subdomain_id, c.level AS capability_level,
       dense_rank() OVER (ORDER BY a.domain_id, coalesce(a.subdomain_id, a.domain_id))::INTEGER AS subdomain_no
FROM targets t
JOIN framework_areas a ON a.area_id = t.area_id
LEFT JOIN capabilities c ON c.capability_id = t.capability_id;

CREATE VIEW v_subdomain_nos AS
SELECT DISTINCT subdomain_no, domain_id, subdomain_id FROM v_target_areas;

-- A respondent's relevant answers summed per sub-domain column, on integer keys: how many, how
-- many meet the scale's point, the sum of levels, how many were to capability statements (not
-- whole areas), and the highest knowledge level among the statements met.
CREATE VIEW v_respondent_sums AS
SELECT x.submission_id, x.source_row, ta.subdomain_no,
       count(*) AS answers, count(*) FILTER (WHERE x.meets) AS met, sum(x.level) AS level_sum,
       count(ta.capability_level) AS statements, max(ta.capability_level) FILTER (WHERE x.meets) AS highest_met
FROM answers x
JOIN respondents r USING (submission_id, source_row)
JOIN v_target_areas ta USING (target_no)
LEFT JOIN v_target_relevance v ON v.archetype_code = r.archetype_code AND v.target_no = x.target_no
WHERE r.archetype_code IS NULL OR v.target_no IS NOT NULL
GROUP BY ALL;

-- The same per domain.
CREATE VIEW v_respondent_domain_sums AS
SELECT p.submission_id, p.source_row, s.domain_id,
       sum(p.answers)::BIGINT AS answers, sum(p.met)::BIGINT AS met, sum(p.level_sum)::BIGINT AS level_sum,
       sum(p.statements)::BIGINT AS statements, max(p.highest_met) AS highest_met
FROM v_respondent_sums p
JOIN v_subdomain_nos s USING (subdomain_no)
GROUP BY ALL;

-- One row per respondent and sub-domain with at least one relevant answer there: the
-- respondent's readiness in it is the share of those answers that meet the scale's point.
CREATE VIEW v_respondent_subdomain AS
SELECT
    r.quarter, r.submission_id, r.respondent_id, r.trust_code, r.region_code, r.profession_code, r.archetype_code,
    s.domain_id, s.subdomain_id, p.answers, p.met, p.met::DOUBLE / p.answers AS readiness, p.level_sum,
    p.statements, p.highest_met
FROM v_respondent_sums p
JOIN respondents r USING (submission_id, source_row)
JOIN v_subdomain_nos s USING (subdomain_no);

-- The same per respondent and domain (every answer sits in exactly one sub-domain column).
CREATE VIEW v_respondent_domain AS
SELECT
    r.quarter, r.submission_id, r.respondent_id, r.trust_code, r.region_code, r.profession_code, r.archetype_code,
    p.domain_id, p.answers, p.met, p.met::DOUBLE / p.answers AS readiness, p.level_sum,
    p.statements, p.highest_met
FROM v_respondent_domain_sums p
JOIN respondents r USING (submission_id, source_row);

-- The cubes, per submission (sums over submissions give any group's figures): respondents
-- counted per quarter, group and area, with their answers, the sum and sum of squares of their
-- readiness, and their level sum.
CREATE VIEW v_cube_domain AS
SELECT r.quarter, p.submission_id, r.trust_code, r.region_code, r.profession_code, r.archetype_code, p.domain_id,
       count(*) AS n, sum(p.answers)::BIGINT AS answers, sum(p.met::DOUBLE / p.answers) AS readiness_sum,
       sum((p.met::DOUBLE / p.answers) ^ 2) AS readiness_sq, sum(p.level_sum)::BIGINT AS level_sum
FROM v_respondent_domain_sums p
JOIN respondents r USING (submission_id, source_row)
GROUP BY ALL;

CREATE VIEW v_cube_subdomain AS
SELECT r.quarter, p.submission_id, r.trust_code, r.region_code, r.profession_code, r.archetype_code,
       s.domain_id, s.subdomain_id,
       count(*) AS n, sum(p.answers)::BIGINT AS answers, sum(p.met::DOUBLE / p.answers) AS readiness_sum,
       sum((p.met::DOUBLE / p.answers) ^ 2) AS readiness_sq, sum(p.level_sum)::BIGINT AS level_sum
FROM v_respondent_sums p
JOIN respondents r USING (submission_id, source_row)
JOIN v_subdomain_nos s USING (subdomain_no)
GROUP BY ALL;

-- Respondents per group: the rows a heatmap has.
CREATE VIEW v_cube_respondents AS
SELECT quarter, submission_id, trust_code, region_code, profession_code, archetype_code, count(*) AS n
FROM respondents
GROUP BY ALL;

-- Respondents per domain by the highest knowledge level they meet there, among respondents with
-- a relevant answer to a capability statement of the domain (0: none met).
CREATE VIEW v_cube_levels AS
SELECT r.quarter, p.submission_id, p.domain_id, coalesce(p.highest_met, 0)::TINYINT AS highest, count(*) AS n
FROM v_respondent_domain_sums p
JOIN respondents r USING (submission_id, source_row)
WHERE p.statements > 0
GROUP BY ALL;

-- Answers to capability statements per group and statement, relevant or not: relevance depends
-- on the archetype, which is one of the groups, so readers apply it (see capability_gaps.sql).
CREATE VIEW v_cube_capabilities AS
SELECT r.quarter, x.submission_id, r.trust_code, r.region_code, r.profession_code, r.archetype_code, x.target_no,
       count(*) AS n, count(*) FILTER (WHERE x.meets) AS met
FROM answers x
JOIN respondents r USING (submission_id, source_row)
JOIN targets t USING (target_no)
WHERE t.capability_id IS NOT NULL
GROUP BY ALL;

-- What the stored cubes depend on besides the answers: which targets count for which archetype,
-- the area and level of every target.
CREATE VIEW v_reference_fingerprint AS
SELECT md5(
    coalesce((SELECT string_agg(archetype_code || ':' || target_no, ',' ORDER BY archetype_code, target_no)
              FROM v_target_relevance), '') || '|' ||
    coalesce((SELECT string_agg(target_no || ':' || domain_id || ':' || subdomain_id || ':' ||
                                coalesce(capability_level::VARCHAR, '-'), ',' ORDER BY target_no)
              FROM v_target_areas), '')) AS fingerprint;

CREATE TABLE cube_domain AS SELECT * FROM v_cube_domain LIMIT 0;

CREATE TABLE cube_subdomain AS SELECT * FROM v_cube_subdomain LIMIT 0;

CREATE TABLE cube_respondents AS SELECT * FROM v_cube_respondents LIMIT 0;

CREATE TABLE cube_levels AS SELECT * FROM v_cube_levels LIMIT 0;

CREATE TABLE cube_capabilities AS SELECT * FROM v_cube_capabilities LIMIT 0;

-- The fingerprint each submission's stored cube rows were computed with.
CREATE TABLE cube_state (
    submission_id   INTEGER PRIMARY KEY,
    fingerprint     VARCHAR NOT NULL
);
