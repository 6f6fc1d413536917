package sheet

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func readAll(t *testing.T, tbl Table) []Row {
	t.Helper()
	var rows []Row
	for {
		r, err := tbl.Next()
		if errors.Is(err, io.EOF) {
			return rows
		}
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, r)
	}
}

func TestCSVVariants(t *testing.T) {
	const text = "Profession;Région;[1-L1-01]\r\nPhysiothérapeute;Midlands;Very confident\r\n\r\nNurse;London;\"Somewhat; really\"\r\n"
	utf16le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(text)
	utf16be, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().String(text)
	cp1252, _ := charmap.Windows1252.NewEncoder().String(text)
	cases := map[string][]byte{
		"utf8.csv":    []byte(text),
		"utf8bom.csv": append([]byte{0xEF, 0xBB, 0xBF}, text...),
		"utf16le.csv": []byte(utf16le),
		"utf16be.csv": []byte(utf16be),
		"cp1252.csv":  []byte(cp1252),
		"tab.tsv":     []byte(strings.ReplaceAll(strings.ReplaceAll(text, ";", "\t"), "\"Somewhat\t really\"", "\"Somewhat; really\"")),
		"pipe.txt":    []byte(strings.ReplaceAll(strings.ReplaceAll(text, ";", "|"), "\"Somewhat| really\"", "\"Somewhat; really\"")),
		"comma.csv":   []byte(strings.ReplaceAll(strings.ReplaceAll(text, ";", ","), "\"Somewhat, really\"", "\"Somewhat; really\"")),
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			tbl, err := Open(writeFile(t, name, data), Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer tbl.Close()
			if got := tbl.Header(); !reflect.DeepEqual(got, []string{"Profession", "Région", "[1-L1-01]"}) {
				t.Fatalf("header = %q", got)
			}
			rows := readAll(t, tbl)
			want := []Row{
				{Number: 2, Cells: []string{"Physiothérapeute", "Midlands", "Very confident"}, Width: 3},
				{Number: 4, Cells: []string{"Nurse", "London", "Somewhat; really"}, Width: 3},
			}
			if !reflect.DeepEqual(rows, want) {
				t.Fatalf("rows = %+v, want %+v (blank line 3 skipped)", rows, want)
			}
		})
	}
}

