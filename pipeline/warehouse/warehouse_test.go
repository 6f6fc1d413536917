package warehouse_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhs-readiness/readiness/configs"
	"github.com/nhs-readiness/readiness/pipeline/framework"
	"github.com/nhs-readiness/readiness/pipeline/vocab"
	"github.com/nhs-readiness/readiness/pipeline/warehouse"
	"github.com/nhs-readiness/readiness/queries"
)

// A new warehouse is created from the baseline in one step (one row in schema_migrations, at the
// baseline's version, plus one per later migration); opening it again applies nothing.
func TestMigrationsRecordedOnce(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	migs, err := queries.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	wantRows, wantMax := 1, queries.BaselineVersion
	for _, m := range migs {
		if m.Version > queries.BaselineVersion {
			wantRows++
			wantMax = m.Version
		}
	}
	for i := 0; i < 2; i++ {
		wh, err := warehouse.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		var n, max int
		var first string
		if err := wh.AnalystQueryRow(ctx, `SELECT count(*), max(version), arg_min(name, version) FROM schema_migrations`).Scan(&n, &max, &first); err != nil {
			t.Fatal(err)
		}
		if n != wantRows || max != wantMax || first != "baseline" {
			t.Errorf("open %d: %d migrations recorded up to %d (first %q), want %d up to %d from the baseline", i+1, n, max, first, wantRows, wantMax)
		}
		wh.Close()
	}
}

