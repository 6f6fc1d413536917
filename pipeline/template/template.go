// Package template writes the Excel submission template that trusts fill in: an instructions
// sheet, a data sheet whose headers carry the capability ids and short statements, drop-down lists
// for profession, region, trust, archetype and the answers, a lists sheet the drop-downs use, and
// a protected header row. A file filled in from it loads with no warnings.
package template

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-readiness/readiness/pipeline/dialect"
	"github.com/nhs-readiness/readiness/pipeline/framework"
	"github.com/nhs-readiness/readiness/pipeline/vocab"
)

// Sheet names of the template.
const (
	InstructionsSheet = "Instructions"
	DataSheet         = "Responses"
	ListsSheet        = "Lists"
)

// Rows is how many data rows carry drop-downs.
const Rows = 5000

// Options of the template.
type Options struct {
	Scale string // the answer scale; default confidence5
}

// Write writes the template to path.
func Write(path string, fw *framework.Framework, v *vocab.Vocabularies, opt Options) error {
	if opt.Scale == "" {
		opt.Scale = "confidence5"
	}
	scale, ok := v.Scale(opt.Scale)
	if !ok {
		return fmt.Errorf("template: scale %q is not in the scales vocabulary", opt.Scale)
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", InstructionsSheet); err != nil {
		return err
	}
	if _, err := f.NewSheet(DataSheet); err != nil {
		return err
	}
	if _, err := f.NewSheet(ListsSheet); err != nil {
		return err
	}

	// Lists: one column per drop-down.
	var professions, regions, trusts, archetypes, answers []string
	for _, p := range v.Professions {
		professions = append(professions, p.Name)
	}
	for _, r := range v.Regions {
		regions = append(regions, r.Name)
	}
	for _, o := range v.Organisations {
		trusts = append(trusts, o.Code)
	}
	for _, a := range v.Archetypes {
		archetypes = append(archetypes, a.Name)
	}
	for _, o := range scale.Options {
		answers = append(answers, o.Label)
	}
	lists := []struct {
		title string
		items []string
	}{{"Profession", professions}, {"Region", regions}, {"Trust (ODS code)", trusts}, {"Archetype", archetypes}, {"Answer (" + scale.Name + ")", answers}}
	ranges := map[string]string{}
	for i, l := range lists {
		col, _ := excelize.ColumnNumberToName(i + 1)
		f.SetCellValue(ListsSheet, col+"1", l.title)
		for j, item := range l.items {
			f.SetCellValue(ListsSheet, fmt.Sprintf("%s%d", col, j+2), item)
		}
		ranges[l.title] = fmt.Sprintf("%s!$%s$2:$%s$%d", ListsSheet, col, col, len(l.items)+1)
	}
	f.SetColWidth(ListsSheet, "A", "E", 34)

	// Data sheet: respondent columns, then one column per capability.
	headers := append([]string{}, dialect.TemplateHeaders...)
	for _, s := range fw.Statements {
		headers = append(headers, "["+s.ID+"] "+s.Text)
	}
	for i, h := range headers {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		f.SetCellValue(DataSheet, cell, h)
	}
	last, _ := excelize.ColumnNumberToName(len(headers))
	unlocked, err := f.NewStyle(&excelize.Style{Protection: &excelize.Protection{Locked: false}})
	if err != nil {
		return err
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Protection: &excelize.Protection{Locked: true},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EDEE"}}})
	if err != nil {
		return err
	}
	if err := f.SetColStyle(DataSheet, "A:"+last, unlocked); err != nil {
		return err
	}
	if err := f.SetCellStyle(DataSheet, "A1", last+"1", head); err != nil {
		return err
	}
	f.SetRowHeight(DataSheet, 1, 90)
	f.SetColWidth(DataSheet, "A", "E", 22)
	first, _ := excelize.ColumnNumberToName(len(dialect.TemplateHeaders) + 1)
	f.SetColWidth(DataSheet, first, last, 24)
	drop := func(col, list, prompt string) error {
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(fmt.Sprintf("%s2:%s%d", col, col, Rows+1))
		dv.SetSqrefDropList(ranges[list])
		dv.SetInput(list, prompt)
		dv.SetError(excelize.DataValidationErrorStyleStop, "Not on the list", "Choose a value from the list.")
		return f.AddDataValidation(DataSheet, dv)
	}
	for _, d := range []struct{ col, list, prompt string }{
		{"B", "Trust (ODS code)", "Your trust's 3-character ODS code"},
		{"C", "Profession", "The respondent's profession"},
		{"D", "Region", "The NHS England region (taken from the trust when left blank)"},
		{"E", "Archetype", "The respondent's main archetype"},
	} {
		if err := drop(d.col, d.list, d.prompt); err != nil {
			return err
		}
	}
	answerList := "Answer (" + scale.Name + ")"
	dv := excelize.NewDataValidation(true)
	dv.SetSqref(fmt.Sprintf("%s2:%s%d", first, last, Rows+1))
	dv.SetSqrefDropList(ranges[answerList])
	dv.SetError(excelize.DataValidationErrorStyleStop, "Not on the scale", "Choose an answer from the list.")
	if err := f.AddDataValidation(DataSheet, dv); err != nil {
		return err
	}
	if err := f.SetPanes(DataSheet, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: 1, TopLeftCell: "B2", ActivePane: "bottomRight"}); err != nil {
		return err
	}
	if err := f.ProtectSheet(DataSheet, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true,
		FormatColumns: true, FormatRows: true, InsertRows: true, DeleteRows: true, Sort: true, AutoFilter: true}); err != nil {
		return err
	}

	// Instructions (no capability ids here, so that readers pick the data sheet).
	lines := []string{
		"AI and digital readiness: submission template",
		"Framework: " + strings.TrimSpace(fw.Source) + " (version " + fw.Version + ").",
		"",
		"How to fill it in",
		"1. Use the sheet '" + DataSheet + "': one row per member of staff. Do not change, move or delete the header row (it is protected).",
		"2. Staff ID: your own staff or survey id. It is replaced by a keyed code on arrival and never stored; it lets a resubmission replace earlier rows.",
		"3. Trust (ODS code), Profession, Region and Archetype: choose from the drop-down lists. Region may be left blank: it is taken from the trust.",
		"4. One column per capability statement: choose an answer from the drop-down (" + strings.Join(answers, ", ") + "). Leave a cell blank when a question was not answered.",
		"5. Do not add names, email addresses or free-text comments.",
		"6. Save the file as .xlsx named with your ODS code and the quarter, for example RTH_2026Q3.xlsx, and send it in.",
		"",
		"Archetypes",
	}
	for _, a := range v.Archetypes {
		lines = append(lines, a.Name+": "+a.Definition)
	}
	lines = append(lines, "", "A new file for the same trust and quarter replaces the earlier one. You will get back a feedback workbook listing anything that could not be used, by row and column.")
	for i, l := range lines {
		f.SetCellValue(InstructionsSheet, fmt.Sprintf("A%d", i+1), l)
	}
	title, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	f.SetCellStyle(InstructionsSheet, "A1", "A1", title)
	f.SetColWidth(InstructionsSheet, "A", "A", 140)
	f.SetActiveSheet(0)
	return f.SaveAs(path)
}