func TestCSVTitleRowsRaggedAndQuotedNewlines(t *testing.T) {
	data := "Staff survey export\nRun on 1 Aug\nID,Profession,[1-L1-01],[1-L1-02]\n" +
		"1,Nurse,\"Very\nconfident\",Agree\n" + // quoted newline: the record starts on line 4
		"2,Doctor\n" + // short: padded
		"3,OT,Agree,Agree,oops,more\n" // long: extra cells kept aside
	tbl, err := Open(writeFile(t, "x.csv", []byte(data)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Close()
	if tbl.HeaderRow() != 3 || tbl.Header()[0] != "ID" {
		t.Fatalf("header row %d %q, want row 3 starting ID", tbl.HeaderRow(), tbl.Header())
	}
	rows := readAll(t, tbl)
	want := []Row{
		{Number: 4, Cells: []string{"1", "Nurse", "Very\nconfident", "Agree"}, Width: 4},
		{Number: 6, Cells: []string{"2", "Doctor", "", ""}, Width: 2},
		{Number: 7, Cells: []string{"3", "OT", "Agree", "Agree"}, Extra: []string{"oops", "more"}, Width: 6},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Fatalf("rows =\n%+v\nwant\n%+v", rows, want)
	}
}

func TestXLSX(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Cover")
	f.SetCellValue("Cover", "A1", "Read me first")
	f.NewSheet("Data")
	f.SetCellValue("Data", "A1", "Survey export, Q3")
	f.MergeCell("Data", "C3", "D3")
	for i, h := range []string{"Staff number", "Date", "Capabilities", ""} {
		f.SetCellValue("Data", string(rune('A'+i))+"3", h)
	}
	f.SetCellValue("Data", "C3", "[1-L1-01] merged")
	f.SetCellValue("Data", "A4", "00123")
	f.SetCellValue("Data", "B4", 46235) // a date serial shown as a date
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	f.SetCellStyle("Data", "B4", "B4", style)
	f.SetCellValue("Data", "C4", "Agree")
	f.SetCellFormula("Data", "D4", `="Str"&"ongly agree"`)
	f.SetCellValue("Data", "A6", "00456") // row 5 blank
	p := filepath.Join(t.TempDir(), "book.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	tbl, err := Open(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Close()
	if tbl.Sheet() != "Data" || tbl.HeaderRow() != 3 {
		t.Fatalf("sheet %q header row %d; want Data, 3 (the sheet with capability ids, below its title)", tbl.Sheet(), tbl.HeaderRow())
	}
	if got := tbl.Header(); !reflect.DeepEqual(got, []string{"Staff number", "Date", "[1-L1-01] merged", "[1-L1-01] merged"}) {
		t.Fatalf("header = %q (merged cell should fill D3)", got)
	}
	rows := readAll(t, tbl)
	if len(rows) != 2 || rows[0].Number != 4 || rows[1].Number != 6 {
		t.Fatalf("rows = %+v; want rows 4 and 6", rows)
	}
	if rows[0].Cells[0] != "00123" || rows[0].Cells[1] != "08-01-26" || rows[0].Cells[2] != "Agree" {
		t.Errorf("row 4 = %q; want the leading zeros kept and the date as shown", rows[0].Cells)
	}
	if !reflect.DeepEqual(rows[1].Cells, []string{"00456", "", "", ""}) {
		t.Errorf("row 6 = %q; want padded to the header's width", rows[1].Cells)
	}
}

func TestUnreadable(t *testing.T) {
	cases := []struct{ name, data, want string }{
		{"empty.csv", "", "the file is empty"},
		{"junk.csv", "\x00\x01\x02\xff\xfe\x00binary", "binary data"},
		{"old.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "legacy Excel .xls"},
		{"named.xlsx", "a,b\n1,2\n", "is not an Excel workbook"},
		{"broken.xlsx", "PK\x03\x04truncated zip", "corrupt"},
		{"calc.ods", "PK\x03\x04something", "OpenDocument"},
		{"blank.csv", "\n\n  \n", "no rows"},
	}
	for _, c := range cases {
		_, err := Open(writeFile(t, c.name, []byte(c.data)), Options{})
		if !errors.Is(err, ErrUnreadable) || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.name) {
			t.Errorf("%s: error %v; want ErrUnreadable naming the file and saying %q", c.name, err, c.want)
		}
	}
}

func TestColumnLetter(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA", 16383: "XFD"} {
		if got := ColumnLetter(i); got != want {
			t.Errorf("ColumnLetter(%d) = %s, want %s", i, got, want)
		}
	}
}

// A CSV with old Mac line endings (a bare CR) in Windows-1252 reads the same as its UTF-8 twin
// with CRLF line endings. Before: "the file has a header but no rows of answers".
func TestCROnlyWindows1252(t *testing.T) {
	dir := t.TempDir()
	text := "Staff ID,Profession,Region,[1-L1-01] Café systems\r\n1,Nurse,Île,Very confident\r\n2,Doctor,Zoë,Slightly confident\r\n"
	utf8Path := filepath.Join(dir, "utf8.csv")
	os.WriteFile(utf8Path, []byte(text), 0o644)
	enc, err := charmap.Windows1252.NewEncoder().String(strings.ReplaceAll(text, "\r\n", "\r"))
	if err != nil {
		t.Fatal(err)
	}
	macPath := filepath.Join(dir, "mac.csv")
	os.WriteFile(macPath, []byte(enc), 0o644)
	read := func(path string) [][]string {
		tbl, err := Open(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer tbl.Close()
		out := [][]string{tbl.Header()}
		for {
			r, err := tbl.Next()
			if err != nil {
				break
			}
			out = append(out, r.Cells)
		}
		return out
	}
	a, b := read(utf8Path), read(macPath)
	if !reflect.DeepEqual(a, b) || len(a) != 3 || a[2][2] != "Zoë" {
		t.Errorf("CR-only Windows-1252 %q\nCRLF UTF-8 %q", b, a)
	}
}
