package sheet

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math/big"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// The data rows of a worksheet are read by a streaming scanner over the sheet's XML, several
// times faster than excelize's row iterator, which decodes every element through encoding/xml
// and formats every number through math/big. The scanner handles what survey exports hold:
// shared and inline strings, numbers without a number format, booleans and formula results. At
// the first cell it cannot show exactly as excelize would (a number with a number format, such
// as a date; an escaped control character), the table hands over to excelize's iterator from
// that row on, so the values read never depend on which reader read them.

// errHandOver stops the scanner at a cell it leaves to excelize.
var errHandOver = errors.New("cell left to excelize")

// workbookParts is what the scanner needs from a workbook besides the sheet itself.
type workbookParts struct {
	sst       []string
	sstHard   []bool // strings with _xHHHH_ escapes: left to excelize
	textStyle []bool // per cell style: a text cell with it shows as its text
}

// readParts reads the shared strings and cell styles of an open workbook. It reports false when
// the workbook has something the scanner leaves to excelize throughout.
func readParts(f *excelize.File, zr *zip.ReadCloser) (*workbookParts, bool) {
	p := &workbookParts{}
	if data, ok := part(f, zr, "xl/sharedStrings.xml"); ok {
		if !p.readSST(data) {
			return nil, false
		}
	}
	data, ok := part(f, zr, "xl/styles.xml")
	if ok && !p.readStyles(data) {
		return nil, false
	}
	return p, true
}

// part returns a small part of the package, whole.
func part(f *excelize.File, zr *zip.ReadCloser, name string) ([]byte, bool) {
	rc, ok := openPart(f, zr, name)
	if !ok {
		return nil, false
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, 256<<20))
	return b, err == nil
}

// heldPart returns a part of the package that excelize holds in memory.
func heldPart(f *excelize.File, name string) ([]byte, bool) {
	if v, ok := f.Pkg.Load(name); ok {
		if b, ok := v.([]byte); ok {
			return b, true
		}
	}
	return nil, false
}

// openPart reads a part of the package from excelize's memory when it holds it, else streams it
// from the zip (a part too large for excelize to keep in memory).
func openPart(f *excelize.File, zr *zip.ReadCloser, name string) (io.ReadCloser, bool) {
	if b, ok := heldPart(f, name); ok {
		return io.NopCloser(bytes.NewReader(b)), true
	}
	for _, zf := range zr.File {
		if strings.EqualFold(zf.Name, name) {
			rc, err := zf.Open()
			return rc, err == nil
		}
	}
	return nil, false
}

func (p *workbookParts) readSST(data []byte) bool {
	d := xml.NewDecoder(bytes.NewReader(data))
	var cur strings.Builder
	var path []string
	in := false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return true
		}
		if err != nil {
			return false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			path = append(path, t.Name.Local)
			if t.Name.Local == "si" {
				cur.Reset()
				in = true
			}
		case xml.EndElement:
			if t.Name.Local == "si" && in {
				s := cur.String()
				p.sst = append(p.sst, s)
				p.sstHard = append(p.sstHard, strings.Contains(s, "_x"))
				in = false
			}
			if len(path) > 0 {
				path = path[:len(path)-1]
			}
		case xml.CharData:
			// The text of <si><t> and <si><r><t>; not of phonetic runs (<rPh>).
			n := len(path)
			if in && n >= 2 && path[n-1] == "t" && (path[n-2] == "si" || (path[n-2] == "r" && n >= 3 && path[n-3] == "si")) {
				cur.Write(t)
			}
		}
	}
}

var builtInText = map[int]bool{0: true, 49: true} // General and @

func (p *workbookParts) readStyles(data []byte) bool {
	var ss struct {
		NumFmts []struct {
			ID int `xml:"numFmtId,attr"`
		} `xml:"numFmts>numFmt"`
		Xfs []struct {
			NumFmtID *int `xml:"numFmtId,attr"`
		} `xml:"cellXfs>xf"`
	}
	if err := xml.Unmarshal(data, &ss); err != nil {
		return false
	}
	custom := map[int]bool{}
	for _, n := range ss.NumFmts {
		custom[n.ID] = true
	}
	for _, x := range ss.Xfs {
		id := 0
		if x.NumFmtID != nil {
			id = *x.NumFmtID
		}
		p.textStyle = append(p.textStyle, builtInText[id] && !custom[id])
	}
	return true
}

// sheetScanner reads rows from a worksheet's XML stream.
type sheetScanner struct {
	r     *window
	parts *workbookParts
	row   int      // the last row's number
	cells []string // reused between rows: the caller copies what it keeps
	done  bool
	buf   []byte
	texts map[string]string // the texts read so far, so that a repeated answer is one string
}

