package reports

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-readiness/readiness/pipeline/heatmap"
)

// TrendsFile is the trends' long rows, written with the CSV format.
const TrendsFile = "trends.csv"

// TrendColumns are the columns of trends.csv and the workbook's Trends sheet.
var TrendColumns = []string{"dimension", "group_key", "group", "domain", "domain_name", "quarter", "value", "n", "ci_low", "ci_high", "suppressed", "gap"}

// trendRows renders the trends as rows of text: a quarter without respondents is a gap (no value,
// n 0), never a zero; a suppressed point has no value or n.
func trendRows(trends []heatmap.Trend) [][]string {
	var out [][]string
	for _, t := range trends {
		for _, p := range t.Points {
			n := strconv.FormatInt(p.N, 10)
			if p.Suppressed {
				n = ""
			}
			out = append(out, []string{t.Dimension, SafeText(t.GroupKey), SafeText(t.Group), t.Area, SafeText(t.AreaName), p.Quarter,
				num(p.Value), n, num(p.CILow), num(p.CIHigh), strconv.FormatBool(p.Suppressed), strconv.FormatBool(p.Gap)})
		}
	}
	return out
}

// WriteTrendsCSV writes every group's readiness by domain in every quarter as long rows.
func WriteTrendsCSV(path string, d *Data) error {
	return writeCSVFile(path, TrendColumns, trendRows(d.Trends))
}

