-- Load the answers on the scale from rows without an error, with whether each meets the scale's
-- point. A capability answered twice by one person (two columns) counts once, at its first place.
INSERT INTO responses
SELECT l.submission_id, r.respondent_id, a.capability_id, a.area_id,
       arg_min(a.level, (a.row_number, a.col_no)), arg_min(a.level, (a.row_number, a.col_no)) >= s.meets, l.scale_id
FROM staging.answers a
JOIN staging.rows r USING (row_number)
CROSS JOIN staging.load l
JOIN scales s ON s.scale_id = l.scale_id
WHERE a.level IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM staging.problems p WHERE p.row_number = a.row_number AND p.severity = 'error')
GROUP BY l.submission_id, r.respondent_id, a.capability_id, a.area_id, s.meets, l.scale_id;
