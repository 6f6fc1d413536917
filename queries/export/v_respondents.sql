-- partition: quarter, region_code
-- The view v_respondents: respondents with the names of their groups.
SELECT * FROM v_respondents
