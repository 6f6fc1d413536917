package reports

import (
	_ "embed"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-readiness/readiness/pipeline/heatmap"
	"github.com/nhs-readiness/readiness/pipeline/outfile"
)

// PacksDir is the folder, under the output folder, of the trusts' packs.
const PacksDir = "packs"

func init() {
	RegisterFormat(Format{Name: "packs", Order: 7, Write: writePacks})
}

//go:embed templates/pack.html.tmpl
var packTemplate string

var packPage = template.Must(template.New("pack").Funcs(funcs).Funcs(template.FuncMap{
	"spark":         Sparkline,
	"minBenchmark":  func() int { return heatmap.MinBenchmark },
	"cellAt":        func(h *heatmap.Heatmap, i, j int) heatmap.Cell { return h.Cells[i][j] },
	"trendQuarters": trendQuarters,
}).Parse(packTemplate))

// packView is a pack as its template reads it.
type packView struct {
	heatmap.Pack
	Threshold int
}

// writePacks writes every trust's pack, packs/CODE.html and packs/CODE.xlsx.
func writePacks(dir string, d *Data) ([]string, error) {
	pdir := filepath.Join(dir, PacksDir)
	if err := os.MkdirAll(pdir, 0o755); err != nil {
		return nil, err
	}
	kinds := []struct {
		ext   string
		write func(string, packView) error
	}{{"html", writePackHTML}, {"xlsx", writePackXLSX}}
	return writeEach(len(d.Packs)*len(kinds), func(i int) (string, error) {
		p, w := d.Packs[i/len(kinds)], kinds[i%len(kinds)]
		v := packView{Pack: p, Threshold: d.Threshold}
		path := filepath.Join(pdir, p.Trust+"."+w.ext)
		if err := outfile.Create(path, func(tmp string) error { return w.write(tmp, v) }); err != nil {
			return "", fmt.Errorf("pack %s: %w", p.Trust, err)
		}
		return path, nil
	})
}

