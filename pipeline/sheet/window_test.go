package sheet

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

// A worksheet's rows read the same from a part held whole in memory (read in place, the usual
// cells without a tag at a time) and from a stream through buffers as small as 16 bytes (where
// tags, texts and cells straddle the buffer's end, and a tag outgrows it).
func TestWindowReadsAsBuffered(t *testing.T) {
	long := strings.Repeat("long answer ", 20)
	xml := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:x14ac="urn:x14ac"><!-- a comment > with a bracket -->
<sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>Staff ID</t></is></c><c r="B1" t="s"><v>0</v></c></row>
<row r="2" spans="1:4" x14ac:dyDescent="0.25"><c r="A2" t="inlineStr"><is><t>S1</t></is></c><c r="B2" t="inlineStr"><is><t xml:space="preserve"> Very confident </t></is></c><c r="C2"><v>4</v></c><c r="D2" t="str"><f>1+1</f><v>2</v></c></row>
<row r="3"><c r="A3" t="inlineStr"><is><t>S2</t></is></c><c r="C3" t="inlineStr"><is><r><t>rich </t></r><r><rPr><b/></rPr><t>text</t></r></is></c><c r="D3" t="inlineStr"><is><t>a &amp; b &lt;c&gt;</t></is></c></row>
<row r="5"><c r="A5" t="inlineStr" x14ac:note="a > b"><is><t>S3</t></is></c><c r="B5" t="inlineStr"><is><t></t></is></c><c r="C5"/><c r="D5" t="inlineStr"><is><t>` + long + `</t></is></c></row>
<row r="6"/>
<row r="7"><c r="B7" t="s"><v>0</v></c><c r="C7" t="inlineStr"><is><t>Somewhat confident</t><rPh><t>ignored</t></rPh></is></c><c r="D7"><v>-12.5</v></c></row>
</sheetData></worksheet>`
	parts := &workbookParts{sst: []string{"Profession"}, sstHard: []bool{false}, textStyle: []bool{true}}
	want := []string{
		`1 ["Staff ID" "Profession"]`,
		`2 ["S1" " Very confident " "4" "2"]`,
		`3 ["S2" "" "rich text" "a & b <c>"]`,
		`5 ["S3" "" "" "` + long + `"]`,
		`6 []`,
		`7 ["" "Profession" "Somewhat confident" "-12.5"]`,
	}
	read := func(w *window) []string {
		s := newSheetScanner(w, parts)
		var got []string
		for {
			num, cells, err := s.next()
			if errors.Is(err, io.EOF) {
				return got
			}
			if err != nil {
				t.Fatalf("row after %d: %v", s.row, err)
			}
			got = append(got, fmt.Sprintf("%d %q", num, cells))
		}
	}
	if got := read(wholeWindow([]byte(xml))); !reflect.DeepEqual(got, want) {
		t.Fatalf("whole part:\n got %q\nwant %q", got, want)
	}
	for _, size := range []int{16, 17, 31, 64, 257, 4096} {
		for _, src := range []struct {
			name string
			r    io.Reader
		}{{"stream", strings.NewReader(xml)}, {"byte at a time", iotest.OneByteReader(strings.NewReader(xml))}} {
			if got := read(streamWindow(src.r, size)); !reflect.DeepEqual(got, want) {
				t.Errorf("%s through %d bytes:\n got %q\nwant %q", src.name, size, got, want)
			}
		}
	}
}

// The window's reads behave as bufio.Reader's: slices up to a byte, the end's error, a full
// buffer, peeks and unreading.
func TestWindowAsBufio(t *testing.T) {
	text := "ab<cd>efgh<" + strings.Repeat("x", 40) + ">tail"
	for _, w := range []*window{wholeWindow([]byte(text)), streamWindow(iotest.OneByteReader(strings.NewReader(text)), 16)} {
		var out []string
		for {
			b, err := w.ReadSlice('<')
			out = append(out, fmt.Sprintf("%s|%v", b, err))
			if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
				break
			}
		}
		got := strings.Join(out, " ")
		whole := "ab<|<nil> cd>efgh<|<nil> " + strings.Repeat("x", 40) + ">tail|EOF"
		streamed := "ab<|<nil> cd>efgh<|<nil> " + strings.Repeat("x", 16) + "|bufio: buffer full " +
			strings.Repeat("x", 16) + "|bufio: buffer full " + strings.Repeat("x", 8) + ">tail|EOF"
		if w.src == nil && got != whole || w.src != nil && got != streamed {
			t.Errorf("src %v: reads %q", w.src != nil, got)
		}
	}
	w := streamWindow(strings.NewReader("<abc>"), 16)
	if b, err := w.ReadSlice('<'); string(b) != "<" || err != nil {
		t.Fatalf("ReadSlice: %q %v", b, err)
	}
	if err := w.UnreadByte(); err != nil {
		t.Fatal(err)
	}
	if b, err := w.Peek(3); string(b) != "<ab" || err != nil {
		t.Errorf("Peek after UnreadByte: %q %v", b, err)
	}
	if b, err := w.Peek(40); string(b) != "<abc>" || !errors.Is(err, bufio.ErrBufferFull) {
		t.Errorf("Peek past the buffer: %q %v", b, err)
	}
	if b, err := wholeWindow([]byte("ab")).Peek(3); string(b) != "ab" || !errors.Is(err, io.EOF) {
		t.Errorf("Peek past the end: %q %v", b, err)
	}
	if err := wholeWindow(nil).UnreadByte(); err == nil {
		t.Error("UnreadByte before a read")
	}
}
