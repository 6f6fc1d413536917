-- A submission's problems, errors first, in row order.
--   ? submission id, ? how many at most
SELECT source_file, coalesce(sheet, ''), coalesce(row_number, 0), coalesce(column_letter, ''), coalesce(header, ''),
       coalesce(value, ''), severity, reason, coalesce(suggestion, '')
FROM rejects WHERE submission_id = ?
ORDER BY severity <> 'error', row_number NULLS FIRST, length(column_letter), column_letter
LIMIT ?
