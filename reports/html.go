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

//go:embed templates/report.html.tmpl
var reportTemplate string

var funcs = template.FuncMap{
	"pct": func(v *float64) string {
		if v == nil {
			return ""
		}
		return Percent(*v)
	},
	"pctf":    Percent,
	"colour":  func(v *float64) template.CSS { return template.CSS(Colour(*v)) },
	"text":    func(v *float64) template.CSS { return template.CSS(TextColour(*v)) },
	"legend":  legend,
	"tooltip": tooltip,
	"thousands": func(n any) string {
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

// tooltip describes a cell for its title attribute.
func tooltip(h *heatmap.Heatmap, c heatmap.Cell) string {
	where := c.RowLabel + " × " + c.ColLabel
	switch {
	case c.Suppressed:
		return fmt.Sprintf("%s: suppressed (fewer than %d respondents)", where, h.Threshold)
	case c.Empty():
		return where + ": no respondents"
	}
	s := fmt.Sprintf("%s: %.1f%% meet", where, *c.Value*100)
	if c.CILow != nil && c.CIHigh != nil {
		s += fmt.Sprintf(" (95%% CI %.1f–%.1f%%)", *c.CILow*100, *c.CIHigh*100)
	}
	s += fmt.Sprintf("; n = %d respondents, %d answers", c.N, c.Answers)
	if c.MeanLevel != nil {
		s += fmt.Sprintf("; mean level %.2f of 4", *c.MeanLevel)
	}
	return s
}
