-- Row-level problems: answers not on the scale (warning, the answer is left out), rows with no
-- usable answer (error, unless the row already has an error), in a wide file a repeated
-- respondent id (error, the first row counts), in a long file the same capability twice for one
-- person (error, the first counts), a quarter that is not the file's (error), and a region that
-- disagrees with the trust's (warning).
INSERT INTO staging_problems (row_number, col_no, value, severity, reason, suggestion)
SELECT c.row_number, c.col_no, a.value, 'warning',
       '''' || a.value || ''' is not an answer on the ' || s.name || ' scale; the answer is left out',
       'answers are: ' || (SELECT string_agg(label, ', ' ORDER BY level)
                           FROM (SELECT DISTINCT level, label FROM scale_answers x WHERE x.scale_id = s.scale_id))
FROM (SELECT v.value_no, v.value FROM staging_answer_values v LEFT JOIN staging_answer_levels lv USING (value_no)
      WHERE lv.level IS NULL) a(value_no, value)
JOIN staging_cells c USING (value_no)
CROSS JOIN staging_load l JOIN scales s ON s.scale_id = l.scale_id

UNION ALL
SELECT r.row_number, NULL, NULL, 'error', 'the row has no answer to any capability on the scale', NULL
FROM staging_rows r
WHERE r.row_number NOT IN (SELECT c.row_number FROM staging_cells c
                           WHERE c.value_no IN (SELECT value_no FROM staging_answer_levels WHERE level IS NOT NULL))
  AND NOT EXISTS (SELECT 1 FROM staging_problems p WHERE p.row_number = r.row_number AND p.severity = 'error')

UNION ALL
SELECT d.row_number, k.col_no, NULL, 'error',
       'the same respondent id as row ' || d.first_row || '; only the first is loaded', NULL
FROM (
    SELECT row_number, min(row_number) OVER (PARTITION BY respondent_id) AS first_row
    FROM staging_rows WHERE id_given AND (SELECT layout FROM staging_load) = 'wide'
) d
LEFT JOIN staging_columns k ON k.role = 'respondent_id'
WHERE d.row_number <> d.first_row

UNION ALL
SELECT d.row_number, d.col_no, NULL, 'error',
       'a second answer by the same person to ' || coalesce(d.capability_id, 'area ' || d.area_id) ||
       ' (first at row ' || d.first_row || '); only the first is loaded', NULL
FROM (
    SELECT a.row_number, a.col_no, a.capability_id, a.area_id,
           min(a.row_number) OVER (PARTITION BY r.respondent_id, a.capability_id, a.area_id) AS first_row
    FROM staging_answers a JOIN staging_rows r USING (row_number)
    WHERE (SELECT layout FROM staging_load) = 'long'
) d
WHERE d.row_number <> d.first_row

UNION ALL
SELECT r.row_number, k.col_no, r.quarter, 'error',
       'quarter ''' || r.quarter || ''' is not the quarter of this submission (' || l.quarter || ')', NULL
FROM staging_rows r CROSS JOIN staging_load l JOIN staging_columns k ON k.role = 'quarter'
WHERE fold(r.quarter) <> '' AND r.quarter <> l.quarter

UNION ALL
SELECT r.row_number, k.col_no, r.region, 'warning',
       'region ''' || r.region || ''' is not the region of trust ' || x.trust_code || ' (' || rg.name || '); the trust''s region is used', NULL
FROM staging_rows r
JOIN staging_resolved x USING (row_number)
JOIN staging_columns k ON k.role = 'region'
JOIN regions rg ON rg.region_code = x.region_code
WHERE x.region_own <> x.region_code;
