-- Base cells of the profession x region heatmap for one domain, for every quarter.
--   $domain  the domain (e.g. '6')
-- Rows: every profession with a respondent in the quarter; columns: the seven regions. One view
-- ({{view_key}} is NULL).
WITH rd AS (
    SELECT quarter, {{view_key}} AS view_key, profession_code AS group_key, region_code, n, answers, readiness_sum, readiness_sq, level_sum, archetype_code
    FROM cube_domain
    WHERE domain_id = $domain
),
cells AS (
    SELECT quarter, view_key, group_key, region_code,
           sum(n) AS n, sum(answers) AS answers, sum(readiness_sum) / sum(n) AS readiness,
           CASE WHEN sum(n) > 1 THEN sqrt(greatest(0, (sum(readiness_sq) - sum(readiness_sum) ^ 2 / sum(n)) / (sum(n) - 1))) END AS sd,
           sum(level_sum) AS level_sum, coalesce(sum(n) FILTER (WHERE archetype_code IS NULL), 0) AS unknown_archetype
    FROM rd GROUP BY ALL
),
grp AS (
    SELECT DISTINCT quarter, {{view_key}} AS view_key, profession_code AS group_key FROM cube_respondents
)
SELECT g.quarter, g.view_key, g.group_key AS row_key, coalesce(p.name, 'Unknown') AS row_label,
       coalesce(p.sort_order, 2147483647) AS row_order,
       r.region_code AS col_key, r.name AS col_label, r.sort_order AS col_order, $domain::VARCHAR AS col_group,
       coalesce(c.n, 0) AS n, coalesce(c.answers, 0) AS answers, c.readiness, c.sd, c.level_sum,
       coalesce(c.unknown_archetype, 0) AS unknown_archetype
FROM grp g
CROSS JOIN regions r
LEFT JOIN cells c ON c.quarter = g.quarter AND c.view_key IS NOT DISTINCT FROM g.view_key AND c.group_key IS NOT DISTINCT FROM g.group_key AND c.region_code = r.region_code
LEFT JOIN professions p ON p.profession_code = g.group_key
