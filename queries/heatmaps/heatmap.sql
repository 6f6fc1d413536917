-- How a heatmap query is put together (see pipeline/heatmap): its base cells (cells_*.sql), the
-- primary disclosure pass, the secondary pass run several times, then one quarter's grid
-- (grid.sql) or its change since the previous quarter (change.sql). Each {{...}} is one of those
-- embedded files; nothing here comes from input.
WITH base AS (
{{cells}}
),
{{primary}},
{{secondary}}
disclosed AS (SELECT * FROM {{last}})
{{final}}
