package warehouse_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/nhs-readiness/readiness/pipeline/heatmap"
	"github.com/nhs-readiness/readiness/pipeline/warehouse"
	"github.com/nhs-readiness/readiness/queries"
	"github.com/nhs-readiness/readiness/reports"
)

// schemaOf describes a database's schema: tables and views with their columns' names, types,
// nullability and defaults; constraints; macros; sequences. View texts are left out (the chain
// writes CREATE OR REPLACE where the baseline writes CREATE).
func schemaOf(t *testing.T, db *sql.DB) []string {
	t.Helper()
	var out []string
	for _, q := range []string{
		`SELECT 'column ' || schema_name || '.' || table_name || '.' || column_name || ' ' || data_type || ' null=' || is_nullable
		        || ' default=' || coalesce(column_default, '-') || ' pos=' || column_index
		 FROM duckdb_columns() WHERE NOT internal AND schema_name <> 'information_schema' AND table_name <> 'schema_migrations'`,
		`SELECT 'table ' || schema_name || '.' || table_name || ' temp=' || temporary FROM duckdb_tables() WHERE table_name <> 'schema_migrations'`,
		`SELECT 'view ' || schema_name || '.' || view_name FROM duckdb_views() WHERE NOT internal`,
		`SELECT 'constraint ' || schema_name || '.' || table_name || ' ' || constraint_type || ' ' || coalesce(expression, '') || ' '
		        || array_to_string(constraint_column_names, ',')
		 FROM duckdb_constraints() WHERE table_name <> 'schema_migrations'`,
		`SELECT 'macro ' || function_name || ' ' || coalesce(macro_definition, '') FROM duckdb_functions() WHERE function_type = 'macro' AND NOT internal`,
		`SELECT 'sequence ' || sequence_name || ' ' || start_value || ' ' || increment_by FROM duckdb_sequences()`,
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
		rows.Close()
	}
	sort.Strings(out)
	return out
}

// The baseline schema of a new warehouse is exactly the end state of the numbered migrations a
// warehouse of an earlier release goes through.
func TestBaselineMatchesMigrations(t *testing.T) {
	migs, err := queries.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	chain, _ := sql.Open("duckdb", "")
	defer chain.Close()
	for _, m := range migs {
		if m.Version > queries.BaselineVersion {
			break
		}
		if _, err := chain.Exec(m.SQL); err != nil {
			t.Fatalf("migration %s: %v", m.Name, err)
		}
	}
	base, _ := sql.Open("duckdb", "")
	defer base.Close()
	if _, err := base.Exec(queries.Baseline().SQL); err != nil {
		t.Fatalf("baseline: %v", err)
	}
	a, b := schemaOf(t, chain), schemaOf(t, base)
	if len(a) < 200 {
		t.Fatalf("only %d schema facts read", len(a))
	}
	if strings.Join(a, "\n") != strings.Join(b, "\n") {
		only := func(x, y []string) []string {
			seen := map[string]bool{}
			for _, s := range y {
				seen[s] = true
			}
			var out []string
			for _, s := range x {
				if !seen[s] {
					out = append(out, s)
				}
			}
			return out
		}
		t.Errorf("the baseline differs from the migrations:\nonly in the migrations:\n  %s\nonly in the baseline:\n  %s",
			strings.Join(only(a, b), "\n  "), strings.Join(only(b, a), "\n  "))
	}
}

