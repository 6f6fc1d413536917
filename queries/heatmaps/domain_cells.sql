-- Readiness by group x domain for one quarter: the grid of a heatmap, in long rows.
--   $1 quarter (YYYYQn), $2 dimension of the rows (profession | region | archetype | trust),
--   $3 suppression threshold (cells with fewer respondents get no value).
-- Rows: every group with a respondent in the quarter (NULL key: unknown), in vocabulary order;
-- columns: every domain, in framework order. A cell with no respondent is empty (n = 0), one with
-- fewer than the threshold is suppressed; neither has a value. The metric is in docs/metrics.md.
WITH rd AS (
    SELECT CASE $2 WHEN 'profession' THEN profession_code WHEN 'region' THEN region_code
                   WHEN 'archetype' THEN archetype_code WHEN 'trust' THEN trust_code END AS group_key,
           domain_id, readiness, answers, level_sum
    FROM v_respondent_domain
    WHERE quarter = $1
),
cells AS (
    SELECT group_key, domain_id,
           count(*)                          AS n,
           sum(answers)                      AS answers,
           avg(readiness)                    AS readiness,
           stddev_samp(readiness)            AS sd,
           sum(level_sum) / sum(answers)     AS mean_level
    FROM rd GROUP BY ALL
),
grp AS (
    SELECT DISTINCT CASE $2 WHEN 'profession' THEN profession_code WHEN 'region' THEN region_code
                            WHEN 'archetype' THEN archetype_code WHEN 'trust' THEN trust_code END AS group_key
    FROM respondents WHERE quarter = $1
)
SELECT
    g.group_key                                   AS row_key,
    coalesce(lbl.label, 'Unknown')                AS row_label,
    coalesce(lbl.sort_order, 2147483647)          AS row_order,
    d.domain_id                                   AS col_key,
    d.name                                        AS col_label,
    d.sort_order                                  AS col_order,
    coalesce(c.n, 0)::BIGINT                      AS n,
    coalesce(c.answers, 0)::BIGINT                AS answers,
    CASE WHEN c.n >= $3 THEN c.readiness END      AS value,
    CASE WHEN c.n >= $3 THEN c.mean_level END     AS mean_level,
    CASE WHEN c.n >= $3 AND c.n > 1 THEN greatest(0.0, c.readiness - 1.96 * c.sd / sqrt(c.n)) END AS ci_low,
    CASE WHEN c.n >= $3 AND c.n > 1 THEN least(1.0, c.readiness + 1.96 * c.sd / sqrt(c.n)) END    AS ci_high,
    coalesce(c.n > 0 AND c.n < $3, false)         AS suppressed
FROM grp g
CROSS JOIN v_domains d
LEFT JOIN cells c ON c.group_key IS NOT DISTINCT FROM g.group_key AND c.domain_id = d.domain_id
LEFT JOIN v_groups lbl ON lbl.dimension = $2 AND lbl.group_key = g.group_key
ORDER BY row_order, row_label, col_order;
