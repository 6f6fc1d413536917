package ingest_test

import (
	"archive/zip"
	"context"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/nhs-readiness/readiness/pipeline/ingest"
	"github.com/nhs-readiness/readiness/pipeline/warehouse/warehousetest"
)

type dialectCase struct {
	file    string
	opt     ingest.Options
	dialect string
	scale   string
	trust   string
	profile string
	// rows read, loaded, rejected, warned; respondents; columns mapped, unmapped
	read, loaded, rejected, warned, respondents, mapped, unmapped int
	// columns as "letter:role:capability-or-area", for the columns that map to something
	columns string
	// problems as "row:letter:severity:reason-prefix"
	problems []string
}

var dialectCases = []dialectCase{
	{file: "msforms_RGT_2026Q3.csv", dialect: "msforms", scale: "confidence5", trust: "RGT",
		read: 3, loaded: 3, respondents: 3, mapped: 7, unmapped: 1,
		columns:  "A:respondent_id: G:profession: H:trust: I:archetype: J:capability:2.1-L1-02 K:capability:6-L1-01 L:capability:6-L2-01",
		problems: []string{":M:warning:the column is not a capability"}},
	{file: "qualtrics_2026Q3.csv", opt: ingest.Options{Trust: "RVJ"}, dialect: "qualtrics", scale: "agreement5", trust: "RVJ",
		read: 3, loaded: 2, rejected: 1, respondents: 2, mapped: 6,
		columns:  "I:respondent_id: R:profession: S:archetype: T:capability:6.1-L1-02 U:capability:5.1.2 V:capability:5.1.2-L1-01",
		problems: []string{"6::error:the row has no answer"}},
	{file: "surveymonkey_RJ1_2026Q3.csv", dialect: "surveymonkey", scale: "confidence5", trust: "RJ1",
		read: 3, loaded: 2, rejected: 1, respondents: 2, mapped: 7,
		columns:  "A:respondent_id: J:profession: K:trust: L:archetype: M:capability:5.1.3-L1-01 N:capability:6.2-L1-01 O:capability:5.1.3-L2-01",
		problems: []string{"5:A:error:the same respondent id as row 4"}},
	{file: "googleforms_RTH_2026Q3.csv", dialect: "googleforms", scale: "confidence5", trust: "RTH",
		read: 2, loaded: 2, respondents: 2, mapped: 6,
		columns: "C:profession: D:trust: E:archetype: F:capability:6-L1-02 G:capability:6-L2-01 H:capability:6-L2-02"},
	{file: "template_RRK_2026Q3.csv", dialect: "template", scale: "confidence5", trust: "RRK",
		read: 4, loaded: 3, rejected: 1, warned: 1, respondents: 3, mapped: 8,
		columns:  "A:respondent_id: B:trust: C:profession: D:region: E:archetype: F:capability:1-L1-01 G:capability:1-L1-02 H:capability:6-L1-01",
		problems: []string{"4:D:warning:region 'London' is not the region of trust RRK (Midlands)", "5::error:the row has no answer"}},
	{file: "long_R0A_2026Q3.csv", dialect: "long", scale: "framework_levels", trust: "R0A",
		read: 7, loaded: 4, rejected: 3, respondents: 2, mapped: 6,
		columns: "A:respondent_id: C:profession: D:trust: E:archetype: F:capability_ref: G:answer:",
		problems: []string{"6:G:error:a second answer by the same person to 6.1-L3-02 (first at row 5)",
			"7:F:error:'9.9-L1-01' is not a capability of the framework", "8::error:the row has no answer"}},
	// Qualtrics 2016-era: single-quoted ImportId row; Qualtrics' default "Somewhat" agreement scale.
	{file: "qualtrics2016_RVJ_2026Q3.csv", dialect: "qualtrics", scale: "agreement5_somewhat", trust: "RVJ",
		read: 2, loaded: 2, respondents: 2, mapped: 5,
		columns: "I:respondent_id: Q:profession: R:archetype: S:capability:6-L1-01 T:capability:6-L1-02"},
	// Qualtrics legacy: V1... then field names and question texts; numeric answers.
	{file: "qualtrics_legacy_RVJ_2026Q3.csv", dialect: "qualtrics", scale: "confidence5", trust: "RVJ",
		read: 3, loaded: 3, respondents: 3, mapped: 6,
		columns: "A:respondent_id: K:profession: L:archetype: M:capability:1-L1-01 N:capability:6-L1-01 O:capability:6.1-L2-01"},
	// SurveyMonkey's older export: RespondentID, CollectorID, ... and a row of sub-labels.
	{file: "surveymonkey_old_RJ1_2026Q3.csv", dialect: "surveymonkey", scale: "confidence5", trust: "RJ1",
		read: 2, loaded: 2, respondents: 2, mapped: 6,
		columns: "A:respondent_id: J:profession: K:archetype: L:capability:5.1.3-L1-01 M:capability:6.2-L1-01 N:capability:5.1.3-L2-01"},
	// Google Forms as TSV.
	{file: "googleforms_tsv_RTH_2026Q3.tsv", dialect: "googleforms", scale: "confidence5", trust: "RTH",
		read: 2, loaded: 2, respondents: 2, mapped: 5,
		columns: "C:profession: D:trust: E:archetype: F:capability:6-L1-02 G:capability:6-L2-01"},
	// Microsoft Forms rating answers in every punctuation ("4 - Good", "4.Good", "5 Excellent").
	{file: "msforms_rating_RGT_2026Q3.csv", dialect: "msforms", scale: "rating5", trust: "RGT",
		read: 3, loaded: 3, respondents: 3, mapped: 6,
		columns: "A:respondent_id: G:profession: H:trust: I:archetype: J:capability:2.1-L1-02 K:capability:6-L1-01"},
	{file: "pulse_RHM_2026Q3.csv", dialect: "wide", scale: "confidence5", trust: "RHM", profile: "ai-pulse-2026",
		read: 2, loaded: 2, respondents: 2, mapped: 7,
		columns: "A:profession: B:trust: C:archetype: D:capability:6-L1-01 E:capability:6-L2-01 F:capability:6.1 G:capability:5.2.1-L1-01"},
}

