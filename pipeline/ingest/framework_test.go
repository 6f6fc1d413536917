package ingest_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/nhs-readiness/readiness/configs"
	"github.com/nhs-readiness/readiness/pipeline/framework"
	"github.com/nhs-readiness/readiness/pipeline/heatmap"
	"github.com/nhs-readiness/readiness/pipeline/ingest"
	"github.com/nhs-readiness/readiness/pipeline/vocab"
	"github.com/nhs-readiness/readiness/pipeline/warehouse/warehousetest"
)

// Two quarters loaded against two versions of the framework: each quarter's heatmaps follow its
// own framework (the earlier quarter's figures do not change when a revised framework is loaded),
// each quarter's report names its framework, and a file for the earlier quarter is refused under
// the revised framework rather than mixed in.
func TestQuartersFollowTheirFramework(t *testing.T) {
	ctx := context.Background()
	wh, loader := warehousetest.New(t)
	data, err := os.ReadFile(handmade)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, data, 0o644)
		return p
	}
	grid := func(q string) string {
		t.Helper()
		h, err := heatmap.Compute(ctx, wh, heatmap.DomainSpecs[2], heatmap.Params{Quarter: q, Threshold: 1}) // archetype x domain
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for i, r := range h.Rows {
			for j, c := range h.Cells[i] {
				if c.Value != nil {
					out = append(out, r.Label+" "+h.Cols[j].Key+" "+strings.TrimRight(strings.TrimRight(ftoa(*c.Value), "0"), "."))
				}
			}
		}
		return strings.Join(out, "; ")
	}
	if _, err := loader.Load(ctx, write("RTH_2026Q2.csv"), ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	before := grid("2026Q2")

	// The revision: Users are no longer badged for 1-L1-01 (their only domain 1 statement here).
	revised, err := framework.LoadFS(configs.FS, "framework.yaml")
	if err != nil {
		t.Fatal(err)
	}
	revised.Version = "revised"
	for i := range revised.Statements {
		if revised.Statements[i].ID == "1-L1-01" {
			revised.Statements[i].Archetypes = "SDCE"
		}
	}
	v, _ := vocab.Load(configs.FS, vocab.Files{})
	if err := wh.LoadReference(ctx, revised, v); err != nil {
		t.Fatal(err)
	}
	if _, err := loader.Load(ctx, write("RTH_2026Q3.csv"), ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	if after := grid("2026Q2"); after != before {
		t.Errorf("2026Q2 changed when the revised framework was loaded:\n before %s\n after  %s", before, after)
	}
	q3 := grid("2026Q3")
	if q3 == before || !strings.Contains(before, "Users 1 1;") || strings.Contains(q3, "Users 1 ") {
		t.Errorf("2026Q3 should follow the revision (no domain 1 figure for Users), 2026Q2 the original:\n Q2 %s\n Q3 %s", before, q3)
	}
	for q, want := range map[string]string{"2026Q2": "2023-02.readiness-1", "2026Q3": "revised"} {
		o, err := heatmap.Collect(ctx, wh, q, 1)
		if err != nil {
			t.Fatal(err)
		}
		if o.FrameworkVersion != want {
			t.Errorf("%s's framework: %q, want %q", q, o.FrameworkVersion, want)
		}
	}
	other := filepath.Join(dir, "RJ1_2026Q2.csv")
	os.WriteFile(other, []byte(strings.ReplaceAll(string(data), ",RTH,", ",RJ1,")), 0o644)
	_, err = loader.Load(ctx, other, ingest.Options{})
	if !errors.Is(err, ingest.ErrRefused) || !strings.Contains(err.Error(), "2026Q2's other submissions were loaded with framework 2023-02.readiness-1") {
		t.Errorf("a 2026Q2 file under the revised framework: %v", err)
	}
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', 4, 64) }
