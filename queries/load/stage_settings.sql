-- The settings of the load under way (one row of staging_load).
--   ? submission id, source file, sheet, quarter, trust, layout, scale, unknown values, dedupe
INSERT INTO staging_load VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
