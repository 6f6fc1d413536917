-- Quarter-on-quarter trend: each region's readiness in every domain and quarter, with the change
-- in percentage points since the quarter before.
WITH q AS (
    SELECT g.name AS region, rd.domain_id, rd.quarter, avg(rd.readiness) AS readiness, count(*) AS n
    FROM v_respondent_domain rd JOIN regions g USING (region_code)
    GROUP BY ALL
)
SELECT region, domain_id, quarter, round(readiness, 3) AS readiness, n,
       round(100 * (readiness - lag(readiness) OVER (PARTITION BY region, domain_id ORDER BY quarter)), 1) AS change_pp
FROM q
ORDER BY region, domain_id, quarter;
