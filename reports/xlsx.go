package reports

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-readiness/readiness/pipeline/heatmap"
)

func init() {
	RegisterFormat(Format{Name: "xlsx", Order: 2, Write: oneFile("readiness.xlsx", WriteXLSX)})
}

// SuppressedMark is written in place of a suppressed value.
const SuppressedMark = "*"

// WriteXLSX writes the workbook: a summary, one sheet per heatmap (values as numbers with a
// three-colour scale, respondents per cell beneath), the files loaded, and notes.
func WriteXLSX(path string, d *Data) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", "Summary"); err != nil {
		return err
	}
	if err := writeSummary(f, st, d); err != nil {
		return fmt.Errorf("summary sheet: %w", err)
	}
	for _, h := range d.Heatmaps {
		if err := writeHeatmapSheet(f, st, h); err != nil {
			return fmt.Errorf("sheet %s: %w", h.Name, err)
		}
	}
	if err := writeTrendsSheet(f, st, d); err != nil {
		return fmt.Errorf("trends sheet: %w", err)
	}
	if err := writeGaps(f, st, d); err != nil {
		return fmt.Errorf("gaps sheet: %w", err)
	}
	if err := writeFiles(f, st, d); err != nil {
		return fmt.Errorf("files sheet: %w", err)
	}
	if err := writeNotes(f, st, d); err != nil {
		return fmt.Errorf("notes sheet: %w", err)
	}
	return f.SaveAs(path)
}

type styles struct {
	title, head, pct, num, sup, wrap, pp int
	f                                    *excelize.File
	filled                               map[string]int  // a value's style by fill colour and number format: the fill and its ink
	used                                 map[string]bool // sheet names given
}

// fill returns the style of a value on a coloured background: the palette's colour, black or
// white text (whichever contrasts more, as in the HTML report), and the number format.
func (s styles) fill(bg string, numFmt int, custom *string) int {
	key := fmt.Sprintf("%s|%d", bg, numFmt)
	if custom != nil {
		key += "|" + *custom
	}
	if id, ok := s.filled[key]; ok {
		return id
	}
	id, _ := s.f.NewStyle(&excelize.Style{NumFmt: numFmt, CustomNumFmt: custom, Alignment: &excelize.Alignment{Horizontal: "center"},
		Font: &excelize.Font{Bold: true, Color: strings.TrimPrefix(Ink(bg), "#")},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{strings.TrimPrefix(bg, "#")}}})
	s.filled[key] = id
	return id
}

// ppFormat shows a change in percentage points.
var ppFormat = `+0.0" pp";-0.0" pp";0.0" pp"`