// maxTexts bounds the texts kept: a survey's answers repeat a few wordings; free text does not.
const maxTexts = 4096

func newSheetScanner(r *window, parts *workbookParts) *sheetScanner {
	return &sheetScanner{r: r, parts: parts, texts: map[string]string{}}
}

// next returns the next <row> element's number and cells (up to the last cell with a value),
// io.EOF after the last row, or errHandOver at a row holding a cell left to excelize.
func (s *sheetScanner) next() (int, []string, error) {
	if s.done {
		return 0, nil, io.EOF
	}
	for {
		name, attrs, selfClosing, err := s.tag()
		if err != nil {
			return 0, nil, err
		}
		switch name {
		case "row":
			num := s.row + 1
			ref, _, _, ok := cellAttrs(attrs) // a row's r is its number
			if !ok {
				return 0, nil, errHandOver
			}
			if len(ref) > 0 {
				n, err := strconv.Atoi(string(ref))
				if err != nil || n <= 0 {
					return 0, nil, fmt.Errorf("row number %q", ref)
				}
				num = n
			}
			s.row = num
			s.cells = s.cells[:0]
			if selfClosing {
				return num, s.cells, nil
			}
			if err := s.readRow(); err != nil {
				return 0, nil, err
			}
			return num, s.cells, nil
		case "/sheetData", "/worksheet":
			s.done = true
			return 0, nil, io.EOF
		}
	}
}

// readRow reads the cells of a row up to </row>.
func (s *sheetScanner) readRow() error {
	col := 0
	for {
		name, attrs, selfClosing, err := s.tag()
		if err != nil {
			return err
		}
		switch name {
		case "/row":
			return nil
		case "c":
			col++
			ref, styleText, typ, ok := cellAttrs(attrs)
			if !ok {
				return errHandOver
			}
			if len(ref) > 0 {
				c, ok := columnOf(ref)
				if !ok {
					return fmt.Errorf("cell %q", ref)
				}
				col = c
			}
			style := 0
			if len(styleText) > 0 {
				n, err := strconv.Atoi(string(styleText))
				if err != nil {
					return fmt.Errorf("cell %s style %q", ref, styleText)
				}
				style = n
			}
			var v, inline string
			formula, hasV, hasIS := false, false, false
			if !selfClosing {
				if v, inline, formula, hasV, hasIS, err = s.readCell(); err != nil {
					return err
				}
			}
			val, err := s.value(typ, style, v, inline, hasV, hasIS)
			if err != nil {
				return err
			}
			if val != "" || formula {
				for len(s.cells) < col-1 {
					s.cells = append(s.cells, "")
				}
				s.cells = append(s.cells, val)
			}
		}
	}
}

// readCell reads a cell's children up to </c>: its value <v>, its inline string <is>, and
// whether it has a formula <f>.
func (s *sheetScanner) readCell() (v, inline string, formula, hasV, hasIS bool, err error) {
	if v, inline, hasV, hasIS, ok := s.plainCell(); ok {
		return v, inline, false, hasV, hasIS, nil
	}
	var is strings.Builder // an inline string of several runs; inline holds a single run's text
	runs := 0
	var stack [8]string
	depth := stack[:0]
	for {
		name, _, selfClosing, err := s.tag()
		if err != nil {
			return "", "", false, false, false, err
		}
		switch {
		case name == "/c":
			if runs > 1 {
				inline = is.String()
			}
			return v, inline, formula, hasV, hasIS, nil
		case name == "v" && !selfClosing:
			if v, err = s.text(); err != nil {
				return "", "", false, false, false, err
			}
			hasV = true
		case name == "f":
			formula = true
		case name == "is":
			hasIS = true
			depth = append(depth[:0], "is")
		case name == "r" && len(depth) == 1:
			depth = append(depth, "r")
		case name == "/r" && len(depth) == 2:
			depth = depth[:1]
		case name == "rPh" && len(depth) >= 1 && !selfClosing:
			depth = append(depth, "rPh")
		case name == "/rPh" && len(depth) >= 2:
			depth = depth[:len(depth)-1]
		case name == "t" && !selfClosing && len(depth) >= 1 && depth[len(depth)-1] != "rPh":
			t, err := s.text()
			if err != nil {
				return "", "", false, false, false, err
			}
			runs++
			switch runs {
			case 1:
				inline = t
			case 2:
				is.WriteString(inline)
				fallthrough
			default:
				is.WriteString(t)
			}
		}
	}
}

