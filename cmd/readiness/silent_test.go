package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// survey writes a small wide CSV: a header and one row per profession given, each answering one
// capability "Very confident"; extra columns (e.g. "Trust", "Quarter") take the values given.
func survey(t *testing.T, path string, extra map[string]string, professions ...string) string {
	t.Helper()
	head, vals := "Profession", []string{}
	for _, k := range []string{"Trust", "Quarter", "Region"} {
		if v, ok := extra[k]; ok {
			head += "," + k
			vals = append(vals, v)
		}
	}
	var b strings.Builder
	b.WriteString(head + ",[1-L1-01] x\n")
	for _, p := range professions {
		b.WriteString(strings.Join(append([]string{p}, vals...), ",") + ",Very confident\n")
	}
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// sqlValue runs one query on a warehouse and returns its CSV output without the header.
func sqlValue(t *testing.T, wh, q string) string {
	t.Helper()
	code, out, errOut := run(t, "sql", "--quiet", "--warehouse", wh, "--format", "csv", q)
	if code != 0 {
		t.Fatalf("%s: exit %d %s", q, code, errOut)
	}
	_, rows, _ := strings.Cut(out, "\n")
	return strings.TrimSpace(rows)
}

// Finding 1: run --quarter 2026Q2 relabelled every input, so Q1 files replaced the Q2 ones; a
// malformed quarter was accepted. Now the run's quarter only fills in for files that give none.
func TestRunQuarterNeverRelabels(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	survey(t, filepath.Join(in, "RTH_2026Q1.csv"), nil, "Nurse", "Nurse", "Nurse")
	survey(t, filepath.Join(in, "RTH_2026Q2.csv"), nil, "Doctor", "Doctor")
	survey(t, filepath.Join(in, "RJ1_survey.csv"), nil, "Nurse")
	cfg := filepath.Join(dir, "c.yaml")
	os.WriteFile(cfg, []byte("inputs: [{path: in/*.csv}]\nsuppression: {threshold: 1}\nformats: [csv]\n"), 0o644)
	out := filepath.Join(dir, "out")
	code, stdout, stderr := run(t, "run", "--config", cfg, "--out", out, "--quarter", "2026Q2", "--quiet")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "RTH_2026Q1.csv: the file is for 2026Q1 (its name), not the run's quarter 2026Q2; it is loaded as 2026Q1") {
		t.Errorf("no note on the Q1 file:\n%s", stdout)
	}
	wh := filepath.Join(out, "readiness.duckdb")
	if got := sqlValue(t, wh, "SELECT string_agg(source_file || ':' || quarter || ':' || trust_code || ':' || rows_loaded, ' ' ORDER BY source_file) FROM submissions"); got != "RJ1_survey.csv:2026Q2:RJ1:1 RTH_2026Q1.csv:2026Q1:RTH:3 RTH_2026Q2.csv:2026Q2:RTH:2" {
		t.Errorf("submissions: %s", got)
	}
	for _, bad := range []string{"2026-Q5", "Q3", "2026Q3x", "next quarter"} {
		if code, _, errOut := run(t, "report", "--warehouse", wh, "--out", out, "--quarter", bad); code != 2 || !strings.Contains(errOut, "is not a quarter") {
			t.Errorf("--quarter %q: exit %d %s", bad, code, errOut)
		}
	}
	// A file whose name and Quarter column disagree is refused, naming both.
	mixed := survey(t, filepath.Join(dir, "RTH_2026Q3.csv"), map[string]string{"Quarter": "2026Q2"}, "Nurse")
	code, stdout, _ = run(t, "ingest", "--quiet", "--warehouse", wh, mixed)
	if code != 2 || !strings.Contains(stdout, "the file's name says quarter 2026Q3 but its Quarter column says 2026Q2") {
		t.Errorf("name and column disagree: exit %d\n%s", code, stdout)
	}
}

