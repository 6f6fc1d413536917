package reports

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-readiness/readiness/pipeline/heatmap"
)

// A trend over four quarters: a figure, no respondents, suppressed, a figure. The gap and the
// suppressed quarter have no value (never 0) and break the line; the last figure is shown.
func TestTrendOutputs(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	tr := heatmap.Trend{Dimension: "region", GroupKey: "E40000003", Group: "London", Area: "6", AreaName: "Artificial intelligence (AI)",
		Points: []heatmap.TrendPoint{
			{Quarter: "2025Q4", Value: f(0.25), CILow: f(0.2), CIHigh: f(0.3), N: 40},
			{Quarter: "2026Q1", Gap: true},
			{Quarter: "2026Q2", Suppressed: true},
			{Quarter: "2026Q3", Value: f(0.5), N: 12},
		}}
	d := &Data{Trends: []heatmap.Trend{tr}}
	dir := t.TempDir()
	if err := WriteTrendsCSV(filepath.Join(dir, TrendsFile), d); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(dir, TrendsFile))
	want := strings.Join(TrendColumns, ",") + "\n" +
		"region,E40000003,London,6,Artificial intelligence (AI),2025Q4,0.25,40,0.2,0.3,false,false\n" +
		"region,E40000003,London,6,Artificial intelligence (AI),2026Q1,,0,,,false,true\n" +
		"region,E40000003,London,6,Artificial intelligence (AI),2026Q2,,,,,true,false\n" +
		"region,E40000003,London,6,Artificial intelligence (AI),2026Q3,0.5,12,,,false,false\n"
	if string(got) != want {
		t.Errorf("trends.csv:\n%s\nwant\n%s", got, want)
	}
	svg := string(Sparkline(tr))
	// Two separate pieces (2025Q4 alone, 2026Q3 alone), each drawn as a dot, and no line between.
	if strings.Count(svg, "<path") != 2 || strings.Contains(svg, " L") || !strings.Contains(svg, "2026Q1 no respondents; 2026Q2 suppressed; 2026Q3 50% (n=12)") ||
		!strings.HasSuffix(svg, `<span class="spark-v">50%</span>`) {
		t.Errorf("sparkline: %s", svg)
	}
	if got := d.TrendQuarters(); strings.Join(got, ",") != "2025Q4,2026Q1,2026Q2,2026Q3" {
		t.Errorf("quarters %v", got)
	}

	path := filepath.Join(dir, "readiness.xlsx")
	d.Quarter = "2026Q3"
	if err := WriteXLSX(path, d); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, _ := x.GetRows("Trends", excelize.Options{RawCellValue: true})
	if len(rows) != 5 || rows[1][6] != "0.25" || rows[2][6] != "" || rows[2][11] != "1" || rows[3][7] != "" {
		t.Errorf("Trends sheet: %v", rows)
	}
	if ts, _ := x.GetTables("Trends"); len(ts) != 1 {
		t.Errorf("Trends sheet tables: %v", ts)
	}
}
