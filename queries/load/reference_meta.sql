-- The framework's version and source, in the reference load's transaction.
INSERT INTO framework_meta (version, source) VALUES (?, ?)
