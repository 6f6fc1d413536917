-- The stored cubes (cube_*) as the schema defines them: with the fact tables named in
-- pipeline/warehouse/tables.go, the one list of tables the warehouse repairs and replaces a
-- submission in.
SELECT table_name
FROM duckdb_tables()
WHERE NOT temporary AND schema_name = 'main' AND starts_with(table_name, 'cube_')
ORDER BY 1
