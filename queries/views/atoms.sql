-- The finest groups of a release's figures, for disclosure control across the release
-- (pipeline/disclosure): respondents per quarter, area and trust x region x profession x
-- archetype, for domains and sub-domains; and respondents per quarter and group (coverage).
--   kind: domain | subdomain | respondents | capability
-- Each atom also carries its profession's NHS staff group (staff_group), a dimension of its own.
-- Capability atoms are the release's quarter's only ($1): no other quarter's capability figure is
-- published.
WITH a AS (
SELECT 'domain' AS kind, quarter, domain_id AS area, trust_code, region_code, profession_code, archetype_code, sum(n)::BIGINT AS n
FROM cube_domain GROUP BY ALL
UNION ALL
SELECT 'subdomain', quarter, subdomain_id, trust_code, region_code, profession_code, archetype_code, sum(n)::BIGINT
FROM cube_subdomain GROUP BY ALL
UNION ALL
SELECT 'respondents', quarter, '', trust_code, region_code, profession_code, archetype_code, sum(n)::BIGINT
FROM cube_respondents GROUP BY ALL
UNION ALL
-- Respondents answering each capability statement relevant to their archetype (the capability
-- gaps' counts): the area is the capability's id.
SELECT 'capability', k.quarter, t.capability_id, k.trust_code, k.region_code, k.profession_code, k.archetype_code, sum(k.n)::BIGINT
FROM cube_capabilities k
JOIN targets t USING (target_no)
WHERE k.quarter = $1
  AND (k.archetype_code IS NULL OR EXISTS (SELECT 1 FROM v_target_relevance v WHERE v.archetype_code = k.archetype_code AND v.target_no = k.target_no))
GROUP BY ALL
)
SELECT a.kind, a.quarter, a.area, a.trust_code, a.region_code, a.profession_code, a.archetype_code, a.n, p.staff_group
FROM a LEFT JOIN professions p USING (profession_code)
