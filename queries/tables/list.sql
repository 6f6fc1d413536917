-- The staging tables (schema staging) and the stored cubes (cube_*) as the schema defines them:
-- with the fact tables named in pipeline/warehouse/tables.go, the one list of tables the
-- warehouse empties, repairs and replaces a submission in.
SELECT schema_name || '.' || table_name, schema_name = 'staging'
FROM duckdb_tables()
WHERE NOT temporary AND (schema_name = 'staging' OR (schema_name = 'main' AND starts_with(table_name, 'cube_')))
ORDER BY 1
