package reports

import (
	_ "embed"
	"fmt"
	"html/template"
	"math"
	"os"
	"strings"

	"github.com/nhs-readiness/readiness/pipeline/heatmap"
)

func init() { RegisterFormat(Format{Name: "html", Order: 1, Write: oneFile("report.html", WriteHTML)}) }

//go:embed templates/report.html.tmpl
var reportTemplate string

var funcs = template.FuncMap{
	"methodology": Methodology,
	"pct": func(v *float64) string {
		if v == nil {
			return ""
		}
		return Percent(*v)
	},
	"pctf":         Percent,
	"colour":       func(v *float64) template.CSS { return template.CSS(Colour(*v)) },
	"text":         func(v *float64) template.CSS { return template.CSS(TextColour(*v)) },
	"legend":       legend,
	"interactive":  Interactive,
	"rowDimension": rowDimension,
	"changeLegend": changeLegend,
	"pp": func(v *float64) string {
		if v == nil {
			return ""
		}
		return fmt.Sprintf("%+.0f pp", math.Round(*v))
	},
	"ccolour": func(c heatmap.Cell) template.CSS { return template.CSS(ChangeCellColour(c)) },
	"ctext":   func(c heatmap.Cell) template.CSS { return template.CSS(ChangeCellInk(c)) },
	"dimension": func(d string) string {
		return map[string]string{"archetype": "Archetype", "profession": "Profession"}[d]
	},
	"tooltip": tooltip,
	// rowOf is one row of a heatmap, for the "row" template.
	"rowOf": func(h *heatmap.Heatmap, i int) any {
		return struct {
			H     *heatmap.Heatmap
			Row   heatmap.Label
			Cells []heatmap.Cell
		}{h, h.Rows[i], h.Cells[i]}
	},
	"thousands": func(n any) string {
		switch p := n.(type) {
		case *int:
			if p == nil {
				return ""
			}
			n = *p
		case *int64:
			if p == nil {
				return ""
			}
			n = *p
		}
		s := fmt.Sprint(n)
		for i := len(s) - 3; i > 0; i -= 3 {
			s = s[:i] + "," + s[i:]
		}
		return s
	},
}

var page = template.Must(template.New("report").Funcs(funcs).Parse(reportTemplate))

// WriteHTML writes the self-contained HTML report (no scripts or styles fetched from anywhere).
func WriteHTML(path string, d *Data) error {
	var b strings.Builder
	if err := page.Execute(&b, d); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// Percent writes a share as a whole percentage, rounding halves up as Excel does (0.625 is 63%).
func Percent(v float64) string { return fmt.Sprintf("%.0f%%", math.Round(v*100)) }

// legend returns the palette's steps for the legend.
func legend() []struct {
	Label       string
	Colour, Ink template.CSS
} {
	var out []struct {
		Label       string
		Colour, Ink template.CSS
	}
	for _, v := range []float64{0, 0.2, 0.4, 0.6, 0.8, 1} {
		out = append(out, struct {
			Label       string
			Colour, Ink template.CSS
		}{Percent(v), template.CSS(Colour(v)), template.CSS(TextColour(v))})
	}
	return out
}

type legendStep struct {
	Label       string
	Colour, Ink template.CSS
}

// changeLegend returns the diverging palette's steps for the legend of a change heatmap.
func changeLegend() []legendStep {
	var out []legendStep
	for _, v := range []float64{-ChangeLimit, -ChangeLimit / 2, 0, ChangeLimit / 2, ChangeLimit} {
		out = append(out, legendStep{fmt.Sprintf("%+.0f pp", v), template.CSS(ChangeColour(v)), template.CSS(ChangeTextColour(v))})
	}
	return out
}

// tooltip describes a cell for its title attribute.
func tooltip(h *heatmap.Heatmap, c heatmap.Cell) string {
	where := c.RowLabel + " × " + c.ColLabel
	switch {
	case c.Suppressed && c.Suppression == "secondary":
		return fmt.Sprintf("%s: suppressed, so that a smaller suppressed cell cannot be worked out from the totals", where)
	case c.Suppressed:
		return fmt.Sprintf("%s: suppressed (fewer than %d respondents)", where, h.Threshold)
	case c.Empty():
		return where + ": no respondents"
	case h.Change && c.ChangePP == nil:
		return fmt.Sprintf("%s: %.1f%% meet; no comparable figure for %s", where, *c.Value*100, h.Previous)
	case h.Change:
		s := fmt.Sprintf("%s: %.1f%% meet, %+.1f percentage points since %s (%.1f%%)", where, *c.Value*100, *c.ChangePP, h.Previous, *c.Previous*100)
		switch {
		case c.Significant():
			s += fmt.Sprintf("; 95%% interval of the change %+.1f to %+.1f: significant", *c.ChangeLow, *c.ChangeHigh)
		case c.ChangeLow != nil:
			s += fmt.Sprintf("; 95%% interval of the change %+.1f to %+.1f includes 0: not significant", *c.ChangeLow, *c.ChangeHigh)
		default:
			s += "; no interval (one respondent in a quarter): not significant"
		}
		return s + fmt.Sprintf("; n = %d", c.N)
	}
	s := fmt.Sprintf("%s: %.1f%% meet", where, *c.Value*100)
	if c.CILow != nil && c.CIHigh != nil {
		s += fmt.Sprintf(" (95%% CI %.1f–%.1f%%)", *c.CILow*100, *c.CIHigh*100)
	}
	s += fmt.Sprintf("; n = %d respondents, %d answers", c.N, c.Answers)
	if c.MeanLevel != nil {
		s += fmt.Sprintf("; mean level %.2f of 4", *c.MeanLevel)
	}
	if c.Flags == "unknown_archetype" {
		s += "; includes respondents of unknown archetype, for whom every capability counts"
	}
	return s
}

// rowDimension is what a heatmap's rows are (profession, region, archetype or trust), for the
// report's filters.
func rowDimension(h *heatmap.Heatmap) string {
	if h.Kind == heatmap.KindProfessionRegion {
		return "profession"
	}
	return h.Dimension
}
