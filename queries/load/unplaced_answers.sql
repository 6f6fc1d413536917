-- For a message when no answer scale fits: the first answer column and its first distinct answers.
SELECT k.letter, k.header, array_to_string(list_slice(list(DISTINCT v.value ORDER BY v.value), 1, 5), ''', ''')
FROM staging_cells c
JOIN staging_answer_values v USING (value_no)
JOIN staging_columns k USING (col_no)
GROUP BY k.col_no, k.letter, k.header
ORDER BY k.col_no
LIMIT 1
