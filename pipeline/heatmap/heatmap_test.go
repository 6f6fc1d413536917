package heatmap_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/nhs-readiness/readiness/pipeline/heatmap"
	"github.com/nhs-readiness/readiness/pipeline/ingest"
	"github.com/nhs-readiness/readiness/pipeline/warehouse/warehousetest"
)

// The hand-made fixture (testdata/handmade) answers four capabilities; "meets" is Very confident
// (level 3) or above. Relevant capabilities: Users 1-L1-01 and 6-L1-01; Creators all four; the
// respondent with no archetype, all four. Row 7 is rejected. Readiness per respondent and domain:
//
//	row  profession  archetype  domain 1 (answers: levels)  domain 6 (answers: levels)
//	2    nurse       U          1.0  (3)                    0.0  (1)
//	3    nurse       U          1.0  (3)                    1.0  (3)
//	4    doctor      C          0.5  (3, 1)                 1.0  (4, 3)
//	5    doctor      C          0.5  (0, 3)                 0.5  (3, 2)
//	6    unknown     unknown    1.0  (3, 3)                 0.5  (3, 1)
//
// so, by hand:
//
//	profession: doctor 0.5 | 0.75; nurse 1.0 | 0.5; unknown 1.0 | 0.5
//	archetype:  Creators 0.5 | 0.75; Users 1.0 | 0.5; unknown 1.0 | 0.5
//	region:     South East (4+0)/5 = 0.8 | 3/5 = 0.6; mean level 19/8 | 20/8
//
// Domains 2 to 5 have no answers: their cells are empty, not zero.
func TestHandComputedReadiness(t *testing.T) {
	wh, loader := warehousetest.New(t)
	ctx := context.Background()
	if _, err := loader.Load(ctx, "../../testdata/handmade/trust_RTH_2026Q3.csv", ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	maps, err := heatmap.ComputeAll(ctx, wh, heatmap.DomainSpecs, heatmap.Params{Quarter: "2026Q3", Threshold: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"profession_domain": "Doctor: 0.500 - - - - 0.750 | Nurse: 1.000 - - - - 0.500 | Unknown: 1.000 - - - - 0.500",
		"region_domain":     "South East: 0.800 - - - - 0.600",
		"archetype_domain":  "Creators: 0.500 - - - - 0.750 | Users: 1.000 - - - - 0.500 | Unknown: 1.000 - - - - 0.500",
		// One profession per staff group here, so the same figures as by profession.
		"staff_group_domain": "HCHS doctors: 0.500 - - - - 0.750 | Nurses and health visitors: 1.000 - - - - 0.500 | Unknown: 1.000 - - - - 0.500",
	}
	for _, h := range maps {
		if got := render(h); got != want[h.Name] {
			t.Errorf("%s\n got %s\nwant %s", h.Name, got, want[h.Name])
		}
		if len(h.Cols) != 6 || h.Cols[0].Label != "Digital implementation" || h.Cols[5].Key != "6" {
			t.Errorf("%s: columns %v, want the 6 domains in framework order", h.Name, h.Cols)
		}
	}
	// Region x domain 1 in full: n, answers, mean level and the 95% interval.
	c := maps[1].Cells[0][0]
	// Respondent readiness 1, 1, .5, .5, 1: mean .8, sample sd sqrt(.3/4), half-width 1.96 sd / sqrt 5.
	half := 1.96 * math.Sqrt(0.3/4) / math.Sqrt(5)
	if c.N != 5 || c.Answers != 8 || !near(*c.MeanLevel, 19.0/8) || !near(*c.CILow, 0.8-half) || !near(*c.CIHigh, 1.0) {
		t.Errorf("region x domain 1: n=%d answers=%d mean level=%v interval=[%v, %v]; want 5, 8, 2.375, [%.4f, 1]",
			c.N, c.Answers, *c.MeanLevel, *c.CILow, *c.CIHigh, 0.8-half)
	}
	if e := maps[1].Cells[0][1]; !e.Empty() || e.Value != nil || e.Suppressed {
		t.Errorf("region x domain 2 should be empty, got %+v", e)
	}
}

func TestSuppression(t *testing.T) {
	wh, loader := warehousetest.New(t)
	ctx := context.Background()
	if _, err := loader.Load(ctx, "../../testdata/handmade/trust_RTH_2026Q3.csv", ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	h, err := heatmap.Compute(ctx, wh, heatmap.DomainSpecs[0], heatmap.Params{Quarter: "2026Q3", Threshold: 2})
	if err != nil {
		t.Fatal(err)
	}
	// With a threshold of 2 the unknown profession (1 respondent) is suppressed; each column's
	// total is published, so the smallest other cell of the column (Doctor, 2, ahead of Nurse
	// by vocabulary order) is suppressed too.
	if got, want := render(h), "Doctor: * - - - - * | Nurse: 1.000 - - - - 0.500 | Unknown: * - - - - *"; got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
	u, d := h.Cells[2][0], h.Cells[0][5]
	if !u.Suppressed || u.Suppression != "primary" || u.Value != nil || u.CILow != nil || u.MeanLevel != nil || u.N != 0 {
		t.Errorf("primary suppressed cell = %+v", u)
	}
	if !d.Suppressed || d.Suppression != "secondary" || d.Value != nil || d.N != 0 {
		t.Errorf("secondary suppressed cell = %+v", d)
	}
}

// render writes a heatmap as "row: cell cell ... | row: ...", a cell being its value to three
// places, "*" when suppressed and "-" when empty.
func render(h *heatmap.Heatmap) string {
	var rows []string
	for i, r := range h.Rows {
		cells := []string{}
		for _, c := range h.Cells[i] {
			switch {
			case c.Suppressed:
				cells = append(cells, "*")
			case c.Value == nil:
				cells = append(cells, "-")
			default:
				cells = append(cells, fmt.Sprintf("%.3f", *c.Value))
			}
		}
		rows = append(rows, r.Label+": "+strings.Join(cells, " "))
	}
	return strings.Join(rows, " | ")
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
