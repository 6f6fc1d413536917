-- Load the answers on the scale from rows without an error, with whether each meets the scale's
-- point, as numbers (see answers). When one person can answer a target twice in the load
-- (staging_load.dedupe: two columns for one capability, or a long file), it counts once, at its
-- first place; otherwise every answer is loaded as it is, without grouping, its row being its
-- respondent's source row (a wide file's repeated ids are errors, so each loaded row is a person).
INSERT INTO answers
WITH target_nos AS (
    SELECT s.target_no AS staged_no, t.target_no
    FROM staging_targets s JOIN targets t ON t.target_key = coalesce(s.capability_id, s.area_id)
),
cells AS (
    SELECT c.row_number, c.col_no, n.target_no, v.level
    FROM staging_cells c
    JOIN target_nos n ON n.staged_no = c.target_no
    JOIN staging_answer_levels v USING (value_no)
    WHERE v.level IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM staging_problems p WHERE p.row_number = c.row_number AND p.severity = 'error')
),
-- A person's source row: their first row without an error (as in 05_respondents.sql). Staging
-- only: the warehouse's respondents table is not read, however large it grows.
first_rows AS (
    SELECT r.respondent_id, min(r.row_number) AS source_row
    FROM staging_rows r
    WHERE (SELECT dedupe FROM staging_load) IS DISTINCT FROM false
      AND NOT EXISTS (SELECT 1 FROM staging_problems p WHERE p.row_number = r.row_number AND p.severity = 'error')
    GROUP BY r.respondent_id
)
SELECT l.submission_id, c.row_number, c.target_no, c.level, c.level >= s.meets
FROM cells c
CROSS JOIN staging_load l
JOIN scales s ON s.scale_id = l.scale_id
WHERE l.dedupe IS NOT DISTINCT FROM false
UNION ALL
SELECT l.submission_id, f.source_row, c.target_no,
       arg_min(c.level, (c.row_number, c.col_no)), arg_min(c.level, (c.row_number, c.col_no)) >= s.meets
FROM cells c
JOIN staging_rows r USING (row_number)
JOIN first_rows f USING (respondent_id)
CROSS JOIN staging_load l
JOIN scales s ON s.scale_id = l.scale_id
WHERE l.dedupe IS DISTINCT FROM false
GROUP BY l.submission_id, f.source_row, c.target_no, s.meets;
