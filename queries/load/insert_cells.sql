-- One Arrow batch of answer cells (registered as the view readiness_cell_batch) into staging_cells.
INSERT INTO staging_cells SELECT * FROM readiness_cell_batch
