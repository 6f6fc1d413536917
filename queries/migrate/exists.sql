-- Whether the warehouse has a schema yet: 0 for a new, empty database file.
SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = 'schema_migrations'
