-- Level profile per domain: the share of respondents whose highest met knowledge level there is
-- 0 (none met), 1, 2, 3 or 4, among respondents with a relevant answer to a capability statement
-- of the domain (answers about a whole area carry no level and are left out).
--   $quarter, $threshold (domains with fewer respondents are suppressed)
WITH best AS (
    SELECT respondent_id, submission_id, domain_id,
           coalesce(max(capability_level) FILTER (WHERE meets), 0) AS highest
    FROM v_responses
    WHERE quarter = $quarter AND relevant AND capability_id IS NOT NULL
    GROUP BY ALL
),
totals AS (
    SELECT domain_id, count(*) AS n FROM best GROUP BY domain_id
),
levels AS (
    SELECT d.domain_id, d.name, d.sort_order, l.level
    FROM v_domains d CROSS JOIN (SELECT unnest(range(0, 5)) AS level) l
)
SELECT l.domain_id, l.name AS domain_name, l.level, coalesce(t.n, 0)::BIGINT AS n,
       CASE WHEN t.n >= $threshold THEN count(b.respondent_id) / t.n END AS share,
       coalesce(t.n < $threshold, false) AND t.n > 0 AS suppressed
FROM levels l
LEFT JOIN totals t USING (domain_id)
LEFT JOIN best b ON b.domain_id = l.domain_id AND b.highest = l.level
GROUP BY l.domain_id, l.name, l.sort_order, l.level, t.n
ORDER BY l.sort_order, l.level
