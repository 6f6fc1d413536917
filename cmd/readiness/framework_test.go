package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// framework import writes a file that framework --check accepts and config's framework: can use;
// framework diff compares it with the embedded summary; framework says what the embedded one is.
func TestFrameworkCommands(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "official.yaml")
	code, stdout, errOut := run(t, "framework", "import", "../../testdata/framework/headings_as_rows.csv", "--out", out, "--version", "2023-02 test")
	if code != 0 || !strings.Contains(stdout, "Framework 2023-02 test: 12 statements") || !strings.Contains(stdout, "Written: "+out) {
		t.Fatalf("import: exit %d\n%s%s", code, stdout, errOut)
	}
	if code, stdout, _ := run(t, "framework", "--check", out); code != 0 || !strings.Contains(stdout, "valid: version 2023-02 test, 6 domains, 12 statements") {
		t.Errorf("check: exit %d %s", code, stdout)
	}
	code, stdout, _ = run(t, "framework", "diff", "embedded", out)
	if code != 1 || !strings.Contains(stdout, "(145 statements) -> 2023-02 test (12 statements): 0 added, 133 removed, 0 moved, 6 re-badged, 12 reworded") {
		t.Errorf("diff: exit %d\n%.300s", code, stdout[max(0, len(stdout)-300):])
	}
	if code, _, _ := run(t, "framework", "diff", out, out); code != 0 {
		t.Errorf("diff of a file with itself: exit %d", code)
	}
	code, stdout, _ = run(t, "framework", "import", "../../testdata/framework/broken.csv", "--out", filepath.Join(dir, "broken.yaml"))
	if code != 1 || !strings.Contains(stdout, "5 problems (those statements are left out)") {
		t.Errorf("broken import: exit %d\n%s", code, stdout)
	}
	if code, stdout, _ := run(t, "framework"); code != 0 || !strings.Contains(stdout, "145 short statements in the project's own") ||
		!strings.Contains(stdout, "the official framework has 195 capability statements") {
		t.Errorf("framework: exit %d\n%.400s", code, stdout)
	}
	// A config using the imported framework runs.
	cfg := filepath.Join(dir, "c.yaml")
	os.WriteFile(cfg, []byte("framework: official.yaml\n"), 0o644)
	if code, stdout, errOut := run(t, "framework", "--config", cfg); code != 0 || !strings.Contains(stdout, "12") {
		t.Errorf("framework with the imported file: exit %d %s %s", code, stdout, errOut)
	}
}
