-- The files loaded for a quarter, with their trust's name and region, in report order.
SELECT s.source_file, coalesce(s.trust_code, ''), coalesce(o.name, 'several or unknown'), coalesce(r.name, ''),
       s.rows_read, s.rows_loaded, s.rows_rejected, s.rows_warned, s.columns_mapped, s.columns_unmapped
FROM submissions s
LEFT JOIN organisations o ON o.ods_code = s.trust_code
LEFT JOIN regions r ON r.region_code = o.region_code
WHERE s.quarter = ?
ORDER BY r.sort_order, o.name, s.source_file
