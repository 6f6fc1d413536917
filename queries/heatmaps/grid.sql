-- A heatmap for one quarter, in long rows (follows the base cells and disclosure.sql).
--   $quarter  YYYYQn; NULL for every quarter
-- value: mean respondent readiness (0-1); mean_level: mean attainment 0-4 over the answers;
-- ci_low/ci_high: mean ± 1.96 standard errors, clipped to 0-1. A suppressed cell has no value,
-- interval, mean level, n or answers; an empty cell has n = 0 and no value.
SELECT quarter, view_key, row_key, row_label, row_order, col_key, col_label, col_order, col_group,
       CASE WHEN suppression IS NULL THEN n END::BIGINT                              AS n,
       CASE WHEN suppression IS NULL THEN answers END::BIGINT                        AS answers,
       CASE WHEN suppression IS NULL THEN readiness END                              AS value,
       CASE WHEN suppression IS NULL THEN level_sum / answers END                    AS mean_level,
       CASE WHEN suppression IS NULL AND n > 1 THEN greatest(0.0, readiness - 1.96 * sd / sqrt(n)) END AS ci_low,
       CASE WHEN suppression IS NULL AND n > 1 THEN least(1.0, readiness + 1.96 * sd / sqrt(n)) END    AS ci_high,
       suppression IS NOT NULL                                                        AS suppressed,
       suppression,
       CASE WHEN unknown_archetype > 0 AND suppression IS NULL THEN 'unknown_archetype' END AS flags,
       NULL::DOUBLE                                                                   AS previous,
       NULL::DOUBLE                                                                   AS change_pp,
       NULL::DOUBLE                                                                   AS change_low,
       NULL::DOUBLE                                                                   AS change_high
FROM disclosed
WHERE $quarter IS NULL OR quarter = $quarter
ORDER BY view_key, quarter, row_order, row_label, col_order
