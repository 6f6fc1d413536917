-- The scale whose answers match most of the load's answer cells (ties go to the scale listed
-- first). Used when neither the config nor the input names a scale. Each distinct answer is
-- matched once, on its folded text or on that text without a leading number.
WITH keys AS (
    SELECT value, cells, unnest([fold(value), regexp_replace(fold(value), '^[0-9]+ ?', '')]) AS answer_key
    FROM staging_answer_values
),
matches AS (
    SELECT DISTINCT a.scale_id, keys.value, keys.cells
    FROM keys JOIN scale_answers a USING (answer_key)
)
SELECT m.scale_id, sum(m.cells) AS matched
FROM matches m JOIN scales s USING (scale_id)
GROUP BY m.scale_id, s.sort_order
ORDER BY matched DESC, s.sort_order
LIMIT 1;
