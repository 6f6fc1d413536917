-- Disclosure control, secondary: one pass, run several times (pass{{in}} -> pass{{out}}).
-- A column whose total is published (and a row, when $rows_additive) holding exactly one
-- suppressed cell would give it away by subtraction: its non-empty cell with the fewest
-- respondents (then the first in order) is suppressed too. Each view (view_key) is a heatmap of
-- its own. The lines holding exactly one suppressed cell, and the cell each gives up, are found
-- by grouping, not by window functions over every cell: four sorts of every cell per pass were
-- most of a heatmap query's time (a national view query: 0.42 of 0.58 s).
pass{{out}}_cols AS (
    SELECT view_key, quarter, col_key,
           arg_min_null(row_key, (n, row_order, row_label, row_key)) FILTER (WHERE suppression IS NULL AND n > 0) AS pick
    FROM pass{{in}}
    GROUP BY view_key, quarter, col_key
    HAVING count(*) FILTER (WHERE suppression IS NOT NULL) = 1
       AND count(*) FILTER (WHERE suppression IS NULL AND n > 0) > 0
),
pass{{out}}_rows AS (
    SELECT view_key, quarter, row_key,
           arg_min_null(col_key, (n, col_order, col_key)) FILTER (WHERE suppression IS NULL AND n > 0) AS pick
    FROM pass{{in}}
    WHERE coalesce($rows_additive, false)
    GROUP BY view_key, quarter, row_key
    HAVING count(*) FILTER (WHERE suppression IS NOT NULL) = 1
       AND count(*) FILTER (WHERE suppression IS NULL AND n > 0) > 0
),
pass{{out}} AS (
    SELECT p.* EXCLUDE (suppression),
           coalesce(p.suppression,
                    CASE WHEN c.col_key IS NOT NULL OR r.quarter IS NOT NULL THEN 'secondary' END) AS suppression
    FROM pass{{in}} p
    LEFT JOIN pass{{out}}_cols c
           ON c.view_key IS NOT DISTINCT FROM p.view_key AND c.quarter IS NOT DISTINCT FROM p.quarter AND c.col_key = p.col_key
          AND c.pick IS NOT DISTINCT FROM p.row_key AND p.suppression IS NULL AND p.n > 0
    LEFT JOIN pass{{out}}_rows r
           ON r.view_key IS NOT DISTINCT FROM p.view_key AND r.quarter IS NOT DISTINCT FROM p.quarter AND r.row_key IS NOT DISTINCT FROM p.row_key
          AND r.pick = p.col_key AND p.suppression IS NULL AND p.n > 0
)
