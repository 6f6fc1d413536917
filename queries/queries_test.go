package queries_test

import (
	"context"
	"strings"
	"testing"

	"github.com/nhs-readiness/readiness/pipeline/warehouse"
	"github.com/nhs-readiness/readiness/pipeline/warehouse/warehousetest"
	"github.com/nhs-readiness/readiness/queries"
)

// The numbered migrations run without gaps up to the baseline's version and beyond.
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

// Every declared name has its file, and every file is declared or in a listed folder: a
// misspelt name fails here, never in a run.
func TestRegistry(t *testing.T) {
	if err := queries.Check(); err != nil {
		t.Fatal(err)
	}
	if n := len(queries.Names()); n < 50 {
		t.Errorf("only %d names declared", n)
	}
}

// Every query file prepares against a freshly created warehouse: no typo survives to a run.
// Templates ({{...}}) are put together and run by the packages that fill them (heatmap, export);
// a file of several statements prepares statement by statement.
func TestEveryQueryPrepares(t *testing.T) {
	ctx := context.Background()
	wh, err := warehouse.Open(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer wh.Close()
	skip := map[string]string{
		"load/insert_cells.sql":    "reads an Arrow batch registered by the load (ingest tests)",
		"migrate/create_table.sql": "DDL, run by every migration (warehouse tests)",
		"load/refresh_cubes.sql":   "a batch for one submission, run by the warehouse's RefreshCubes",
		"load/staging.sql":         "DDL of the temporary staging tables, run above and by every load",
		"schema/baseline.sql":      "DDL, run for every new warehouse",
		"load/split_save.sql":      "TestSplitQueriesRun", "load/split_groups.sql": "TestSplitQueriesRun", "load/split_current.sql": "TestSplitQueriesRun",
		"load/split_part.sql": "TestSplitQueriesRun", "load/split_drop.sql": "TestSplitQueriesRun",
	}
	for _, f := range []string{"change", "grid", "disclosure_primary", "disclosure_secondary", "heatmap", "cells_domain", "cells_subdomain", "cells_profession_region"} {
		skip["heatmaps/"+f+".sql"] = "a piece of a heatmap query, put together and run by the heatmap tests"
	}
	// A load's staging tables are temporary tables of its connection; here, tables of the same
	// names that every connection of the pool sees.
	if _, err := wh.AnalystExec(ctx, strings.ReplaceAll(queries.Staging.SQL(), " TEMP ", " ")); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, q := range queries.Names() {
		if skip[q.Path()] != "" || strings.Contains(q.SQL(), "{{") {
			continue
		}
		for _, stmt := range q.Statements() {
			n++
			if _, err := wh.AnalystExec(ctx, "PREPARE readiness_check AS "+stmt); err != nil {
				t.Errorf("%s: %v", q, err)
			}
		}
	}
	steps, err := queries.Normalise()
	if err != nil {
		t.Fatal(err)
	}
	exports, err := queries.Dir("export")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range append(steps, exports...) {
		n++
		if _, err := wh.AnalystExec(ctx, "PREPARE readiness_check AS "+s.SQL); err != nil {
			t.Errorf("%s: %v", s.Name, err)
		}
	}
	if n < 60 {
		t.Errorf("only %d statements prepared", n)
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
		rows, err := wh.AnalystQuery(context.Background(), e.SQL)
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

// The statements that load a file of several trusts run in their order on a new warehouse.
func TestSplitQueriesRun(t *testing.T) {
	ctx := context.Background()
	wh, err := warehouse.Open(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer wh.Close()
	tx, err := wh.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Close(ctx)
	if err := tx.ClearStaging(ctx); err != nil {
		t.Fatal(err)
	}
	if err := tx.Exec(ctx, queries.SplitSave); err != nil {
		t.Fatal(err)
	}
	if groups, err := tx.Strings(ctx, queries.SplitGroups); err != nil || len(groups) != 0 {
		t.Fatalf("groups of nothing staged: %v %v", groups, err)
	}
	for _, q := range []queries.Name{queries.SplitCurrent, queries.SplitPart, queries.SplitDrop} {
		var args []any
		if q == queries.SplitCurrent {
			args = []any{"RTH"}
		}
		if err := tx.Exec(ctx, q, args...); err != nil {
			t.Errorf("%s: %v", q, err)
		}
	}
}

// The checks a load runs before its turn (ingest.Stage) are the normalise steps that write only
// staging tables: 01-04; the steps that write the warehouse (05-07) run in turn.
func TestStagingOnlySteps(t *testing.T) {
	steps, err := queries.Normalise()
	if err != nil {
		t.Fatal(err)
	}
	var only, not []string
	for _, s := range steps {
		if s.StagingOnly() {
			only = append(only, s.Name)
		} else {
			not = append(not, s.Name)
		}
	}
	if got, want := strings.Join(only, " "), "01_answers 02_resolve_rows 03_problems_vocab 04_problems_rows"; got != want {
		t.Errorf("staging-only steps: %s, want %s", got, want)
	}
	if got, want := strings.Join(not, " "), "05_respondents 06_responses 07_rejects"; got != want {
		t.Errorf("steps that write the warehouse: %s, want %s", got, want)
	}
	for sql, want := range map[string]bool{
		"INSERT INTO staging_x SELECT 1":                                          true,
		"-- INSERT INTO answers\nINSERT INTO staging_x SELECT 1":                  true,
		"INSERT INTO staging_x SELECT 1; DELETE FROM answers":                     false,
		"UPDATE submissions SET n = 1":                                            false,
		"CREATE TEMP TABLE t AS SELECT 1":                                         false,
		"SELECT 1":                                                                false,
		"INSERT INTO staging_x SELECT * FROM answers; UPDATE staging_y SET a = 1": true,
	} {
		if got := (queries.Step{SQL: sql}).StagingOnly(); got != want {
			t.Errorf("StagingOnly(%q) = %v, want %v", sql, got, want)
		}
	}
}
