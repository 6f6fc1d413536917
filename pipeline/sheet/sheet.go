// Package sheet reads tabular files (CSV and Excel .xlsx) behind one interface, Table: a header
// found in the file, then data rows streamed one at a time with the row number the sender sees.
// Open picks the reader from the file's bytes, not its name.
package sheet

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Row is one data row: its number as the sender sees it (the line in a CSV file, the row in Excel)
// and its cells, padded to the header's width.
type Row struct {
	Number int
	Cells  []string
	// Extra holds the cells beyond the header's width, when the row has more than the header.
	Extra []string
	// Width is the number of cells the row had before padding.
	Width int
}

// Table is one table in a file: a CSV file or one sheet of a workbook.
type Table interface {
	Format() string     // "csv" or "xlsx"
	Sheet() string      // the sheet's name; "" for CSV
	Header() []string   // the header cells
	HeaderRow() int     // the header's row number
	Next() (Row, error) // the next non-blank row; io.EOF at the end
	Close() error
}

// Options tune how files are read.
type Options struct {
	// Sheet names the worksheet to read; empty picks the sheet that looks like the data.
	Sheet string
	// MaxBytes caps the uncompressed size of a workbook's parts (a guard against zip bombs).
	MaxBytes int64
	// Raw takes the first non-blank row as the header instead of looking for it below title
	// rows, so that no row is passed over (for tables whose rows are headings, such as a
	// framework's statement table).
	Raw bool
}

// DefaultMaxBytes is the default cap on a workbook's uncompressed size: 1 GiB.
const DefaultMaxBytes = 1 << 30

// ErrUnreadable marks a file that cannot be read at all (wrong format, corrupt, protected).
var ErrUnreadable = errors.New("cannot read")

func unreadable(path, format string, args ...any) error {
	return fmt.Errorf("%w %s: %s", ErrUnreadable, filepath.Base(path), fmt.Sprintf(format, args...))
}

// Open opens path as a Table, choosing the reader from the file's first bytes. A malformed file
// gives an error wrapping ErrUnreadable, never a panic: the readers' own panics are recovered.
func Open(path string, opt Options) (t Table, err error) {
	defer func() {
		if r := recover(); r != nil {
			t, err = nil, unreadable(path, "the file is malformed (%v); save it again as .xlsx or CSV", r)
		}
	}()
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w %s: %v", ErrUnreadable, filepath.Base(path), err)
	}
	head := make([]byte, 8)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	f.Close()
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = DefaultMaxBytes
	}
	ext := strings.ToLower(filepath.Ext(path))
	switch {
	case n == 0:
		return nil, unreadable(path, "the file is empty")
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		if ext == ".ods" || isODS(path) {
			o, err := openODS(path, opt)
			if err != nil {
				return nil, err
			}
			return safe{o}, nil
		}
		x, err := openXLSX(path, opt)
		if err != nil {
			return nil, err
		}
		return safe{x}, nil
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return nil, unreadable(path, "this is a legacy Excel .xls file or a password-protected workbook; save it as .xlsx without a password")
	default:
		if ext == ".xlsx" || ext == ".xlsm" || ext == ".xls" {
			return nil, unreadable(path, "the file is named %s but is not an Excel workbook; save it as .xlsx", ext)
		}
		return openCSV(path, opt)
	}
}

// isODS reports whether a zip package is an OpenDocument spreadsheet (its mimetype entry).
func isODS(path string) bool {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return false
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name == "mimetype" {
			rc, err := f.Open()
			if err != nil {
				return false
			}
			b := make([]byte, 64)
			n, _ := io.ReadFull(rc, b)
			rc.Close()
			return strings.HasPrefix(string(b[:n]), "application/vnd.oasis.opendocument.spreadsheet")
		}
	}
	return false
}

// ColumnLetter returns Excel's letter for a 0-based column index: 0 is A, 26 is AA.
func ColumnLetter(i int) string {
	var b []byte
	for i++; i > 0; i = (i - 1) / 26 {
		b = append([]byte{byte('A' + (i-1)%26)}, b...)
	}
	return string(b)
}

// findHeader picks the header among the first rows of a table: the first row with at least half
// as many filled cells as the fullest of them (title rows above a header have fewer).
func findHeader(rows [][]string) int {
	most := 0
	filled := make([]int, len(rows))
	for i, r := range rows {
		for _, c := range r {
			if strings.TrimSpace(c) != "" {
				filled[i]++
			}
		}
		most = max(most, filled[i])
	}
	for i, f := range filled {
		if f > 0 && f*2 >= most {
			return i
		}
	}
	return 0
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// shape pads cells to the header's width and splits off any cells beyond it that are not blank.
func shape(number int, cells []string, width int) Row {
	r := Row{Number: number, Width: len(cells)}
	if len(cells) > width {
		if !blank(cells[width:]) {
			r.Extra = cells[width:]
		}
		cells = cells[:width]
	}
	for len(cells) < width {
		cells = append(cells, "")
	}
	r.Cells = cells
	return r
}

// safe turns a reader's panic while reading rows into an error.
type safe struct{ Table }

func (s safe) Next() (r Row, err error) {
	defer func() {
		if p := recover(); p != nil {
			r, err = Row{}, fmt.Errorf("%w: the sheet is malformed (%v)", ErrUnreadable, p)
		}
	}()
	return s.Table.Next()
}
