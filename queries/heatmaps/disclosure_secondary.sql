-- Disclosure control, secondary: one pass, run several times (pass{{in}} -> pass{{out}}).
-- A column whose total is published (and a row, when $rows_additive) holding exactly one
-- suppressed cell would give it away by subtraction: its non-empty cell with the fewest
-- respondents (then the first in order) is suppressed too. Each view (view_key) is a heatmap of
-- its own.
pass{{out}}_lines AS (
    SELECT *,
           count(*) FILTER (WHERE suppression IS NOT NULL) OVER (PARTITION BY view_key, quarter, col_key) AS col_suppressed,
           count(*) FILTER (WHERE suppression IS NOT NULL) OVER (PARTITION BY view_key, quarter, row_key) AS row_suppressed,
           row_number() OVER (PARTITION BY view_key, quarter, col_key, suppression IS NOT NULL OR n = 0
                              ORDER BY n, row_order, row_label) AS col_rank,
           row_number() OVER (PARTITION BY view_key, quarter, row_key, suppression IS NOT NULL OR n = 0
                              ORDER BY n, col_order) AS row_rank
    FROM pass{{in}}
),
pass{{out}} AS (
    SELECT * EXCLUDE (col_suppressed, row_suppressed, col_rank, row_rank, suppression),
           coalesce(suppression,
                    CASE WHEN n > 0 AND suppression IS NULL
                              AND ((col_suppressed = 1 AND col_rank = 1)
                                   OR (coalesce($rows_additive, false) AND row_suppressed = 1 AND row_rank = 1))
                         THEN 'secondary' END) AS suppression
    FROM pass{{out}}_lines
)
