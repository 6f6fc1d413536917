package sheet

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"regexp"
	"strings"

	"github.com/xuri/excelize/v2"
)

type xlsxTable struct {
	f         *excelize.File
	rows      *excelize.Rows // excelize's iterator, after the header until it takes over from scan
	sheet     string
	header    []string
	headerRow int
	rowNum    int // the row rows is at

	scan *sheetScanner   // the fast reader of the data rows; nil once excelize has taken over
	zr   *zip.ReadCloser // the package, for the scanner
	part io.Closer       // the sheet's stream in the package, when not in excelize's memory
	raw  bool            // the first row is the header (Options.Raw)
}

// inMemoryPart is the largest workbook part (uncompressed) read into memory: every sheet of the
// national benchmark fits (16 to 43 MB, 60 answers a person and up to 15,000 people); a larger one
// is streamed. At 32 MB a third of them were inflated twice, to excelize's temporary file and
// again for the scanner.
const inMemoryPart = 64 << 20

// capabilityHint spots headers that carry a capability id, to choose the data sheet.
var capabilityHint = regexp.MustCompile(`\d(\.\d){0,2}-L[1-4]-\d`)

func openXLSX(path string, opt Options) (Table, error) {
	// A part larger than inMemoryPart stays on disk (excelize keeps it in a temporary file and the
	// scanner streams it from the package), so a large sheet is never held whole in memory.
	f, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: opt.MaxBytes, UnzipXMLSizeLimit: min(opt.MaxBytes, inMemoryPart)})
	if err != nil {
		return nil, unreadable(path, "the workbook is corrupt, protected or too large (%v); save it again as .xlsx", err)
	}
	sheet := opt.Sheet
	if sheet != "" {
		if idx, err := f.GetSheetIndex(sheet); err != nil || idx < 0 {
			f.Close()
			return nil, unreadable(path, "no sheet named %q (sheets: %s)", sheet, strings.Join(f.GetSheetList(), ", "))
		}
	} else {
		sheet = pickSheet(f)
		if sheet == "" {
			f.Close()
			return nil, unreadable(path, "the workbook has no sheet with data")
		}
	}
	t := &xlsxTable{f: f, sheet: sheet, raw: opt.Raw}
	if err := t.readHeader(); err != nil {
		f.Close()
		return nil, unreadable(path, "sheet %q: %v", sheet, err)
	}
	t.startScan(path)
	return t, nil
}

// scanRows turns the fast reader on; tests turn it off to compare the two readers.
var scanRows = true

// startScan sets up the fast reader of the data rows, past the header, when the workbook allows.
func (t *xlsxTable) startScan(path string) {
	if !scanRows {
		return
	}
	zr, err := zip.OpenReader(path)
	if err != nil {
		return
	}
	sp, ok := sheetPath(t.f, zr, t.sheet)
	var parts *workbookParts
	if ok {
		parts, ok = readParts(t.f, zr)
	}
	if !ok {
		zr.Close()
		return
	}
	if b, held := heldPart(t.f, sp); held {
		t.zr, t.scan = zr, newSheetScanner(wholeWindow(b), parts)
		return
	}
	r, ok := openPart(t.f, zr, sp)
	if !ok {
		zr.Close()
		return
	}
	t.part = r
	t.zr, t.scan = zr, newSheetScanner(streamWindow(r, 256<<10), parts)
}

// pickSheet returns the first sheet whose first rows mention a capability id, else the first sheet
// with any data.
func pickSheet(f *excelize.File) string {
	first := ""
	for _, name := range f.GetSheetList() {
		rows, err := f.Rows(name)
		if err != nil {
			continue
		}
		any := false
		for i := 0; i < 20 && rows.Next(); i++ {
			cells, _ := rows.Columns()
			if !blank(cells) {
				any = true
				if capabilityHint.MatchString(strings.Join(cells, "\x00")) {
					rows.Close()
					return name
				}
			}
		}
		rows.Close()
		if any && first == "" {
			first = name
		}
	}
	return first
}

