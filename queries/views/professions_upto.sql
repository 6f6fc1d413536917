-- The professions with a respondent in a quarter or before it, in report order.
SELECT p.profession_code, p.name FROM professions p
WHERE EXISTS (SELECT 1 FROM respondents r WHERE r.profession_code = p.profession_code AND r.quarter <= ?)
ORDER BY p.sort_order
