-- The quarter most rows of the staged file name in their Quarter column.
SELECT quarter FROM staging_rows WHERE quarter <> '' GROUP BY quarter ORDER BY count(*) DESC, quarter LIMIT 1
