-- Load every row without an error as a respondent.
INSERT INTO respondents
SELECT l.submission_id, x.respondent_id, l.quarter, x.trust_code, x.region_code,
       x.profession_code, x.archetype_code, x.row_number
FROM staging.resolved x CROSS JOIN staging.load l
WHERE NOT EXISTS (SELECT 1 FROM staging.problems p WHERE p.row_number = x.row_number AND p.severity = 'error');
