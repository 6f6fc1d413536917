//go:build !duckdb_arrow

package warehouse

// The warehouse reads query results through the DuckDB driver's Arrow interface, which is only
// compiled with the duckdb_arrow build tag. Building without it fails here, by name, instead of
// deep inside the driver: use `make build` / `make test`, or `go build -tags duckdb_arrow`.
var _ = readiness_must_be_built_with_tags_duckdb_arrow
