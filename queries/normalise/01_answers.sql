-- Resolve each answer cell to a level on the load's scale. An answer matches on its folded text
-- ("Very Confident " -> "very confident"), or without a leading number ("4 - Very confident"), or
-- on the leading number alone ("4 - anything" on a scale whose answers include "4").
INSERT INTO staging.answers
SELECT c.row_number, c.col_no, k.capability_id, c.value,
       coalesce(exact.level, unnumbered.level, numbered.level) AS level
FROM staging.cells c
JOIN staging.columns k USING (col_no)
CROSS JOIN staging.load l
LEFT JOIN scale_answers exact
  ON exact.scale_id = l.scale_id AND exact.answer_key = fold(c.value)
LEFT JOIN scale_answers unnumbered
  ON unnumbered.scale_id = l.scale_id
 AND unnumbered.answer_key = regexp_replace(fold(c.value), '^[0-9]+ ', '')
LEFT JOIN scale_answers numbered
  ON numbered.scale_id = l.scale_id
 AND numbered.answer_key = regexp_extract(fold(c.value), '^([0-9]+) ', 1)
WHERE k.role = 'capability';
