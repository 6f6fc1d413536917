-- Views for analysts and for the heatmap queries. The metric is defined in docs/metrics.md.

-- One row per answer, with what it is about, the respondent's groups, and whether it is relevant
-- to the respondent's archetype: a capability when it is badged for the archetype, an answer about
-- a whole area when any capability in that area is; everything when the archetype is unknown.
CREATE VIEW v_responses AS
SELECT
    r.quarter, r.submission_id, r.respondent_id, r.trust_code, r.region_code,
    r.profession_code, r.archetype_code,
    x.capability_id, a.domain_id, a.subdomain_id, x.area_id, c.level AS capability_level,
    x.level, x.meets, x.scale_id,
    (r.archetype_code IS NULL OR EXISTS (
        SELECT 1 FROM capability_archetypes ca JOIN capabilities cc USING (capability_id)
        WHERE ca.archetype_code = r.archetype_code
          AND (cc.capability_id = x.capability_id
               OR (x.capability_id IS NULL AND (cc.area_id = x.area_id OR starts_with(cc.area_id, x.area_id || '.')))))) AS relevant
FROM responses x
JOIN respondents r USING (submission_id, respondent_id)
JOIN framework_areas a ON a.area_id = x.area_id
LEFT JOIN capabilities c ON c.capability_id = x.capability_id;

-- One row per respondent and domain with at least one relevant answer there: the respondent's
-- readiness in the domain is the share of those answers that meet the scale's point.
CREATE VIEW v_respondent_domain AS
SELECT
    quarter, submission_id, respondent_id, trust_code, region_code, profession_code, archetype_code,
    domain_id,
    count(*)                          AS answers,
    count(*) FILTER (WHERE meets)     AS met,
    avg(CASE WHEN meets THEN 1.0 ELSE 0.0 END) AS readiness,
    sum(level)                        AS level_sum
FROM v_responses
WHERE relevant
GROUP BY ALL;

-- The same per respondent and sub-domain (the second level of the framework). Statements that
-- sit directly under a domain count in a column of the domain's own (subdomain_id = domain_id).
CREATE VIEW v_respondent_subdomain AS
SELECT
    quarter, submission_id, respondent_id, trust_code, region_code, profession_code, archetype_code,
    domain_id, coalesce(subdomain_id, domain_id) AS subdomain_id,
    count(*)                          AS answers,
    count(*) FILTER (WHERE meets)     AS met,
    avg(CASE WHEN meets THEN 1.0 ELSE 0.0 END) AS readiness,
    sum(level)                        AS level_sum
FROM v_responses
WHERE relevant
GROUP BY ALL;

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