// indexShort is bytes.IndexByte for the few bytes of an attribute's name or value, where a plain
// loop beats the call.
func indexShort(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}

// The two usual contents of a cell: a value, and an inline string of one run.
var (
	valueOpen, valueClose   = []byte("<v>"), []byte("</v></c>")
	inlineOpen, inlineClose = []byte("<is><t>"), []byte("</t></is></c>")
)

// plainCell reads a cell's content up to </c> when it is exactly one of the two usual ones,
// <v>text</v> or <is><t>text</t></is>, whole in the window: in place, without a tag at a time.
// It reads nothing and reports false for any other content (left to readCell's tag loop, which
// reads these two the same way).
func (s *sheetScanner) plainCell() (v, inline string, hasV, hasIS, ok bool) {
	w := s.r
	rest := w.b[w.r:]
	open, end := valueOpen, valueClose
	switch {
	case bytes.HasPrefix(rest, valueOpen):
	case bytes.HasPrefix(rest, inlineOpen):
		open, end = inlineOpen, inlineClose
	default:
		return "", "", false, false, false
	}
	body := rest[len(open):]
	i := bytes.IndexByte(body, '<')
	if i < 0 || !bytes.HasPrefix(body[i:], end) {
		return "", "", false, false, false
	}
	t, err := s.intern(body[:i])
	if err != nil {
		return "", "", false, false, false
	}
	w.r += len(open) + i + len(end)
	if len(open) == len(valueOpen) {
		return t, "", true, false, true
	}
	return "", t, false, true, true
}

// cellAttrs reads a cell's (or a row's) r, s and t attributes in one pass over the raw attributes. It reports
// false for anything unusual (malformed attributes, an entity in r, s or t), left to excelize.
func cellAttrs(attrs []byte) (ref, style []byte, typ string, ok bool) {
	i := 0
	for {
		for i < len(attrs) && (attrs[i] == ' ' || attrs[i] == '\t' || attrs[i] == '\r' || attrs[i] == '\n') {
			i++
		}
		if i == len(attrs) {
			return ref, style, typ, true
		}
		eq := indexShort(attrs[i:], '=')
		if eq < 0 || i+eq+1 >= len(attrs) {
			return nil, nil, "", false
		}
		key := attrs[i : i+eq]
		q := attrs[i+eq+1]
		if q != '"' && q != '\'' {
			return nil, nil, "", false
		}
		end := indexShort(attrs[i+eq+2:], q)
		if end < 0 {
			return nil, nil, "", false
		}
		val := attrs[i+eq+2 : i+eq+2+end]
		for len(key) > 0 && (key[len(key)-1] == ' ' || key[len(key)-1] == '\t' || key[len(key)-1] == '\r' || key[len(key)-1] == '\n') {
			key = key[:len(key)-1]
		}
		switch k := string(key); {
		case k != "r" && k != "s" && k != "t":
			// another attribute (a namespaced one, cm, vm, ph): not needed
		case bytes.IndexByte(val, '&') >= 0:
			return nil, nil, "", false
		}
		switch string(key) {
		case "r":
			ref = val
		case "s":
			style = val
		case "t":
			typ = string(val)
		}
		i += eq + 2 + end + 1
	}
}

// columnOf reads the column of a cell reference ("AB12" is 28).
func columnOf(ref []byte) (int, bool) {
	col, i := 0, 0
	for ; i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z'; i++ {
		col = col*26 + int(ref[i]-'A'+1)
	}
	if i == 0 || i > 3 || i == len(ref) || col > 16384 {
		return 0, false
	}
	for ; i < len(ref); i++ {
		if ref[i] < '0' || ref[i] > '9' {
			return 0, false
		}
	}
	return col, true
}

// value shows a cell as excelize does, or asks for excelize.
func (s *sheetScanner) value(typ string, style int, v, inline string, hasV, hasIS bool) (string, error) {
	text := style == 0 || (style > 0 && style < len(s.parts.textStyle) && s.parts.textStyle[style])
	switch typ {
	case "s":
		if !hasV || v == "" {
			return "", errHandOver
		}
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || i < 0 || i >= len(s.parts.sst) || s.parts.sstHard[i] || !text {
			return "", errHandOver
		}
		return s.parts.sst[i], nil
	case "str":
		return v, nil
	case "inlineStr":
		if !hasIS || strings.Contains(inline, "_x") || !text {
			return "", errHandOver
		}
		return inline, nil
	case "e":
		if !text {
			return "", errHandOver
		}
		return v, nil
	case "", "n":
		if style != 0 && v != "" {
			return "", errHandOver
		}
		return number(v), nil
	}
	return "", errHandOver // booleans, dates
}

