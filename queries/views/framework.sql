-- The framework the warehouse's figures use.
SELECT version, coalesce(source, '') FROM framework_meta
