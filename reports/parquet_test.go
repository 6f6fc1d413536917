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

// trends.parquet holds trends.csv's rows: the same values, gaps and suppressed quarters null.
func TestTrendsParquet(t *testing.T) {
	ctx := context.Background()
	db, _ := warehousetest.New(t)
	f := func(v float64) *float64 { return &v }
	d := &Data{Trends: []heatmap.Trend{{Dimension: "region", GroupKey: "E40000003", Group: "London", Area: "6", AreaName: "Artificial intelligence (AI)",
		Points: []heatmap.TrendPoint{{Quarter: "2025Q4", Value: f(0.25), CILow: f(0.2), CIHigh: f(0.3), N: 40}, {Quarter: "2026Q1", Gap: true},
			{Quarter: "2026Q2", Suppressed: true}, {Quarter: "2026Q3", Value: f(0.5), N: 12}}}}}
	dir := t.TempDir()
	pq, csv := filepath.Join(dir, TrendsParquetFile), filepath.Join(dir, TrendsFile)
	if err := WriteTrendsParquet(pq, d); err != nil {
		t.Fatal(err)
	}
	if err := WriteTrendsCSV(csv, d); err != nil {
		t.Fatal(err)
	}
	var rows, differ int
	err := db.AnalystQueryRow(ctx, `SELECT (SELECT count(*) FROM read_parquet(?1)),
		(SELECT count(*) FROM (SELECT * FROM read_parquet(?1) EXCEPT SELECT * FROM read_csv(?2, types = {'n': 'BIGINT', 'value': 'DOUBLE', 'ci_low': 'DOUBLE', 'ci_high': 'DOUBLE'})))`,
		pq, csv).Scan(&rows, &differ)
	if err != nil {
		t.Fatal(err)
	}
	if rows != 4 || differ != 0 {
		t.Errorf("trends.parquet: %d rows (want 4), %d differ from trends.csv", rows, differ)
	}
}
