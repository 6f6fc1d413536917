-- Record one applied migration.
INSERT INTO schema_migrations (version, name) VALUES (?, ?)