func TestDialects(t *testing.T) {
	for _, c := range dialectCases {
		t.Run(c.file, func(t *testing.T) {
			checkDialect(t, filepath.Join("../../testdata/dialects", c.file), c, "csv")
		})
	}
}

// The Excel versions of the same exports load alike (Microsoft Forms, SurveyMonkey and the
// template are often sent as .xlsx; Google Forms' responses are downloaded from Sheets as .xlsx).
func TestDialectsAsExcel(t *testing.T) {
	for _, c := range dialectCases {
		if strings.HasPrefix(c.file, "qualtrics") || strings.HasSuffix(c.file, ".tsv") {
			continue // Qualtrics exports CSV; the TSV fixture is the TSV form of a Google Forms export
		}
		t.Run(c.file, func(t *testing.T) {
			checkDialect(t, toXLSX(t, filepath.Join("../../testdata/dialects", c.file)), c, "xlsx")
		})
	}
}

// The same file in each encoding Excel and others write loads alike.
func TestEncodings(t *testing.T) {
	data, err := os.ReadFile("../../testdata/dialects/template_RRK_2026Q3.csv")
	if err != nil {
		t.Fatal(err)
	}
	c := dialectCases[4]
	u16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(data)
	u16be, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().Bytes(data)
	cp, _ := charmap.Windows1252.NewEncoder().Bytes([]byte(strings.Replace(string(data), "Physiotherapist", "Physiotherapist", 1)))
	for name, b := range map[string][]byte{
		"utf8-bom": append([]byte{0xEF, 0xBB, 0xBF}, data...),
		"utf16le":  u16, "utf16be": u16be, "windows1252": cp,
		"crlf-semicolon": []byte(strings.ReplaceAll(strings.ReplaceAll(string(data), ",", ";"), "\n", "\r\n")),
	} {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "template_RRK_2026Q3.csv")
			os.WriteFile(p, b, 0o644)
			checkDialect(t, p, c, "csv")
		})
	}
}

