-- Coverage of the quarter: respondents by region and by profession, for the report's summary.
-- A count under $threshold is suppressed; as the total is published, a list with exactly one
-- suppressed count has its next smallest count suppressed too.
--   $quarter, $threshold
WITH counts AS (
    SELECT 'region' AS dimension, region_code AS group_key, count(*) AS n FROM respondents WHERE quarter = $quarter GROUP BY ALL
    UNION ALL
    SELECT 'profession', profession_code, count(*) FROM respondents WHERE quarter = $quarter GROUP BY ALL
),
marked AS (
    SELECT *, n < $threshold AS primary_suppressed FROM counts
),
ranked AS (
    SELECT *, count(*) FILTER (WHERE primary_suppressed) OVER (PARTITION BY dimension) AS suppressed_in_list,
           row_number() OVER (PARTITION BY dimension, primary_suppressed ORDER BY n, group_key) AS rank_unsuppressed
    FROM marked
)
SELECT k.dimension, k.group_key, coalesce(lbl.label, 'Unknown') AS label,
       CASE WHEN primary_suppressed OR (suppressed_in_list = 1 AND rank_unsuppressed = 1) THEN NULL ELSE n END AS n
FROM ranked k
LEFT JOIN v_groups lbl ON lbl.dimension = k.dimension AND lbl.group_key = k.group_key
ORDER BY k.dimension DESC, coalesce(lbl.sort_order, 2147483647)