// A warehouse written by the release before the baseline (commit 5049b22: the demo's dialect
// fixtures and the hand-made file ingested, see testdata/release-5049b22/README.md) opens,
// upgrades and reproduces the heatmaps that release wrote, cell for cell.
func TestUpgradeFromPreviousRelease(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join("testdata", "release-5049b22")
	path := filepath.Join(t.TempDir(), "readiness.duckdb")
	gz, err := os.Open(filepath.Join(dir, "readiness.duckdb.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer gz.Close()
	zr, err := gzip.NewReader(gz)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(f, zr); err != nil {
		t.Fatal(err)
	}
	f.Close()

	wh, err := warehouse.OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer wh.Close()
	var subs, version int
	if err := wh.AnalystQueryRow(ctx, `SELECT (SELECT count(*) FROM submissions), (SELECT max(version) FROM schema_migrations)`).Scan(&subs, &version); err != nil {
		t.Fatal(err)
	}
	if subs != 7 || version < queries.BaselineVersion {
		t.Fatalf("%d submissions at version %d, want 7 at %d or later", subs, version, queries.BaselineVersion)
	}
	specs, err := heatmap.Specs(ctx, wh, "2026Q3", []string{"6"})
	if err != nil {
		t.Fatal(err)
	}
	// Every heatmap the release wrote is computed again with the same figures, on the release's
	// columns (later releases add columns, such as the change's interval).
	compared := 0
	for _, s := range specs {
		want, err := os.ReadFile(filepath.Join(dir, s.Name+".csv"))
		if errors.Is(err, fs.ErrNotExist) && s.Dimension == "staff_group" {
			continue // staff groups came later: the release had none
		}
		if err != nil {
			t.Fatalf("%s: the release wrote no such heatmap: %v", s.Name, err)
		}
		h, err := heatmap.Compute(ctx, wh, s, heatmap.Params{Quarter: "2026Q3", Threshold: 1})
		if err != nil {
			t.Fatal(err)
		}
		got := filepath.Join(t.TempDir(), s.Name+".csv")
		if err := reports.WriteCSV(got, h); err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(got)
		if g, w := releaseColumns(t, data, want), string(want); g != w {
			t.Errorf("%s differs from the release's:\n got %s\nwant %s", s.Name, g, w)
		}
		compared++
	}
	if compared != 12 {
		t.Errorf("%d heatmaps compared, want the release's 12", compared)
	}
}

// releaseColumns keeps, of a CSV, the columns the release's CSV has, in its order.
func releaseColumns(t *testing.T, data, release []byte) string {
	t.Helper()
	head, err := csv.NewReader(bytes.NewReader(release)).Read()
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("CSV: %v", err)
	}
	index := map[string]int{}
	for i, c := range rows[0] {
		index[c] = i
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	for _, r := range rows {
		var out []string
		for _, c := range head {
			i, ok := index[c]
			if !ok {
				t.Fatalf("column %s of the release is gone", c)
			}
			out = append(out, r[i])
		}
		w.Write(out)
	}
	w.Flush()
	return buf.String()
}

// A warehouse written by a newer release (a schema version this binary does not know) is refused
// for loading and for reports, naming both versions; an analyst's sandboxed query may still read it.
func TestNewerWarehouseRefused(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "readiness.duckdb")
	wh, err := warehouse.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := wh.Close(); err != nil {
		t.Fatal(err)
	}
	migs, err := queries.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	newer := migs[len(migs)-1].Version + 1
	db, err := sql.Open("duckdb", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(queries.MigrateRecord.SQL(), newer, "from_the_future"); err != nil {
		t.Fatal(err)
	}
	db.Close()

	want := fmt.Sprintf("schema version %d; this release knows up to %d", newer, newer-1)
	if _, err := warehouse.Open(ctx, path); !errors.Is(err, warehouse.ErrNewer) || !strings.Contains(err.Error(), want) {
		t.Errorf("opening for a load: %v; want ErrNewer naming %q", err, want)
	}
	if _, err := warehouse.OpenReadOnly(ctx, path); !errors.Is(err, warehouse.ErrNewer) {
		t.Errorf("opening for a report: %v; want ErrNewer", err)
	}
	sb, err := warehouse.OpenSandbox(ctx, path)
	if err != nil {
		t.Fatalf("an analyst's sandbox should still open it: %v", err)
	}
	sb.Close()
}
