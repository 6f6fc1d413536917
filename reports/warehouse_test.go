package reports

import (
	"context"
	"math"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-readiness/readiness/pipeline/heatmap"
	"github.com/nhs-readiness/readiness/pipeline/warehouse/warehousetest"
)

// The workbook written from the hand-made warehouse (figures derived by hand in
// pipeline/heatmap/golden_test.go): values, suppression marks and the colour-scale rule.
func TestWorkbookFromHandMadeWarehouse(t *testing.T) {
	ctx := context.Background()
	wh := warehousetest.HandMade(t)
	p := heatmap.Params{Quarter: "2026Q3", Threshold: 3}
	maps, err := heatmap.ComputeAll(ctx, wh, []heatmap.Spec{heatmap.DomainSpecs[0], heatmap.ChangeOf(heatmap.DomainSpecs[1])}, p)
	if err != nil {
		t.Fatal(err)
	}
	overview, err := heatmap.Collect(ctx, wh, "2026Q3", 3)
	if err != nil {
		t.Fatal(err)
	}
	d := &Data{Quarter: "2026Q3", Threshold: 3, Heatmaps: maps}
	d.SetOverview(overview)
	path := filepath.Join(t.TempDir(), "readiness.xlsx")
	if err := WriteXLSX(path, d); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	raw := func(sheet, cell string) string {
		v, _ := x.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		return v
	}
	sh := "Profession x domain"
	// Rows 4-6: doctor (secondary suppressed), nurse 0.5 | 0.5, physiotherapist (primary); columns B-G.
	want := map[string]string{"A4": "Doctor", "B4": "*", "G4": "*", "A5": "Nurse", "B5": "0.5", "C5": "", "G5": "0.5",
		"A6": "Physiotherapist", "B6": "*", "G6": "*",
		// Respondents per cell, from row 10: none shown for suppressed cells.
		"A10": "Doctor", "B10": "", "B11": "4", "G11": "4", "B12": ""}
	for cell, w := range want {
		if got := raw(sh, cell); got != w {
			t.Errorf("%s!%s = %q, want %q", sh, cell, got, w)
		}
	}
	if cf, _ := x.GetConditionalFormats(sh); len(cf["B4:G6"]) != 1 || cf["B4:G6"][0].Type != "3_color_scale" {
		t.Errorf("colour scale: %+v", cf)
	}
	ch := "Region domain change"
	// London 0 | -33.3 pp; South East +10 | +50 pp (hand-derived in the heatmap tests).
	if raw(ch, "A4") != "London" || raw(ch, "A5") != "South East" {
		t.Errorf("change rows: %q, %q", raw(ch, "A4"), raw(ch, "A5"))
	}
	for cell, w := range map[string]float64{"B4": 0, "G4": -100.0 / 3, "B5": 10, "G5": 50} {
		got, err := strconv.ParseFloat(raw(ch, cell), 64)
		if err != nil || math.Abs(got-w) > 1e-9 {
			t.Errorf("%s!%s = %q, want %v percentage points", ch, cell, raw(ch, cell), w)
		}
	}
	if got := raw("Summary", "B3"); got != "8" {
		t.Errorf("Summary respondents = %q, want 8", got)
	}
}
