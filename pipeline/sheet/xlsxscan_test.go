package sheet

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"

	"github.com/xuri/excelize/v2"
)

// readBoth reads a workbook with the fast scanner and with excelize alone; the rows must match.
func readBoth(t *testing.T, path string) (fast, slow []Row, scanned bool) {
	t.Helper()
	read := func(scan bool) ([]Row, bool) {
		scanRows = scan
		defer func() { scanRows = true }()
		tbl, err := Open(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer tbl.Close()
		rows := readAll(t, tbl)
		x := tbl.(safe).Table.(*xlsxTable)
		return rows, x.scan != nil
	}
	fast, scanned = read(true)
	slow, _ = read(false)
	if !reflect.DeepEqual(fast, slow) {
		for i := range min(len(fast), len(slow)) {
			if !reflect.DeepEqual(fast[i], slow[i]) {
				t.Fatalf("%s: row %d differs:\n fast %+v\n slow %+v", filepath.Base(path), i, fast[i], slow[i])
			}
		}
		t.Fatalf("%s: %d rows fast, %d with excelize", filepath.Base(path), len(fast), len(slow))
	}
	return fast, slow, scanned
}

func TestScannerMatchesExcelize(t *testing.T) {
	dir := t.TempDir()
	build := func(name string, fill func(f *excelize.File)) string {
		f := excelize.NewFile()
		f.SetSheetRow("Sheet1", "A1", &[]any{"Staff ID", "Profession", "[1-L1-01]", "[1-L1-02]", "Notes", "Score"})
		fill(f)
		p := filepath.Join(dir, name)
		if err := f.SaveAs(p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	plain := build("plain.xlsx", func(f *excelize.File) {
		for i := 2; i < 300; i++ {
			f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i), &[]any{fmt.Sprintf("%05d", i), "Nurse & midwife <adult>", "Confident", "4 - Very confident", "line one\r\nline two", i * 7})
		}
		f.SetSheetRow("Sheet1", "A305", &[]any{"00123", "Paramedic", "", "Not confident", "", -12.5})
		f.SetSheetRow("Sheet1", "A306", &[]any{123456789012345678, "\"quoted\" 'single'", "Ünïcödé ✓", "", 1e20, 0.1 + 0.2})
		f.SetCellValue("Sheet1", "C310", "only one cell")
		f.SetCellFormula("Sheet1", "F311", "=1+1")
		f.SetCellStr("Sheet1", "B312", "   spaces   ")
		f.SetCellInt("Sheet1", "A313", 0)
	})
	rows, _, scanned := readBoth(t, plain)
	if !scanned {
		t.Error("the scanner handed a plain workbook over to excelize")
	}
	if len(rows) < 300 || rows[0].Cells[0] != "00002" || rows[0].Cells[4] != "line one\r\nline two" {
		t.Errorf("unexpected rows: %d, first %q", len(rows), rows[0].Cells)
	}

	// Cells the scanner leaves to excelize, part-way through: a date, a styled number, a boolean,
	// a rich text string, an escaped control character and a string with a number format.
	styled := build("styled.xlsx", func(f *excelize.File) {
		date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
		money, _ := f.NewStyle(&excelize.Style{NumFmt: 4})
		custom := "0000"
		padded, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &custom})
		bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
		for i := 2; i < 50; i++ {
			f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i), &[]any{i, "Nurse", "Confident", "Expert", "", i})
		}
		f.SetCellStyle("Sheet1", "B20", "B20", bold)
		f.SetCellValue("Sheet1", "F30", 46000)
		f.SetCellStyle("Sheet1", "F30", "F30", date)
		f.SetCellValue("Sheet1", "F31", 1234.5)
		f.SetCellStyle("Sheet1", "F31", "F31", money)
		f.SetCellValue("Sheet1", "A32", 42)
		f.SetCellStyle("Sheet1", "A32", "A32", padded)
		f.SetCellBool("Sheet1", "E33", true)
		f.SetCellRichText("Sheet1", "E34", []excelize.RichTextRun{{Text: "rich "}, {Text: "text", Font: &excelize.Font{Bold: true}}})
		f.SetCellStr("Sheet1", "E35", "carriage\x0dreturn")
		f.SetCellStyle("Sheet1", "C36", "C36", date)
	})
	rows, _, scanned = readBoth(t, styled)
	if scanned {
		t.Error("the scanner read a date itself instead of handing over to excelize")
	}
	if len(rows) != 48 || rows[0].Cells[5] != "2" || rows[28].Number != 30 {
		t.Errorf("unexpected rows: %d, first %q", len(rows), rows[0].Cells)
	}
}

