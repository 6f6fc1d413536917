package main

import (
	"context"
	"database/sql"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-readiness/readiness/pipeline/heatmap"
	"github.com/nhs-readiness/readiness/pipeline/warehouse"
)

// A template filled in programmatically from its own drop-down lists validates with no problem
// at all, then loads.
func TestTemplateFillValidateLoad(t *testing.T) {
	dir := t.TempDir()
	tpl := filepath.Join(dir, "template.xlsx")
	if code, out, errOut := run(t, "template", "--out", tpl); code != 0 || !strings.Contains(out, "145 capability columns") {
		t.Fatalf("template: exit %d %s %s", code, out, errOut)
	}
	x, err := excelize.OpenFile(tpl)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(x.GetSheetList(), ","); got != "Instructions,Responses,Lists" {
		t.Fatalf("sheets %s", got)
	}
	dvs, _ := x.GetDataValidations("Responses")
	if len(dvs) != 5 {
		t.Errorf("%d drop-downs, want trust, profession, region, archetype and answers", len(dvs))
	}
	list := func(col string) []string {
		cols, _ := x.GetCols("Lists")
		i := int(col[0] - 'A')
		return cols[i][1:]
	}
	professions, trusts, archetypes, answers := list("A"), list("C"), list("D"), list("E")
	header, _ := x.GetRows("Responses")
	width := len(header[0])
	// Fill 30 rows: every profession in turn, trust RTH, archetypes and answers cycling.
	for r := 0; r < 30; r++ {
		row := []any{"S" + string(rune('A'+r%26)) + "-" + strings.Repeat("1", r%3+1) + string(rune('0'+r%10)), "RTH", professions[r%len(professions)], "",
			archetypes[r%len(archetypes)]}
		for c := 5; c < width; c++ {
			row = append(row, answers[(r+c)%len(answers)])
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		x.SetSheetRow("Responses", cell, &row)
	}
	if !contains(trusts, "RTH") {
		t.Fatal("RTH is not on the trust list")
	}
	filled := filepath.Join(dir, "RTH_2026Q3.xlsx")
	if err := x.SaveAs(filled); err != nil {
		t.Fatal(err)
	}
	x.Close()
	code, out, errOut := run(t, "validate", "--out", filepath.Join(dir, "fb"), filled)
	if code != 0 || !strings.Contains(out, "RTH_2026Q3.xlsx: xlsx-template, 30 rows read, 30 would load, 0 rejected, 0 with warnings; 150 columns mapped, 0 not mapped; 0 errors, 0 warnings") {
		t.Fatalf("validate: exit %d\n%s%s", code, out, errOut)
	}
	wh := filepath.Join(dir, "w.duckdb")
	if code, out, errOut := run(t, "ingest", "--warehouse", wh, "--quiet", filled); code != 0 || !strings.Contains(out, "xlsx-template  loaded  RTH") {
		t.Fatalf("ingest: exit %d\n%s%s", code, out, errOut)
	}
}

func contains(list []string, s string) bool {
	for _, l := range list {
		if l == s {
			return true
		}
	}
	return false
}

// A broken file gets a feedback workbook with every problem, and a CSV of them; exit 1.
func TestValidateBrokenFile(t *testing.T) {
	dir := t.TempDir()
	code, out, _ := run(t, "validate", "--out", dir, handmade)
	if code != 1 || !strings.Contains(out, "trust_RTH_2026Q3.csv: csv-wide, 6 rows read, 5 would load, 1 rejected, 1 with warnings; 8 columns mapped, 0 not mapped; 1 errors, 2 warnings") {
		t.Fatalf("validate: exit %d\n%s", code, out)
	}
	x, err := excelize.OpenFile(filepath.Join(dir, "trust_RTH_2026Q3.csv.feedback.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, _ := x.GetRows("Problems")
	want := [][]string{
		{"Sheet", "Row", "Column", "Header", "Value", "Severity", "Problem", "Suggestion"},
		{"", "7", "", "", "", "error", "the row has no answer to any capability on the scale"},
		{"", "6", "C", "Profession", "Physio therapist", "warning", "'Physio therapist' is not a known profession; the row is loaded with the profession unknown", "did you mean 'Physiotherapist'?"},
		{"", "7", "F", "[1-L1-01] digital systems", "Very sure", "warning", "'Very sure' is not an answer on the 5-point confidence scale; the answer is left out",
			"answers are: Not at all confident, Slightly confident, Somewhat confident, Very confident, Extremely confident"},
	}
	if len(rows) != len(want) {
		t.Fatalf("Problems sheet: %q", rows)
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("Problems row %d\n got %q\nwant %q", i+1, rows[i], want[i])
		}
	}
	if v, _ := x.GetCellValue("Summary", "A2"); v != "1 of 6 rows would not load. Fix the errors on the Problems sheet and send the file again." {
		t.Errorf("verdict %q", v)
	}
	if v, _ := x.GetCellValue("Columns", "C3"); v != "personal" {
		t.Errorf("column B (Email) read as %q, want personal (dropped)", v)
	}
	f, _ := os.Open(filepath.Join(dir, "trust_RTH_2026Q3.csv.problems.csv"))
	recs, _ := csv.NewReader(f).ReadAll()
	f.Close()
	if len(recs) != 4 || recs[2][4] != "Physio therapist" {
		t.Errorf("problems CSV: %q", recs)
	}
	// A file that cannot be read: exit 2, and the feedback says why.
	empty := filepath.Join(dir, "empty_2026Q3.csv")
	os.WriteFile(empty, nil, 0o644)
	if code, out, _ := run(t, "validate", "--out", dir, empty); code != 2 || !strings.Contains(out, "cannot be loaded: cannot read empty_2026Q3.csv: the file is empty") {
		t.Errorf("empty file: exit %d %s", code, out)
	}
}

func TestSQLCommand(t *testing.T) {
	dir := t.TempDir()
	wh := filepath.Join(dir, "w.duckdb")
	if code, _, errOut := run(t, "ingest", "--warehouse", wh, "--quiet", handmade); code != 1 {
		t.Fatalf("ingest: %d %s", code, errOut)
	}
	q := `SELECT profession_code, count(*) AS n FROM respondents GROUP BY ALL ORDER BY n DESC, profession_code NULLS LAST`
	cases := []struct{ format, want string }{
		{"csv", "profession_code,n\ndoctor,2\nnurse,2\nNULL,1\n"},
		{"json", "[\n  {\n    \"n\": 2,\n    \"profession_code\": \"doctor\"\n  },\n  {\n    \"n\": 2,\n    \"profession_code\": \"nurse\"\n  },\n  {\n    \"n\": 1,\n    \"profession_code\": null\n  }\n]\n"},
		{"table", "profession_code  n\ndoctor           2\nnurse            2\nNULL             1\n(3 rows)\n"},
	}
	for _, c := range cases {
		code, out, errOut := run(t, "sql", "--warehouse", wh, "--format", c.format, q)
		if code != 0 || out != c.want {
			t.Errorf("--format %s: exit %d\n%s%s\nwant\n%s", c.format, code, out, errOut, c.want)
		}
	}
	pq := filepath.Join(dir, "out.parquet")
	if code, out, _ := run(t, "sql", "--warehouse", wh, "--format", "parquet", "--out", pq, q); code != 0 || out != "3 rows written to "+pq+"\n" {
		t.Errorf("parquet: exit %d %s", code, out)
	}
	// --out names the result file and leaves the warehouse where it was.
	t.Setenv("READINESS_WAREHOUSE", wh)
	res := filepath.Join(dir, "result.csv")
	if code, _, errOut := run(t, "sql", "--format", "csv", "--out", res, "SELECT count(*) AS n FROM respondents"); code != 0 {
		t.Errorf("--out FILE: exit %d %s", code, errOut)
	} else if data, _ := os.ReadFile(res); string(data) != "n\n5\n" {
		t.Errorf("result.csv = %q", data)
	}
	// Read-only unless --write; errors as DuckDB gives them.
	if code, _, errOut := run(t, "sql", "--warehouse", wh, "DELETE FROM rejects"); code != 2 || !strings.Contains(errOut, "read-only") {
		t.Errorf("a write without --write: exit %d %s", code, errOut)
	}
	if code, _, errOut := run(t, "sql", "--warehouse", wh, "SELEC 1"); code != 2 || !strings.Contains(errOut, "syntax error") {
		t.Errorf("a bad query: exit %d %s", code, errOut)
	}
	if code, out, errOut := run(t, "sql", "--warehouse", wh, "--write", "--format", "csv", "DELETE FROM rejects WHERE severity = 'warning' RETURNING severity"); code != 0 || out != "severity\nwarning\nwarning\n" {
		t.Errorf("--write: exit %d %q %s", code, out, errOut)
	}
	// The prompt keeps the session's history.
	db, err := warehouse.OpenReadOnly(context.Background(), wh)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var b strings.Builder
	in := strings.NewReader("SELECT 1 AS one;\nSELECT\n  2 AS two;\nSELEC;\n.history\n.quit\n")
	if err := repl(context.Background(), db, in, &b, "csv"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"one\n1\n", "      ...> two\n2\n", "Error:", "  1  SELECT 1 AS one;\n  2  SELECT 2 AS two;\n  3  SELEC;\n"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("prompt output lacks %q:\n%s", want, b.String())
		}
	}
}

// The lake read back with DuckDB gives the warehouse's heatmap values.
func TestLakeRoundTrip(t *testing.T) {
	dir, err := demoOnce()
	if err != nil {
		t.Fatal(err)
	}
	lake := t.TempDir()
	wh := filepath.Join(dir, "readiness.duckdb")
	code, out, errOut := run(t, "export", "--warehouse", wh, "--parquet", lake)
	if code != 0 || !strings.Contains(out, "Lake: 19 datasets") {
		t.Fatalf("export: exit %d %s %s", code, out, errOut)
	}
	db, err := warehouse.OpenReadOnly(context.Background(), wh)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	h, err := heatmap.Compute(context.Background(), db, heatmap.DomainSpecs[0], heatmap.Params{Quarter: "2026Q3", Threshold: 10})
	if err != nil {
		t.Fatal(err)
	}
	mem, _ := sql.Open("duckdb", "")
	defer mem.Close()
	checked := 0
	for i, r := range h.Rows {
		for _, c := range h.Cells[i] {
			if c.Value == nil || r.Key == "" {
				continue
			}
			var v float64
			var n int64
			err := mem.QueryRow(`SELECT avg(readiness), count(*) FROM read_parquet(?, hive_partitioning = true)
				WHERE quarter = '2026Q3' AND profession_code = ? AND domain_id = ?`,
				filepath.Join(lake, "v_respondent_domain", "*", "*", "*.parquet"), r.Key, c.ColKey).Scan(&v, &n)
			if err != nil {
				t.Fatal(err)
			}
			if n != c.N || v-*c.Value > 1e-12 || *c.Value-v > 1e-12 {
				t.Errorf("%s x %s: lake %v (n %d), warehouse %v (n %d)", r.Key, c.ColKey, v, n, *c.Value, c.N)
			}
			checked++
		}
	}
	if checked < 60 {
		t.Errorf("only %d cells compared", checked)
	}
	var partitions int
	mem.QueryRow(`SELECT count(DISTINCT (quarter, region_code)) FROM read_parquet(?, hive_partitioning = true)`,
		filepath.Join(lake, "respondents", "*", "*", "*.parquet")).Scan(&partitions)
	if partitions != 14 {
		t.Errorf("%d quarter x region partitions of respondents, want 2 x 7", partitions)
	}
	if _, err := os.Stat(filepath.Join(lake, "reference", "capabilities.parquet")); err != nil {
		t.Error(err)
	}
}
