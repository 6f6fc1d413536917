package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The demo's report is protected as a whole: its notes say how many cells are withheld and that
// none can be worked out from the published ones (the run refuses to write a report otherwise).
func TestReleaseAudited(t *testing.T) {
	dir, err := demoOnce()
	if err != nil {
		t.Fatal(err)
	}
	html, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(\d+) withheld cells, none recoverable from the (\d+) published`).FindStringSubmatch(string(html))
	if m == nil {
		t.Fatalf("the report does not state the audit")
	}
	if m[1] == "0" || m[2] == "0" {
		t.Errorf("audit: %s", m[0])
	}
	// Sub-domain heatmaps publish no answers and no mean level (they would give a withheld
	// sub-domain away from its domain).
	data, err := os.ReadFile(filepath.Join(dir, "heatmaps", "profession_subdomain.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n")[1:] {
		f := strings.Split(line, ",")
		if n := len(f); f[n-10] != "0" && f[n-10] != "" || f[n-8] != "" {
			t.Fatalf("a sub-domain cell publishes answers or a mean level: %s", line)
		}
	}
}
