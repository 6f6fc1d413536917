-- One Arrow batch of answer cells (registered as the view readiness_cell_batch) into staging.
INSERT INTO staging.cells SELECT * FROM readiness_cell_batch
