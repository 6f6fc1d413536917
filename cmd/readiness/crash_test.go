package main

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nhs-readiness/readiness/pipeline/warehouse"
)

// TestHelperProcess is not a test: it runs Main in a child process (with the arguments after
// "--") for the tests that must kill or race a real run.
func TestHelperProcess(t *testing.T) {
	if os.Getenv("READINESS_HELPER") != "1" {
		return
	}
	args := os.Args
	for i, a := range args {
		if a == "--" {
			args = args[i+1:]
			break
		}
	}
	os.Exit(Main(context.Background(), args, os.Stdin, os.Stdout, os.Stderr))
}

func helper(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^TestHelperProcess$", "--"}, args...)...)
	cmd.Env = append(os.Environ(), "READINESS_HELPER=1", "READINESS_PSEUDONYM_KEY=crash-test-key")
	return cmd
}

// writeSurvey writes a wide CSV for RTH with n respondents answering 60 capabilities.
func writeSurvey(t *testing.T, path string, n int, seed uint64) {
	t.Helper()
	caps := []string{}
	for _, a := range []string{"1", "2.1", "2.2", "3.1", "3.2", "4.1.1", "4.1.2", "5.1.1", "5.1.2", "5.1.3", "5.1.4", "5.2.1", "6", "6.1", "6.2", "6.3", "6.4"} {
		for l := 1; l <= 4; l++ {
			if len(caps) < 60 {
				caps = append(caps, fmt.Sprintf("[%s-L%d-01]", a, l))
			}
		}
	}
	labels := []string{"Not at all confident", "Slightly confident", "Somewhat confident", "Very confident", "Extremely confident"}
	professions := []string{"Nurse", "Doctor", "Physiotherapist", "Pharmacist", "Healthcare support worker"}
	rng := rand.New(rand.NewPCG(seed, 7))
	var b strings.Builder
	b.WriteString("Staff number,Profession,Trust,Archetype," + strings.Join(caps, ",") + "\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "E%07d,%s,RTH,Users", i, professions[rng.IntN(len(professions))])
		for range caps {
			b.WriteString("," + labels[rng.IntN(len(labels))])
		}
		b.WriteString("\n")
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

type ledger struct {
	hash                                   string
	submissions, respondents, responses    int
	rowsLoaded, orphans, staging, rejected int
}

// readLedger opens the warehouse as the program does (warehouse.Open, which repairs a load that
// did not commit) and reads the ledger and the facts.
func readLedger(t *testing.T, path string) ledger {
	t.Helper()
	wh, err := warehouse.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("the warehouse does not open after a kill: %v", err)
	}
	defer wh.Close()
	if wh.Repaired.Any() {
		t.Logf("repaired on open: %+v", wh.Repaired)
	}
	var l ledger
	err = wh.AnalystQueryRow(context.Background(), `SELECT
		coalesce((SELECT string_agg(content_hash, ',') FROM submissions WHERE trust_code = 'RTH' AND quarter = '2026Q3'), ''),
		(SELECT count(*) FROM submissions),
		(SELECT count(*) FROM respondents),
		(SELECT count(*) FROM answers),
		(SELECT coalesce(sum(rows_loaded), 0) FROM submissions),
		(SELECT count(*) FROM answers x WHERE NOT EXISTS (SELECT 1 FROM respondents r WHERE r.submission_id = x.submission_id AND r.source_row = x.source_row))
		 + (SELECT count(*) FROM respondents r WHERE NOT EXISTS (SELECT 1 FROM submissions s WHERE s.submission_id = r.submission_id)),
		(SELECT count(*) FROM duckdb_tables() WHERE NOT temporary AND (schema_name = 'staging' OR starts_with(table_name, 'staging'))),
		(SELECT coalesce(sum(rows_rejected), 0) FROM submissions)`).Scan(
		&l.hash, &l.submissions, &l.respondents, &l.responses, &l.rowsLoaded, &l.orphans, &l.staging, &l.rejected)
	if err != nil {
		t.Fatalf("the warehouse does not answer after a kill: %v", err)
	}
	return l
}

// TestCrashSafety kills loads with SIGKILL at random points, many times: after each kill the
// warehouse opens, its ledger (submissions' counts) matches its facts, and it holds the earlier
// or the new submission for the trust and quarter whole, never a mix.
func TestCrashSafety(t *testing.T) {
	dir := t.TempDir()
	files := []string{filepath.Join(dir, "RTH_old_2026Q3.csv"), filepath.Join(dir, "RTH_new_2026Q3.csv")}
	writeSurvey(t, files[0], 6000, 1)
	writeSurvey(t, files[1], 9000, 2)
	// What each file gives when it loads undisturbed.
	want := map[string]ledger{}
	var longest time.Duration
	for _, f := range files {
		wh := filepath.Join(t.TempDir(), "clean.duckdb")
		start := time.Now()
		if out, err := helper("ingest", "--quiet", "--warehouse", wh, f).CombinedOutput(); err != nil {
			t.Fatalf("clean load of %s: %v\n%s", f, err, out)
		}
		longest = max(longest, time.Since(start))
		l := readLedger(t, wh)
		want[l.hash] = l
	}
	// Kill anywhere from process start to a little after an undisturbed load would have ended,
	// so that some kills land after the commit too.
	wh := filepath.Join(dir, "readiness.duckdb")
	if out, err := helper("ingest", "--quiet", "--warehouse", wh, files[0]).CombinedOutput(); err != nil {
		t.Fatalf("first load: %v\n%s", err, out)
	}
	rng := rand.New(rand.NewPCG(2026, 11))
	kills := 12
	if testing.Short() {
		kills = 3
	}
	seen := map[int]bool{}
	for i := 0; i < kills; i++ {
		current := readLedger(t, wh).hash
		next := files[1]
		if want[current].respondents == 9000 {
			next = files[0]
		}
		cmd := helper("ingest", "--quiet", "--warehouse", wh, next)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		after := time.Duration(rng.Int64N(int64(longest) * 13 / 10))
		time.Sleep(after)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		l := readLedger(t, wh)
		w, known := want[l.hash]
		switch {
		case !known:
			t.Fatalf("kill %d after %v: the trust's submission is %q, neither the old nor the new file", i+1, after, l.hash)
		case l.submissions != 1 || l.respondents != w.respondents || l.responses != w.responses || l.rowsLoaded != l.respondents:
			t.Fatalf("kill %d after %v: a mix: %+v, want %+v", i+1, after, l, w)
		case l.orphans != 0 || l.staging != 0:
			t.Fatalf("kill %d after %v: %d orphan rows, %d staging tables left in the file", i+1, after, l.orphans, l.staging)
		}
		t.Logf("kill %d after %v: holds the file with %d respondents", i+1, after, l.respondents)
		seen[l.respondents] = true
	}
	if !testing.Short() && !seen[9000] {
		t.Logf("no kill landed after a commit this time (clean load %v)", longest)
	}
}

// A second run on a warehouse in use refuses with a clear message and harms nothing.
func TestConcurrentRunRefused(t *testing.T) {
	dir := t.TempDir()
	wh := filepath.Join(dir, "readiness.duckdb")
	// exit 1: one row of the fixture is rejected
	if out, err := helper("ingest", "--quiet", "--warehouse", wh, handmade).CombinedOutput(); err == nil {
		t.Fatalf("the first load should exit 1 (a rejected row)\n%s", out)
	}
	db, err := sql.Open("duckdb", wh)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Ping(); err != nil {
		t.Fatal(err)
	}
	out, err := helper("ingest", "--quiet", "--warehouse", wh, handmade).CombinedOutput()
	code := -1
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	if code != 2 || !strings.Contains(string(out), "the warehouse is in use by another run") {
		t.Errorf("second run: exit %d\n%s", code, out)
	}
	var n int
	db.QueryRow(`SELECT count(*) FROM respondents`).Scan(&n)
	db.Close()
	if n != 5 {
		t.Errorf("%d respondents after the refused run, want 5", n)
	}
}

// Values from flags and files are data, never SQL.
func TestInjectionIsData(t *testing.T) {
	dir := t.TempDir()
	wh := filepath.Join(dir, "readiness.duckdb")
	run(t, "ingest", "--quiet", "--warehouse", wh, handmade)
	code, out, _ := run(t, "ingest", "--quiet", "--warehouse", wh, "--trust", "RTH'; DROP TABLE respondents; --", handmade)
	if code != 2 || !strings.Contains(out, `trust "RTH'; DROP TABLE respondents; --" is not a known organisation`) {
		t.Errorf("exit %d\n%s", code, out)
	}
	evil := filepath.Join(dir, "evil_2026Q3.csv")
	os.WriteFile(evil, []byte("Profession,Trust,[1-L1-01]\n\"x'); DROP TABLE submissions; --\",RGT,Very confident\n=HYPERLINK(\"http://x\"),RGT,Slightly confident\n"), 0o644)
	if code, _, errOut := run(t, "ingest", "--quiet", "--warehouse", wh, evil); code != 0 {
		t.Fatalf("exit %d %s", code, errOut)
	}
	code, out, _ = run(t, "sql", "--warehouse", wh, "--format", "csv", "SELECT count(*) AS n FROM respondents UNION ALL SELECT count(*) FROM submissions")
	if code != 0 || out != "n\n7\n2\n" {
		t.Errorf("the tables should be intact (7 respondents, 2 submissions): exit %d\n%s", code, out)
	}
	code, out, _ = run(t, "sql", "--warehouse", wh, "--format", "csv", "SELECT value FROM rejects WHERE source_file = 'evil_2026Q3.csv' ORDER BY row_number")
	if want := "value\nx'); DROP TABLE submissions; --\n\"'=HYPERLINK(\"\"http://x\"\")\"\n"; code != 0 || out != want {
		t.Errorf("the values should be stored as data, and the formula neutralised in CSV output: exit %d\n%q\nwant %q", code, out, want)
	}
}
