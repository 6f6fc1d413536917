-- Level profile per domain: the share of respondents whose highest met knowledge level there is
-- 0 (none met), 1, 2, 3 or 4, among respondents with a relevant answer to a capability statement
-- of the domain (answers about a whole area carry no level and are left out). Reads the stored
-- cube of respondents per domain and highest level (v_cube_levels).
--   $quarter, $threshold (domains with fewer respondents are suppressed)
WITH counts AS (
    SELECT domain_id, highest, sum(n) AS n FROM cube_levels WHERE quarter = $quarter GROUP BY ALL
),
totals AS (
    SELECT domain_id, sum(n) AS n FROM counts GROUP BY domain_id
),
levels AS (
    SELECT d.domain_id, d.name, d.sort_order, l.level
    FROM v_domains d CROSS JOIN (SELECT unnest(range(0, 5)) AS level) l
)
SELECT l.domain_id, l.name AS domain_name, l.level, coalesce(t.n, 0)::BIGINT AS n,
       CASE WHEN t.n >= $threshold THEN coalesce(c.n, 0) / t.n END AS share,
       coalesce(t.n < $threshold, false) AND t.n > 0 AS suppressed
FROM levels l
LEFT JOIN totals t USING (domain_id)
LEFT JOIN counts c ON c.domain_id = l.domain_id AND c.highest = l.level
ORDER BY l.sort_order, l.level
