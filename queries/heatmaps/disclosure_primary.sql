-- Disclosure control, primary: a cell with 0 < n < $threshold is suppressed. Follows
-- "WITH base AS (...)"; see heatmap.go and docs/metrics.md.
pass0 AS (
    SELECT *, CASE WHEN n > 0 AND n < $threshold THEN 'primary' END AS suppression FROM base
)
