-- The scale whose answers match most of the load's answer cells (ties go to the scale listed
-- first). Used when neither the config nor the input names a scale.
SELECT a.scale_id, count(*) AS matched
FROM staging.cells c
JOIN staging.columns k USING (col_no)
JOIN scale_answers a
  ON a.answer_key IN (fold(c.value), regexp_replace(fold(c.value), '^[0-9]+ ', ''))
JOIN scales s USING (scale_id)
WHERE k.role = 'capability'
GROUP BY a.scale_id, s.sort_order
ORDER BY matched DESC, s.sort_order
LIMIT 1;
