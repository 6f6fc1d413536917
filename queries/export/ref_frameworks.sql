-- Every framework the warehouse has loaded: version, source, statements and fingerprint (one file).
SELECT * FROM frameworks
