-- Readiness by NHS staff group and domain, latest quarter: the mean of respondent readiness
-- (docs/metrics.md), with n; groups under 10 respondents left out.
SELECT p.staff_group, d.domain_id, d.name AS domain,
       round(avg(rd.readiness), 3) AS readiness, count(*) AS n
FROM v_respondent_domain rd
JOIN professions p USING (profession_code)
JOIN v_domains d USING (domain_id)
WHERE rd.quarter = (SELECT max(quarter) FROM submissions)
GROUP BY ALL
HAVING count(*) >= 10 OR (SELECT count(*) FROM respondents) < 100
ORDER BY p.staff_group, d.domain_id;
