-- How many threads DuckDB runs a statement on (a setting of the whole database instance): read
-- before a load of several files limits it, so that it can be put back after.
SELECT current_setting('threads')::INTEGER
