package queries_test

import (
	"context"
	"io/fs"
	"strings"
	"testing"

	"github.com/nhs-readiness/readiness/pipeline/warehouse"
	"github.com/nhs-readiness/readiness/pipeline/warehouse/warehousetest"
	"github.com/nhs-readiness/readiness/queries"
)

func TestMigrationsNumbered(t *testing.T) {
	migs, err := queries.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range migs {
		if m.Version != i+1 {
			t.Errorf("migration %s is number %d, want %d (no gaps)", m.Name, m.Version, i+1)
		}
	}
}

// Every query file prepares against a freshly migrated warehouse: no typo survives to a run.
func TestEveryQueryPrepares(t *testing.T) {
	ctx := context.Background()
	wh, err := warehouse.Open(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer wh.Close()
	n := 0
	err = fs.WalkDir(queries.Files, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(path, "schema/") || !strings.HasSuffix(path, ".sql") {
			return err
		}
		if strings.HasPrefix(path, "examples/") {
			return nil // tested by TestExamplesRun
		}
		switch path { // fragments, composed by pipeline/heatmap and tested there
		case "heatmaps/disclosure_primary.sql", "heatmaps/disclosure_secondary.sql", "heatmaps/grid.sql", "heatmaps/change.sql":
			return nil
		case "load/refresh_cubes.sql": // a batch for one submission, run and tested by warehouse.RefreshCubes
			return nil
		}
		n++
		stmt, err := wh.DB.PrepareContext(ctx, queries.MustGet(path))
		if err != nil {
			t.Errorf("%s: %v", path, err)
			return nil
		}
		return stmt.Close()
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 10 {
		t.Errorf("only %d query files found", n)
	}
}

// The analysts' example queries (docs/warehouse.md) run on the hand-made warehouse and return rows.
func TestExamplesRun(t *testing.T) {
	wh := warehousetest.HandMade(t)
	examples, err := queries.Dir("examples")
	if err != nil {
		t.Fatal(err)
	}
	if len(examples) != 5 {
		t.Fatalf("%d examples, want 5", len(examples))
	}
	for _, e := range examples {
		rows, err := wh.DB.Query(e.SQL)
		if err != nil {
			t.Errorf("%s: %v", e.Name, err)
			continue
		}
		n := 0
		for rows.Next() {
			n++
		}
		rows.Close()
		if n == 0 {
			t.Errorf("%s returned no row", e.Name)
		}
	}
}
