-- The highest migration applied (NULL for a new warehouse).
SELECT max(version) FROM schema_migrations
