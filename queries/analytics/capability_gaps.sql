-- Top capability gaps: for each group (archetype or profession), the capabilities relevant to its
-- respondents with the lowest share meeting them: what to train first. Reads the stored cube of
-- answers per group and statement; an answer counts when its statement is badged for the
-- respondent's archetype, or the archetype is unknown (as in v_responses.relevant).
--   {{group_key}} the column of the dimension (pipeline/heatmap/dimensions.go), $dimension its labels,
--   $quarter, $threshold (capabilities answered by fewer
--   respondents of the group are left out), $top (how many per group)
WITH r AS (
    SELECT {{group_key}} AS group_key,
           t.capability_id, k.n, k.met
    FROM cube_capabilities k
    JOIN targets t USING (target_no)
    WHERE k.quarter = $quarter
      AND (k.archetype_code IS NULL OR EXISTS (SELECT 1 FROM v_target_relevance v
                                               WHERE v.archetype_code = k.archetype_code AND v.target_no = k.target_no))
),
g AS (
    SELECT group_key, capability_id, sum(n) AS n, sum(met) / sum(n) AS share
    FROM r GROUP BY ALL
    HAVING sum(n) >= $threshold
),
ranked AS (
    SELECT *, row_number() OVER (PARTITION BY group_key ORDER BY share, capability_id) AS rank FROM g
)
SELECT k.group_key AS row_key, coalesce(lbl.label, 'Unknown') AS row_label,
       coalesce(lbl.sort_order, 2147483647) AS row_order,
       k.rank, k.capability_id, c.statement, c.domain_id, c.area_id, c.level, k.n, k.share
FROM ranked k
JOIN capabilities c USING (capability_id)
LEFT JOIN v_groups lbl ON lbl.dimension = $dimension AND lbl.group_key = k.group_key
WHERE k.rank <= $top
ORDER BY row_order, row_label, k.rank
