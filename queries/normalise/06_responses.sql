-- Load the answers of loaded respondents that are on the scale, with whether each meets the
-- scale's point. A capability asked twice in one row (two columns) counts once, at its first column.
INSERT INTO responses
SELECT l.submission_id, r.respondent_id, a.capability_id,
       arg_min(a.level, a.col_no), arg_min(a.level, a.col_no) >= s.meets, l.scale_id
FROM staging.answers a
CROSS JOIN staging.load l
JOIN scales s ON s.scale_id = l.scale_id
JOIN respondents r ON r.submission_id = l.submission_id AND r.source_row = a.row_number
WHERE a.level IS NOT NULL
GROUP BY l.submission_id, r.respondent_id, a.capability_id, s.meets, l.scale_id;