// writeTrendsSheet adds the Trends sheet: the same rows as trends.csv, values as numbers, in an
// Excel Table.
func writeTrendsSheet(f *excelize.File, st styles, d *Data) error {
	if len(d.Trends) == 0 {
		return nil
	}
	sh := "Trends"
	if _, err := f.NewSheet(sh); err != nil {
		return err
	}
	head := []any{"Dimension", "Group key", "Group", "Domain", "Domain name", "Quarter", "Readiness", "Respondents", "95% low", "95% high", "Suppressed", "No respondents"}
	if err := f.SetSheetRow(sh, "A1", &head); err != nil {
		return err
	}
	f.SetCellStyle(sh, "A1", "L1", st.head)
	r := 2
	for _, t := range d.Trends {
		for _, p := range t.Points {
			row := []any{t.Dimension, SafeText(t.GroupKey), SafeText(t.Group), t.Area, SafeText(t.AreaName), p.Quarter, nil, nil, nil, nil, p.Suppressed, p.Gap}
			if p.Value != nil {
				row[6] = *p.Value
			}
			if !p.Suppressed {
				row[7] = p.N
			}
			if p.CILow != nil && p.CIHigh != nil {
				row[8], row[9] = *p.CILow, *p.CIHigh
			}
			if err := f.SetSheetRow(sh, cell(1, r), &row); err != nil {
				return err
			}
			r++
		}
	}
	f.SetCellStyle(sh, "G2", cell(7, r-1), st.pct)
	f.SetCellStyle(sh, "I2", cell(10, r-1), st.pct)
	f.SetColWidth(sh, "C", "C", 30)
	f.SetColWidth(sh, "E", "E", 40)
	if err := f.AddTable(sh, &excelize.Table{Range: "A1:" + cell(12, r-1), Name: "Trends", StyleName: "TableStyleLight1"}); err != nil {
		return err
	}
	return f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// TrendTable is one dimension's trends for the HTML report: a row per group, a sparkline per domain.
type TrendTable struct {
	Dimension string
	Title     string
	Areas     [][2]string // domain id, name
	Rows      []TrendRow
}

// TrendRow is one group's sparklines, one per domain.
type TrendRow struct {
	Group  string
	Sparks []template.HTML
}

// TrendTables groups the trends by dimension for the HTML report.
func (d *Data) TrendTables() []TrendTable {
	var out []TrendTable
	var cur *TrendTable
	rowOf := map[string]int{}
	for _, t := range d.Trends {
		if cur == nil || cur.Dimension != t.Dimension {
			title := t.Dimension
			if dim, ok := heatmap.DimensionByName(t.Dimension); ok {
				title = dim.Title
			}
			out = append(out, TrendTable{Dimension: t.Dimension, Title: title})
			cur = &out[len(out)-1]
			rowOf = map[string]int{}
		}
		seen := false
		for _, a := range cur.Areas {
			seen = seen || a[0] == t.Area
		}
		if !seen {
			cur.Areas = append(cur.Areas, [2]string{t.Area, t.AreaName})
		}
		i, ok := rowOf[t.GroupKey]
		if !ok {
			i = len(cur.Rows)
			rowOf[t.GroupKey] = i
			cur.Rows = append(cur.Rows, TrendRow{Group: t.Group})
		}
		cur.Rows[i].Sparks = append(cur.Rows[i].Sparks, Sparkline(t))
	}
	return out
}

// Sparkline draws a trend as a small inline SVG: a line through the quarters with a figure,
// broken at gaps and suppressed quarters, a dot on the latest figure, and the figures by quarter
// in its accessible name and title.
func Sparkline(t heatmap.Trend) template.HTML {
	const w, h, pad = 96.0, 28.0, 3.0
	n := len(t.Points)
	x := func(i int) float64 {
		if n == 1 {
			return w / 2
		}
		return pad + float64(i)*(w-2*pad)/float64(n-1)
	}
	y := func(v float64) float64 { return h - pad - v*(h-2*pad) }
	var said []string
	var pieces [][]string // the line's unbroken pieces, each a list of path commands
	var seg []string
	last := -1
	for i, p := range t.Points {
		switch {
		case p.Gap:
			said = append(said, p.Quarter+" no respondents")
		case p.Suppressed:
			said = append(said, p.Quarter+" suppressed")
		default:
			said = append(said, fmt.Sprintf("%s %s (n=%d)", p.Quarter, Percent(*p.Value), p.N))
		}
		if p.Value == nil {
			if len(seg) > 0 {
				pieces = append(pieces, seg)
				seg = nil
			}
			continue
		}
		cmd := "L"
		if len(seg) == 0 {
			cmd = "M"
		}
		seg = append(seg, fmt.Sprintf("%s%.1f %.1f", cmd, x(i), y(*p.Value)))
		last = i
	}
	if len(seg) > 0 {
		pieces = append(pieces, seg)
	}
	label := template.HTMLEscapeString(t.Group + ", " + t.AreaName + ": " + strings.Join(said, "; "))
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="spark" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s"><title>%s</title>`, w, h, w, h, label, label)
	fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#d8dde0"/>`, pad, w-pad, y(0.5), y(0.5))
	for _, piece := range pieces {
		d := strings.Join(piece, " ")
		if len(piece) == 1 { // a single quarter: a dot
			fmt.Fprintf(&b, `<path d="%s" stroke="#005eb8" stroke-width="4" stroke-linecap="round"/>`, d+" l0 0")
			continue
		}
		fmt.Fprintf(&b, `<path d="%s" fill="none" stroke="#005eb8" stroke-width="2"/>`, d)
	}
	if last >= 0 {
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="2.5" fill="#212b32"/>`, x(last), y(*t.Points[last].Value))
	}
	b.WriteString(`</svg>`)
	if last >= 0 {
		fmt.Fprintf(&b, ` <span class="spark-v">%s</span>`, Percent(*t.Points[last].Value))
	} else {
		b.WriteString(` <span class="spark-v">–</span>`)
	}
	return template.HTML(b.String())
}

// TrendQuarters are the quarters the trends cover, oldest first.
func (d *Data) TrendQuarters() []string { return trendQuarters(d.Trends) }

// trendQuarters are the quarters of trends read from the same views, oldest first.
func trendQuarters(ts []heatmap.Trend) []string {
	if len(ts) == 0 {
		return nil
	}
	var out []string
	for _, p := range ts[0].Points {
		out = append(out, p.Quarter)
	}
	return out
}