func writePackHTML(path string, v packView) error {
	var b strings.Builder
	if err := packPage.Execute(&b, v); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// writePackXLSX writes a pack as a workbook: the same figures as its HTML, a sheet per section.
func writePackXLSX(path string, v packView) error {
	f := excelize.NewFile()
	defer f.Close()
	pctStyle, err := f.NewStyle(&excelize.Style{NumFmt: 9})
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	sheet := func(name, title string, header []string, rows [][]any, pctCols ...int) error {
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
		f.SetCellValue(name, "A1", SafeText(title))
		f.SetCellStyle(name, "A1", "A1", bold)
		all := append([][]any{anys(header)}, rows...)
		for r, row := range all {
			for c, val := range row {
				if s, ok := val.(string); ok {
					val = SafeText(s)
				}
				if err := f.SetCellValue(name, cell(c+1, r+3), val); err != nil {
					return err
				}
			}
		}
		f.SetCellStyle(name, cell(1, 3), cell(len(header), 3), bold)
		for _, c := range pctCols {
			f.SetCellStyle(name, cell(c, 4), cell(c, 3+len(rows)), pctStyle)
		}
		f.SetColWidth(name, "A", "A", 48)
		return f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 3, TopLeftCell: "A4", ActivePane: "bottomLeft"})
	}
	title := fmt.Sprintf("%s (%s), %s", v.TrustName, v.Trust, v.Quarter)
	grid := func(h *heatmap.Heatmap) ([]string, [][]any, []int) {
		if h == nil {
			return []string{"No figures for this trust"}, nil, nil
		}
		header := []string{h.ColTitle}
		var pcts []int
		for _, r := range h.Rows {
			header = append(header, r.Label, r.Label+" n", r.Label+" 95% low", r.Label+" 95% high")
			k := len(header)
			pcts = append(pcts, k-3, k-1, k)
		}
		var rows [][]any
		for j, c := range h.Cols {
			row := []any{c.Key + " " + c.Label}
			for i := range h.Rows {
				x := h.Cells[i][j]
				switch {
				case x.Suppressed:
					row = append(row, "*", "*", nil, nil)
				case x.Empty():
					row = append(row, nil, 0, nil, nil)
				default:
					row = append(row, fv(x.Value), x.N, fv(x.CILow), fv(x.CIHigh))
				}
			}
			rows = append(rows, row)
		}
		return header, rows, pcts
	}
	h, rows, pcts := grid(v.Domain)
	if err := sheet("Domains", title+": readiness by domain, beside the region and England", h, rows, pcts...); err != nil {
		return err
	}
	h, rows, pcts = grid(v.StaffGroups)
	if err := sheet("Staff groups", title+": readiness by staff group and domain", h, rows, pcts...); err != nil {
		return err
	}
	var brows [][]any
	for _, b := range v.Benchmarks {
		rank := any(nil)
		if b.Rank > 0 {
			rank = fmt.Sprintf("%d of %d", b.Rank, b.Trusts)
		}
		brows = append(brows, []any{b.Domain + " " + b.DomainName, fv(b.Value), fv(b.Best), fv(b.Median), fv(b.Worst), rank})
	}
	if err := sheet("Position", "Position among "+orNone(v.Group), []string{"Domain", "You", "Best", "Median", "Worst", "Position"}, brows, 2, 3, 4, 5); err != nil {
		return err
	}
	h, rows, pcts = grid(v.Subdomain)
	if err := sheet("Sub-domains", title+": readiness by sub-domain", h, rows, pcts...); err != nil {
		return err
	}
	var theader []string
	var trows [][]any
	var tpcts []int
	if len(v.Trends) > 0 {
		theader = []string{"Domain", "Who"}
		for i, p := range v.Trends[0].Points {
			theader = append(theader, p.Quarter)
			tpcts = append(tpcts, 3+i)
		}
		for _, t := range v.Trends {
			row := []any{t.Area + " " + t.AreaName, t.Group}
			for _, p := range t.Points {
				switch {
				case p.Suppressed:
					row = append(row, "*")
				default:
					row = append(row, fv(p.Value))
				}
			}
			trows = append(trows, row)
		}
	}
	if err := sheet("Trend", title+": readiness by domain in every quarter (blank: no respondents)", theader, trows, tpcts...); err != nil {
		return err
	}
	var grows [][]any
	for _, g := range v.Gaps {
		grows = append(grows, []any{g.Rank, g.CapabilityID, g.Statement, g.Level, g.Share, g.N})
	}
	if err := sheet("Training", "What to train first: the lowest level not yet met by most of your staff, per domain",
		[]string{"#", "Capability", "Statement", "Level", "Meeting it", "Respondents"}, grows, 5); err != nil {
		return err
	}
	var frows [][]any
	for _, s := range v.Files {
		frows = append(frows, []any{s.File, s.RowsRead, s.RowsLoaded, s.RowsRejected, s.RowsWarned, s.ColumnsMapped, s.ColumnsUnmapped})
	}
	if err := sheet("Files", "Your files: each one's problems are in feedback/FILE.feedback.xlsx beside the warehouse",
		[]string{"File", "Rows read", "Loaded", "Rejected", "Loaded with warnings", "Columns mapped", "Columns not mapped"}, frows); err != nil {
		return err
	}
	if err := sheet("Notes", title, []string{"Note"}, [][]any{
		{fmt.Sprintf("Figures from fewer than %d respondents, and any that would give one away, are shown as *.", v.Threshold)},
		{"Every figure here is one the quarter's report publishes, under the same disclosure control."},
		{"A staff group is shown wherever it lets no withheld figure be worked out; the rest are shown as *."},
	}); err != nil {
		return err
	}
	f.DeleteSheet("Sheet1")
	return f.SaveAs(path)
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// fv is a figure for a cell: the number, or blank for none.
func fv(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}

func orNone(group string) string {
	if group == "" {
		return "comparable trusts: no benchmark group is recorded for this trust"
	}
	return group
}