// Finding 3: a file without a Trust column named RJ1_2026Q3.csv loaded with the trust unknown;
// a file named RTD_... whose Trust column says RJ1 loaded as RJ1 without a word.
func TestTrustFromNameAndConflicts(t *testing.T) {
	dir := t.TempDir()
	wh := filepath.Join(dir, "readiness.duckdb")
	named := survey(t, filepath.Join(dir, "RJ1_2026Q3.csv"), nil, "Nurse")
	code, stdout, _ := run(t, "ingest", "--warehouse", wh, named)
	if code != 0 || !strings.Contains(stdout, "RJ1_2026Q3.csv: trust RJ1 taken from the file's name") {
		t.Errorf("trust from the name: exit %d\n%s", code, stdout)
	}
	if got := sqlValue(t, wh, "SELECT trust_code || ' ' || region_code FROM respondents"); got != "RJ1 E40000003" {
		t.Errorf("respondent: %q, want RJ1 in London", got)
	}
	conflict := survey(t, filepath.Join(dir, "RTD_2026Q3.csv"), map[string]string{"Trust": "RJ1"}, "Nurse")
	code, stdout, _ = run(t, "ingest", "--warehouse", wh, conflict)
	if code != 2 || !strings.Contains(stdout, "the file's name says trust RTD but its Trust column says RJ1") {
		t.Errorf("name and column disagree: exit %d\n%s", code, stdout)
	}
	// An explicit trust for the input wins, and the output says it overrode the file.
	code, stdout, _ = run(t, "ingest", "--warehouse", wh, "--trust", "RJ1", conflict)
	if code != 0 || !strings.Contains(stdout, "trust RJ1 given for this input overrides the file's own RTD") {
		t.Errorf("override: exit %d\n%s", code, stdout)
	}
}

// Finding 4: a resubmission in which every row is rejected replaced the good submission (792
// respondents to 0, the old data gone). Now it is refused with both counts, unless --replace.
func TestResubmissionNeverWorseSilently(t *testing.T) {
	dir := t.TempDir()
	wh := filepath.Join(dir, "readiness.duckdb")
	good := survey(t, filepath.Join(dir, "good", "RTH_2026Q3.csv"), nil, "Nurse", "Doctor", "Nurse", "Midwife")
	if code, _, errOut := run(t, "ingest", "--quiet", "--warehouse", wh, good); code != 0 {
		t.Fatalf("exit %d %s", code, errOut)
	}
	bad := filepath.Join(dir, "bad", "RTH_2026Q3.csv")
	os.MkdirAll(filepath.Dir(bad), 0o755)
	os.WriteFile(bad, []byte("Profession,[1-L1-01] x\nNurse,Very sure\nDoctor,Very sure\nNurse,Very confident\nNurse,nope\n"), 0o644)
	code, stdout, _ := run(t, "ingest", "--quiet", "--warehouse", wh, bad)
	if code != 2 || !strings.Contains(stdout, "(RTH_2026Q3.csv, 4 rows loaded) with 1 rows loaded (4 read, 3 rejected)") {
		t.Errorf("a worse resubmission: exit %d\n%s", code, stdout)
	}
	if got := sqlValue(t, wh, "SELECT count(*) FROM respondents"); got != "4" {
		t.Errorf("%s respondents after the refused resubmission, want the good file's 4", got)
	}
	if code, stdout, _ := run(t, "ingest", "--quiet", "--warehouse", wh, "--replace", bad); code != 1 || !strings.Contains(stdout, "replaced") {
		t.Errorf("--replace: exit %d\n%s", code, stdout)
	}
	if got := sqlValue(t, wh, "SELECT count(*) FROM respondents"); got != "1" {
		t.Errorf("%s respondents after --replace, want 1", got)
	}
}

// Finding 5: a misspelt key was ignored and cells of 10-19 respondents were published. Now the
// run stops (exit 2) before opening the warehouse.
func TestMisspeltConfigKey(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "c.yaml")
	os.WriteFile(cfg, []byte("inputs: [{path: "+handmade+"}]\nsupression: {threshold: 20}\n"), 0o644)
	out := filepath.Join(dir, "out")
	code, _, errOut := run(t, "run", "--config", cfg, "--out", out)
	if code != 2 || !strings.Contains(errOut, "unknown key 'supression'; did you mean 'suppression'?") {
		t.Errorf("exit %d %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(out, "readiness.duckdb")); err == nil {
		t.Error("the warehouse was created")
	}
	if code, _, errOut := run(t, "run", "--config", cfg, "--out", out, "--set", "suppression.treshold=20"); code != 2 || !strings.Contains(errOut, "did you mean") {
		t.Errorf("--set: exit %d %s", code, errOut)
	}
}

