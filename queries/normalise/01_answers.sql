-- Resolve each distinct answer text to a level on the load's scale (NULL when it is not on the
-- scale). An answer matches on its folded text ("Very Confident " -> "very confident"), or
-- without a leading number ("4 - Very confident"), or on the leading number alone ("4 - anything"
-- on a scale whose answers include "4"). Cells carry the text's number: see staging_answers.
INSERT INTO staging_answer_levels
SELECT v.value_no, coalesce(exact.level, unnumbered.level, numbered.level) AS level
FROM staging_answer_values v
CROSS JOIN staging_load l
LEFT JOIN scale_answers exact
  ON exact.scale_id = l.scale_id AND exact.answer_key = fold(v.value)
LEFT JOIN scale_answers unnumbered
  ON unnumbered.scale_id = l.scale_id
 AND unnumbered.answer_key = regexp_replace(fold(v.value), '^[0-9]+ ?', '')
LEFT JOIN scale_answers numbered
  ON numbered.scale_id = l.scale_id
 AND numbered.answer_key = regexp_extract(fold(v.value), '^([0-9]+)', 1);
