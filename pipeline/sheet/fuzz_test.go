package sheet

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

// readAllRows opens data as a file named name and reads every row, checking the invariants a
// reader must keep whatever the input: no panic, rows padded to the header's width, row numbers
// rising, every error an error (not a crash).
func readAllRows(t *testing.T, name string, data []byte) {
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	tbl, err := Open(p, Options{MaxBytes: 16 << 20})
	if err != nil {
		return
	}
	defer tbl.Close()
	width, last := len(tbl.Header()), tbl.HeaderRow()
	for i := 0; i < 100000; i++ {
		r, err := tbl.Next()
		if errors.Is(err, io.EOF) || err != nil {
			return
		}
		if len(r.Cells) != width {
			t.Fatalf("row %d has %d cells, header %d", r.Number, len(r.Cells), width)
		}
		if r.Number <= last {
			t.Fatalf("row numbers do not rise: %d after %d", r.Number, last)
		}
		last = r.Number
	}
}

func FuzzCSV(f *testing.F) {
	for _, name := range []string{"../../testdata/handmade/trust_RTH_2026Q3.csv", "../../testdata/dialects/qualtrics_2026Q3.csv",
		"../../testdata/dialects/surveymonkey_RJ1_2026Q3.csv", "../../testdata/dialects/long_R0A_2026Q3.csv"} {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("a;b\r\n\"x\ny\";2\r\n"))
	f.Add([]byte{0xFF, 0xFE, 'a', 0, ',', 0, 'b', 0})
	f.Add([]byte("\"unterminated,1\n2,3\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		readAllRows(t, "fuzz.csv", data)
	})
}

func FuzzXLSX(f *testing.F) {
	x := excelize.NewFile()
	x.SetSheetRow("Sheet1", "A1", &[]any{"Profession", "[1-L1-01]"})
	x.SetSheetRow("Sheet1", "A2", &[]any{"Nurse", "Very confident"})
	x.MergeCell("Sheet1", "B1", "C1")
	var buf bytes.Buffer
	x.Write(&buf)
	x.Close()
	f.Add(buf.Bytes())
	f.Add(buf.Bytes()[:buf.Len()/2]) // truncated
	f.Add([]byte("PK\x03\x04junk"))
	f.Fuzz(func(t *testing.T, data []byte) {
		readAllRows(t, "fuzz.xlsx", data)
	})
}

// Any content.xml in an .ods package reads without a crash, keeping the readers' invariants.
func FuzzODS(f *testing.F) {
	f.Add([]byte(`<office:document-content xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><table:table table:name="S"><table:table-row><table:table-cell><text:p>Profession</text:p></table:table-cell><table:table-cell table:number-columns-repeated="2"><text:p>[1-L1-01]</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="3"><table:table-cell><text:p>Nurse<text:s text:c="2"/>x</text:p></table:table-cell><table:covered-table-cell/></table:table-row></table:table></office:document-content>`))
	f.Add([]byte(`<table:table><table:table-row table:number-rows-repeated="999999999"><table:table-cell table:number-columns-repeated="999999999"><text:p>x</text:p></table:table-cell></table:table-row></table:table>`))
	f.Fuzz(func(t *testing.T, content []byte) {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create("mimetype")
		w.Write([]byte("application/vnd.oasis.opendocument.spreadsheet"))
		w, _ = zw.Create("content.xml")
		w.Write(content)
		zw.Close()
		readAllRows(t, "f.ods", buf.Bytes())
	})
}
