package heatmap

import (
	"fmt"
	"strings"
	"testing"
)

// Best, median and worst among the published figures of a benchmark group, by hand: four acute
// trusts publish 0.5, 0.3, 0.4 and 0.2 (median (0.4+0.3)/2 = 0.35); a fifth is withheld and has
// no position; a specialist trust is compared with no acute one and, alone, has no best.
func TestBenchmarkIndex(t *testing.T) {
	v := func(x float64) *float64 { return &x }
	h := &Heatmap{Cols: []Label{{Key: "1", Label: "Digital"}}}
	for _, r := range []struct {
		key   string
		value *float64
	}{{"A1", v(0.5)}, {"A2", v(0.3)}, {"A3", v(0.4)}, {"A4", v(0.2)}, {"A5", nil}, {"S1", v(0.9)}, {"X1", v(0.1)}} {
		h.Rows = append(h.Rows, Label{Key: r.key})
		c := Cell{Value: r.value, N: 20}
		if r.value == nil {
			c.Suppressed = true
		}
		h.Cells = append(h.Cells, []Cell{c})
	}
	groups := map[string]string{"A1": "acute", "A2": "acute", "A3": "acute", "A4": "acute", "A5": "acute", "S1": "specialist"}
	got := benchmarkIndex(h, groups)
	say := func(b Benchmark) string {
		f := func(p *float64) string {
			if p == nil {
				return "-"
			}
			return fmt.Sprintf("%.2f", *p)
		}
		return fmt.Sprintf("%s %d/%d %s %s %s", f(b.Value), b.Rank, b.Trusts, f(b.Best), f(b.Median), f(b.Worst))
	}
	var lines []string
	for _, k := range []string{"A1", "A2", "A4", "A5", "S1", "X1"} {
		if len(got[k]) == 1 {
			lines = append(lines, k+" "+say(got[k][0]))
		} else {
			lines = append(lines, k+" none")
		}
	}
	want := "A1 0.50 1/4 0.50 0.35 0.20|A2 0.30 3/4 0.50 0.35 0.20|A4 0.20 4/4 0.50 0.35 0.20|A5 - 0/4 0.50 0.35 0.20|S1 0.90 1/1 - - -|X1 none"
	if strings.Join(lines, "|") != want {
		t.Errorf("benchmarks:\n got %s\nwant %s", strings.Join(lines, "|"), want)
	}
}
