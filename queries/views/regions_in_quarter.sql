-- The regions with a respondent in a quarter, in report order.
SELECT g.region_code, g.name FROM regions g
WHERE EXISTS (SELECT 1 FROM respondents r WHERE r.region_code = g.region_code AND r.quarter = ?)
ORDER BY g.sort_order