// number shows a number as excelize does for a cell without a number format.
func number(v string) string {
	if v == "" {
		return v
	}
	simple := len(v) <= 15 && (v == "0" || v[0] != '0')
	for i := 0; simple && i < len(v); i++ {
		simple = v[i] >= '0' && v[i] <= '9'
	}
	if simple {
		return v
	}
	if strings.Contains(v, "_") {
		return v
	}
	var d big.Float
	if _, ok := d.SetString(v); !ok {
		return v
	}
	f, _ := d.Float64()
	plain := strconv.FormatFloat(f, 'f', -1, 64)
	if len(strings.ReplaceAll(plain, ".", "")) > 15 {
		return strconv.FormatFloat(f, 'G', 15, 64)
	}
	return plain
}

// tag reads up to and including the next tag, skipping text, and returns its name ("/row" for an
// end tag), its raw attributes and whether it closes itself.
func (s *sheetScanner) tag() (name string, attrs []byte, selfClosing bool, err error) {
	for {
		// The usual tag is whole in the window: it is read there, in place (valid until the next
		// read, and its callers are done with it by then).
		w := s.r
		if rest := w.b[w.r:]; len(rest) > 0 {
			if i := bytes.IndexByte(rest, '<'); i >= 0 && i+1 < len(rest) && rest[i+1] != '?' && rest[i+1] != '!' {
				if j := bytes.IndexByte(rest[i+1:], '>'); j >= 0 {
					if name, attrs, selfClosing, ok := splitTag(rest[i+1 : i+1+j]); ok {
						w.r += i + j + 2
						return name, attrs, selfClosing, nil
					}
				}
			}
		}
		if _, err := s.r.ReadSlice('<'); err != nil {
			if errors.Is(err, bufio.ErrBufferFull) {
				continue
			}
			if errors.Is(err, io.EOF) {
				s.done = true
			}
			return "", nil, false, err
		}
		b, err := s.r.Peek(1)
		if err != nil {
			return "", nil, false, err
		}
		switch b[0] {
		case '?', '!':
			// A declaration, comment or CDATA section: CDATA may hold a value, so hand over.
			if p, _ := s.r.Peek(8); bytes.HasPrefix(p, []byte("![CDATA[")) {
				return "", nil, false, errHandOver
			}
			if err := s.skipTo('>'); err != nil {
				return "", nil, false, err
			}
			continue
		}
		// Up to the '>' that closes the tag, not one inside a quoted attribute value: the quotes
		// before a closing '>' come in pairs.
		b, err = s.r.ReadSlice('>')
		if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			return "", nil, false, err
		}
		if err != nil || !balancedQuotes(b) {
			s.buf = append(s.buf[:0], b...)
			for err != nil || !balancedQuotes(s.buf) {
				if b, err = s.r.ReadSlice('>'); err != nil && !errors.Is(err, bufio.ErrBufferFull) {
					return "", nil, false, err
				}
				s.buf = append(s.buf, b...)
			}
			b = s.buf
		}
		name, attrs, selfClosing, _ := splitTag(b[:len(b)-1])
		return name, attrs, selfClosing, nil
	}
}

// splitTag splits a tag's text (between < and >) into its name, raw attributes and whether it
// closes itself, in one pass; it reports false when a quoted attribute value is left open (the
// '>' was inside it).
func splitTag(t []byte) (name string, attrs []byte, selfClosing, ok bool) {
	end := -1 // the name ends at the first white space
	var quote byte
	for i, c := range t {
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case end < 0 && (c == ' ' || c == '\t' || c == '\r' || c == '\n'):
			end = i
		}
	}
	if quote != 0 {
		return "", nil, false, false
	}
	if len(t) > 0 && t[len(t)-1] == '/' {
		selfClosing = true
		t = t[:len(t)-1]
	}
	if end < 0 || end > len(t) {
		end = len(t)
	}
	closing := len(t) > 0 && t[0] == '/'
	n := t[:end]
	if closing {
		n = n[1:]
	}
	name = tagName(closing, n)
	if name == "" {
		name = tagName(closing, localName(n))
	}
	return name, t[end:], selfClosing, true
}

// tagName returns the names the scanner acts on as constants (an end tag's with a leading "/"),
// without allocating; any other tag is "".
func tagName(end bool, b []byte) string {
	var n string
	switch string(b) {
	case "row":
		n = "row"
	case "c":
		n = "c"
	case "v":
		n = "v"
	case "f":
		n = "f"
	case "is":
		n = "is"
	case "r":
		n = "r"
	case "rPh":
		n = "rPh"
	case "t":
		n = "t"
	case "sheetData":
		n = "sheetData"
	case "worksheet":
		n = "worksheet"
	default:
		return ""
	}
	if end {
		switch n {
		case "row":
			return "/row"
		case "c":
			return "/c"
		case "r":
			return "/r"
		case "rPh":
			return "/rPh"
		case "sheetData":
			return "/sheetData"
		case "worksheet":
			return "/worksheet"
		}
		return ""
	}
	return n
}