func (t *xlsxTable) readHeader() error {
	rows, err := t.f.Rows(t.sheet)
	if err != nil {
		return err
	}
	var head [][]string
	var nums []int
	for len(head) < 20 && rows.Next() {
		t.rowNum++
		cells, err := rows.Columns()
		if err != nil {
			rows.Close()
			return err
		}
		if blank(cells) {
			continue
		}
		head = append(head, cells)
		nums = append(nums, t.rowNum)
	}
	rows.Close()
	if len(head) == 0 {
		return errors.New("the sheet has no rows")
	}
	h := 0
	if !t.raw {
		h = findHeader(head)
	}
	t.header, t.headerRow = t.mergedHeader(head[h], nums[h]), nums[h]
	// Excel leaves out a row's trailing blank cells, so a header whose last columns are blank
	// (a question spanning several columns) is shorter than the table: widen it to the widest
	// of the rows sampled.
	for _, r := range head[h:] {
		for len(t.header) < len(r) {
			t.header = append(t.header, "")
		}
	}
	// Reopen the iterator and skip to the row after the header.
	t.rows, err = t.f.Rows(t.sheet)
	if err != nil {
		return err
	}
	t.rowNum = 0
	for t.rowNum < t.headerRow && t.rows.Next() {
		t.rowNum++
	}
	return nil
}

// hasMerges reports whether any worksheet of the file may hold merged cells. Asking excelize for
// them parses the whole sheet into memory (seconds on a large sheet), so the raw XML is searched
// first. A sheet too large to be kept in memory (stored in a temporary file) is taken to have none.
func hasMerges(f *excelize.File) bool {
	found := false
	f.Pkg.Range(func(k, v any) bool {
		name, _ := k.(string)
		data, _ := v.([]byte)
		if strings.HasPrefix(name, "xl/worksheets/") && bytes.Contains(data, []byte("mergeCell ")) {
			found = true
			return false
		}
		return true
	})
	return found
}

// mergedHeader fills a header cell left blank by a horizontal merge with the merged cell's value.
func (t *xlsxTable) mergedHeader(cells []string, row int) []string {
	if !hasMerges(t.f) {
		return cells
	}
	merged, err := t.f.GetMergeCells(t.sheet)
	if err != nil || len(merged) == 0 {
		return cells
	}
	out := append([]string(nil), cells...)
	for _, m := range merged {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil || row < r1 || row > r2 {
			continue
		}
		for len(out) < c2 {
			out = append(out, "")
		}
		for c := c1; c <= c2; c++ {
			if strings.TrimSpace(out[c-1]) == "" {
				out[c-1] = m.GetCellValue()
			}
		}
	}
	return out
}

func (t *xlsxTable) Format() string   { return "xlsx" }
func (t *xlsxTable) Sheet() string    { return t.sheet }
func (t *xlsxTable) Header() []string { return t.header }
func (t *xlsxTable) HeaderRow() int   { return t.headerRow }

func (t *xlsxTable) Close() error {
	if t.rows != nil {
		t.rows.Close()
	}
	if t.part != nil {
		t.part.Close()
	}
	if t.zr != nil {
		t.zr.Close()
	}
	return t.f.Close()
}

func (t *xlsxTable) Next() (Row, error) {
	for t.scan != nil {
		num, cells, err := t.scan.next()
		switch {
		case err == nil:
			if num <= t.headerRow || blank(cells) {
				continue
			}
			return shape(num, append(make([]string, 0, len(t.header)), cells...), len(t.header)), nil
		case errors.Is(err, io.EOF):
			return Row{}, io.EOF
		default:
			// A cell left to excelize, or XML the scanner does not follow: excelize reads on
			// from the row the scanner stopped in.
			from := t.scan.row
			t.scan = nil
			for t.rowNum < from-1 && t.rows.Next() {
				t.rowNum++
			}
		}
	}
	for t.rows.Next() {
		t.rowNum++
		cells, err := t.rows.Columns()
		if err != nil {
			return Row{}, err
		}
		if blank(cells) {
			continue
		}
		return shape(t.rowNum, cells, len(t.header)), nil
	}
	if err := t.rows.Error(); err != nil {
		return Row{}, err
	}
	return Row{}, io.EOF
}
