-- Base cells of the group x sub-domain heatmaps, for every quarter.
--   {{group_key}} the rows: the column of the heatmap dimension (pipeline/heatmap/dimensions.go)
--   {{view_key}}  NULL, or the column whose every value is a view of its own (as cells_domain.sql)
--   $dimension  the dimension whose labels (v_groups) the rows take
--   $region     only respondents of this region (ONS code); NULL for all
--   $profession only respondents of this profession; NULL for all
--   $trust      only respondents of this trust (ODS code); NULL for all
-- Columns: every sub-domain, and a domain's own statements that sit under no sub-domain ("1
-- Digital implementation", "6 Artificial intelligence (AI), general"); col_group is the domain.
WITH rd AS (
    SELECT quarter, {{view_key}} AS view_key,
           {{group_key}} AS group_key,
           subdomain_id, n, answers, readiness_sum, readiness_sq, level_sum, archetype_code
    FROM cube_subdomain
    WHERE ($region IS NULL OR region_code = $region) AND ($profession IS NULL OR profession_code = $profession)
      AND ($trust IS NULL OR trust_code = $trust)
),
cells AS (
    SELECT quarter, view_key, group_key, subdomain_id,
           sum(n) AS n, sum(answers) AS answers, sum(readiness_sum) / sum(n) AS readiness,
           CASE WHEN sum(n) > 1 THEN sqrt(greatest(0, (sum(readiness_sq) - sum(readiness_sum) ^ 2 / sum(n)) / (sum(n) - 1))) END AS sd,
           sum(level_sum) AS level_sum, coalesce(sum(n) FILTER (WHERE archetype_code IS NULL), 0) AS unknown_archetype
    FROM rd GROUP BY ALL
),
grp AS (
    SELECT DISTINCT quarter, {{view_key}} AS view_key,
           {{group_key}} AS group_key
    FROM cube_respondents
    WHERE ($region IS NULL OR region_code = $region) AND ($profession IS NULL OR profession_code = $profession)
      AND ($trust IS NULL OR trust_code = $trust)
)
SELECT g.quarter, g.view_key, g.group_key AS row_key, coalesce(lbl.label, 'Unknown') AS row_label,
       coalesce(lbl.sort_order, 2147483647) AS row_order,
       s.subdomain_id AS col_key, s.name AS col_label, s.sort_order AS col_order, s.domain_id AS col_group,
       coalesce(c.n, 0) AS n, coalesce(c.answers, 0) AS answers, c.readiness, c.sd, c.level_sum,
       coalesce(c.unknown_archetype, 0) AS unknown_archetype
FROM grp g
CROSS JOIN v_subdomains s
LEFT JOIN cells c ON c.quarter = g.quarter AND c.view_key IS NOT DISTINCT FROM g.view_key AND c.group_key IS NOT DISTINCT FROM g.group_key AND c.subdomain_id = s.subdomain_id
LEFT JOIN v_groups lbl ON lbl.dimension = $dimension AND lbl.group_key = g.group_key
