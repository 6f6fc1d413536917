package reports

import (
	"bufio"
	"fmt"
	"image/color"
	"image/png"
	"io"
	"os"
	"strings"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/font/liberation"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/nhs-readiness/readiness/pipeline/heatmap"
)

func init() {
	RegisterFormat(Format{Name: "png", Order: 3, Write: perHeatmap("png", WritePNG)})
	RegisterFormat(Format{Name: "svg", Order: 4, Write: perHeatmap("svg", WriteSVG)})
}

// Images of a heatmap for slides are drawn once on a gonum vg canvas and saved through its PNG
// or SVG back end.

var fonts = font.NewCache(liberation.Collection())

func face(size vg.Length, bold bool) font.Face {
	f := font.Font{Typeface: "Liberation", Variant: "Sans"}
	if bold {
		f.Weight = xfont.WeightBold
	}
	return fonts.Lookup(f, size)
}

// layout of a heatmap image, in points.
type layout struct {
	h                     *heatmap.Heatmap
	labelW, cellW, cellH  vg.Length
	titleH, headH, legend vg.Length
	width, height         vg.Length
	headLines             [][]string
}

const pad = vg.Length(12)

func newLayout(h *heatmap.Heatmap) *layout {
	l := &layout{h: h, cellW: 78, cellH: 26, titleH: 40, legend: 44}
	label := face(10, false)
	l.labelW = 60
	for _, r := range h.Rows {
		l.labelW = max(l.labelW, label.Width(r.Label)+12)
	}
	lines := 1
	head := face(9, true)
	for _, c := range h.Cols {
		w := wrapTo(head, c.Key+" "+c.Label, l.cellW-6)
		for _, line := range w { // a word longer than a cell widens every cell
			l.cellW = max(l.cellW, head.Width(line)+6)
		}
		l.headLines = append(l.headLines, w)
		lines = max(lines, len(w))
	}
	l.headH = vg.Length(lines)*11 + 10
	l.width = pad*2 + l.labelW + vg.Length(len(h.Cols))*l.cellW
	// Title, note and legend are measured: the canvas is as wide as the widest of them.
	titleFace, noteFace := face(14, true), face(8, false)
	l.width = max(l.width, pad*2+titleFace.Width(l.title()), pad*2+noteFace.Width(l.note()), pad*2+6*46)
	l.height = pad*2 + l.titleH + l.headH + vg.Length(len(h.Rows))*l.cellH + l.legend
	return l
}

func (l *layout) title() string { return l.h.Title + ", " + l.h.Quarter }

func (l *layout) note() string {
	if l.h.Change {
		return fmt.Sprintf("Change since %s in percentage points; * suppressed; n/a no figure last quarter", l.h.Previous)
	}
	return fmt.Sprintf("Share of relevant capabilities met; * fewer than %d respondents (or protecting one); – no respondents", l.h.Threshold)
}

// wrapTo splits text into lines no wider than w in the face, at spaces (a longer word stays whole).
func wrapTo(f font.Face, s string, w vg.Length) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		try := word
		if line != "" {
			try = line + " " + word
		}
		if line != "" && f.Width(try) > w {
			lines = append(lines, line)
			line = word
			continue
		}
		line = try
	}
	return append(lines, line)
}

// Overflow lists the texts of a heatmap's image that would not fit where they are drawn (for
// the tests): the title, the note, a row label, a column heading's line.
func Overflow(h *heatmap.Heatmap) []string {
	l := newLayout(h)
	var out []string
	titleFace, noteFace, labelFace, headFace := face(14, true), face(8, false), face(10, false), face(9, true)
	if titleFace.Width(l.title()) > l.width-2*pad {
		out = append(out, "title: "+l.title())
	}
	if noteFace.Width(l.note()) > l.width-2*pad {
		out = append(out, "note: "+l.note())
	}
	for _, r := range h.Rows {
		if labelFace.Width(r.Label)+8 > l.labelW {
			out = append(out, "row: "+r.Label)
		}
	}
	for _, lines := range l.headLines {
		for _, line := range lines {
			if headFace.Width(line) > l.cellW-4 {
				out = append(out, "heading: "+line)
			}
		}
	}
	return out
}

func hexColour(s string) color.Color {
	var r, g, b uint8
	fmt.Sscanf(s, "#%02x%02x%02x", &r, &g, &b)
	return color.RGBA{r, g, b, 255}
}

func rect(c vg.Canvas, x, y, w, h vg.Length, fill color.Color) {
	var p vg.Path
	p.Move(vg.Point{X: x, Y: y})
	p.Line(vg.Point{X: x + w, Y: y})
	p.Line(vg.Point{X: x + w, Y: y + h})
	p.Line(vg.Point{X: x, Y: y + h})
	p.Close()
	c.SetColor(fill)
	c.Fill(p)
}

func text(c vg.Canvas, f font.Face, x, y vg.Length, s string, ink color.Color, centre bool) {
	if centre {
		x -= f.Width(s) / 2
	}
	c.SetColor(ink)
	c.FillString(f, vg.Point{X: x, Y: y}, s)
}

