-- The known trusts with a respondent in a quarter, for their packs: code, name, region (ONS code
-- and name; empty when the organisation's region is unknown) and benchmark group (empty: none).
SELECT o.ods_code, o.name, coalesce(g.region_code, ''), coalesce(g.name, ''), coalesce(o.benchmark_group, '')
FROM organisations o
LEFT JOIN regions g ON g.region_code = o.region_code
WHERE EXISTS (SELECT 1 FROM respondents r WHERE r.trust_code = o.ods_code AND r.quarter = ?)
ORDER BY o.ods_code
