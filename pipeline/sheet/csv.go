package sheet

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

type csvTable struct {
	path      string
	f         *os.File
	r         *csv.Reader
	header    []string
	headerRow int
	pending   [][]string // rows read while looking for the header
	pendingAt []int
	raw       bool // the first row is the header (Options.Raw)
}

// sniffSize is how much of a CSV file is read to detect its encoding and delimiter.
const sniffSize = 64 << 10

func openCSV(path string, opt Options) (Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, unreadable(path, "%v", err)
	}
	head := make([]byte, sniffSize)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return nil, unreadable(path, "%v", err)
	}
	var src io.Reader = f
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		src = transform.NewReader(f, unicode.UTF8BOM.NewDecoder())
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		src = transform.NewReader(f, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
	case !utf8.Valid(trimPartialRune(head)):
		if bytes.IndexByte(head, 0) >= 0 {
			f.Close()
			return nil, unreadable(path, "the file holds binary data, not text; send a CSV or .xlsx file")
		}
		src = transform.NewReader(f, charmap.Windows1252.NewDecoder())
	}
	if bytes.IndexByte(head, 0) >= 0 && !bytes.HasPrefix(head, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(head, []byte{0xFE, 0xFF}) {
		f.Close()
		return nil, unreadable(path, "the file holds binary data, not text; send a CSV or .xlsx file")
	}
	decoded := bufio.NewReaderSize(src, sniffSize)
	peek, _ := decoded.Peek(sniffSize)
	var lines io.Reader = decoded
	if bytes.IndexByte(peek, '\r') >= 0 && bytes.IndexByte(peek, '\n') < 0 {
		// Old Mac line endings (a bare CR, as older Excel for Mac saves): read each as a newline.
		lines = crLines{decoded}
		peek = bytes.ReplaceAll(peek, []byte{'\r'}, []byte{'\n'})
	}
	r := csv.NewReader(lines)
	r.Comma = detectDelimiter(peek)
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	// A quote inside an unquoted field (a hand-edited file) is read as the character it is.
	r.LazyQuotes = true
	t := &csvTable{path: path, f: f, r: r, raw: opt.Raw}
	if err := t.readHeader(); err != nil {
		f.Close()
		return nil, err
	}
	return t, nil
}

// trimPartialRune drops a multi-byte character cut off at the end of a sniffed prefix.
func trimPartialRune(b []byte) []byte {
	for i := 0; i < 3 && len(b) > 0; i++ {
		if utf8.Valid(b) {
			return b
		}
		b = b[:len(b)-1]
	}
	return b
}

// detectDelimiter picks among comma, semicolon, tab and pipe the one that splits the first lines
// into the same, largest number of fields (quotes respected).
func detectDelimiter(sample []byte) rune {
	best, bestScore := ',', 0
	for _, d := range []rune{',', ';', '\t', '|'} {
		r := csv.NewReader(bytes.NewReader(sample))
		r.Comma = d
		r.FieldsPerRecord = -1
		r.LazyQuotes = true
		counts := map[int]int{}
		for i := 0; i < 20; i++ {
			rec, err := r.Read()
			if err != nil {
				break
			}
			counts[len(rec)]++
		}
		for fields, lines := range counts {
			if fields > 1 && lines*fields > bestScore {
				best, bestScore = d, lines*fields
			}
		}
	}
	return best
}

func (t *csvTable) readHeader() error {
	var rows [][]string
	var lines []int
	for len(rows) < 20 {
		rec, err := t.r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return t.parseError(err)
		}
		line, _ := t.r.FieldPos(0)
		if blank(rec) {
			continue
		}
		rows = append(rows, rec)
		lines = append(lines, line)
	}
	if len(rows) == 0 {
		return unreadable(t.path, "the file has no rows")
	}
	h := 0
	if !t.raw {
		h = findHeader(rows)
	}
	t.header, t.headerRow = rows[h], lines[h]
	t.pending, t.pendingAt = rows[h+1:], lines[h+1:]
	return nil
}

func (t *csvTable) parseError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%w %s: line %d: %v; the rest of the file cannot be read", ErrUnreadable, filepath.Base(t.path), pe.StartLine, pe.Err)
	}
	return fmt.Errorf("%w %s: %v", ErrUnreadable, filepath.Base(t.path), err)
}

func (t *csvTable) Format() string   { return "csv" }
func (t *csvTable) Sheet() string    { return "" }
func (t *csvTable) Header() []string { return t.header }
func (t *csvTable) HeaderRow() int   { return t.headerRow }
func (t *csvTable) Close() error     { return t.f.Close() }

func (t *csvTable) Next() (Row, error) {
	for {
		if len(t.pending) > 0 {
			rec, line := t.pending[0], t.pendingAt[0]
			t.pending, t.pendingAt = t.pending[1:], t.pendingAt[1:]
			return shape(line, rec, len(t.header)), nil
		}
		rec, err := t.r.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return Row{}, io.EOF
			}
			return Row{}, t.parseError(err)
		}
		if blank(rec) {
			continue
		}
		line, _ := t.r.FieldPos(0)
		return shape(line, rec, len(t.header)), nil
	}
}

// crLines reads a text whose lines end with a bare carriage return as lines ending with newlines.
type crLines struct{ r io.Reader }

func (c crLines) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i := range p[:n] {
		if p[i] == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}
