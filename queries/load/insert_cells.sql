-- One Arrow batch of answer cells into staging_cells (registered as a view of the load's own,
-- whose name Raw.InsertArrow puts for readiness_cell_batch).
INSERT INTO staging_cells SELECT * FROM readiness_cell_batch
