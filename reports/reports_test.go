package reports

import (
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-readiness/readiness/docs"
	"github.com/nhs-readiness/readiness/pipeline/heatmap"
	"github.com/nhs-readiness/readiness/pipeline/outfile"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func f(v float64) *float64 { return &v }

// fixture is a small quarter: two professions x two domains, one cell suppressed, one empty,
// and a file name that would be a formula in a spreadsheet.
func fixture() *Data {
	southEast, doctors := 1234, 40
	h := &heatmap.Heatmap{
		Spec:      heatmap.Spec{Name: "profession_domain", Title: "Readiness by profession and domain", Dimension: "profession", RowTitle: "Profession"},
		Quarter:   "2026Q3",
		Threshold: 10,
		Rows: []heatmap.Label{{Key: "doctor", Label: "Doctor"}, {Key: "nurse", Label: "Nurse"},
			{Key: "E92000001", Label: "England", Reference: heatmap.RefEngland}},
		Cols: []heatmap.Label{{Key: "1", Label: "Digital implementation"}, {Key: "6", Label: "Artificial intelligence (AI)"}},
	}
	h.Cells = [][]heatmap.Cell{
		{
			{RowLabel: "Doctor", ColLabel: "Digital implementation", N: 40, Answers: 120, Value: f(0.625), MeanLevel: f(2.5), CILow: f(0.55), CIHigh: f(0.7)},
			{RowLabel: "Doctor", ColLabel: "Artificial intelligence (AI)", N: 7, Answers: 20, Suppressed: true},
		},
		{
			{RowLabel: "Nurse", ColLabel: "Digital implementation", N: 55, Answers: 150, Value: f(0.2), MeanLevel: f(1.8), CILow: f(0.15), CIHigh: f(0.25)},
			{RowLabel: "Nurse", ColLabel: "Artificial intelligence (AI)"},
		},
		{
			{RowKey: "E92000001", RowLabel: "England", ColLabel: "Digital implementation", N: 102, Answers: 290, Value: f(0.35), MeanLevel: f(2), CILow: f(0.3), CIHigh: f(0.4)},
			{RowKey: "E92000001", RowLabel: "England", ColLabel: "Artificial intelligence (AI)", N: 60, Answers: 20, Value: f(0.1), MeanLevel: f(1), CILow: f(0.05), CIHigh: f(0.15)},
		},
	}
	change := &heatmap.Heatmap{
		Spec:    heatmap.Spec{Name: "region_domain_change", Title: "Change in readiness since the previous quarter by region and domain", Kind: "domain", RowTitle: "Region", Change: true},
		Quarter: "2026Q3", Previous: "2026Q2", Threshold: 10,
		Rows: []heatmap.Label{{Key: "E40000003", Label: "London"}, {Key: "E40000005", Label: "South East"}},
		Cols: []heatmap.Label{{Key: "1", Label: "Digital implementation"}, {Key: "6", Label: "Artificial intelligence (AI)"}},
		Cells: [][]heatmap.Cell{{
			{RowLabel: "London", ColLabel: "Digital implementation", N: 50, Value: f(0.45), Previous: f(0.4), ChangePP: f(5), ChangeLow: f(-8.5), ChangeHigh: f(18.5)},
			{RowLabel: "London", ColLabel: "Artificial intelligence (AI)", N: 50, Value: f(0.2)},
		}, {
			{RowLabel: "South East", ColLabel: "Digital implementation", N: 60, Value: f(0.55), Previous: f(0.4), ChangePP: f(15), ChangeLow: f(3), ChangeHigh: f(27)},
			{RowLabel: "South East", ColLabel: "Artificial intelligence (AI)", N: 60, Value: f(0.3), Previous: f(0.32), ChangePP: f(-2)},
		}},
	}
	return &Data{
		Quarter: "2026Q3", Threshold: 10,
		Overview: heatmap.Overview{FrameworkVersion: "test-1", FrameworkSource: "Test framework.",
			Respondents: 102, Trusts: 1, Files: 1, RowsRead: 104, RowsLoaded: 102, RowsRejected: 2,
			Submissions: []Submission{{File: "=HYPERLINK(\"x\").csv", Trust: "RTH", TrustName: "Oxford University Hospitals NHS Foundation Trust",
				Region: "South East", RowsRead: 104, RowsLoaded: 102, RowsRejected: 2, RowsWarned: 3, ColumnsMapped: 10}},
			DomainReadiness: []DomainValue{{Domain: "6", Name: "Artificial intelligence (AI)", Value: 0.1, N: 60}, {Domain: "1", Name: "Digital implementation", Value: 0.4, N: 95}},
			Coverage: []Coverage{{Dimension: "region", Key: "E40000005", Label: "South East", N: &southEast},
				{Dimension: "profession", Key: "doctor", Label: "Doctor", N: &doctors}, {Dimension: "profession", Key: "nurse", Label: "Nurse"}}},
		Heatmaps: []*heatmap.Heatmap{h, change},
		Gaps: []GapTable{{Dimension: "archetype", Gaps: []heatmap.Gap{{RowLabel: "Users", Rank: 1, CapabilityID: "6-L2-01",
			Statement: "I understand that AI outputs are probabilistic and can be wrong.", Level: 2, N: 80, Share: 0.125}}}},
	}
}

func TestHTMLGolden(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report.html")
	if err := WriteHTML(path, fixture()); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	golden := filepath.Join("testdata", "report.golden.html")
	if *update {
		os.WriteFile(golden, got, 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -tags duckdb_arrow ./reports -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("report.html differs from %s; if the change is intended, run with -update and review the diff", golden)
	}
	html := string(got)
	cells := regexp.MustCompile(`<td class="cell[^"]*"`).FindAllString(html, -1)
	if len(cells) != 10 { // profession 2 x 2 and England's 2, change 2 x 2
		t.Errorf("%d heatmap cells, want 10", len(cells))
	}
	for _, want := range []string{
		`<td class="cell" tabindex="0" style="background: #40ad77; color: #000000" title="Doctor × Digital implementation: 62.5% meet (95% CI 55.0–70.0%); n = 40 respondents, 120 answers; mean level 2.50 of 4">63%<span class="n">n=40</span></td>`,
		`<td class="cell sup" tabindex="0" title="Doctor × Artificial intelligence (AI): suppressed (fewer than 10 respondents)">*</td>`,
		`<tr><td>South East</td><td>1,234</td></tr>`, `<tr><td>Doctor</td><td>40</td></tr>`, `<tr><td>Nurse</td><td>*</td></tr>`,
		`<td class="cell empty" tabindex="0" title="Nurse × Artificial intelligence (AI): no respondents">–</td>`,
		// England follows the groups in a body of its own, which sorting leaves in place.
		`<tbody class="ref">
    <tr data-key="E92000001" data-ref="england"><th scope="row">England</th><td class="cell" tabindex="0" style="background: #316b8b; color: #ffffff" title="England × Digital implementation: 35.0% meet (95% CI 30.0–40.0%); n = 102 respondents, 290 answers; mean level 2.00 of 4">35%<span class="n">n=102</span></td>`,
		// A change whose interval includes 0 is neutral (the palette's middle) and marked ns; a
		// significant one takes the diverging palette; one without an interval is not significant.
		`style="background: #f7f7f7; color: #000000" title="London × Digital implementation: 45.0% meet, &#43;5.0 percentage points since 2026Q2 (40.0%); 95% interval of the change -8.5 to &#43;18.5 includes 0: not significant; n = 50">&#43;5 pp<span class="n">45% ns</span></td>`,
		`style="background: ` + ChangeColour(15) + `; color: ` + Ink(ChangeColour(15)) + `" title="South East × Digital implementation: 55.0% meet, &#43;15.0 percentage points since 2026Q2 (40.0%); 95% interval of the change &#43;3.0 to &#43;27.0: significant; n = 60">&#43;15 pp<span class="n">55%</span></td>`,
		`style="background: #f7f7f7; color: #000000" title="South East × Artificial intelligence (AI): 30.0% meet, -2.0 percentage points since 2026Q2 (32.0%); no interval (one respondent in a quarter): not significant; n = 60">-2 pp<span class="n">30% ns</span></td>`,
		`title="London × Artificial intelligence (AI): 20.0% meet; no comparable figure for 2026Q2">n/a<span class="n">20%</span></td>`,
		`<td>Users</td><td>1</td><td class="t">6-L2-01 I understand that AI outputs are probabilistic and can be wrong.</td><td>2</td><td>13%</td><td>80</td>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("report lacks %s", want)
		}
	}
	// Links may point anywhere (the methodology's references); nothing may be loaded: no src, no
	// stylesheet link, no url() or @import, no fetch.
	if regexp.MustCompile(`(?i)src=|<link|url\(\s*['"]?(https?:)?//|@import|fetch\(|XMLHttpRequest`).MatchString(html) {
		t.Error("the report must not fetch anything")
	}
}

func TestXLSXCells(t *testing.T) {
	path := filepath.Join(t.TempDir(), "readiness.xlsx")
	if err := WriteXLSX(path, fixture()); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if got := strings.Join(x.GetSheetList(), ","); got != "Summary,Profession x domain,Region domain change,Gaps and levels,Files,Notes" {
		t.Fatalf("sheets = %s", got)
	}
	sh := "Profession x domain"
	checks := map[string]string{"A3": "Profession", "B3": "1 Digital implementation", "A4": "Doctor", "C4": "*", "A5": "Nurse", "C5": "",
		"A6": "England", "B6": "0.35",
		"A9": "Profession", "B10": "40", "C10": "7", "B11": "55", "C11": "", "A12": "England", "B12": "102"}
	for cell, want := range checks {
		if got, _ := x.GetCellValue(sh, cell, excelize.Options{RawCellValue: true}); got != want {
			t.Errorf("%s!%s = %q, want %q", sh, cell, got, want)
		}
	}
	for cell, want := range map[string]string{"B4": "0.625", "B5": "0.2"} { // numbers, not text
		typ, _ := x.GetCellType(sh, cell)
		got, _ := x.GetCellValue(sh, cell, excelize.Options{RawCellValue: true})
		if got != want || typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
			t.Errorf("%s = %q (type %v), want the number %s", cell, got, typ, want)
		}
	}
	if shown, _ := x.GetCellValue(sh, "B4"); shown != "63%" {
		t.Errorf("B4 shows %q, want 63%%", shown)
	}
	checkWorkbook(t, x) // every value's fill is the palette's colour, with readable text
	if ts, _ := x.GetTables(sh); len(ts) != 3 || ts[0].Range != "A3:C6" {
		t.Errorf("tables = %+v, want the values, respondents and intervals as Excel Tables", ts)
	}
	panes, _ := x.GetPanes(sh)
	if !panes.Freeze || panes.XSplit != 1 || panes.YSplit != 3 {
		t.Errorf("panes = %+v, want header row and column frozen", panes)
	}
	if got, _ := x.GetCellValue("Files", "D2"); got != `'=HYPERLINK("x").csv` {
		t.Errorf("file name cell = %q; want the formula neutralised", got)
	}
	if got, _ := x.GetCellValue("Region domain change", "B4", excelize.Options{RawCellValue: true}); got != "5" {
		t.Errorf("change cell = %q, want the number 5 (percentage points)", got)
	}
	if shown, _ := x.GetCellValue("Region domain change", "B4"); shown != "+5.0 pp" {
		t.Errorf("change cell shows %q", shown)
	}
	// The change's interval and its significance beside the values; only a significant change is coloured.
	for cell, want := range map[string]string{"A12": "95% interval of each change, in percentage points; ns: not significant (the interval includes 0), shown uncoloured above",
		"A14": "London", "B14": "-8 to +18 pp, ns", "A15": "South East", "B15": "+3 to +27 pp, significant", "C15": ""} {
		if got, _ := x.GetCellValue("Region domain change", cell); got != want {
			t.Errorf("Region domain change!%s = %q, want %q", cell, got, want)
		}
	}
	for cell, want := range map[string]string{"B4": ChangeColour(0), "B5": ChangeColour(15), "C5": ChangeColour(0)} {
		id, _ := x.GetCellStyle("Region domain change", cell)
		st, _ := x.GetStyle(id)
		if st == nil || len(st.Fill.Color) == 0 || !strings.EqualFold("#"+strings.TrimPrefix(st.Fill.Color[0], "#"), want) {
			t.Errorf("Region domain change!%s fill %v, want %s", cell, st.Fill.Color, want)
		}
	}
	if got, _ := x.GetCellValue("Gaps and levels", "C3"); got != "6-L2-01" {
		t.Errorf("gaps sheet C3 = %q", got)
	}
	if got, _ := x.GetCellValue("Summary", "B8"); got != "2" {
		t.Errorf("Summary rows rejected = %q, want 2", got)
	}
}

func TestSafeText(t *testing.T) {
	for in, want := range map[string]string{"=1+1": "'=1+1", "+44": "'+44", "-2": "'-2", "@SUM(A1)": "'@SUM(A1)",
		"\tx": "'\tx", "\rx": "'\rx", "Nurse": "Nurse", "": ""} {
		if got := SafeText(in); got != want {
			t.Errorf("SafeText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestColour(t *testing.T) {
	for v, want := range map[float64]string{0: "#440154", 0.5: "#21918c", 1: "#fde725", -1: "#440154", 2: "#fde725"} {
		if got := Colour(v); got != want {
			t.Errorf("Colour(%v) = %s, want %s", v, got, want)
		}
	}
}

func TestImagesAndCSV(t *testing.T) {
	dir := t.TempDir()
	d := fixture()
	paths, err := Write(dir, []string{"png", "svg", "csv"}, d, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 7 || filepath.Base(paths[6]) != "manifest.json" {
		t.Fatalf("%d files, want a PNG, SVG and CSV for each of 2 heatmaps, then the manifest: %v", len(paths), paths)
	}
	if m, err := outfile.Verify(dir); err != nil || len(m.Files) != 6 || m.About["quarter"] != d.Quarter {
		t.Errorf("manifest: %+v %v", m, err)
	}
	f, err := os.Open(filepath.Join(dir, "heatmaps", "profession_domain.png"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() < 400 || b.Dy() < 200 {
		t.Errorf("PNG is %dx%d", b.Dx(), b.Dy())
	}
	svg, _ := os.ReadFile(filepath.Join(dir, "heatmaps", "profession_domain.svg"))
	for _, want := range []string{"<svg", "Readiness by profession and domain, 2026Q3", ">63%<", ">Doctor<", ">*<"} {
		if !strings.Contains(string(svg), want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	if strings.Contains(string(svg), "n=7") {
		t.Error("the SVG shows the n of a suppressed cell")
	}
	data, _ := os.ReadFile(filepath.Join(dir, "heatmaps", "profession_domain.csv"))
	want := "quarter,row_key,row_label,col_key,col_label,col_group,n,answers,value,mean_level,ci_low,ci_high,suppressed,suppression,flags,previous,change_pp,change_low,change_high,reference\n" +
		"2026Q3,,Doctor,,Digital implementation,,40,120,0.625,2.5,0.55,0.7,false,,,,,,,\n" +
		"2026Q3,,Doctor,,Artificial intelligence (AI),,,,,,,,true,,,,,,,\n" +
		"2026Q3,,Nurse,,Digital implementation,,55,150,0.2,1.8,0.15,0.25,false,,,,,,,\n" +
		"2026Q3,,Nurse,,Artificial intelligence (AI),,0,0,,,,,false,,,,,,,\n" +
		"2026Q3,E92000001,England,,Digital implementation,,102,290,0.35,2,0.3,0.4,false,,,,,,,england\n" +
		"2026Q3,E92000001,England,,Artificial intelligence (AI),,60,20,0.1,1,0.05,0.15,false,,,,,,,england\n"
	if string(data) != want {
		t.Errorf("CSV:\n%s\nwant:\n%s", data, want)
	}
}

// Every colour of both palettes takes black or white text at 4.5:1 or more (WCAG 2.2 AA); the
// HTML report, the workbook and the images use this rule.
func TestInkContrast(t *testing.T) {
	for p := 0; p <= 100; p++ {
		bg := Colour(float64(p) / 100)
		if c := ContrastOf(TextColour(float64(p)/100), bg); c < 4.5 {
			t.Errorf("%d%%: %s on %s has contrast %.2f", p, TextColour(float64(p)/100), bg, c)
		}
	}
	for pp := -25.0; pp <= 25; pp += 0.5 {
		bg := ChangeColour(pp)
		if c := ContrastOf(ChangeTextColour(pp), bg); c < 4.5 {
			t.Errorf("%+.1f pp: %s on %s has contrast %.2f", pp, ChangeTextColour(pp), bg, c)
		}
	}
	if c := ContrastOf("#000000", "#ffffff"); c < 20.9 || c > 21.1 {
		t.Errorf("black on white: %.2f, want 21", c)
	}
}

// Every text of a heatmap's image fits where it is drawn: long titles (the change maps of
// regions and archetypes were cut off), notes, row labels and column headings.
func TestImageTextFits(t *testing.T) {
	for _, h := range fixture().Heatmaps {
		long := *h
		long.Title = "Change in readiness since the previous quarter by NHS England region and domain"
		long.Change = true
		long.Previous = "2026Q2"
		for _, x := range []*heatmap.Heatmap{h, &long} {
			if over := Overflow(x); len(over) > 0 {
				t.Errorf("%s: %v", x.Name, over)
			}
		}
	}
}

// The report's methodology is docs/metrics.md itself: every section heading of the document is a
// heading of the report's methodology, one level down, and the repository links keep only their text.
func TestMethodologyFromMetricsDoc(t *testing.T) {
	got, err := Methodology()
	if err != nil {
		t.Fatal(err)
	}
	html := string(got)
	n, m := 0, 0
	for _, line := range strings.Split(string(docs.Metrics), "\n") {
		switch {
		case strings.HasPrefix(line, "## "):
			n++
			if word := strings.Fields(line)[1]; !regexp.MustCompile(`<h3>` + regexp.QuoteMeta(word) + `[^<]*</h3>`).MatchString(html) {
				t.Errorf("methodology lacks the heading %q as h3", line)
			}
		case strings.HasPrefix(line, "### "):
			m++
		}
	}
	if got := strings.Count(html, "<h3>"); got != n {
		t.Errorf("methodology has %d h3 headings; docs/metrics.md has %d sections", got, n)
	}
	if got := strings.Count(html, "<h4>"); got != m {
		t.Errorf("methodology has %d h4 headings; docs/metrics.md has %d sub-sections", got, m)
	}
	if n < 8 {
		t.Fatalf("docs/metrics.md has %d sections; expected the metric's sections", n)
	}
	if strings.Contains(html, "<h1") || strings.Contains(html, "<h2") || strings.Contains(html, `href="../`) {
		t.Errorf("methodology keeps the title or a repository link:\n%.400s", html)
	}
	if !strings.Contains(html, "<code>queries/analytics/</code>") {
		t.Errorf("a repository link lost its text")
	}
}
