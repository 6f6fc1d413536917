package heatmap_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/nhs-readiness/readiness/pipeline/heatmap"
	"github.com/nhs-readiness/readiness/reports"
)

// Adding a heatmap dimension is one registration (here, this test): it gets domain and
// sub-domain heatmaps in every run, its column drives the SQL, and the HTML report redraws it
// under the filters. This one groups by profession under another name, so its figures must be
// the profession heatmap's.
func TestRecipeDimension(t *testing.T) {
	heatmap.Register(heatmap.Dimension{Name: "job", Title: "Job", Phrase: "job", Column: "profession_code", Labels: "profession", Heatmaps: true})
	defer heatmap.Unregister("job")
	wh := handWarehouse(t)
	ctx := context.Background()
	specs, err := heatmap.Specs(ctx, wh, "2026Q3", nil)
	if err != nil {
		t.Fatal(err)
	}
	var job heatmap.Spec
	names := map[string]bool{}
	for _, s := range specs {
		names[s.Name] = true
		if s.Name == "job_domain" {
			job = s
		}
	}
	if !names["job_domain"] || !names["job_subdomain"] || !names["job_domain_change"] {
		t.Fatalf("specs: %v", names)
	}
	got := cells(compute(t, wh, job, "2026Q3", 2))
	want := cells(compute(t, wh, heatmap.DomainSpecs[0], "2026Q3", 2))
	if got != want || !strings.Contains(got, "Nurse: ") {
		t.Errorf("job x domain:\n got %s\nwant %s", got, want)
	}
	ex, err := heatmap.Explorer(ctx, wh, 2, "2026Q3", false)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := json.Marshal((&reports.Data{Explore: ex}).Script())
	if !strings.Contains(string(data), `["job","Job"]`) || ex.Views["all"]["job_subdomain"] == nil {
		t.Errorf("the report's filters do not redraw the new dimension: %.200s", data)
	}
}
