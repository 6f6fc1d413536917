-- Load a respondent for every person with at least one row without an error. In a long file a
-- person has several rows: their fields come from their first loaded row.
INSERT INTO respondents
SELECT l.submission_id, x.respondent_id, l.quarter,
       arg_min(x.trust_code, x.row_number), arg_min(x.region_code, x.row_number),
       arg_min(x.profession_code, x.row_number), arg_min(x.archetype_code, x.row_number),
       min(x.row_number)
FROM staging_resolved x CROSS JOIN staging_load l
WHERE NOT EXISTS (SELECT 1 FROM staging_problems p WHERE p.row_number = x.row_number AND p.severity = 'error')
GROUP BY l.submission_id, x.respondent_id, l.quarter;
