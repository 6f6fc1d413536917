package ingest_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-readiness/readiness/pipeline/ingest"
	"github.com/nhs-readiness/readiness/pipeline/sheet"
	"github.com/nhs-readiness/readiness/pipeline/warehouse/warehousetest"
)

// Hostile and broken files each give a clear error or load correctly, within the limits.
func TestHostileFiles(t *testing.T) {
	wh, loader := warehousetest.New(t)
	ctx := context.Background()
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	refused := func(name, path string, opt ingest.Options, want string) {
		t.Helper()
		_, err := loader.Load(ctx, path, opt)
		if err == nil || !(errors.Is(err, sheet.ErrUnreadable) || errors.Is(err, ingest.ErrRefused)) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want a refusal saying %q", name, err, want)
		}
	}

	// A zip bomb: 64 MB of sheet XML compressed to a few hundred KB, against a 16 MB limit.
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	for _, part := range []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`},
		{"xl/workbook.xml", `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="S" sheetId="1" r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></sheets></workbook>`},
	} {
		w, _ := zw.Create(part.name)
		io.WriteString(w, part.body)
	}
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	w.Write(bytes.Repeat([]byte(" "), 64<<20))
	zw.Close()
	bombPath := write("bomb_2026Q3.xlsx", bomb.Bytes())
	if bomb.Len() > 1<<20 {
		t.Fatalf("the bomb is %d bytes compressed", bomb.Len())
	}
	refused("zip bomb", bombPath, ingest.Options{MaxBytes: 16 << 20}, "too large")

	// Entity expansion ("billion laughs") in the shared strings: refused or read literally, never expanded.
	x := excelize.NewFile()
	x.SetSheetRow("Sheet1", "A1", &[]any{"Profession", "[1-L1-01]"})
	x.SetSheetRow("Sheet1", "A2", &[]any{"Nurse", "Very confident"})
	var good bytes.Buffer
	x.Write(&good)
	x.Close()
	laughs := `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">` +
		`<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>` +
		`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>`
	zr, _ := zip.NewReader(bytes.NewReader(good.Bytes()), int64(good.Len()))
	var evil bytes.Buffer
	ew := zip.NewWriter(&evil)
	for _, f := range zr.File {
		w, _ := ew.Create(f.Name)
		if f.Name == "xl/sharedStrings.xml" {
			io.WriteString(w, laughs)
			continue
		}
		rc, _ := f.Open()
		io.Copy(w, rc)
		rc.Close()
	}
	ew.Close()
	res, err := loader.Load(ctx, write("laughs_RTH_2026Q3.xlsx", evil.Bytes()), ingest.Options{})
	if err == nil && res.RowsRead > 1 {
		t.Errorf("entity expansion: %+v", res)
	}

	// A 100 MB cell: the row is reported, the cell is not kept.
	var big bytes.Buffer
	big.WriteString("Response ID,Profession,[1-L1-01]\n1,Nurse,Very confident\n2,")
	big.Write(bytes.Repeat([]byte("x"), 100<<20))
	big.WriteString(",Agree\n")
	res, err = loader.Load(ctx, write("bigcell_RTH_2026Q3.csv", big.Bytes()), ingest.Options{})
	if err != nil || res.RowsRead != 2 || res.RowsLoaded != 1 || res.RowsRejected != 1 {
		t.Errorf("100 MB cell: %+v, %v", res, err)
	}
	var reason string
	wh.AnalystQueryRow(context.Background(), `SELECT reason FROM rejects WHERE row_number = 3 AND column_letter = 'B' AND severity = 'error'`).Scan(&reason)
	if reason != "the cell holds 104857600 characters, more than the 32767 a cell may hold; it is left out" {
		t.Errorf("100 MB cell reason: %q", reason)
	}

	// 16,384 columns (Excel's maximum): the capability columns map, the rest are reported.
	var wide bytes.Buffer
	wide.WriteString("Profession,Trust,[1-L1-01]")
	for i := 3; i < 16384; i++ {
		fmt.Fprintf(&wide, ",Extra %d", i)
	}
	wide.WriteString("\nNurse,RGT,Very confident" + strings.Repeat(",", 16381) + "\n")
	res, err = loader.Load(ctx, write("wide_2026Q3.csv", wide.Bytes()), ingest.Options{})
	if err != nil || res.RowsLoaded != 1 || res.ColumnsMapped != 3 || res.ColumnsUnmapped != 16381 {
		t.Errorf("16,384 columns: %+v, %v", res, err)
	}

	// 1,048,576 rows (Excel's maximum), streamed: all load.
	var tall bytes.Buffer
	tall.WriteString("Profession,Trust,[1-L1-01]\n")
	for i := 0; i < 1<<20; i++ {
		tall.WriteString("Nurse,RJ1,Agree\n")
	}
	res, err = loader.Load(ctx, write("tall_2026Q3.csv", tall.Bytes()), ingest.Options{})
	if err != nil || res.RowsRead != 1<<20 || res.RowsLoaded != 1<<20 {
		t.Errorf("1,048,576 rows: %+v, %v", res, err)
	}

	// An .xls saved with an .xlsx name, and headers without rows.
	refused(".xls named .xlsx", write("old_2026Q3.xlsx", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...)), ingest.Options{}, "legacy Excel .xls")
	refused("headers only", write("headers_RTD_2026Q3.csv", []byte("Profession,Trust,[1-L1-01]\n")), ingest.Options{},
		"the file has a header but no rows of answers")
}