var (
	inkDark  = color.RGBA{0x21, 0x2b, 0x32, 255}
	inkMuted = color.RGBA{0x4c, 0x62, 0x72, 255}
	greyHead = color.RGBA{0xe8, 0xed, 0xee, 255}
	greySup  = color.RGBA{0xd8, 0xdd, 0xe0, 255}
	white    = color.White
)

// draw paints the heatmap; vg's origin is the bottom left corner.
func (l *layout) draw(c vg.Canvas) {
	h := l.h
	rect(c, 0, 0, l.width, l.height, white)
	top := l.height - pad
	text(c, face(14, true), pad, top-16, l.title(), inkDark, false)
	text(c, face(8, false), pad, top-30, l.note(), inkMuted, false)
	gridTop := top - l.titleH
	x0 := pad + l.labelW
	head := face(9, true)
	rect(c, pad, gridTop-l.headH, l.labelW+vg.Length(len(h.Cols))*l.cellW, l.headH, greyHead)
	text(c, head, pad+4, gridTop-l.headH+6, h.RowTitle, inkDark, false)
	for j, lines := range l.headLines {
		for k, line := range lines {
			y := gridTop - 12 - vg.Length(k)*11
			text(c, head, x0+vg.Length(j)*l.cellW+l.cellW/2, y, line, inkDark, true)
		}
	}
	label, value, small := face(10, false), face(10, true), face(7, false)
	for i, r := range h.Rows {
		y := gridTop - l.headH - vg.Length(i+1)*l.cellH
		rect(c, pad, y, l.labelW, l.cellH, greyHead)
		text(c, label, pad+4, y+l.cellH/2-3.5, r.Label, inkDark, false)
		for j, cell := range h.Cells[i] {
			x := x0 + vg.Length(j)*l.cellW
			cx, cy := x+l.cellW/2, y+l.cellH/2
			switch {
			case cell.Suppressed:
				rect(c, x+1, y+1, l.cellW-2, l.cellH-2, greySup)
				text(c, value, cx, cy-3.5, "*", inkDark, true)
			case cell.Empty():
				rect(c, x+1, y+1, l.cellW-2, l.cellH-2, white)
				text(c, label, cx, cy-3.5, "–", inkMuted, true)
			case h.Change && cell.ChangePP != nil:
				rect(c, x+1, y+1, l.cellW-2, l.cellH-2, hexColour(ChangeCellColour(cell)))
				ink := hexColour(ChangeCellInk(cell))
				text(c, value, cx, cy-1, fmt.Sprintf("%+.0f pp", *cell.ChangePP), ink, true)
				below := Percent(*cell.Value)
				if !cell.Significant() {
					below += " " + NotSignificant
				}
				text(c, small, cx, y+3, below, ink, true)
			case h.Change:
				rect(c, x+1, y+1, l.cellW-2, l.cellH-2, white)
				text(c, label, cx, cy-3.5, "n/a", inkMuted, true)
			default:
				rect(c, x+1, y+1, l.cellW-2, l.cellH-2, hexColour(Colour(*cell.Value)))
				ink := hexColour(TextColour(*cell.Value))
				text(c, value, cx, cy-1, Percent(*cell.Value), ink, true)
				text(c, small, cx, y+3, fmt.Sprintf("n=%d", cell.N), ink, true)
			}
		}
	}
	// Legend.
	ly := pad + 8
	steps := []float64{0, 0.2, 0.4, 0.6, 0.8, 1}
	colourOf, label2, inkOf := Colour, Percent, TextColour
	if h.Change {
		steps = []float64{-ChangeLimit, -ChangeLimit / 2, 0, ChangeLimit / 2, ChangeLimit}
		colourOf, inkOf = ChangeColour, ChangeTextColour
		label2 = func(v float64) string { return fmt.Sprintf("%+.0f pp", v) }
	}
	for k, v := range steps {
		x := pad + vg.Length(k)*46
		rect(c, x, ly, 46, 18, hexColour(colourOf(v)))
		text(c, small, x+23, ly+6, label2(v), hexColour(inkOf(v)), true)
	}
}

// pngEncoder compresses at deflate's fastest level: a third less time than the default level
// for files about 3% larger (the 20 images of a national report: 1.68 -> 1.08 s, 9.19 -> 9.45
// MB), the same pixels.
var pngEncoder = png.Encoder{CompressionLevel: png.BestSpeed}

// WritePNG writes the heatmap as a PNG at 150 dots per inch.
func WritePNG(path string, h *heatmap.Heatmap) error {
	l := newLayout(h)
	c := vgimg.NewWith(vgimg.UseWH(l.width, l.height), vgimg.UseDPI(150), vgimg.UseBackgroundColor(white))
	l.draw(c)
	return save(path, func(w io.Writer) error {
		b := bufio.NewWriter(w)
		if err := pngEncoder.Encode(b, c.Image()); err != nil {
			return err
		}
		return b.Flush()
	})
}

// WriteSVG writes the heatmap as an SVG.
func WriteSVG(path string, h *heatmap.Heatmap) error {
	l := newLayout(h)
	c := vgsvg.New(l.width, l.height)
	l.draw(c)
	return save(path, func(w io.Writer) error {
		_, err := c.WriteTo(w)
		return err
	})
}

// save creates the file at path and writes it with write.
func save(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
