-- partition: quarter, region_code
-- The view v_respondent_subdomain: each respondent's readiness per sub-domain.
SELECT * FROM v_respondent_subdomain