// A sheet larger than what is kept in memory is streamed: reading all its rows keeps the Go heap
// far below the sheet's size, and the rows match what was written.
func TestLargeSheetStreamed(t *testing.T) {
	if testing.Short() {
		t.Skip("writes an 80 MB sheet")
	}
	const rows, cols = 200_000, 12
	path := filepath.Join(t.TempDir(), "large.xlsx")
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	header := []any{"Staff ID"}
	for c := 1; c < cols; c++ {
		header = append(header, fmt.Sprintf("[1-L1-%02d]", c))
	}
	sw.SetRow("A1", header)
	answers := []string{"Not confident", "Slightly confident", "Confident", "Very confident", "Expert"}
	for r := 2; r <= rows+1; r++ {
		row := []any{fmt.Sprintf("S%07d", r)}
		for c := 1; c < cols; c++ {
			row = append(row, answers[(r+c)%5])
		}
		cell, _ := excelize.CoordinatesToCellName(1, r)
		if err := sw.SetRow(cell, row); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	f.Close()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.Name == "xl/worksheets/sheet1.xml" && zf.UncompressedSize64 <= inMemoryPart {
			t.Fatalf("the sheet is %d bytes, not more than the %d kept in memory", zf.UncompressedSize64, inMemoryPart)
		}
	}
	zr.Close()

	tbl, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Close()
	if x := tbl.(safe).Table.(*xlsxTable); x.scan == nil {
		t.Fatal("the large sheet was not scanned")
	}
	var peak uint64
	var ms runtime.MemStats
	n := 0
	for {
		r, err := tbl.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
		if want := answers[(r.Number+3)%5]; r.Cells[3] != want || r.Cells[0] != fmt.Sprintf("S%07d", r.Number) {
			t.Fatalf("row %d: %q, want %s in D", r.Number, r.Cells, want)
		}
		if n%20_000 == 0 {
			runtime.GC()
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
	}
	if n != rows {
		t.Errorf("%d rows read, want %d", n, rows)
	}
	if peak > 48<<20 {
		t.Errorf("Go heap reached %d MB while reading: the sheet was loaded whole", peak>>20)
	}
	t.Logf("%d rows, Go heap at most %d MB", n, peak>>20)
}

// Whatever text or number a cell holds, the scanner shows it as excelize does (or hands over).
func FuzzScannerMatchesExcelize(f *testing.F) {
	f.Add("Very confident", "4")
	f.Add("a & b <c> \"d\" 'e'", "-12.50")
	f.Add("line\r\nbreak\ttab", "1e20")
	f.Add("_x000D_ escaped", "00123")
	f.Add("  spaced  ", "0.30000000000000004")
	f.Add("Ünïcödé ✓ \u2028", "123456789012345678")
	f.Fuzz(func(t *testing.T, text, number string) {
		x := excelize.NewFile()
		x.SetSheetRow("Sheet1", "A1", &[]any{"Staff ID", "[1-L1-01]", "[1-L1-02]", "Notes"})
		x.SetSheetRow("Sheet1", "A2", &[]any{"S1", text, "Confident", text + text})
		if err := x.SetCellDefault("Sheet1", "C3", number); err != nil {
			t.Skip()
		}
		x.SetCellStr("Sheet1", "A3", "S2")
		x.SetCellStr("Sheet1", "B3", text)
		path := filepath.Join(t.TempDir(), "fuzz.xlsx")
		if err := x.SaveAs(path); err != nil {
			t.Skip()
		}
		x.Close()
		if _, err := Open(path, Options{}); err != nil {
			t.Skip() // excelize cannot read what it wrote: nothing to compare
		}
		readBoth(t, path)

		// The same texts as inline strings, as excelize's stream writer (and many exporters)
		// write them: the scanner's in-place path for <is><t>...</t></is>.
		x = excelize.NewFile()
		sw, err := x.NewStreamWriter("Sheet1")
		if err != nil {
			t.Fatal(err)
		}
		sw.SetRow("A1", []any{"Staff ID", "[1-L1-01]", "[1-L1-02]", "Notes"})
		if err := sw.SetRow("A2", []any{"S1", text, number, text + text}); err != nil {
			t.Skip()
		}
		if err := sw.Flush(); err != nil {
			t.Skip()
		}
		inline := filepath.Join(t.TempDir(), "inline.xlsx")
		if err := x.SaveAs(inline); err != nil {
			t.Skip()
		}
		x.Close()
		if _, err := Open(inline, Options{}); err != nil {
			t.Skip()
		}
		readBoth(t, inline)
	})
}
