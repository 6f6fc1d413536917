package synth

import (
	"encoding/csv"
	"fmt"
	"os"
	"strings"

	"github.com/nhs-readiness/readiness/pipeline/framework"
	"github.com/xuri/excelize/v2"
)

// msForms turns the common rows into a Microsoft Forms export: ID, Start time, Completion time,
// Email, Name, then the questions headed by the statements' text.
func msForms(rows [][]string, statements []framework.Statement) [][]string {
	header := []string{"ID", "Start time", "Completion time", "Email", "Name", "What is your profession?", "Organisation",
		"Which archetype best describes your role?"}
	for _, s := range statements {
		header = append(header, s.Text)
	}
	out := [][]string{header}
	for i, r := range rows[1:] {
		row := []string{fmt.Sprint(i + 1), r[1], r[1], r[2], "", r[3], r[4], r[5]}
		out = append(out, append(row, r[6:]...))
	}
	return out
}

// qualtrics turns the common rows into a Qualtrics CSV export: short names, question texts and
// ImportId rows, the capability columns named Q_<area>_<n> (the n-th statement of the area).
func qualtrics(rows [][]string, statements, all []framework.Statement) [][]string {
	short := []string{"StartDate", "EndDate", "Status", "Finished", "ResponseId", "RecipientEmail", "Q1", "Q2", "Q3"}
	text := []string{"Start Date", "End Date", "Response Type", "Finished", "Response ID", "Recipient Email",
		"What is your profession?", "Which trust do you work for?", "Which archetype best describes your role?"}
	ordinal := map[string]int{} // statement id -> its position within its area in the framework
	counts := map[string]int{}
	for _, s := range all {
		counts[s.Area]++
		ordinal[s.ID] = counts[s.Area]
	}
	for _, s := range statements {
		short = append(short, "Q_"+strings.ReplaceAll(s.Area, ".", "_")+"_"+fmt.Sprint(ordinal[s.ID]))
		text = append(text, "Please rate your confidence - "+s.Text)
	}
	imports := make([]string, len(short))
	for i, s := range short {
		imports[i] = `{"ImportId":"` + s + `"}`
	}
	out := [][]string{short, text, imports}
	for i, r := range rows[1:] {
		row := []string{r[1], r[1], "0", "1", fmt.Sprintf("R_%08d", i+1), r[2], r[3], r[4], r[5]}
		out = append(out, append(row, r[6:]...))
	}
	return out
}

func slug(s string) string {
	var b strings.Builder
	for _, w := range strings.Fields(s) {
		w = strings.Trim(w, "'.,")
		if w == "" || w == "NHS" || w == "Foundation" || w == "Trust" || w == "The" {
			continue
		}
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

func writeCSV(path string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	if err := w.WriteAll(rows); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// writeXLSXPlain writes the rows from A1, as survey tools export them.
func writeXLSXPlain(path string, rows [][]string) error {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	for i, r := range rows {
		vals := make([]any, len(r))
		for j, c := range r {
			vals[j] = c
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, vals); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(path)
}

// writeXLSX writes the rows as a Microsoft-Forms-like workbook with a title row above the header.
func writeXLSX(path, trustName, quarter string, rows [][]string) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Responses"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{"AI and digital readiness survey, " + trustName + ", " + quarter}); err != nil {
		return err
	}
	for i, r := range rows {
		vals := make([]any, len(r))
		for j, c := range r {
			vals[j] = c
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+3) // a blank row between title and header
		if err := sw.SetRow(cell, vals); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(path)
}
