-- Record the framework being loaded as reference data: kept in frameworks (once per
-- fingerprint), and named as the current one.
--   ? fingerprint, version, source, statements
INSERT INTO frameworks (fingerprint, version, source, statements)
SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM frameworks WHERE fingerprint = $1);
DELETE FROM framework_current;
INSERT INTO framework_current VALUES ($1);
