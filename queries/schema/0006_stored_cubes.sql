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
CREATE OR REPLACE VIEW v_respondent_subdomain AS
SELECT
    r.quarter, r.submission_id, r.respondent_id, r.trust_code, r.region_code, r.profession_code, r.archetype_code,
    s.domain_id, s.subdomain_id, p.answers, p.met, p.met::DOUBLE / p.answers AS readiness, p.level_sum,
    p.statements, p.highest_met
FROM v_respondent_sums p
JOIN respondents r USING (submission_id, source_row)
JOIN v_subdomain_nos s USING (subdomain_no);

-- The same per respondent and domain (every answer sits in exactly one sub-domain column).
CREATE OR REPLACE VIEW v_respondent_domain AS
SELECT
    r.quarter, r.submission_id, r.respondent_id, r.trust_code, r.region_code, r.profession_code, r.archetype_code,
    p.domain_id, p.answers, p.met, p.met::DOUBLE / p.answers AS readiness, p.level_sum,
    p.statements, p.highest_met
FROM v_respondent_domain_sums p
JOIN respondents r USING (submission_id, source_row);

DROP VIEW v_cube_domain;
DROP VIEW v_cube_subdomain;
DROP VIEW v_cube_respondents;

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

-- How many answers each submission loaded: Repair compares the total with the answers table's
-- row count, a cheap check that no rows of an unfinished load came back after a crash.
ALTER TABLE submissions ADD COLUMN answers BIGINT;
UPDATE submissions SET answers = (SELECT count(*) FROM answers a WHERE a.submission_id = submissions.submission_id);
