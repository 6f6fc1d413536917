package reports

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/nhs-readiness/readiness/pipeline/heatmap"
	"github.com/nhs-readiness/readiness/pipeline/warehouse/warehousetest"
)

// The Parquet file holds the heatmap's long rows: DuckDB reads back the same values.
func TestParquetRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := warehousetest.HandMade(t)
	h, err := heatmap.Compute(ctx, db, heatmap.DomainSpecs[0], heatmap.Params{Quarter: "2026Q3", Threshold: 3})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "profession_domain.parquet")
	if err := WriteParquet(path, h); err != nil {
		t.Fatal(err)
	}
	var rows, suppressed int
	var nurse6 float64
	err = db.AnalystQueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE suppressed AND value IS NULL AND n IS NULL),
		max(value) FILTER (WHERE row_key = 'nurse' AND col_key = '6') FROM read_parquet(?)`, path).Scan(&rows, &suppressed, &nurse6)
	if err != nil {
		t.Fatal(err)
	}
	if rows != 18 || suppressed != 4 || nurse6 != 0.5 {
		t.Errorf("parquet: %d rows (want 3 professions x 6 domains), %d suppressed without values (want 4), nurse x 6 = %v (want 0.5)", rows, suppressed, nurse6)
	}
}
