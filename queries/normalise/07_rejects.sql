-- Write the load's problems, and its unmapped columns, to rejects with the file's own names.
-- Values and the messages quoting them go through redact(): an email address or a phone number
-- typed into the wrong cell is not kept.
INSERT INTO rejects
SELECT l.submission_id, l.source_file, l.sheet, p.row_number, coalesce(k.letter, p.letter), k.header, redact(p.value),
       p.severity, redact(p.reason), p.suggestion
FROM staging.problems p
CROSS JOIN staging.load l
LEFT JOIN staging.columns k USING (col_no)
UNION ALL
SELECT l.submission_id, l.source_file, l.sheet, NULL, k.letter, k.header, NULL, 'warning',
       'the column is not a capability of the framework nor a respondent field; it is left out', k.suggestion
FROM staging.columns k CROSS JOIN staging.load l
WHERE k.role = 'unmapped';
