package main

import (
	"archive/zip"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"
	"github.com/nhs-readiness/readiness/pipeline/outfile"
	"github.com/xuri/excelize/v2"
)

func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

const handmade = "../../testdata/handmade/trust_RTH_2026Q3.csv"

func TestDemoEndToEnd(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := run(t, "demo", "--out", dir, "--respondents", "1400", "--trusts", "7", "--seed", "7", "--quarters", "2", "--quiet")
	if code != 0 {
		t.Fatalf("demo exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "Generated 7 files (4 csv, 3 xlsx) from 7 trusts in 7 regions, 1400 respondents for 2026Q2") ||
		!strings.Contains(out, "Generated 7 files (4 csv, 3 xlsx) from 7 trusts in 7 regions, 1400 respondents for 2026Q3") ||
		!strings.Contains(out, "Report: "+filepath.Join(dir, "report.html")) {
		t.Errorf("demo output:\n%s", out)
	}
	db, err := sql.Open("duckdb", filepath.Join(dir, "readiness.duckdb")+"?access_mode=read_only")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// Accounting: every generated row is loaded or rejected.
	var read, loaded, rejected, respondents int
	db.QueryRow(`SELECT sum(rows_read), sum(rows_loaded), sum(rows_rejected), (SELECT count(*) FROM respondents) FROM submissions`).
		Scan(&read, &loaded, &rejected, &respondents)
	if read != 2800 || loaded+rejected != read || respondents != loaded {
		t.Errorf("rows read %d, loaded %d, rejected %d, respondents %d", read, loaded, rejected, respondents)
	}
	// Every profession, region and archetype of the sample is a row of its heatmap.
	html, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	for dim, q := range map[string]string{
		"profession_domain": `SELECT DISTINCT coalesce(p.name, 'Unknown') FROM respondents r LEFT JOIN professions p USING (profession_code) WHERE quarter = '2026Q3'`,
		"region_domain":     `SELECT DISTINCT coalesce(g.name, 'Unknown') FROM respondents r LEFT JOIN regions g USING (region_code) WHERE quarter = '2026Q3'`,
		"archetype_domain":  `SELECT DISTINCT coalesce(a.name, 'Unknown') FROM respondents r LEFT JOIN archetypes a USING (archetype_code) WHERE quarter = '2026Q3'`,
	} {
		want := column(t, db, q)
		got := rowLabels(t, string(html), dim)
		sort.Strings(got)
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s rows:\n got %v\nwant %v", dim, got, want)
		}
	}
	if n := len(rowLabels(t, string(html), "region_domain")); n != 7 {
		t.Errorf("%d regions in the report, want all 7", n)
	}
	// England follows the groups of every dimension heatmap, and a trust heatmap has its region too.
	for name, want := range map[string]string{"region_domain": `<tr data-key="E92000001" data-ref="england"><th scope="row">England</th>`,
		"trust_domain_E40000003": `<tr data-key="E40000003" data-ref="region"><th scope="row">London (region)</th>`} {
		start := strings.Index(string(html), `data-heatmap="`+name+`"`)
		if start < 0 || !strings.Contains(string(html)[start:start+strings.Index(string(html)[start:], "</table>")], want) {
			t.Errorf("the heatmap %s lacks %s", name, want)
		}
	}
	// The earlier quarter is a little less ready: the change heatmaps show rises.
	for _, name := range []string{"region_domain_change", "profession_subdomain", "trust_domain_E40000003", "profession_region_6",
		"staff_group_domain", "staff_group_subdomain", "staff_group_domain_change"} {
		if !strings.Contains(string(html), `data-heatmap="`+name+`"`) {
			t.Errorf("the report lacks the heatmap %s", name)
		}
	}
	if !strings.Contains(string(html), `data-gaps="archetype"`) || !strings.Contains(string(html), `id="levels"`) {
		t.Error("the report lacks the capability gaps or the level profile")
	}
	// A pack per trust of the quarter, each an HTML page and a workbook.
	var trusts []string
	var n int
	db.QueryRow(`SELECT count(DISTINCT trust_code) FROM submissions WHERE quarter = '2026Q3'`).Scan(&n)
	for _, ext := range []string{"html", "xlsx"} {
		packs, _ := filepath.Glob(filepath.Join(dir, "packs", "*."+ext))
		trusts = append(trusts, fmt.Sprint(len(packs)))
	}
	if strings.Join(trusts, " ") != fmt.Sprintf("%d %d", n, n) || n == 0 {
		t.Errorf("packs (HTML, workbooks): %v, want one of each per trust of the quarter (%d)", trusts, n)
	}
	// By default the demo makes four quarters, so that the trends have a shape.
	if def := newDemo(io.Discard, io.Discard).Flags().Lookup("quarters").DefValue; def != "4" {
		t.Errorf("the demo's default quarters: %s, want 4", def)
	}
	scanForPersonalData(t, db, dir)
}

func column(t *testing.T, db *sql.DB, q string) []string {
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// rowLabels returns the row headings of one heatmap table in the HTML report.
func rowLabels(t *testing.T, html, name string) []string {
	start := strings.Index(html, `data-heatmap="`+name+`"`)
	if start < 0 {
		t.Fatalf("no heatmap %s in the report", name)
	}
	table := html[start : start+strings.Index(html[start:], "</table>")]
	if ref := strings.Index(table, `<tbody class="ref">`); ref >= 0 { // the reference rows follow the groups
		table = table[:ref]
	}
	var out []string
	for _, m := range regexp.MustCompile(`<th scope="row">([^<]*)</th>`).FindAllStringSubmatch(table, -1) {
		out = append(out, m[1])
	}
	return out
}

// scanForPersonalData looks for the generated emails and staff ids in every text column of the
// warehouse and in the reports.
func scanForPersonalData(t *testing.T, db *sql.DB, dir string) {
	t.Helper()
	personal := regexp.MustCompile(`@example\.nhs\.uk|\bR[A-Z0-9]{2}-\d{5}\b`)
	cols, err := db.Query(`SELECT table_schema, table_name, column_name FROM information_schema.columns
		WHERE data_type = 'VARCHAR' AND table_schema = 'main'`)
	if err != nil {
		t.Fatal(err)
	}
	var targets [][3]string
	for cols.Next() {
		var s, tb, c string
		cols.Scan(&s, &tb, &c)
		targets = append(targets, [3]string{s, tb, c})
	}
	cols.Close()
	for _, tc := range targets {
		var n int
		q := `SELECT count(*) FROM "` + tc[0] + `"."` + tc[1] + `" WHERE regexp_matches("` + tc[2] + `", '@example\.nhs\.uk|\bR[A-Z0-9]{2}-[0-9]{5}\b')`
		if err := db.QueryRow(q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if n > 0 {
			t.Errorf("%s.%s.%s holds %d personal values", tc[0], tc[1], tc[2], n)
		}
	}
	html, _ := os.ReadFile(filepath.Join(dir, "report.html"))
	if personal.Match(html) {
		t.Error("report.html holds personal data")
	}
	zr, err := zip.OpenReader(filepath.Join(dir, "readiness.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		if personal.Match(data) {
			t.Errorf("readiness.xlsx part %s holds personal data", f.Name)
		}
	}
}

func TestRunFromConfig(t *testing.T) {
	dir := t.TempDir()
	abs, _ := filepath.Abs(handmade)
	cfg := filepath.Join(dir, "q3.yaml")
	os.WriteFile(cfg, []byte("inputs:\n  - path: "+abs+"\nsuppression:\n  threshold: 2\nformats: [html, xlsx]\n"), 0o644)
	code, out, errOut := run(t, "run", "--config", cfg, "--out", filepath.Join(dir, "out"), "--quiet")
	if code != 1 { // one row of the fixture is rejected
		t.Fatalf("run exit %d, want 1\n%s\n%s", code, out, errOut)
	}
	line := regexp.MustCompile(`(?m)^trust_RTH_2026Q3\.csv\s+csv-wide\s+loaded\s+RTH\s+2026Q3\s+6\s+5\s+1\s+1\s+0$`)
	if !line.MatchString(out) {
		t.Errorf("per-file line missing:\n%s", out)
	}
	for _, want := range []string{
		"trust_RTH_2026Q3.csv: 3 problems\n",
		"  error: row 7: the row has no answer to any capability on the scale\n",
		"  warning: row 6, column C (Profession), 'Physio therapist': 'Physio therapist' is not a known profession; the row is loaded with the profession unknown; did you mean 'Physiotherapist'?\n",
		"  warning: row 7, column F ([1-L1-01] digital systems), 'Very sure': 'Very sure' is not an answer on the 5-point confidence scale",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, f := range []string{"report.html", "readiness.xlsx", "readiness.duckdb"} {
		if _, err := os.Stat(filepath.Join(dir, "out", f)); err != nil {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	html, _ := os.ReadFile(filepath.Join(dir, "out", "report.html"))
	// Threshold 2: the one respondent of unknown profession is suppressed.
	if !strings.Contains(string(html), `title="Unknown × Digital implementation: suppressed (fewer than 2 respondents)">*</td>`) {
		t.Error("the unknown profession's cells should be suppressed at threshold 2")
	}
}

func TestIngestExitCodes(t *testing.T) {
	dir := t.TempDir()
	clean := filepath.Join(dir, "clean_2026Q3.csv")
	os.WriteFile(clean, []byte("Profession,Trust,Archetype,[1-L1-01]\nNurse,RTH,Users,Agree\nDoctor,RTH,Users,Strongly agree\n"), 0o644)
	empty := filepath.Join(dir, "empty_2026Q3.csv")
	os.WriteFile(empty, nil, 0o644)
	wh := filepath.Join(dir, "w.duckdb")
	cases := []struct {
		files []string
		code  int
		want  string
	}{
		{[]string{clean}, 0, "clean_2026Q3.csv  csv-wide  loaded"},
		{[]string{clean}, 0, "clean_2026Q3.csv  csv-wide  unchanged"},
		{[]string{handmade}, 1, "trust_RTH_2026Q3.csv  csv-wide  replaced"},
		{[]string{empty, clean}, 2, "refused: cannot read empty_2026Q3.csv: the file is empty"},
	}
	for _, c := range cases {
		code, out, errOut := run(t, append([]string{"ingest", "--warehouse", wh, "--quiet"}, c.files...)...)
		if code != c.code || !strings.Contains(out, c.want) {
			t.Errorf("ingest %v: exit %d, want %d; output lacks %q:\n%s%s", c.files, code, c.code, c.want, out, errOut)
		}
	}
	if code, _, errOut := run(t, "ingest", "--warehouse", wh, "--quarter", "summer", clean); code != 2 || !strings.Contains(errOut, `"summer" is not a quarter`) {
		t.Errorf("bad --quarter: exit %d, %s", code, errOut)
	}
}

func TestFrameworkCommand(t *testing.T) {
	code, out, _ := run(t, "framework")
	if code != 0 || !strings.Contains(out, "6 domains, 11 sub-domains") || !strings.Contains(out, "6.4 Robotics") {
		t.Errorf("framework: exit %d\n%s", code, out)
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("version: x\ndomains: [{id: \"1\", name: One}]\nstatements:\n  - {id: a, area: \"1\", level: 7, archetypes: Q, text: t}\n"), 0o644)
	code, out, _ = run(t, "framework", "--check", bad)
	if code != 1 || !strings.Contains(out, "2 problems") || !strings.Contains(out, "a: level 7 is outside 1-4") ||
		!strings.Contains(out, `a: unknown archetype letter "Q"`) {
		t.Errorf("framework --check: exit %d\n%s", code, out)
	}
	code, out, _ = run(t, "framework", "--check", "../../configs/framework.yaml")
	if code != 0 || !strings.Contains(out, "valid: version 2023-02.readiness-1, 6 domains, 145 statements") {
		t.Errorf("framework --check embedded file: exit %d\n%s", code, out)
	}
}

func TestUsageErrors(t *testing.T) {
	if code, _, errOut := run(t, "ingest"); code != 2 || !strings.Contains(errOut, "requires at least 1 arg") {
		t.Errorf("ingest without files: exit %d %s", code, errOut)
	}
	if code, _, errOut := run(t, "nosuch"); code != 2 || !strings.Contains(errOut, "unknown command") {
		t.Errorf("unknown command: exit %d %s", code, errOut)
	}
}

// readiness report writes the chosen formats from an existing warehouse; the Parquet and CSV
// exports of a heatmap hold the same figures.
func TestReportCommand(t *testing.T) {
	dir, err := demoOnce()
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	code, stdout, stderr := run(t, "report", "--warehouse", filepath.Join(dir, "readiness.duckdb"), "--out", out, "--format", "csv,parquet", "--quiet")
	// 20 CSV and 20 Parquet files (staff groups by domain, by sub-domain and their change among
	// them), trends.csv and trends.parquet, and the manifest
	if code != 0 || !strings.Contains(stdout, "Quarter 2026Q3: 20 heatmaps, 43 files in "+out) {
		t.Fatalf("report: exit %d\n%s%s", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "trends.csv")); err != nil {
		t.Errorf("trends: %v", err)
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var differ, rows int
	// Parallel aggregation over doubles may differ in the last bits between two runs of a query.
	err = db.QueryRow(`SELECT count(*) FILTER (WHERE (c.value IS NULL) <> (p.value IS NULL) OR abs(c.value - p.value) > 1e-12
		OR c.n IS DISTINCT FROM p.n OR c.suppressed <> p.suppressed), count(*)
		FROM read_csv(?) c JOIN read_parquet(?) p ON c.row_label = p.row_label AND c.col_key = p.col_key`,
		filepath.Join(out, "heatmaps", "profession_domain.csv"), filepath.Join(out, "heatmaps", "profession_domain.parquet")).Scan(&differ, &rows)
	if err != nil {
		t.Fatal(err)
	}
	if rows < 60 || differ != 0 {
		t.Errorf("CSV and Parquet: %d cells compared, %d differ", rows, differ)
	}
	if code, _, stderr := run(t, "report", "--warehouse", filepath.Join(t.TempDir(), "none.duckdb"), "--out", out); code != 2 || !strings.Contains(stderr, "none.duckdb") {
		t.Errorf("a missing warehouse: exit %d, %s", code, stderr)
	}
}

// readiness synth writes every export format, made-up trusts beyond the vocabulary's, and a
// config that loads them all with their dialects recognised and nothing rejected.
func TestSynthAllFormats(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	code, out, errOut := run(t, "synth", "--out", data, "--respondents", "800", "--trusts", "32", "--items", "60",
		"--formats", "csv,xlsx,msforms,qualtrics", "--seed", "5")
	if code != 0 || !strings.Contains(out, "Generated 32 files (8 csv, 8 msforms, 8 qualtrics, 8 xlsx) from 32 trusts in 7 regions, 800 respondents, 60 capabilities each") {
		t.Fatalf("synth: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = run(t, "run", "--config", filepath.Join(data, "readiness.yaml"), "--out", filepath.Join(dir, "results"), "--quiet",
		"--set", "formats=xlsx")
	if code != 0 {
		t.Fatalf("run: exit %d\n%s%s", code, out, errOut)
	}
	for _, dialect := range []string{"csv-wide", "xlsx-wide", "xlsx-msforms", "csv-qualtrics"} {
		if n := strings.Count(out, " "+dialect+" "); n != 8 {
			t.Errorf("%d files read as %s, want 8\n%s", n, dialect, out)
		}
	}
	db, err := sql.Open("duckdb", filepath.Join(dir, "results", "readiness.duckdb")+"?access_mode=read_only")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var read, loaded, caps, trusts int
	db.QueryRow(`SELECT sum(rows_read), sum(rows_loaded), (SELECT count(DISTINCT capability_id) FROM responses),
		count(DISTINCT trust_code) FROM submissions`).Scan(&read, &loaded, &caps, &trusts)
	if read != 800 || loaded != 800 || caps != 60 || trusts != 32 {
		t.Errorf("read %d, loaded %d, capabilities %d, trusts %d; want 800, 800, 60, 32", read, loaded, caps, trusts)
	}
}

// readiness packs writes the packs of the trusts asked for, whose figures are the report's own:
// the trust's domain figures are its row of its region's trust heatmap.
func TestPacksCommand(t *testing.T) {
	dir, err := demoOnce()
	if err != nil {
		t.Fatal(err)
	}
	wh := filepath.Join(dir, "readiness.duckdb")
	out := t.TempDir()
	code, stdout, stderr := run(t, "packs", "--warehouse", wh, "--out", out, "--trust", "rth", "--quiet")
	if code != 0 || !strings.Contains(stdout, "Quarter 2026Q3: 1 trust packs in "+filepath.Join(out, "packs")) {
		t.Fatalf("packs: exit %d\n%s%s", code, stdout, stderr)
	}
	if m, err := outfile.Verify(out); err != nil || len(m.Files) != 2 {
		t.Fatalf("manifest: %+v, %v", m, err)
	}
	x, err := excelize.OpenFile(filepath.Join(out, "packs", "RTH.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, _ := x.GetRows("Domains", excelize.Options{RawCellValue: true})
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	compared := 0
	for _, r := range rows[3:] {
		var value sql.NullFloat64
		var n sql.NullInt64
		if err := db.QueryRow(`SELECT value, n FROM read_csv(?) WHERE row_key = 'RTH' AND col_key || ' ' || col_label = ?`,
			filepath.Join(dir, "heatmaps", "trust_domain_E40000005.csv"), r[0]).Scan(&value, &n); err != nil {
			t.Fatalf("%s: %v", r[0], err)
		}
		if want := fmt.Sprint(value.Float64); value.Valid && (r[1] != want || r[2] != fmt.Sprint(n.Int64)) || !value.Valid && r[1] != "*" {
			t.Errorf("%s: pack %q n %q, report %v n %v", r[0], r[1], r[2], value, n)
		}
		compared++
	}
	if compared != 6 || rows[2][len(rows[2])-4] != "England" {
		t.Errorf("compared %d domains; header %v", compared, rows[2])
	}
	if code, _, stderr := run(t, "packs", "--warehouse", wh, "--out", out, "--trust", "RZZ"); code != 2 || !strings.Contains(stderr, `trust "RZZ" has no respondents in 2026Q3; its trusts are`) {
		t.Errorf("an unknown trust: exit %d, %s", code, stderr)
	}
}
