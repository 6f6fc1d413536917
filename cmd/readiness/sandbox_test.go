package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readiness sql without --write is a sandbox: every hostile statement below is refused with a
// clear message, no file is read or written, and the warehouse, its log and its key are byte for
// byte as they were. (Before: COPY replaced the warehouse with 2 bytes, read_text printed the
// pseudonym key, --out truncated the warehouse; all exit 0.)
func TestSQLSandbox(t *testing.T) {
	dir := t.TempDir()
	wh := filepath.Join(dir, "readiness.duckdb")
	if code, out, errOut := run(t, "ingest", "--quiet", "--warehouse", wh, handmade); code != 1 {
		t.Fatalf("ingest: exit %d\n%s\n%s", code, out, errOut)
	}
	secret := filepath.Join(dir, "secret.txt")
	os.WriteFile(secret, []byte("do-not-read-me"), 0o600)
	files := []string{wh, wh + ".key", wh + ".wal"}
	before := map[string][]byte{}
	for _, f := range files {
		before[f], _ = os.ReadFile(f)
	}
	if len(before[wh]) == 0 || len(before[wh+".key"]) == 0 {
		t.Fatal("no warehouse or key to protect")
	}
	elsewhere := filepath.Join(dir, "elsewhere")
	hostile := []struct{ stmt, says string }{
		{"COPY (SELECT 'x') TO '" + wh + "'", "COPY statements are refused|file system operations are disabled"},
		{"COPY (SELECT 'x') TO '" + wh + ".key'", "COPY statements are refused|file system operations are disabled"},
		{"COPY submissions TO '" + elsewhere + ".csv'", "COPY statements are refused|file system operations are disabled"},
		{"COPY submissions TO '" + elsewhere + ".parquet' (FORMAT parquet)", "COPY statements are refused|file system operations are disabled"},
		{"ATTACH '" + elsewhere + ".duckdb' AS x (READ_WRITE)", "ATTACH statements are refused"},
		{"ATTACH '" + wh + "' AS again", "ATTACH statements are refused"},
		{"EXPORT DATABASE '" + elsewhere + "'", "EXPORT statements are refused|file system operations are disabled"},
		{"SELECT * FROM read_text('/etc/passwd')", "file system operations are disabled"},
		{"SELECT * FROM read_text('" + wh + ".key')", "file system operations are disabled"},
		{"SELECT * FROM read_csv('/etc/shadow')", "file system operations are disabled"},
		{"SELECT * FROM read_csv('" + secret + "')", "file system operations are disabled"},
		{"SELECT * FROM read_blob('" + secret + "')", "file system operations are disabled"},
		{"SELECT * FROM glob('/root/*')", "file system operations are disabled"},
		{"SELECT * FROM read_parquet('" + elsewhere + "/*.parquet')", "file system operations are disabled"},
		{"SET threads = 1", "SET statements are refused"},
		{"SET enable_external_access = true", "SET statements are refused"},
		{"RESET lock_configuration", "SET statements are refused"},
		{"CREATE TEMP TABLE t AS SELECT 1", "CREATE statements are refused"},
		{"CREATE TEMP MACRO m(x) AS x + 1", "CREATE statements are refused"},
		{"CREATE TABLE t (x INTEGER)", "CREATE statements are refused"},
		{"INSERT INTO regions VALUES ('x', 'x', 'x', 1)", "INSERT statements are refused"},
		{"DELETE FROM submissions", "DELETE statements are refused"},
		{"UPDATE respondents SET trust_code = NULL", "UPDATE statements are refused"},
		{"DROP TABLE answers", "DROP statements are refused"},
		{"CHECKPOINT", "statements are refused"},
		{"INSTALL httpfs", "LOAD statements are refused"},
		{"LOAD httpfs", "LOAD statements are refused"},
		{"BEGIN TRANSACTION", "transaction statements are refused"},
		{"VACUUM", "VACUUM statements are refused"},
	}
	for _, h := range hostile {
		code, out, errOut := run(t, "sql", "--warehouse", wh, h.stmt)
		said := false
		for _, s := range strings.Split(h.says, "|") {
			said = said || strings.Contains(errOut, s)
		}
		if code != 2 || !said {
			t.Errorf("%s: exit %d, %q %q; want exit 2 saying %q", h.stmt, code, out, errOut, h.says)
		}
		if strings.Contains(out+errOut, "do-not-read-me") || strings.Contains(out+errOut, strings.TrimSpace(string(before[wh+".key"]))) {
			t.Errorf("%s: printed a file's content", h.stmt)
		}
	}
	// --out naming the warehouse or a file beside it is refused before anything is opened.
	for _, out := range []string{wh, wh + ".key", wh + ".wal", filepath.Join(dir, ".", "readiness.duckdb")} {
		if code, _, errOut := run(t, "sql", "--warehouse", wh, "--out", out, "SELECT 1"); code != 2 || !strings.Contains(errOut, "is the warehouse or a file beside it") {
			t.Errorf("--out %s: exit %d %s", out, code, errOut)
		}
	}
	for _, f := range files {
		after, _ := os.ReadFile(f)
		if !bytes.Equal(before[f], after) {
			t.Errorf("%s changed (%d bytes, was %d)", f, len(after), len(before[f]))
		}
	}
	for _, f := range []string{elsewhere + ".csv", elsewhere + ".parquet", elsewhere + ".duckdb", elsewhere} {
		if _, err := os.Stat(f); err == nil {
			t.Errorf("%s was written", f)
		}
	}
	if st, err := os.Stat(wh + ".key"); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("the key file's mode: %v %v", st.Mode(), err)
	}
	// Queries still run, and --out writes a result whole.
	res := filepath.Join(dir, "result.csv")
	if code, _, errOut := run(t, "sql", "--warehouse", wh, "--format", "csv", "--out", res, "SELECT count(*) AS n FROM submissions"); code != 0 {
		t.Errorf("a query: exit %d %s", code, errOut)
	}
	if data, _ := os.ReadFile(res); string(data) != "n\n1\n" {
		t.Errorf("result: %q", data)
	}
	if code, out, _ := run(t, "sql", "--warehouse", wh, "--format", "csv", "EXPLAIN SELECT 1"); code != 0 || !strings.Contains(out, "physical_plan") {
		t.Errorf("EXPLAIN: exit %d %q", code, out)
	}
}