func TestReferenceCounts(t *testing.T) {
	ctx := context.Background()
	fw, _ := framework.LoadFS(configs.FS, "framework.yaml")
	v, _ := vocab.Load(configs.FS, vocab.Files{})
	wh, err := warehouse.Open(ctx, filepath.Join(t.TempDir(), "w.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer wh.Close()
	for i := 0; i < 2; i++ { // loading twice replaces, not duplicates
		if err := wh.LoadReference(ctx, fw, v); err != nil {
			t.Fatal(err)
		}
	}
	checks := map[string]int{
		`SELECT count(*) FROM capabilities`:                                                                      len(fw.Statements),
		`SELECT count(*) FROM framework_areas WHERE depth = 1`:                                                   6,
		`SELECT count(*) FROM framework_areas WHERE depth = 2`:                                                   11,
		`SELECT count(*) FROM capabilities WHERE subdomain_id IS NULL`:                                           20, // domain 1 (11) and 6 directly (9)
		`SELECT count(*) FROM capability_archetypes WHERE capability_id = '6.1-L3-02'`:                           1,
		`SELECT count(*) FROM regions`:                                                                           7,
		`SELECT count(*) FROM archetypes`:                                                                        5,
		`SELECT count(*) FROM organisations`:                                                                     len(v.Organisations),
		`SELECT count(*) FROM vocab_aliases WHERE kind = 'profession' AND alias_key = fold('Physio')`:            1,
		`SELECT level FROM scale_answers WHERE scale_id = 'confidence5' AND answer_key = fold('VERY confident')`: 3,
	}
	for q, want := range checks {
		var got int
		if err := wh.AnalystQueryRow(ctx, q).Scan(&got); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if got != want {
			t.Errorf("%s = %d, want %d", q, got, want)
		}
	}
}

// The Go and SQL fold functions must agree: headers are matched in Go, values in SQL.
func TestFoldAgreesWithSQL(t *testing.T) {
	ctx := context.Background()
	wh, err := warehouse.Open(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer wh.Close()
	for _, s := range []string{"  Physio-Therapist ", "S.L.T.", "Guy's and St Thomas’", "4 - Very confident", "Région",
		"ÉCOLE", "tab\there", "a__b--c", "", "...", "[6.1-L2-03] I can", "Q_6_1_2", "100%", "ß straße"} {
		var got string
		if err := wh.AnalystQueryRow(ctx, `SELECT fold(?)`, s).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if want := vocab.Fold(s); got != want {
			t.Errorf("fold(%q): SQL %q, Go %q", s, got, want)
		}
	}
}

// redact masks what looks like personal data keeping its shape; everything else stays.
func TestRedact(t *testing.T) {
	wh, err := warehouse.Open(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer wh.Close()
	cases := map[string]string{
		// names: two or three capitalised words, with a title, or "Surname, Forename"
		"Alice Smith": "Xxxxx Xxxxx", "Dr Mary-Jane O'Neil": "Xx Xxxx-Xxxx X'Xxxx", "O'Neil, Mary": "X'Xxxx, Xxxx",
		// emails, phones, NHS, NI and staff numbers, dates of birth, postcodes, IP addresses
		"'jo.bloggs@nhs.net' is not a known profession": "'xx.xxxxxx@xxx.xxx' is not a known profession",
		"call 07700 900123 please":                      "call 99999 999999 please",
		"+44 (0)20 7946 0958":                           "+99 (9)99 9999 9999",
		"01632 960123":                                  "99999 999999",
		"NHS number 943 476 5919":                       "NHS number 999 999 9999",
		"QQ 12 34 56 C":                                 "XX 99 99 99 X",
		"AB123456C":                                     "XX999999X",
		"STF880123":                                     "XXX999999",
		"12345678":                                      "99999999",
		"12/03/1985":                                    "99/99/9999",
		"1985-03-12":                                    "9999-99-99",
		"born 12 March 1985":                            "born 99 Xxxxx 9999",
		"SW1A 1AA":                                      "XX9X 9XX",
		"10.1.2.3":                                      "99.9.9.9",
		// not personal: kept as they are
		"Physio therapist": "Physio therapist", "'4 - Very confident' is not an answer on scale": "'4 - Very confident' is not an answer on scale",
		"2026Q3 row 1234": "2026Q3 row 1234", "6.1-L2-03": "6.1-L2-03", "the row has 16384 cells": "the row has 16384 cells",
		"4 - Good": "4 - Good", "Very confident": "Very confident",
	}
	for in, want := range cases {
		var got string
		var personal bool
		if err := wh.AnalystQueryRow(context.Background(), `SELECT redact(?), looks_personal(?)`, in, in).Scan(&got, &personal); err != nil {
			t.Fatal(err)
		}
		if got != want || personal != (got != in) {
			t.Errorf("redact(%q) = %q (personal %v), want %q", in, got, personal, want)
		}
	}
}

// Rows that no committed submission accounts for (what a load killed while committing can leave
// behind) are removed when the warehouse opens; committed rows stay.
func TestRepairOnOpen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	wh, err := warehouse.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO submissions (submission_id, layout, quarter, source_file, dialect, content_hash, rows_read, rows_loaded,
			rows_rejected, rows_warned, respondents, columns_mapped, columns_unmapped) VALUES (1, 'wide', '2026Q3', 'a.csv', 'csv-wide', 'h', 1, 1, 0, 0, 1, 1, 0)`,
		`INSERT INTO respondents VALUES (1, 'r1', '2026Q3', NULL, NULL, NULL, NULL, 2), (2, 'r2', '2026Q3', NULL, NULL, NULL, NULL, 2)`,
		`INSERT INTO targets VALUES (1, '1-L1-01', '1-L1-01', '1')`,
		`INSERT INTO answers VALUES (1, 2, 1, 3, true), (2, 2, 1, 3, true), (1, 99, 1, 1, false)`,
		`INSERT INTO rejects VALUES (2, 'b.csv', NULL, 2, 'A', 'h', 'v', 'error', 'r', NULL)`,
	} {
		if _, err := wh.AnalystExec(context.Background(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	wh.Close()
	wh, err = warehouse.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer wh.Close()
	if got := wh.Repaired; got != (warehouse.Repaired{Responses: 2, Respondents: 1, Rejects: 1}) {
		t.Errorf("repaired %+v", got)
	}
	var facts string
	wh.AnalystQueryRow(context.Background(), `SELECT (SELECT count(*) FROM respondents) || '/' || (SELECT count(*) FROM answers) || '/' || (SELECT count(*) FROM rejects)`).Scan(&facts)
	if facts != "1/1/0" {
		t.Errorf("respondents/answers/rejects after repair = %s, want 1/1/0", facts)
	}
}

// Organisation validity dates load as dates; a malformed one is an error naming the trust.
func TestReferenceDates(t *testing.T) {
	ctx := context.Background()
	fw, _ := framework.LoadFS(configs.FS, "framework.yaml")
	v, _ := vocab.Load(configs.FS, vocab.Files{})
	v.Organisations[0].ValidFrom, v.Organisations[0].ValidTo = "2022-07-01", "2027-03-31"
	wh, err := warehouse.Open(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer wh.Close()
	if err := wh.LoadReference(ctx, fw, v); err != nil {
		t.Fatal(err)
	}
	var from, to string
	wh.AnalystQueryRow(context.Background(), `SELECT valid_from::VARCHAR, valid_to::VARCHAR FROM organisations WHERE ods_code = ?`, v.Organisations[0].Code).Scan(&from, &to)
	if from != "2022-07-01" || to != "2027-03-31" {
		t.Errorf("dates %s to %s", from, to)
	}
	v.Organisations[1].ValidFrom = "1 April 2026"
	if err := wh.LoadReference(ctx, fw, v); err == nil || !strings.Contains(err.Error(), `date "1 April 2026" is not YYYY-MM-DD`) {
		t.Errorf("bad date: %v", err)
	}
	var n int
	wh.AnalystQueryRow(context.Background(), `SELECT count(*) FROM capabilities`).Scan(&n)
	if n != len(fw.Statements) {
		t.Errorf("a failed reload should leave the reference as it was: %d capabilities", n)
	}
}

// A warehouse written before the compact facts (migration 0004) keeps its answers: they move to
// the integer answers table, and the responses view gives back the rows as they were stored.
// A read-only open brings the schema up to date first.
func TestMigrateResponsesToAnswers(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.duckdb")
	migs, err := queries.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("duckdb", path)
	if err != nil {
		t.Fatal(err)
	}
	stmts := []string{`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)`}
	for _, m := range migs[:3] {
		stmts = append(stmts, m.SQL, fmt.Sprintf(`INSERT INTO schema_migrations (version, name) VALUES (%d, '%s')`, m.Version, m.Name))
	}
	stmts = append(stmts,
		`INSERT INTO submissions (submission_id, layout, quarter, source_file, dialect, scale_id, content_hash, rows_read, rows_loaded,
			rows_rejected, rows_warned, respondents, columns_mapped, columns_unmapped) VALUES (1, 'wide', '2026Q3', 'a.csv', 'csv-wide', 'confidence5', 'h', 2, 2, 0, 0, 2, 3, 0)`,
		`INSERT INTO respondents VALUES (1, 'r1', '2026Q3', 'RTH', NULL, NULL, NULL, 2), (1, 'r2', '2026Q3', 'RTH', NULL, NULL, NULL, 3)`,
		`INSERT INTO responses VALUES (1, 'r1', '1-L1-01', '1', 3, true, 'confidence5'), (1, 'r1', NULL, '6.1', 1, false, 'confidence5'),
			(1, 'r2', '1-L1-01', '1', 4, true, 'confidence5')`)
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%.60s: %v", q, err)
		}
	}
	db.Close()

	wh, err := warehouse.OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer wh.Close()
	var version, answers int
	var rows string
	if err := wh.AnalystQueryRow(ctx, `SELECT (SELECT max(version) FROM schema_migrations), (SELECT count(*) FROM answers),
		(SELECT string_agg(concat_ws(' ', respondent_id, coalesce(capability_id, '-'), area_id, level, meets, scale_id), '; '
		 ORDER BY respondent_id, area_id) FROM responses)`).Scan(&version, &answers, &rows); err != nil {
		t.Fatal(err)
	}
	if version != migs[len(migs)-1].Version || answers != 3 {
		t.Errorf("version %d, %d answers; want %d, 3", version, answers, migs[len(migs)-1].Version)
	}
	if want := "r1 1-L1-01 1 3 true confidence5; r1 - 6.1 1 false confidence5; r2 1-L1-01 1 4 true confidence5"; rows != want {
		t.Errorf("responses after migration:\n got %s\nwant %s", rows, want)
	}
}

// A load stages a file in temporary tables of its own connection: the warehouse file holds no
// staging table, another connection does not see a load's staging, and a warehouse of a release
// that kept a staging schema in the file loses it on open (migration 0011).
func TestStagingIsTemporary(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	wh, err := warehouse.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	stagingTables := func() (persistent int) {
		t.Helper()
		if err := wh.AnalystQueryRow(ctx, `SELECT count(*) FROM duckdb_tables()
			WHERE schema_name = 'staging' OR starts_with(table_name, 'staging')`).Scan(&persistent); err != nil {
			t.Fatal(err)
		}
		return persistent
	}
	if n := stagingTables(); n != 0 {
		t.Errorf("a new warehouse holds %d staging tables", n)
	}
	tx, err := wh.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.ClearStaging(ctx); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := tx.QueryRow(ctx, queries.Counts, 0).Scan(&n, new(int), new(int), new(int), new(int), new(int)); err != nil || n != 0 {
		t.Fatalf("the load's own staging: %d rows, %v", n, err)
	}
	if n := stagingTables(); n != 0 {
		t.Errorf("another connection sees %d staging tables of a load under way", n)
	}
	tx.Close(ctx)

	// The schema of the release before: staging tables in the file, migration 0011 not applied.
	for _, q := range []string{`CREATE SCHEMA staging`, `CREATE TABLE staging.rows (row_number INTEGER)`,
		`INSERT INTO staging.rows VALUES (2)`, `DELETE FROM schema_migrations WHERE version >= 11`} {
		if _, err := wh.AnalystExec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if n := stagingTables(); n != 1 {
		t.Fatalf("the old schema: %d staging tables, want 1", n)
	}
	wh.Close()
	if wh, err = warehouse.Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer wh.Close()
	if n := stagingTables(); n != 0 {
		t.Errorf("after the upgrade the warehouse holds %d staging tables", n)
	}
}

// LimitThreads lowers DuckDB's threads for the whole instance (every connection) and puts back
// the setting before; a limit at or above it changes nothing.
func TestLimitThreads(t *testing.T) {
	ctx := context.Background()
	wh, err := warehouse.Open(ctx, filepath.Join(t.TempDir(), "w.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer wh.Close()
	threads := func() int {
		var n int
		if err := wh.AnalystQueryRow(ctx, `SELECT current_setting('threads')::INTEGER`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if _, err := wh.AnalystExec(ctx, "SET GLOBAL threads = 3"); err != nil {
		t.Fatal(err)
	}
	restore, err := wh.LimitThreads(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := threads(); got != 1 {
		t.Errorf("threads %d while limited to 1", got)
	}
	if err := restore(ctx); err != nil {
		t.Fatal(err)
	}
	if got := threads(); got != 3 {
		t.Errorf("threads %d after the limit, want the 3 before it", got)
	}
	restore, err = wh.LimitThreads(ctx, 8)
	if err != nil {
		t.Fatal(err)
	}
	if got := threads(); got != 3 {
		t.Errorf("threads %d under a limit of 8, want 3 unchanged", got)
	}
	if err := restore(ctx); err != nil || threads() != 3 {
		t.Errorf("restore of an unchanged limit: %v, threads %d", err, threads())
	}
}
