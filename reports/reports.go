// Package reports renders a quarter's heatmaps for people and tools: a self-contained HTML report,
// an Excel workbook, an image, a CSV and a Parquet file per heatmap, each a format registered in
// formats.go with a file of its own. It renders the cells and figures it is given and runs no
// SQL; suppressed cells never carry a number, and nothing personal is written: the reports are
// built from aggregates and reference data only.
package reports

import (
	"fmt"
	"math"
	"strings"

	"github.com/nhs-readiness/readiness/pipeline/heatmap"
)

// Data is everything a report shows.
type Data struct {
	// The framework, totals, files loaded, coverage and readiness per domain, as the heatmap
	// package collects them (after disclosure control across the release).
	heatmap.Overview
	Quarter      string
	Threshold    int
	Heatmaps     []*heatmap.Heatmap
	Gaps         []GapTable
	LevelProfile []heatmap.LevelShare
	Explore      *Explore // the data behind the report's filters; nil for none
	Disclosure   string   // what disclosure control across the release found, for the notes
	Trends       []heatmap.Trend
	Packs        []heatmap.Pack // one per trust (packs.go)
}

// The report's parts computed by the heatmap package, under the names the templates use.
type (
	Submission  = heatmap.Submission
	Coverage    = heatmap.Coverage
	DomainValue = heatmap.DomainValue
	GapTable    = heatmap.GapTable
	Explore     = heatmap.Explore
)

// SafeText neutralises text that a spreadsheet would take for a formula (a leading =, +, -, @,
// tab or carriage return) by putting an apostrophe first.
func SafeText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// viridis stops: a perceptually uniform, colour-blind-safe sequential palette.
var viridis = [][3]float64{{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}}

// Colour returns the palette's colour for a value in 0-1, as #rrggbb.
func Colour(v float64) string {
	v = min(max(v, 0), 1)
	pos := v * float64(len(viridis)-1)
	i := min(int(pos), len(viridis)-2)
	f := pos - float64(i)
	var c [3]int
	for k := 0; k < 3; k++ {
		c[k] = int(viridis[i][k] + (viridis[i+1][k]-viridis[i][k])*f + 0.5)
	}
	return fmt.Sprintf("#%02x%02x%02x", c[0], c[1], c[2])
}

// purpleOrange stops: a diverging, colour-blind-safe palette (ColorBrewer PuOr), falls to rises.
var purpleOrange = [][3]float64{{84, 39, 136}, {153, 142, 195}, {247, 247, 247}, {241, 163, 64}, {179, 88, 6}}

// ChangeLimit is the change, in percentage points, at the ends of the diverging palette.
const ChangeLimit = 20.0

// ChangeColour returns the diverging palette's colour for a change in percentage points.
func ChangeColour(pp float64) string {
	v := (min(max(pp, -ChangeLimit), ChangeLimit) + ChangeLimit) / (2 * ChangeLimit)
	pos := v * float64(len(purpleOrange)-1)
	i := min(int(pos), len(purpleOrange)-2)
	f := pos - float64(i)
	var c [3]int
	for k := 0; k < 3; k++ {
		c[k] = int(purpleOrange[i][k] + (purpleOrange[i+1][k]-purpleOrange[i][k])*f + 0.5)
	}
	return fmt.Sprintf("#%02x%02x%02x", c[0], c[1], c[2])
}

// ChangeCellColour is a change cell's colour: the diverging palette for a significant change (its
// 95% interval excludes zero), the palette's neutral middle for any other, however large.
func ChangeCellColour(c heatmap.Cell) string {
	if c.Significant() {
		return ChangeColour(*c.ChangePP)
	}
	return ChangeColour(0)
}

// ChangeCellInk is the text colour for ChangeCellColour(c).
func ChangeCellInk(c heatmap.Cell) string { return Ink(ChangeCellColour(c)) }

// NotSignificant marks a change whose interval includes zero, for readers without colour.
const NotSignificant = "ns"

// ChangeTextColour is black or white, whichever contrasts more with ChangeColour(pp): at least
// 4.5:1 (WCAG 2.2 AA) on every colour of the palette.
func ChangeTextColour(pp float64) string { return Ink(ChangeColour(pp)) }

// TextColour is black or white, whichever contrasts more with Colour(v): at least 4.5:1 on every
// colour of the palette. The HTML report, the workbook and the images use the same rule.
func TextColour(v float64) string { return Ink(Colour(v)) }

// Ink is black or white, whichever contrasts more with a #rrggbb background.
func Ink(background string) string {
	l := luminance(background)
	if Contrast(l, 1) >= Contrast(l, 0) {
		return "#ffffff"
	}
	return "#000000"
}

// Contrast is WCAG's contrast ratio of two relative luminances.
func Contrast(a, b float64) float64 {
	if a < b {
		a, b = b, a
	}
	return (a + 0.05) / (b + 0.05)
}

// ContrastOf is the contrast ratio of two #rrggbb colours.
func ContrastOf(fg, bg string) float64 { return Contrast(luminance(fg), luminance(bg)) }

// luminance is WCAG's relative luminance of a #rrggbb colour.
func luminance(hex string) float64 {
	var r, g, b int
	fmt.Sscanf(strings.TrimPrefix(hex, "#"), "%02x%02x%02x", &r, &g, &b)
	lin := func(c int) float64 {
		x := float64(c) / 255
		if x <= 0.03928 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}
