package reports

import (
	"fmt"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-readiness/readiness/pipeline/ingest"
	"github.com/nhs-readiness/readiness/pipeline/mapping"
)

// Feedback is what a trust gets back about one file.
type Feedback struct {
	File     string
	Refused  string // why the file could not be read or loaded at all
	Result   ingest.Result
	Columns  []mapping.Column
	Problems []ingest.Problem
}

var problemHeader = []string{"Sheet", "Row", "Column", "Header", "Value", "Severity", "Problem", "Suggestion"}

func problemRow(p ingest.Problem) []string {
	row := ""
	if p.Row > 0 {
		row = strconv.Itoa(p.Row)
	}
	return []string{SafeText(p.Sheet), row, p.Column, SafeText(p.Header), SafeText(p.Value), p.Severity, SafeText(p.Reason), SafeText(p.Suggestion)}
}

// WriteProblemsCSV writes the problems as CSV, safe against formula injection.
func WriteProblemsCSV(path string, problems []ingest.Problem) error {
	rows := make([][]string, len(problems))
	for i, p := range problems {
		rows[i] = problemRow(p)
	}
	return writeCSVFile(path, problemHeader, rows)
}

// WriteFeedback writes the feedback workbook: a summary, every problem with sheet, row, Excel
// column letter, header, value, reason and suggestion, and how each column was read.
func WriteFeedback(path string, fb Feedback) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	sh := "Summary"
	f.SetSheetName("Sheet1", sh)
	r := fb.Result
	errorsN, warnings := 0, 0
	for _, p := range fb.Problems {
		if p.Severity == "error" {
			errorsN++
		} else {
			warnings++
		}
	}
	verdict := "The file would load cleanly."
	switch {
	case fb.Refused != "":
		verdict = "The file cannot be loaded: " + fb.Refused
	case errorsN > 0:
		verdict = fmt.Sprintf("%d of %d rows would not load. Fix the errors on the Problems sheet and send the file again.", r.RowsRejected, r.RowsRead)
	case warnings > 0:
		verdict = fmt.Sprintf("Every row would load, with %d warnings: some values or answers would be left out (see Problems).", warnings)
	}
	rows := [][]any{
		{"Feedback on " + SafeText(fb.File)},
		{verdict},
		{},
		{"Sheet", SafeText(r.Sheet)},
		{"Read as", r.Dialect},
		{"Header rows", r.HeaderRows},
		{"Quarter", r.Quarter},
		{"Trust", r.Trust},
		{"Answer scale", r.Scale},
		{"Rows read", r.RowsRead},
		{"Rows that would load", r.RowsLoaded},
		{"Rows that would not load (errors)", r.RowsRejected},
		{"Rows that would load with warnings", r.RowsWarned},
		{"Columns mapped", r.ColumnsMapped},
		{"Columns not mapped", r.ColumnsUnmapped},
		{"Errors", errorsN},
		{"Warnings", warnings},
	}
	for i, row := range rows {
		if err := f.SetSheetRow(sh, cell(1, i+1), &row); err != nil {
			return err
		}
	}
	f.SetCellStyle(sh, "A1", "A1", st.title)
	f.SetColWidth(sh, "A", "A", 38)
	f.SetColWidth(sh, "B", "B", 40)

	ps := "Problems"
	f.NewSheet(ps)
	header := make([]any, len(problemHeader))
	for i, h := range problemHeader {
		header[i] = h
	}
	f.SetSheetRow(ps, "A1", &header)
	f.SetCellStyle(ps, "A1", "H1", st.head)
	for i, p := range fb.Problems {
		vals := problemRow(p)
		row := make([]any, len(vals))
		for j, v := range vals {
			row[j] = v
		}
		if p.Row > 0 {
			row[1] = p.Row
		}
		if err := f.SetSheetRow(ps, cell(1, i+2), &row); err != nil {
			return err
		}
	}
	f.SetPanes(ps, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	f.SetColWidth(ps, "D", "E", 30)
	f.SetColWidth(ps, "G", "H", 70)
	if len(fb.Problems) > 0 {
		f.AutoFilter(ps, "A1:H"+strconv.Itoa(len(fb.Problems)+1), nil)
	}

	cs := "Columns"
	f.NewSheet(cs)
	ch := []any{"Column", "Header", "Read as", "Capability or area", "How"}
	f.SetSheetRow(cs, "A1", &ch)
	f.SetCellStyle(cs, "A1", "E1", st.head)
	for i, c := range fb.Columns {
		target := c.CapabilityID
		if target == "" {
			target = c.AreaID
		}
		how := Described(c)
		row := []any{c.Letter, SafeText(c.Header), c.Role, target, SafeText(how)}
		if err := f.SetSheetRow(cs, cell(1, i+2), &row); err != nil {
			return err
		}
	}
	f.SetColWidth(cs, "B", "B", 60)
	f.SetColWidth(cs, "E", "E", 60)
	return f.SaveAs(path)
}

// Described says how a column was read, in words for a trust: how sure a match by the header's
// text is, and that it is weaker than an id or a profile.
func Described(c mapping.Column) string {
	switch {
	case c.Role == mapping.RoleUnmapped:
		return c.Suggestion
	case c.MappedBy == mapping.ByText:
		return fmt.Sprintf("by the header's text (similarity %.2f to the statement; check it, or put the id such as [%s] in the header)", c.Confidence, c.CapabilityID)
	case c.MappedBy == mapping.ByID:
		return "by the capability id in the header"
	case c.MappedBy == mapping.ByProfile:
		return "by the mapping profile"
	}
	return c.MappedBy
}
