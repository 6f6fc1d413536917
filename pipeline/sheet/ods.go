package sheet

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// OpenDocument spreadsheets (.ods, LibreOffice's own format) are read from their content.xml,
// streamed with encoding/xml: no Go module for the format could be had here, and the part of the
// format a survey export uses is small (tables, rows, cells, repeats and covered cells). Values
// are read as shown: a cell's text, whatever its type.
const odsNS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"

// maxODSRepeat caps a repeated row or cell: LibreOffice writes the rest of a sheet as one row
// repeated a million times, which must not be expanded.
const maxODSRepeat = 16384

// maxODSCells caps the cells a sheet expands to (repeats included): a larger sheet is refused
// as .xlsx ones are by limits.max_cells, before it fills memory.
const maxODSCells = 20_000_000

// odsTable is one sheet of an OpenDocument spreadsheet, held in memory (the parts of a file are
// capped by MaxBytes before they are read).
type odsTable struct {
	name      string
	header    []string
	headerRow int
	rows      []Row
	next      int
}

func openODS(path string, opt Options) (Table, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, unreadable(path, "the file is not a readable OpenDocument spreadsheet (%v); save it again as .ods or .xlsx", err)
	}
	defer zr.Close()
	var content *zip.File
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if f.Name == "content.xml" {
			content = f
		}
	}
	if total > uint64(opt.MaxBytes) {
		return nil, unreadable(path, "the workbook unpacks to %d bytes, more than limits.max_bytes (%d)", total, opt.MaxBytes)
	}
	if content == nil {
		return nil, unreadable(path, "the file has no content.xml: it is not an OpenDocument spreadsheet")
	}
	rc, err := content.Open()
	if err != nil {
		return nil, unreadable(path, "%v", err)
	}
	defer rc.Close()
	sheets, err := readODS(io.LimitReader(rc, opt.MaxBytes), opt.Sheet)
	if err != nil {
		return nil, unreadable(path, "%v", err)
	}
	if len(sheets) == 0 {
		if opt.Sheet != "" {
			return nil, unreadable(path, "there is no sheet named %q", opt.Sheet)
		}
		return nil, unreadable(path, "the spreadsheet has no sheets")
	}
	t := sheets[0]
	if len(t.rows) == 0 {
		return nil, unreadable(path, "the sheet has no rows")
	}
	// The header: the first row, or the first looking like one below title rows.
	var head [][]string
	for _, r := range t.rows[:min(20, len(t.rows))] {
		head = append(head, r.Cells)
	}
	h := 0
	if !opt.Raw {
		h = findHeader(head)
	}
	t.header, t.headerRow = t.rows[h].Cells, t.rows[h].Number
	width := len(t.header)
	for _, r := range t.rows[h+1:] {
		width = max(width, len(r.Cells))
	}
	for len(t.header) < width {
		t.header = append(t.header, "")
	}
	data := t.rows[h+1:]
	t.rows = make([]Row, 0, len(data))
	for _, r := range data {
		t.rows = append(t.rows, shape(r.Number, r.Cells, width))
	}
	return t, nil
}

// readODS reads the sheets of content.xml (only the named one when name is not empty), each
// row's cells as text, blank rows left out.
func readODS(r io.Reader, name string) ([]*odsTable, error) {
	dec := xml.NewDecoder(r)
	dec.Strict = false
	var out []*odsTable
	var cur *odsTable
	var cells []string
	rowNum, rowRepeat, cellRepeat, total := 0, 1, 1, 0
	var text strings.Builder
	inCell, inRow := false, false
	paragraphs := 0
	attr := func(se xml.StartElement, local string) string {
		for _, a := range se.Attr {
			if a.Name.Local == local && (a.Name.Space == odsNS || a.Name.Space == "table" || a.Name.Space == "") {
				return a.Value
			}
		}
		return ""
	}
	repeat := func(v string) int {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return 1
		}
		return min(n, maxODSRepeat)
	}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("content.xml: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "table":
				cur = nil
				if n := attr(t, "name"); name == "" || n == name {
					cur = &odsTable{name: n}
					rowNum = 0
				}
			case "table-row":
				if cur != nil {
					inRow, cells = true, nil
					rowRepeat = repeat(attr(t, "number-rows-repeated"))
				}
			case "table-cell", "covered-table-cell":
				if inRow {
					inCell = true
					text.Reset()
					paragraphs = 0
					cellRepeat = repeat(attr(t, "number-columns-repeated"))
				}
			case "p":
				if inCell {
					if paragraphs > 0 {
						text.WriteByte('\n')
					}
					paragraphs++
				}
			case "s": // spaces
				if inCell {
					text.WriteString(strings.Repeat(" ", repeat(attr(t, "c"))))
				}
			case "tab":
				if inCell {
					text.WriteByte('\t')
				}
			case "line-break":
				if inCell {
					text.WriteByte('\n')
				}
			}
		case xml.CharData:
			if inCell && paragraphs > 0 {
				text.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "table-cell", "covered-table-cell":
				if inCell {
					v := text.String()
					if len(cells)+cellRepeat > maxODSRepeat {
						cellRepeat = max(0, maxODSRepeat-len(cells))
					}
					for i := 0; i < cellRepeat; i++ {
						cells = append(cells, v)
					}
					inCell = false
				}
			case "table-row":
				if inRow {
					inRow = false
					if blank(cells) {
						rowNum += rowRepeat
						break
					}
					kept := trimTrailing(cells)
					for i := 0; i < rowRepeat; i++ {
						rowNum++
						if total += len(kept); total > maxODSCells {
							return nil, fmt.Errorf("the sheet has more than %d cells; split it or save it as .xlsx", maxODSCells)
						}
						cur.rows = append(cur.rows, Row{Number: rowNum, Cells: append([]string(nil), kept...)})
					}
				}
			case "table":
				if cur != nil {
					out = append(out, cur)
					if name == "" {
						return out, nil // the first sheet
					}
					cur = nil
				}
			}
		}
	}
	return out, nil
}

func trimTrailing(cells []string) []string {
	n := len(cells)
	for n > 0 && strings.TrimSpace(cells[n-1]) == "" {
		n--
	}
	return append([]string(nil), cells[:n]...)
}

func (t *odsTable) Format() string   { return "ods" }
func (t *odsTable) Sheet() string    { return t.name }
func (t *odsTable) Header() []string { return t.header }
func (t *odsTable) HeaderRow() int   { return t.headerRow }
func (t *odsTable) Close() error     { return nil }

func (t *odsTable) Next() (Row, error) {
	if t.next >= len(t.rows) {
		return Row{}, io.EOF
	}
	t.next++
	return t.rows[t.next-1], nil
}