// balancedQuotes reports whether a tag's text so far has no attribute value left open.
func balancedQuotes(b []byte) bool {
	_, _, _, ok := splitTag(b)
	return ok
}

// localName drops a namespace prefix: x:row is row.
func localName(b []byte) []byte {
	if i := bytes.IndexByte(b, ':'); i >= 0 {
		return b[i+1:]
	}
	return b
}

func (s *sheetScanner) skipTo(c byte) error {
	for {
		_, err := s.r.ReadSlice(c)
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return err
	}
}

// text reads character data up to the next tag (which it leaves unread) and unescapes it as an
// XML parser does, line ends included.
func (s *sheetScanner) text() (string, error) {
	s.buf = s.buf[:0]
	if w := s.r; w.r < len(w.b) {
		// The usual text is whole in the window: it is looked at in place.
		if i := bytes.IndexByte(w.b[w.r:], '<'); i >= 0 {
			t := w.b[w.r : w.r+i]
			w.r += i
			return s.intern(t)
		}
	}
	for {
		b, err := s.r.ReadSlice('<')
		if errors.Is(err, bufio.ErrBufferFull) {
			s.buf = append(s.buf, b...)
			continue
		}
		if err != nil {
			return "", err
		}
		s.buf = append(s.buf, b[:len(b)-1]...)
		if err := s.r.UnreadByte(); err != nil {
			return "", err
		}
		break
	}
	return s.intern(s.buf)
}

// intern returns a text read as a string: unescaped, or the one string for a text read before.
func (s *sheetScanner) intern(b []byte) (string, error) {
	if len(b) == 0 {
		return "", nil
	}
	if bytes.IndexByte(b, '&') >= 0 || bytes.IndexByte(b, '\r') >= 0 {
		return unescape(b)
	}
	if t, ok := s.texts[string(b)]; ok {
		return t, nil
	}
	t := string(b)
	if len(s.texts) < maxTexts {
		s.texts[t] = t
	}
	return t, nil
}

func unescape(b []byte) (string, error) {
	var out strings.Builder
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch c {
		case '\r':
			out.WriteByte('\n')
			if i+1 < len(b) && b[i+1] == '\n' {
				i++
			}
		case '&':
			j := bytes.IndexByte(b[i:], ';')
			if j < 0 {
				return "", errHandOver
			}
			ent := string(b[i+1 : i+j])
			switch ent {
			case "amp":
				out.WriteByte('&')
			case "lt":
				out.WriteByte('<')
			case "gt":
				out.WriteByte('>')
			case "quot":
				out.WriteByte('"')
			case "apos":
				out.WriteByte('\'')
			default:
				var n uint64
				var err error
				switch {
				case strings.HasPrefix(ent, "#x"):
					n, err = strconv.ParseUint(ent[2:], 16, 32)
				case strings.HasPrefix(ent, "#"):
					n, err = strconv.ParseUint(ent[1:], 10, 32)
				default:
					return "", errHandOver
				}
				if err != nil {
					return "", errHandOver
				}
				out.WriteRune(rune(n))
			}
			i += j
		default:
			out.WriteByte(c)
		}
	}
	return out.String(), nil
}

// sheetPath finds the zip path of a worksheet by its name, through the workbook's relationships.
func sheetPath(f *excelize.File, zr *zip.ReadCloser, sheet string) (string, bool) {
	wb, ok := part(f, zr, "xl/workbook.xml")
	if !ok {
		return "", false
	}
	var w struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := xml.Unmarshal(wb, &w); err != nil {
		return "", false
	}
	rid := ""
	for _, s := range w.Sheets {
		if strings.EqualFold(s.Name, sheet) {
			rid = s.RID
		}
	}
	rels, ok := part(f, zr, "xl/_rels/workbook.xml.rels")
	if rid == "" || !ok {
		return "", false
	}
	var r struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.Unmarshal(rels, &r); err != nil {
		return "", false
	}
	for _, rel := range r.Rels {
		if rel.ID == rid {
			t := rel.Target
			if strings.HasPrefix(t, "/") {
				return strings.TrimPrefix(t, "/"), true
			}
			return path.Join("xl", t), true
		}
	}
	return "", false
}
