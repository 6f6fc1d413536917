package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
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
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("profession_subdomain.csv: %d rows, %v", len(rows), err)
	}
	col := map[string]int{}
	for i, c := range rows[0] {
		col[c] = i
	}
	for _, r := range rows[1:] {
		if a := r[col["answers"]]; a != "0" && a != "" || r[col["mean_level"]] != "" {
			t.Fatalf("a sub-domain cell publishes answers or a mean level: %v", r)
		}
	}
	// A change withheld anywhere (or whose previous quarter is withheld) carries no interval either:
	// the interval would give the change away.
	changes := 0
	for _, name := range []string{"profession_domain_change", "region_domain_change", "archetype_domain_change"} {
		data, err := os.ReadFile(filepath.Join(dir, "heatmaps", name+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := csv.NewReader(bytes.NewReader(data)).ReadAll()
		col := map[string]int{}
		for i, c := range rows[0] {
			col[c] = i
		}
		for _, r := range rows[1:] {
			hasInterval := r[col["change_low"]] != "" || r[col["change_high"]] != ""
			if hasInterval && (r[col["change_pp"]] == "" || r[col["suppressed"]] == "true") {
				t.Fatalf("%s: an interval without its change: %v", name, r)
			}
			if hasInterval {
				changes++
			}
		}
	}
	if changes == 0 {
		t.Errorf("no change published with its interval")
	}
}
