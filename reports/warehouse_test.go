package reports

import (
	"context"
	"math"
	"path/filepath"
	"strconv"
	"strings"
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
	d := &Data{Quarter: "2026Q3", Threshold: 3, Heatmaps: maps, Overview: *overview}
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
	checkWorkbook(t, x)
	// Nurse x domain 1 (50%) takes the palette's colour and white text; its interval is beside it.
	st, _ := x.GetCellStyle(sh, "B5")
	style, _ := x.GetStyle(st)
	if style == nil || len(style.Fill.Color) == 0 || "#"+strings.ToLower(style.Fill.Color[0]) != Colour(0.5) {
		t.Errorf("B5's fill: %+v", style)
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

// checkWorkbook checks what every workbook must be: sheet names unique and at most 31
// characters; every cell with a fill has text that contrasts with it at 4.5:1 or more; every
// heatmap sheet's grids are Excel Tables (with AutoFilter) and it prints landscape.
func checkWorkbook(t *testing.T, x *excelize.File) {
	t.Helper()
	seen := map[string]bool{}
	tables := 0
	for _, sh := range x.GetSheetList() {
		if len([]rune(sh)) > 31 || seen[sh] {
			t.Errorf("sheet name %q: too long or repeated", sh)
		}
		seen[sh] = true
		rows, _ := x.GetRows(sh)
		for r, row := range rows {
			for c := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				id, _ := x.GetCellStyle(sh, ref)
				st, _ := x.GetStyle(id)
				if st == nil || st.Fill.Type != "pattern" || len(st.Fill.Color) == 0 {
					continue
				}
				font := "000000"
				if st.Font != nil && st.Font.Color != "" {
					font = st.Font.Color
				}
				bg := st.Fill.Color[0]
				if st.Fill.Pattern != 1 { // a hatched fill: judge against its darker colour
					bg = "D8DDE0"
				}
				if c := ContrastOf("#"+font, "#"+bg); c < 4.5 {
					t.Errorf("%s!%s: text #%s on #%s has contrast %.2f", sh, ref, font, bg, c)
				}
			}
		}
		ts, _ := x.GetTables(sh)
		tables += len(ts)
		if len(ts) > 0 {
			if pl, err := x.GetPageLayout(sh); err != nil || pl.Orientation == nil || *pl.Orientation != "landscape" {
				t.Errorf("%s does not print landscape: %+v", sh, pl)
			}
		}
	}
	if tables == 0 {
		t.Error("no Excel Tables")
	}
}
