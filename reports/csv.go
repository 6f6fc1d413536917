package reports

import (
	"encoding/csv"
	"os"
	"strconv"

	"github.com/nhs-readiness/readiness/pipeline/heatmap"
)

func init() {
	RegisterFormat(Format{Name: "csv", Order: 5, Write: withTrends(perHeatmap("csv", WriteCSV), oneFile(TrendsFile, WriteTrendsCSV))})
}

// LongColumns are the columns of a heatmap's long rows in CSV (and Parquet) exports. reference
// marks the rows that follow a heatmap's own for comparison: "england" (every respondent, row key
// E92000001) or "region" (a trust heatmap's region); it is empty on the heatmap's own rows.
var LongColumns = []string{"quarter", "row_key", "row_label", "col_key", "col_label", "col_group", "n", "answers", "value",
	"mean_level", "ci_low", "ci_high", "suppressed", "suppression", "flags", "previous", "change_pp",
	"change_low", "change_high", "reference"}

// WriteCSV writes a heatmap's cells as long rows; text is safe against formula injection, and a
// suppressed cell carries no value, n or answers.
func WriteCSV(path string, h *heatmap.Heatmap) error {
	count := func(c heatmap.Cell, v int64) string {
		if c.Suppressed {
			return ""
		}
		return strconv.FormatInt(v, 10)
	}
	var rows [][]string
	for i, r := range h.Rows {
		for _, c := range h.Cells[i] {
			rows = append(rows, []string{h.Quarter, SafeText(c.RowKey), SafeText(c.RowLabel), SafeText(c.ColKey), SafeText(c.ColLabel),
				SafeText(c.ColGroup), count(c, c.N), count(c, c.Answers), num(c.Value), num(c.MeanLevel), num(c.CILow), num(c.CIHigh),
				strconv.FormatBool(c.Suppressed), c.Suppression, c.Flags, num(c.Previous), num(c.ChangePP),
				num(c.ChangeLow), num(c.ChangeHigh), r.Reference})
		}
	}
	return writeCSVFile(path, LongColumns, rows)
}

// num writes a figure in full precision, or nothing for none.
func num(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'g', -1, 64)
}

// writeCSVFile writes a header and rows as a CSV file. The rows' text is the caller's to make
// safe (SafeText).
func writeCSVFile(path string, header []string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	err = w.Write(header)
	if err == nil {
		err = w.WriteAll(rows) // flushes
	}
	if err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