func checkDialect(t *testing.T, path string, c dialectCase, format string) {
	t.Helper()
	wh, loader := warehousetest.New(t)
	ctx := context.Background()
	res, err := loader.Load(ctx, path, c.opt)
	if err != nil {
		t.Fatal(err)
	}
	got := []any{res.Dialect, res.Scale, res.Trust, res.Profile, res.RowsRead, res.RowsLoaded, res.RowsRejected, res.RowsWarned,
		res.Respondents, res.ColumnsMapped, res.ColumnsUnmapped}
	want := []any{format + "-" + c.dialect, c.scale, c.trust, c.profile, c.read, c.loaded, c.rejected, c.warned,
		c.respondents, c.mapped, c.unmapped}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("dialect, scale, trust, profile, read, loaded, rejected, warned, respondents, mapped, unmapped:\n got %v\nwant %v", got, want)
			break
		}
	}
	// The columns' roles are visible through the rejects of unmapped columns and the responses;
	// check the mapped ones through a fresh plan of the same file.
	cols, err := loader.Columns(path, c.opt)
	if err != nil {
		t.Fatal(err)
	}
	var mapped []string
	for _, col := range cols {
		switch col.Role {
		case "unmapped", "ignored", "personal":
			continue
		}
		target := col.CapabilityID
		if target == "" {
			target = col.AreaID
		}
		mapped = append(mapped, col.Letter+":"+col.Role+":"+target)
	}
	if strings.Join(mapped, " ") != c.columns {
		t.Errorf("columns\n got %s\nwant %s", strings.Join(mapped, " "), c.columns)
	}
	rows, err := wh.AnalystQuery(ctx, `SELECT coalesce(row_number::VARCHAR, ''), coalesce(column_letter, ''), severity, reason FROM rejects`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var r, l, s, reason string
		rows.Scan(&r, &l, &s, &reason)
		problems = append(problems, r+":"+l+":"+s+":"+reason)
	}
	sort.Strings(problems)
	if len(problems) != len(c.problems) {
		t.Fatalf("problems\n got %q\nwant %q", problems, c.problems)
	}
	for i, p := range problems {
		if !strings.HasPrefix(p, c.problems[i]) {
			t.Errorf("problem %d\n got %s\nwant %s...", i, p, c.problems[i])
		}
	}
	// Personal fields never reach the warehouse.
	var leaks int
	wh.AnalystQueryRow(ctx, `SELECT count(*) FROM rejects WHERE value LIKE '%@%' OR reason LIKE '%@%'`).Scan(&leaks)
	if leaks > 0 {
		t.Errorf("%d rejects hold an email address", leaks)
	}
}

