package heatmap

// Trend is one group's readiness in one domain over every loaded quarter, oldest first: a point
// per quarter, a gap where the quarter has no figure for the group.
type Trend struct {
	Dimension string // profession, region, archetype, ...
	GroupKey  string // "" for the unknown group
	Group     string
	Area      string // domain id
	AreaName  string
	Points    []TrendPoint
}

// TrendPoint is a group's figure in one quarter. Without respondents (Gap) or suppressed it has
// no value.
type TrendPoint struct {
	Quarter       string
	Value         *float64
	CILow, CIHigh *float64
	N             int64
	Suppressed    bool
	Gap           bool // no respondent of the group in this quarter
}

// Trends reads every dimension's readiness by domain in every quarter from the report's views
// (the figures behind the HTML report's quarter filter, already under disclosure control across
// the release), so a trend publishes nothing the views do not.
func Trends(ex *Explore) []Trend {
	if ex == nil {
		return nil
	}
	var out []Trend
	for _, d := range Dimensions() {
		if d.Heatmaps {
			out = append(out, trendsOf(ex, d.Name, d.Name+"_domain")...)
		}
	}
	return out
}

// trendsOf reads the trends of one dimension from one of the report's views (all staff).
func trendsOf(ex *Explore, dimension, view string) []Trend {
	byQuarter := ex.Views["all"][view]
	if byQuarter == nil {
		return nil
	}
	type key struct{ group, area string }
	index := map[key]int{}
	var trends []Trend
	// Groups and areas in the order of the latest quarter's heatmap, then any others.
	for i := len(ex.Quarters) - 1; i >= 0; i-- {
		h := byQuarter[ex.Quarters[i]]
		if h == nil {
			continue
		}
		for r, row := range h.Rows {
			for c, col := range h.Cols {
				k := key{row.Key, col.Key}
				if _, ok := index[k]; !ok {
					index[k] = len(trends)
					trends = append(trends, Trend{Dimension: dimension, GroupKey: row.Key, Group: row.Label, Area: col.Key, AreaName: col.Label,
						Points: make([]TrendPoint, len(ex.Quarters))})
					for qi, q := range ex.Quarters {
						trends[len(trends)-1].Points[qi] = TrendPoint{Quarter: q, Gap: true}
					}
				}
				cell := h.Cells[r][c]
				p := &trends[index[k]].Points[i]
				p.Gap = cell.Empty()
				p.Suppressed, p.N = cell.Suppressed, cell.N
				p.Value, p.CILow, p.CIHigh = cell.Value, cell.CILow, cell.CIHigh
			}
		}
	}
	return trends
}
