-- The rows of one table ({{table}}: a name from tables/list.sql).
SELECT count(*) FROM {{table}}
