-- Write the load's problems, and its unmapped columns, to rejects with the file's own names.
-- A value that is not a known vocabulary entry or answer goes through redact() (see
-- schema/0007_personal_data.sql): what looks like personal data (a name, an email, a phone, NHS,
-- National Insurance or staff number, a date, a postcode, an IP address) is masked keeping its
-- shape, in the value and where the message quotes it, and the message says so.
INSERT INTO rejects
WITH p AS (
    SELECT p.*,
           CASE WHEN p.value IS NULL
                  OR EXISTS (SELECT 1 FROM vocab_aliases a WHERE a.alias_key = fold(p.value))
                  OR EXISTS (SELECT 1 FROM scale_answers s WHERE s.answer_key = fold(p.value))
                THEN p.value ELSE redact(p.value) END AS shown
    FROM staging_problems p
)
SELECT l.submission_id, l.source_file, l.sheet, p.row_number, coalesce(k.letter, p.letter), k.header, p.shown,
       p.severity,
       CASE WHEN p.shown IS DISTINCT FROM p.value
            THEN replace(p.reason, p.value, p.shown) || '; the value looked like personal data and is not shown'
            ELSE p.reason END,
       p.suggestion
FROM p
CROSS JOIN staging_load l
LEFT JOIN staging_columns k USING (col_no)
UNION ALL
SELECT l.submission_id, l.source_file, l.sheet, NULL, k.letter, k.header, NULL, 'warning',
       'the column is not a capability of the framework nor a respondent field; it is left out', k.suggestion
FROM staging_columns k CROSS JOIN staging_load l
WHERE k.role = 'unmapped';
