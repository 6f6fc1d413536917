-- The known organisations named in the staged file's Trust column (two at most: one, or several),
-- each distinct text looked up once.
SELECT DISTINCT o.code FROM (SELECT DISTINCT trust FROM staging_rows) r
JOIN vocab_aliases o ON o.kind = 'organisation' AND o.alias_key = fold(r.trust)
ORDER BY 1 LIMIT 2