func newStyles(f *excelize.File) (styles, error) {
	s := styles{f: f, filled: map[string]int{}, used: map[string]bool{"Summary": true, "Gaps and levels": true, "Files": true, "Notes": true}}
	var err error
	mk := func(st *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(st)
		return id
	}
	s.title = mk(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	s.head = mk(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "bottom"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EDEE"}}})
	s.pct = mk(&excelize.Style{NumFmt: 9, Alignment: &excelize.Alignment{Horizontal: "center"}})
	s.num = mk(&excelize.Style{NumFmt: 3})
	s.sup = mk(&excelize.Style{Alignment: &excelize.Alignment{Horizontal: "center"}, Font: &excelize.Font{Color: "212B32"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 6, Color: []string{"D8DDE0"}}})
	s.wrap = mk(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	s.pp = mk(&excelize.Style{CustomNumFmt: &ppFormat, Alignment: &excelize.Alignment{Horizontal: "center"}})
	return s, err
}

func cell(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

func writeSummary(f *excelize.File, st styles, d *Data) error {
	sh := "Summary"
	rows := [][]any{
		{"AI and digital readiness: " + d.Quarter},
		{"Framework version", d.FrameworkVersion},
		{"Respondents", d.Respondents},
		{"Trusts", d.Trusts},
		{"Files loaded", d.Files},
		{"Rows read", d.RowsRead},
		{"Rows loaded", d.RowsLoaded},
		{"Rows rejected", d.RowsRejected},
		{"Suppression threshold (respondents)", d.Threshold},
		{},
		{"Domain", "Readiness", "Respondents"},
	}
	for _, v := range d.DomainReadiness {
		rows = append(rows, []any{v.Domain + " " + v.Name, v.Value, v.N})
	}
	for i, r := range rows {
		if err := f.SetSheetRow(sh, cell(1, i+1), &r); err != nil {
			return err
		}
	}
	f.SetCellStyle(sh, "A1", "A1", st.title)
	f.SetCellStyle(sh, "A11", "C11", st.head)
	if len(d.DomainReadiness) > 0 {
		f.SetCellStyle(sh, "B12", cell(2, 11+len(d.DomainReadiness)), st.pct)
	}
	return f.SetColWidth(sh, "A", "A", 44)
}

// writeHeatmapSheet lays a heatmap out as a grid: values (0-1, shown as %) from row 4, the number
// of respondents per cell in a second grid below.
func writeHeatmapSheet(f *excelize.File, st styles, h *heatmap.Heatmap) error {
	sh := st.sheet(h)
	if _, err := f.NewSheet(sh); err != nil {
		return err
	}
	f.SetCellValue(sh, "A1", h.Title+", "+h.Quarter)
	f.SetCellStyle(sh, "A1", "A1", st.title)
	if h.Change {
		f.SetCellValue(sh, "A2", fmt.Sprintf("Change in readiness since %s, in percentage points, where both quarters have a figure. %s = suppressed; blank = no figure.", h.Previous, SuppressedMark))
	} else {
		f.SetCellValue(sh, "A2", fmt.Sprintf("Share of relevant capabilities met, averaged over respondents. %s = suppressed (fewer than %d respondents, or to protect one that is); blank = no respondents.", SuppressedMark, h.Threshold))
	}
	header := []any{h.RowTitle}
	for _, c := range h.Cols {
		header = append(header, c.Key+" "+c.Label)
	}
	if err := f.SetSheetRow(sh, "A3", &header); err != nil {
		return err
	}
	last := cell(len(h.Cols)+1, 3)
	f.SetCellStyle(sh, "A3", last, st.head)
	nTop := 3 + len(h.Rows) + 3
	f.SetCellValue(sh, cell(1, nTop-1), "Respondents per cell")
	f.SetCellStyle(sh, cell(1, nTop-1), cell(1, nTop-1), st.title)
	if err := f.SetSheetRow(sh, cell(1, nTop), &header); err != nil {
		return err
	}
	f.SetCellStyle(sh, cell(1, nTop), cell(len(h.Cols)+1, nTop), st.head)
	iTop := nTop + len(h.Rows) + 3
	intervals := "95% interval of each value"
	if h.Change {
		intervals = "95% interval of each change, in percentage points; ns: not significant (the interval includes 0), shown uncoloured above"
	}
	f.SetCellValue(sh, cell(1, iTop-1), intervals)
	f.SetCellStyle(sh, cell(1, iTop-1), cell(1, iTop-1), st.title)
	if err := f.SetSheetRow(sh, cell(1, iTop), &header); err != nil {
		return err
	}
	f.SetCellStyle(sh, cell(1, iTop), cell(len(h.Cols)+1, iTop), st.head)
	for i, r := range h.Rows {
		vr, nr, ir := 4+i, nTop+1+i, iTop+1+i
		f.SetCellValue(sh, cell(1, vr), SafeText(r.Label))
		f.SetCellValue(sh, cell(1, nr), SafeText(r.Label))
		f.SetCellValue(sh, cell(1, ir), SafeText(r.Label))
		for j, c := range h.Cells[i] {
			switch {
			case c.Suppressed:
				f.SetCellValue(sh, cell(j+2, vr), SuppressedMark)
				f.SetCellStyle(sh, cell(j+2, vr), cell(j+2, vr), st.sup)
			case h.Change && c.ChangePP != nil:
				f.SetCellFloat(sh, cell(j+2, vr), *c.ChangePP, -1, 64)
				f.SetCellStyle(sh, cell(j+2, vr), cell(j+2, vr), st.fill(ChangeCellColour(c), 0, &ppFormat))
			case !h.Change && c.Value != nil:
				f.SetCellFloat(sh, cell(j+2, vr), *c.Value, -1, 64)
				f.SetCellStyle(sh, cell(j+2, vr), cell(j+2, vr), st.fill(Colour(*c.Value), 9, nil))
			}
			if c.N > 0 {
				f.SetCellInt(sh, cell(j+2, nr), c.N)
			}
			switch {
			case h.Change && c.ChangeLow != nil:
				sig := "significant"
				if !c.Significant() {
					sig = NotSignificant
				}
				f.SetCellValue(sh, cell(j+2, ir), fmt.Sprintf("%+.0f to %+.0f pp, %s", *c.ChangeLow, *c.ChangeHigh, sig))
			case c.CILow != nil && c.CIHigh != nil:
				f.SetCellValue(sh, cell(j+2, ir), Percent(*c.CILow)+" to "+Percent(*c.CIHigh))
			}
		}
	}
	if len(h.Rows) > 0 {
		// Each grid an Excel Table, with AutoFilter.
		lastCol := len(h.Cols) + 1
		grids := [][2]int{{3, 3 + len(h.Rows)}, {nTop, nTop + len(h.Rows)}, {iTop, iTop + len(h.Rows)}}
		for k, g := range grids {
			name := fmt.Sprintf("T%d_%s", k+1, strings.NewReplacer("-", "_", " ", "_").Replace(h.Name))
			if err := f.AddTable(sh, &excelize.Table{Range: cell(1, g[0]) + ":" + cell(lastCol, g[1]), Name: name,
				StyleName: "TableStyleLight1", ShowRowStripes: boolPtr(false)}); err != nil {
				return fmt.Errorf("table %s: %w", name, err)
			}
		}
		// Printed landscape, a page wide.
		last := iTop + len(h.Rows)
		printArea(f, sh, "$A$1:$"+colName(lastCol)+"$"+fmt.Sprint(last))
	}
	if err := f.SetPanes(sh, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: 3, TopLeftCell: "B4", ActivePane: "bottomRight"}); err != nil {
		return err
	}
	f.SetRowHeight(sh, 3, 48)
	f.SetColWidth(sh, "A", "A", 34)
	lastCol, err := excelize.ColumnNumberToName(len(h.Cols) + 1)
	if err != nil {
		return err
	}
	return f.SetColWidth(sh, "B", lastCol, 16)
}

// writeGaps lists the capability gaps and the level profile.
func writeGaps(f *excelize.File, st styles, d *Data) error {
	if len(d.Gaps) == 0 && len(d.LevelProfile) == 0 {
		return nil
	}
	sh := "Gaps and levels"
	if _, err := f.NewSheet(sh); err != nil {
		return err
	}
	r := 1
	for _, t := range d.Gaps {
		f.SetCellValue(sh, cell(1, r), "What to train first, by "+t.Dimension)
		f.SetCellStyle(sh, cell(1, r), cell(1, r), st.title)
		header := []any{t.Dimension, "Rank", "Capability", "Statement", "Level", "Share meeting it", "Respondents"}
		f.SetSheetRow(sh, cell(1, r+1), &header)
		f.SetCellStyle(sh, cell(1, r+1), cell(7, r+1), st.head)
		r += 2
		for _, g := range t.Gaps {
			row := []any{SafeText(g.RowLabel), g.Rank, g.CapabilityID, g.Statement, g.Level, g.Share, g.N}
			f.SetSheetRow(sh, cell(1, r), &row)
			f.SetCellStyle(sh, cell(6, r), cell(6, r), st.pct)
			r++
		}
		r++
	}
	if len(d.LevelProfile) > 0 {
		f.SetCellValue(sh, cell(1, r), "Level profile: share of respondents by highest met level")
		f.SetCellStyle(sh, cell(1, r), cell(1, r), st.title)
		header := []any{"Domain", "Level 0", "Level 1", "Level 2", "Level 3", "Level 4", "Respondents"}
		f.SetSheetRow(sh, cell(1, r+1), &header)
		f.SetCellStyle(sh, cell(1, r+1), cell(7, r+1), st.head)
		r += 2
		for i := 0; i+4 < len(d.LevelProfile); i += 5 {
			l := d.LevelProfile[i]
			f.SetCellValue(sh, cell(1, r), l.Domain+" "+l.DomainName)
			for k := 0; k < 5; k++ {
				switch s := d.LevelProfile[i+k]; {
				case s.Suppressed:
					f.SetCellValue(sh, cell(2+k, r), SuppressedMark)
				case s.Share != nil:
					f.SetCellFloat(sh, cell(2+k, r), *s.Share, -1, 64)
					f.SetCellStyle(sh, cell(2+k, r), cell(2+k, r), st.pct)
				}
			}
			if !l.Suppressed && l.N > 0 {
				f.SetCellInt(sh, cell(7, r), int64(l.N))
			}
			r++
		}
	}
	f.SetColWidth(sh, "A", "A", 30)
	return f.SetColWidth(sh, "D", "D", 80)
}

// sheetName turns "profession_domain" into "Profession x domain" (at most 31 characters).
// sheet names a heatmap's sheet as people read it: a trust heatmap by its region's name, every
// name within Excel's 31 characters and unique in the workbook.
func (s styles) sheet(h *heatmap.Heatmap) string {
	name := sheetName(h.Name)
	if h.Dimension == "trust" && h.Region != "" {
		region := h.Title[strings.LastIndex(h.Title, ", ")+2:]
		name = "Trusts " + region
		if h.Change {
			name += " change"
		}
	}
	r := []rune(name)
	base := string(r[:min(31, len(r))]) // runes, not bytes
	for k := 2; s.used[base]; k++ {
		suffix := fmt.Sprintf(" (%d)", k)
		base = string(r[:min(len(r), 31-len(suffix))]) + suffix
	}
	s.used[base] = true
	return base
}

func sheetName(name string) string {
	s := []rune(name)
	for i, r := range s {
		if r == '_' {
			s[i] = ' '
		}
	}
	out := string(s)
	if len(out) > 0 {
		out = string([]rune(out)[0]-'a'+'A') + out[1:]
	}
	for _, w := range []string{" domain", " subdomain"} {
		if len(out) > len(w) && out[len(out)-len(w):] == w {
			out = out[:len(out)-len(w)] + " x" + w
		}
	}
	if len(out) > 31 {
		out = out[:31]
	}
	return out
}

func writeFiles(f *excelize.File, st styles, d *Data) error {
	sh := "Files"
	if _, err := f.NewSheet(sh); err != nil {
		return err
	}
	header := []any{"Trust", "Trust name", "Region", "File", "Rows read", "Rows loaded", "Rows rejected", "Loaded with warnings", "Columns mapped", "Columns unmapped"}
	if err := f.SetSheetRow(sh, "A1", &header); err != nil {
		return err
	}
	f.SetCellStyle(sh, "A1", "J1", st.head)
	for i, s := range d.Submissions {
		row := []any{SafeText(s.Trust), SafeText(s.TrustName), SafeText(s.Region), SafeText(s.File), s.RowsRead, s.RowsLoaded,
			s.RowsRejected, s.RowsWarned, s.ColumnsMapped, s.ColumnsUnmapped}
		if err := f.SetSheetRow(sh, cell(1, i+2), &row); err != nil {
			return err
		}
	}
	f.SetColWidth(sh, "B", "B", 50)
	f.SetColWidth(sh, "D", "D", 40)
	return f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

func writeNotes(f *excelize.File, st styles, d *Data) error {
	sh := "Notes"
	if _, err := f.NewSheet(sh); err != nil {
		return err
	}
	notes := []string{
		"About these figures",
		"Quarter: " + d.Quarter,
		"Framework: " + d.FrameworkSource + " Version " + d.FrameworkVersion + ".",
		"Metric: each answer maps to an attainment level 0-4 through its answer scale; an answer meets a capability when its level is at or above the scale's 'meets' point (e.g. 'Very confident'). A capability is relevant to a respondent when it is badged for the respondent's archetype (every capability when the archetype is unknown). A respondent's readiness in a domain is the share of their relevant answered capabilities there that they meet; a cell's readiness is the mean over its respondents.",
		"Interval: the 95% interval in the HTML report's tooltips is the mean plus or minus 1.96 standard errors of respondent readiness, clipped to 0-100%.",
		fmt.Sprintf("Suppression (%s): a cell with fewer than %d respondents shows no value, following the small-numbers practice of ONS output checking and the GP Patient Survey.", SuppressedMark, d.Threshold),
		"Disclosure control across the whole report (every heatmap, view and total together): " + d.Disclosure + ".",
		"Blank cells: no respondent of that group answered a relevant capability in that domain; that is not zero.",
		"No personal data: names, emails and staff ids are dropped or pseudonymised at ingest and never reach this workbook.",
	}
	for i, n := range notes {
		f.SetCellValue(sh, cell(1, i+1), n)
		f.SetCellStyle(sh, cell(1, i+1), cell(1, i+1), st.wrap)
	}
	f.SetCellStyle(sh, "A1", "A1", st.title)
	return f.SetColWidth(sh, "A", "A", 120)
}

func boolPtr(b bool) *bool { return &b }

func colName(n int) string {
	c, _ := excelize.ColumnNumberToName(n)
	return c
}

// printArea sets a sheet's print area and prints it landscape, fitted to the page's width.
func printArea(f *excelize.File, sh, area string) {
	orientation, fitWidth, fitHeight := "landscape", 1, 0
	f.SetPageLayout(sh, &excelize.PageLayoutOptions{Orientation: &orientation, FitToWidth: &fitWidth, FitToHeight: &fitHeight})
	f.SetSheetProps(sh, &excelize.SheetPropsOptions{FitToPage: boolPtr(true)})
	f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", RefersTo: "'" + sh + "'!" + area, Scope: sh})
}