// toXLSX writes a CSV fixture as a workbook with a title row above the table.
func toXLSX(t *testing.T, csvPath string) string {
	t.Helper()
	f, err := os.Open(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	x := excelize.NewFile()
	defer x.Close()
	for i, r := range recs {
		vals := make([]any, len(r))
		for j, v := range r {
			vals[j] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		x.SetSheetRow("Sheet1", cell, &vals)
	}
	out := filepath.Join(t.TempDir(), strings.TrimSuffix(filepath.Base(csvPath), ".csv")+".xlsx")
	if err := x.SaveAs(out); err != nil {
		t.Fatal(err)
	}
	return out
}

// A Qualtrics survey about something else, whose matrix tags look like the framework's numbering
// (Q5_1_1, Q6_1_1, Q6_3_4, Q41#2_1_1), loads no answer at all and is refused with a clear
// reason. Before: 151 answers in domains 5 and 6, with no message.
func TestUnrelatedSurveyRefused(t *testing.T) {
	wh, loader := warehousetest.New(t)
	_, err := loader.Load(context.Background(), "../../testdata/dialects/qualtrics_unrelated_2026Q3.csv", ingest.Options{Trust: "RVJ"})
	if !errors.Is(err, ingest.ErrRefused) || !strings.Contains(err.Error(), "no column names a capability of the framework") ||
		!strings.Contains(err.Error(), "Q6_1_1 are not capability ids") {
		t.Fatalf("got %v", err)
	}
	var answers int
	wh.AnalystQueryRow(context.Background(), `SELECT count(*) FROM answers`).Scan(&answers)
	if answers != 0 {
		t.Errorf("%d answers loaded", answers)
	}
	// What was read is still known, for the feedback: the dialect, the header rows, every column.
	cols, err := loader.Columns("../../testdata/dialects/qualtrics_unrelated_2026Q3.csv", ingest.Options{})
	if len(cols) != 16 || cols[10].Header != "Q5_1_1" || cols[10].Role != "unmapped" {
		t.Errorf("columns of the refused file: %d, %+v, %v", len(cols), cols, err)
	}
}

// A file whose answers fit no scale is refused with the column and the answers it could not
// place, and how to name the scale.
func TestScaleRefusalNamesColumn(t *testing.T) {
	_, loader := warehousetest.New(t)
	path := filepath.Join(t.TempDir(), "odd_RTH_2026Q3.csv")
	os.WriteFile(path, []byte("Staff ID,[1-L1-01] x,[6-L1-01] y\n1,Bien,Mal\n2,Mal,Bien\n"), 0o644)
	_, err := loader.Load(context.Background(), path, ingest.Options{})
	if !errors.Is(err, ingest.ErrRefused) || !strings.Contains(err.Error(), "(column B, [1-L1-01] x, holds 'Bien', 'Mal')") ||
		!strings.Contains(err.Error(), "give the scale with --scale") {
		t.Errorf("got %v", err)
	}
}

// toODS writes a CSV file as an OpenDocument spreadsheet the way LibreOffice does: runs of equal
// cells as one repeated cell, and the rest of the sheet as one empty row repeated a million times.
func toODS(t *testing.T, csvPath string) string {
	t.Helper()
	f, err := os.Open(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ` +
		`xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">` +
		`<office:body><office:spreadsheet><table:table table:name="Responses">`)
	for _, r := range recs {
		b.WriteString("<table:table-row>")
		for i := 0; i < len(r); {
			j := i
			for j+1 < len(r) && r[j+1] == r[i] {
				j++
			}
			rep := ""
			if j > i {
				rep = fmt.Sprintf(` table:number-columns-repeated="%d"`, j-i+1)
			}
			if r[i] == "" {
				fmt.Fprintf(&b, "<table:table-cell%s/>", rep)
			} else {
				var esc strings.Builder
				xml.EscapeText(&esc, []byte(r[i]))
				fmt.Fprintf(&b, `<table:table-cell%s office:value-type="string"><text:p>%s</text:p></table:table-cell>`, rep, esc.String())
			}
			i = j + 1
		}
		b.WriteString("</table:table-row>")
	}
	b.WriteString(`<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>`)
	b.WriteString("</table:table></office:spreadsheet></office:body></office:document-content>")
	out := filepath.Join(t.TempDir(), strings.TrimSuffix(filepath.Base(csvPath), ".csv")+".ods")
	zf, _ := os.Create(out)
	zw := zip.NewWriter(zf)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	w.Write([]byte("application/vnd.oasis.opendocument.spreadsheet"))
	w, _ = zw.Create("content.xml")
	w.Write([]byte(b.String()))
	zw.Close()
	zf.Close()
	return out
}

// LibreOffice's .ods versions of the exports load as the CSV ones do.
func TestDialectsAsODS(t *testing.T) {
	for _, c := range dialectCases {
		if strings.HasPrefix(c.file, "qualtrics") || strings.HasPrefix(c.file, "googleforms") {
			continue
		}
		t.Run(c.file, func(t *testing.T) {
			checkDialect(t, toODS(t, filepath.Join("../../testdata/dialects", c.file)), c, "ods")
		})
	}
}
