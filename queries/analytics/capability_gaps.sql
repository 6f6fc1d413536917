-- Training priorities ("what to train first"): for each group (archetype or profession), what it
-- should learn next. Reads the stored cube of answers per group and statement; an answer counts
-- when its statement is badged for the respondent's archetype, or the archetype is unknown (as in
-- v_responses.relevant). The rule (docs/metrics.md, "Training priorities"):
--   * a capability is met by most of the group when more than half of the group's respondents
--     answering it meet it; only capabilities answered by at least $threshold of them count;
--   * in each domain, the group's next level is the lowest level holding a capability not met by
--     most; its capabilities not met by most are the domain's priorities;
--   * a level-4 capability is a priority only where the group answered level-3 capabilities of
--     the domain and met every one of them by most (and, as for every capability, it is badged for
--     the respondents' archetype);
--   * priorities are ranked by level, then by the share meeting them (lowest first), then by id.
--   {{group_key}} the column of the dimension (pipeline/heatmap/dimensions.go), $dimension its labels,
--   $quarter, $threshold, $top (how many per group)
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
    SELECT r.group_key, r.capability_id, c.domain_id, c.level, sum(r.n) AS n, sum(r.met) / sum(r.n) AS share
    FROM r JOIN capabilities c USING (capability_id)
    GROUP BY ALL
    HAVING sum(r.n) >= $threshold
),
domains AS (
    SELECT group_key, domain_id,
           min(level) FILTER (WHERE share <= 0.5) AS next_level,
           count(*) FILTER (WHERE level = 3) AS level3,
           count(*) FILTER (WHERE level = 3 AND share <= 0.5) AS level3_unmet
    FROM g GROUP BY ALL
),
ranked AS (
    SELECT g.*, row_number() OVER (PARTITION BY g.group_key ORDER BY g.level, g.share, g.capability_id) AS rank
    FROM g JOIN domains d ON d.group_key IS NOT DISTINCT FROM g.group_key AND d.domain_id = g.domain_id
    WHERE g.level = d.next_level AND g.share <= 0.5
      AND (g.level < 4 OR (d.level3 > 0 AND d.level3_unmet = 0))
)
SELECT k.group_key AS row_key, coalesce(lbl.label, 'Unknown') AS row_label,
       coalesce(lbl.sort_order, 2147483647) AS row_order,
       k.rank, k.capability_id, c.statement, c.domain_id, c.area_id, c.level, k.n, k.share
FROM ranked k
JOIN capabilities c USING (capability_id)
LEFT JOIN v_groups lbl ON lbl.dimension = $dimension AND lbl.group_key = k.group_key
WHERE k.rank <= $top
ORDER BY row_order, row_label, k.rank
