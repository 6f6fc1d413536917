-- partition: quarter, region_code
-- The view v_respondent_domain: each respondent's readiness per domain (docs/metrics.md).
SELECT * FROM v_respondent_domain
