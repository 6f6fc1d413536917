package reports

import (
	"math"

	"github.com/nhs-readiness/readiness/pipeline/heatmap"
)

// Cell status codes in the report's JSON.
const (
	statusShown = iota
	statusPrimary
	statusSecondary
	statusEmpty
)

// jsGrid is a heatmap in the compact form the report's script reads.
type jsGrid struct {
	Rows  [][2]string `json:"r"` // key, label
	Cols  [][3]string `json:"c"` // key, label, domain
	Cells [][][]any   `json:"v"` // per cell: value, n, ci low, ci high, mean level, status, unknown archetype
}

type jsExplore struct {
	Quarters    []string                                `json:"quarters"`
	Latest      string                                  `json:"latest"`
	Threshold   int                                     `json:"threshold"`
	Regions     [][2]string                             `json:"regions"`
	Professions [][2]string                             `json:"professions"`
	Views       map[string]map[string]map[string]jsGrid `json:"views"`
	Palette     []string                                `json:"palette"` // colour per whole percentage 0-100
	Ink         []string                                `json:"ink"`
	Drill       map[string]bool                         `json:"drill"` // domains that have sub-domains
	Bases       [][2]string                             `json:"bases"` // the redrawn heatmaps' dimensions: name, row title
}

func round4(v *float64) any {
	if v == nil {
		return nil
	}
	return math.Round(*v*1e4) / 1e4
}

func compact(h *heatmap.Heatmap) jsGrid {
	g := jsGrid{}
	for _, r := range h.Rows {
		g.Rows = append(g.Rows, [2]string{r.Key, r.Label})
	}
	for _, c := range h.Cols {
		g.Cols = append(g.Cols, [3]string{c.Key, c.Label, c.Group})
	}
	for i := range h.Rows {
		var row [][]any
		for _, c := range h.Cells[i] {
			status := statusShown
			switch {
			case c.Suppression == "secondary":
				status = statusSecondary
			case c.Suppressed:
				status = statusPrimary
			case c.Empty():
				status = statusEmpty
			}
			unknown := 0
			if c.Flags == "unknown_archetype" {
				unknown = 1
			}
			row = append(row, []any{round4(c.Value), c.N, round4(c.CILow), round4(c.CIHigh), round4(c.MeanLevel), status, unknown})
		}
		g.Cells = append(g.Cells, row)
	}
	return g
}

// Script returns the data of the report's filters in the form its script reads (nil without).
func (d *Data) Script() any {
	e := d.Explore
	if e == nil {
		return nil
	}
	js := jsExplore{Quarters: e.Quarters, Latest: e.Latest, Threshold: e.Threshold, Drill: d.DrillDomains(),
		Views: map[string]map[string]map[string]jsGrid{}}
	for _, r := range e.Regions {
		js.Regions = append(js.Regions, [2]string{r.Key, r.Label})
	}
	for _, p := range e.Professions {
		js.Professions = append(js.Professions, [2]string{p.Key, p.Label})
	}
	for view, maps := range e.Views {
		js.Views[view] = map[string]map[string]jsGrid{}
		for name, byQuarter := range maps {
			if !drawn(byQuarter) {
				continue // the views of every trust are for the packs; the script never draws them
			}
			js.Views[view][name] = map[string]jsGrid{}
			for q, h := range byQuarter {
				js.Views[view][name][q] = compact(h)
			}
		}
	}
	for _, dim := range heatmap.Dimensions() {
		if dim.Heatmaps {
			js.Bases = append(js.Bases, [2]string{dim.Name, dim.Title})
		}
	}
	for p := 0; p <= 100; p++ {
		js.Palette = append(js.Palette, Colour(float64(p)/100))
		js.Ink = append(js.Ink, TextColour(float64(p)/100))
	}
	return js
}

// drawn reports whether the report's script draws a view: a dimension the filters redraw, or
// the England reference row (no dimension).
func drawn(byQuarter map[string]*heatmap.Heatmap) bool {
	for _, h := range byQuarter {
		d, ok := heatmap.DimensionByName(h.Dimension)
		return h.Dimension == "" || ok && d.Heatmaps
	}
	return true
}

// DrillDomains are the domains whose sub-domains the report can show.
func (d *Data) DrillDomains() map[string]bool {
	out := map[string]bool{}
	if d.Explore == nil {
		return out
	}
	for _, byQuarter := range d.Explore.Views["all"] {
		for _, h := range byQuarter {
			if h.Kind != heatmap.KindSubdomain {
				continue
			}
			for _, c := range h.Cols {
				if c.Key != c.Group {
					out[c.Group] = true
				}
			}
		}
	}
	return out
}

// Interactive reports whether a heatmap is one the filters and drill-down redraw.
func Interactive(h *heatmap.Heatmap) bool {
	d, ok := heatmap.DimensionByName(h.Dimension)
	return ok && d.Heatmaps && h.Kind == heatmap.KindDomain && !h.Change && h.Region == "" && h.Profession == ""
}
