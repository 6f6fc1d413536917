-- Change since the previous quarter, in long rows (follows the base cells and disclosure.sql):
-- the cells of $quarter with, where both quarters show a value (neither suppressed nor empty),
-- the previous quarter's value and the difference in percentage points, with the difference's
-- 95% interval (change_low, change_high: difference ± 1.96 √(se² this quarter + se² last quarter),
-- se = sd / √n; only where both quarters have n > 1). A change is significant when its interval
-- excludes zero (docs/metrics.md).
--   $quarter, $previous  YYYYQn
SELECT c.quarter, c.view_key, c.row_key, c.row_label, c.row_order, c.col_key, c.col_label, c.col_order, c.col_group,
       CASE WHEN c.suppression IS NULL THEN c.n END::BIGINT                          AS n,
       CASE WHEN c.suppression IS NULL THEN c.answers END::BIGINT                    AS answers,
       CASE WHEN c.suppression IS NULL THEN c.readiness END                          AS value,
       CASE WHEN c.suppression IS NULL THEN c.level_sum / c.answers END              AS mean_level,
       NULL::DOUBLE AS ci_low, NULL::DOUBLE AS ci_high,
       c.suppression IS NOT NULL                                                      AS suppressed,
       c.suppression,
       CASE WHEN c.unknown_archetype > 0 AND c.suppression IS NULL THEN 'unknown_archetype' END AS flags,
       CASE WHEN p.suppression IS NULL AND p.n > 0 AND c.suppression IS NULL THEN p.readiness END AS previous,
       CASE WHEN c.suppression IS NULL AND p.suppression IS NULL AND c.n > 0 AND p.n > 0
            THEN 100 * (c.readiness - p.readiness) END                               AS change_pp,
       CASE WHEN c.suppression IS NULL AND p.suppression IS NULL AND c.n > 1 AND p.n > 1
            THEN 100 * (c.readiness - p.readiness - 1.96 * sqrt(c.sd ^ 2 / c.n + p.sd ^ 2 / p.n)) END AS change_low,
       CASE WHEN c.suppression IS NULL AND p.suppression IS NULL AND c.n > 1 AND p.n > 1
            THEN 100 * (c.readiness - p.readiness + 1.96 * sqrt(c.sd ^ 2 / c.n + p.sd ^ 2 / p.n)) END AS change_high
FROM disclosed c
LEFT JOIN disclosed p
  ON p.quarter = $previous AND p.view_key IS NOT DISTINCT FROM c.view_key AND p.row_key IS NOT DISTINCT FROM c.row_key AND p.col_key = c.col_key
WHERE c.quarter = $quarter
ORDER BY c.view_key, c.row_order, c.row_label, c.col_order
