-- Readiness per domain for all staff of the quarter (the report's summary), lowest first; domains
-- with fewer than $threshold respondents are left out.
--   $quarter, $threshold
SELECT d.domain_id, d.name, sum(c.readiness_sum) / sum(c.n) AS readiness, sum(c.n) AS n
FROM cube_domain c JOIN v_domains d USING (domain_id)
WHERE c.quarter = $quarter
GROUP BY d.domain_id, d.name
HAVING sum(c.n) >= $threshold
ORDER BY readiness, d.domain_id