// Finding 6: report for a quarter with no data wrote a report of zeros (exit 0); run without a
// config printed an empty table.
func TestNothingToReport(t *testing.T) {
	dir := t.TempDir()
	wh := filepath.Join(dir, "readiness.duckdb")
	run(t, "ingest", "--quiet", "--warehouse", wh, handmade)
	code, _, errOut := run(t, "report", "--warehouse", wh, "--out", filepath.Join(dir, "r"), "--quarter", "2025Q4")
	if code != 2 || !strings.Contains(errOut, "the warehouse has no data for 2025Q4; it has 2026Q3") {
		t.Errorf("report of an empty quarter: exit %d %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "r", "report.html")); err == nil {
		t.Error("a report was written")
	}
	code, _, errOut = run(t, "run", "--out", filepath.Join(dir, "o"))
	if code != 2 || !strings.Contains(errOut, "run has no inputs: give --config FILE") {
		t.Errorf("run without a config: exit %d %s", code, errOut)
	}
}

// Finding 7: sql inside the demo's folder looked for readiness-out/; validate x.ods overwrote the
// feedback of x.xlsx.
func TestWarehouseHereAndFeedbackNames(t *testing.T) {
	dir := t.TempDir()
	if code, _, errOut := run(t, "ingest", "--quiet", "--warehouse", filepath.Join(dir, "readiness.duckdb"), handmade); code != 1 {
		t.Fatalf("exit %d %s", code, errOut)
	}
	abs, _ := filepath.Abs(handmade)
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	code, out, errOut := run(t, "sql", "--format", "csv", "SELECT count(*) AS n FROM respondents")
	if code != 0 || out != "n\n5\n" || !strings.Contains(errOut, "path=readiness.duckdb chosen=\"found in the working directory\"") {
		t.Errorf("sql in the warehouse's folder: exit %d %q %s", code, out, errOut)
	}
	data, _ := os.ReadFile(abs)
	os.WriteFile("x.csv", data, 0o644)
	os.WriteFile("x.tsv", data, 0o644)
	run(t, "validate", "--out", "fb", "x.csv", "x.tsv")
	for _, f := range []string{"x.csv.feedback.xlsx", "x.tsv.feedback.xlsx", "x.csv.problems.csv", "x.tsv.problems.csv"} {
		if _, err := os.Stat(filepath.Join("fb", f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// Finding 2: a regional collation was stored as one submission, so loading one of its trusts'
// own files counted that trust's staff twice (1,584 rows for 792 people), and renamed copies
// accumulated. Now each trust's rows are a submission of their own.
func TestMultiTrustFileSplit(t *testing.T) {
	dir := t.TempDir()
	wh := filepath.Join(dir, "readiness.duckdb")
	collation := filepath.Join(dir, "south_2026Q3.csv")
	os.WriteFile(collation, []byte("Profession,Trust,[1-L1-01] x\nNurse,RTH,Very confident\nNurse,RTH,Slightly confident\nDoctor,RTH,Very confident\n"+
		"Nurse,RJ1,Very confident\nDoctor,RJ1,Very confident\nNurse,,Very confident\n"), 0o644)
	code, stdout, _ := run(t, "ingest", "--warehouse", wh, collation)
	if code != 0 || !strings.Contains(stdout, "the file holds rows of 2 trusts (RJ1, RTH): each is loaded as a submission of its own") {
		t.Fatalf("collation: exit %d\n%s", code, stdout)
	}
	ledger := "SELECT string_agg(coalesce(trust_code, '-') || ':' || rows_read || ':' || respondents, ' ' ORDER BY trust_code NULLS LAST) FROM submissions"
	if got := sqlValue(t, wh, ledger); got != "RJ1:2:2 RTH:3:3 -:1:1" {
		t.Errorf("submissions after the collation: %s", got)
	}
	// RTH's own file replaces exactly RTH's rows; a renamed copy of the collation adds nobody.
	own := survey(t, filepath.Join(dir, "own", "RTH_2026Q3.csv"), nil, "Nurse", "Nurse", "Midwife")
	if code, stdout, _ := run(t, "ingest", "--quiet", "--warehouse", wh, own); code != 0 {
		t.Fatalf("own file: exit %d\n%s", code, stdout)
	}
	if got := sqlValue(t, wh, "SELECT count(*) FROM respondents WHERE trust_code = 'RTH'"); got != "3" {
		t.Errorf("%s RTH respondents after its own file, want 3 (counted once)", got)
	}
	data, _ := os.ReadFile(collation)
	copyPath := filepath.Join(dir, "copy", "south again_2026Q3.csv")
	os.MkdirAll(filepath.Dir(copyPath), 0o755)
	os.WriteFile(copyPath, data, 0o644)
	run(t, "ingest", "--quiet", "--warehouse", wh, copyPath)
	if got := sqlValue(t, wh, "SELECT count(*) FROM respondents WHERE trust_code IN ('RTH', 'RJ1')"); got != "5" {
		t.Errorf("%s RTH and RJ1 respondents after a renamed copy, want 5", got)
	}
	// multi_trust: refuse refuses such files.
	cfgFile := filepath.Join(dir, "refuse.yaml")
	os.WriteFile(cfgFile, []byte("multi_trust: refuse\n"), 0o644)
	code, stdout, _ = run(t, "ingest", "--config", cfgFile, "--warehouse", filepath.Join(dir, "w2.duckdb"), collation)
	if code != 2 || !strings.Contains(stdout, "the file holds rows of several trusts (RJ1, RTH)") {
		t.Errorf("refuse: exit %d\n%s", code, stdout)
	}
}

// A refused file's feedback still shows what was read: the dialect, the header rows and every
// column with how it was (not) mapped.
func TestRefusedFileFeedback(t *testing.T) {
	dir := t.TempDir()
	code, out, _ := run(t, "validate", "--out", dir, "../../testdata/dialects/qualtrics_unrelated_2026Q3.csv")
	if code != 2 || !strings.Contains(out, "no column names a capability") {
		t.Fatalf("exit %d\n%s", code, out)
	}
	x, err := excelize.OpenFile(filepath.Join(dir, "qualtrics_unrelated_2026Q3.csv.feedback.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, _ := x.GetRows("Summary")
	summary := fmt.Sprint(rows)
	if !strings.Contains(summary, "[Read as csv-qualtrics]") || !strings.Contains(summary, "[Header rows 3]") {
		t.Errorf("summary: %s", summary)
	}
	cols, _ := x.GetRows("Columns")
	if len(cols) != 17 || cols[11][1] != "Q5_1_1" || cols[11][2] != "unmapped" {
		t.Errorf("columns sheet: %d rows, %v", len(cols), cols[min(11, len(cols)-1)])
	}
}

// A load writes each file's feedback for its trust, as validate would: a refused file's and a
// loaded file's, with the same problems validate finds.
func TestLoadWritesFeedback(t *testing.T) {
	out, checked := t.TempDir(), t.TempDir()
	files := []string{"../../testdata/handmade/trust_RTH_2026Q3.csv", "../../testdata/dialects/qualtrics_unrelated_2026Q3.csv"}
	code, stdout, _ := run(t, append([]string{"ingest", "--out", out}, files...)...)
	if code != 2 {
		t.Fatalf("exit %d, want 2 (a file refused)\n%s", code, stdout)
	}
	run(t, append([]string{"validate", "--out", checked}, files...)...)
	for _, f := range []string{"trust_RTH_2026Q3.csv", "qualtrics_unrelated_2026Q3.csv"} {
		got, err := os.ReadFile(filepath.Join(out, "feedback", f+".problems.csv"))
		if err != nil {
			t.Fatalf("%s: no feedback from the load: %v", f, err)
		}
		want, _ := os.ReadFile(filepath.Join(checked, f+".problems.csv"))
		if string(got) != string(want) {
			t.Errorf("%s: the load's problems differ from validate's:\n%s\nwant\n%s", f, got, want)
		}
		// The columns as the load read them are the columns validate reports.
		sheets := [2]string{}
		for i, path := range []string{filepath.Join(out, "feedback", f+".feedback.xlsx"), filepath.Join(checked, f+".feedback.xlsx")} {
			x, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			rows, _ := x.GetRows("Columns")
			x.Close()
			sheets[i] = fmt.Sprint(rows)
		}
		if sheets[0] != sheets[1] || len(sheets[0]) < 50 {
			t.Errorf("%s: the load's Columns sheet differs from validate's:\n%.300s\nwant\n%.300s", f, sheets[0], sheets[1])
		}
	}
	// The hand-made file's row 7 is rejected: the feedback says so.
	if got, _ := os.ReadFile(filepath.Join(out, "feedback", "trust_RTH_2026Q3.csv.problems.csv")); strings.Count(string(got), "\n") < 2 {
		t.Errorf("the hand-made file's problems: %q", got)
	}
	x, err := excelize.OpenFile(filepath.Join(out, "feedback", "qualtrics_unrelated_2026Q3.csv.feedback.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if rows, _ := x.GetRows("Summary"); !strings.Contains(fmt.Sprint(rows), "no column names a capability") {
		t.Errorf("the refused file's feedback does not say why: %v", rows)
	}
}
