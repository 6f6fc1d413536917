-- Trusts ranked by readiness in domain 6 (AI), latest quarter, with their region and n.
SELECT o.ods_code, o.name AS trust, g.name AS region,
       round(avg(rd.readiness), 3) AS ai_readiness, count(*) AS n
FROM v_respondent_domain rd
JOIN organisations o ON o.ods_code = rd.trust_code
JOIN regions g ON g.region_code = o.region_code
WHERE rd.domain_id = '6' AND rd.quarter = (SELECT max(quarter) FROM submissions)
GROUP BY ALL
ORDER BY ai_readiness DESC, n DESC;
