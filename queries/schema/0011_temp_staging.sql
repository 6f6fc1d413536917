-- Loads stage a file's rows in temporary tables of their own connection (queries/load/staging.sql)
-- instead of the staging schema of the warehouse file: staged cells were compressed and written to
-- the file only to be deleted again at the end of the load (about half the cost of staging them),
-- and a kill could leave them to be cleared on the next open. The persistent staging tables go.
DROP SCHEMA staging CASCADE;
