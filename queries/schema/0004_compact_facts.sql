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

INSERT INTO targets
SELECT row_number() OVER (ORDER BY target_key)::INTEGER, target_key, any_value(capability_id), any_value(area_id)
FROM (SELECT coalesce(capability_id, area_id) AS target_key, capability_id, area_id FROM responses)
GROUP BY target_key;

CREATE TABLE answers (
    submission_id   INTEGER NOT NULL,
    source_row      INTEGER NOT NULL,          -- respondents.source_row of the person answering
    target_no       INTEGER NOT NULL,
    level           TINYINT NOT NULL CHECK (level BETWEEN 0 AND 4),
    meets           BOOLEAN NOT NULL
);

INSERT INTO answers
SELECT x.submission_id, r.source_row, t.target_no, x.level, x.meets
FROM responses x
JOIN respondents r USING (submission_id, respondent_id)
JOIN targets t ON t.target_key = coalesce(x.capability_id, x.area_id);

DROP VIEW v_respondent_domain;
DROP VIEW v_respondent_subdomain;
DROP VIEW v_responses;
DROP TABLE responses;

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

-- One row per respondent and sub-domain (the second level of the framework) with at least one
-- relevant answer there: the respondent's readiness in it is the share of those answers that
-- meet the scale's point. Statements that sit directly under a domain count in a column of the
-- domain's own (subdomain_id = domain_id). Answers are summed on integer keys first, then the
-- respondent's groups are joined once per row of the result.
CREATE VIEW v_respondent_subdomain AS
WITH per AS (
    SELECT x.submission_id, x.source_row, a.domain_id, coalesce(a.subdomain_id, a.domain_id) AS subdomain_id,
           count(*) AS answers, count(*) FILTER (WHERE x.meets) AS met, sum(x.level) AS level_sum
    FROM answers x
    JOIN respondents r USING (submission_id, source_row)
    JOIN targets t USING (target_no)
    JOIN framework_areas a ON a.area_id = t.area_id
    LEFT JOIN v_target_relevance v ON v.archetype_code = r.archetype_code AND v.target_no = x.target_no
    WHERE r.archetype_code IS NULL OR v.target_no IS NOT NULL
    GROUP BY ALL
)
SELECT
    r.quarter, r.submission_id, r.respondent_id, r.trust_code, r.region_code, r.profession_code, r.archetype_code,
    p.domain_id, p.subdomain_id, p.answers, p.met, p.met::DOUBLE / p.answers AS readiness, p.level_sum
FROM per p
JOIN respondents r USING (submission_id, source_row);

-- The same per respondent and domain, from their sub-domains: every answer sits in exactly one
-- sub-domain column, so the sums are the domain's.
CREATE VIEW v_respondent_domain AS
SELECT
    quarter, submission_id, respondent_id, trust_code, region_code, profession_code, archetype_code,
    domain_id,
    sum(answers)::BIGINT              AS answers,
    sum(met)::BIGINT                  AS met,
    sum(met)::DOUBLE / sum(answers)   AS readiness,
    sum(level_sum)                    AS level_sum
FROM v_respondent_subdomain
GROUP BY ALL;

-- Cubes: respondents summed per quarter, trust, region, profession, archetype and area, with
-- what the heatmaps need (count, answers, sum and sum of squares of readiness, level sum). Every
-- heatmap, filtered view and change is a sum over a cube; reports cache the cubes once per run.
CREATE VIEW v_cube_domain AS
SELECT quarter, trust_code, region_code, profession_code, archetype_code, domain_id,
       count(*) AS n, sum(answers) AS answers, sum(readiness) AS readiness_sum,
       sum(readiness * readiness) AS readiness_sq, sum(level_sum) AS level_sum
FROM v_respondent_domain
GROUP BY ALL;

CREATE VIEW v_cube_subdomain AS
SELECT quarter, trust_code, region_code, profession_code, archetype_code, domain_id, subdomain_id,
       count(*) AS n, sum(answers) AS answers, sum(readiness) AS readiness_sum,
       sum(readiness * readiness) AS readiness_sq, sum(level_sum) AS level_sum
FROM v_respondent_subdomain
GROUP BY ALL;

-- Respondents per quarter and group: the rows a heatmap has.
CREATE VIEW v_cube_respondents AS
SELECT quarter, trust_code, region_code, profession_code, archetype_code, count(*) AS n
FROM respondents
GROUP BY ALL;
