-- Empty one table ({{table}}: a name from tables/list.sql).
DELETE FROM {{table}}
