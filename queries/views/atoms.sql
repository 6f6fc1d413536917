-- The finest groups of a release's figures, for disclosure control across the release
-- (pipeline/disclosure): respondents per quarter, area and trust x region x profession x
-- archetype, for domains and sub-domains; and respondents per quarter and group (coverage).
--   kind: domain | subdomain | respondents
SELECT 'domain' AS kind, quarter, domain_id AS area, trust_code, region_code, profession_code, archetype_code, sum(n)::BIGINT AS n
FROM cube_domain GROUP BY ALL
UNION ALL
SELECT 'subdomain', quarter, subdomain_id, trust_code, region_code, profession_code, archetype_code, sum(n)::BIGINT
FROM cube_subdomain GROUP BY ALL
UNION ALL
SELECT 'respondents', quarter, '', trust_code, region_code, profession_code, archetype_code, sum(n)::BIGINT
FROM cube_respondents GROUP BY ALL
