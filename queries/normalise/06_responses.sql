-- Load the answers on the scale from rows without an error, with whether each meets the scale's
-- point, as numbers (see answers). When one person can answer a target twice in the load
-- (staging_load.dedupe: two columns for one capability, or a long file), it counts once, at its
-- first place; otherwise every answer is loaded as it is, without grouping, its row being its
-- respondent's source row (a wide file's repeated ids are errors, so each loaded row is a person).
-- The rows with an error are found once and left out with an anti-join, and each answer text's
-- level and whether it meets the scale's point are looked up once per distinct text: half the
-- time of a correlated NOT EXISTS per cell and a comparison per cell (258 -> 124 ms for three
-- national trust files, the same rows).
INSERT INTO answers
WITH errors AS (
    SELECT DISTINCT row_number FROM staging_problems WHERE severity = 'error'
),
target_nos AS (
    SELECT s.target_no AS staged_no, t.target_no
    FROM staging_targets s JOIN targets t ON t.target_key = coalesce(s.capability_id, s.area_id)
),
levels AS (
    SELECT v.value_no, v.level, v.level >= s.meets AS meets
    FROM staging_answer_levels v
    CROSS JOIN staging_load l
    JOIN scales s ON s.scale_id = l.scale_id
    WHERE v.level IS NOT NULL
),
cells AS (
    SELECT c.row_number, c.col_no, n.target_no, v.level, v.meets
    FROM staging_cells c
    JOIN target_nos n ON n.staged_no = c.target_no
    JOIN levels v USING (value_no)
    ANTI JOIN errors USING (row_number)
),
-- A person's source row: their first row without an error (as in 05_respondents.sql). Staging
-- only: the warehouse's respondents table is not read, however large it grows.
first_rows AS (
    SELECT r.respondent_id, min(r.row_number) AS source_row
    FROM staging_rows r
    ANTI JOIN errors USING (row_number)
    WHERE (SELECT dedupe FROM staging_load) IS DISTINCT FROM false
    GROUP BY r.respondent_id
)
SELECT (SELECT submission_id FROM staging_load), c.row_number, c.target_no, c.level, c.meets
FROM cells c
WHERE (SELECT dedupe FROM staging_load) IS NOT DISTINCT FROM false
UNION ALL
SELECT (SELECT submission_id FROM staging_load), f.source_row, c.target_no,
       arg_min(c.level, (c.row_number, c.col_no)), arg_min(c.meets, (c.row_number, c.col_no))
FROM cells c
JOIN staging_rows r USING (row_number)
JOIN first_rows f USING (respondent_id)
GROUP BY f.source_row, c.target_no;
