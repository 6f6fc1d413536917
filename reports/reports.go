// Package reports renders a quarter's heatmaps for people: a self-contained HTML report and an
// Excel workbook. Suppressed cells never carry a number, and nothing personal is written: the
// reports are built from aggregates and reference data only.
package reports

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/nhs-readiness/readiness/pipeline/heatmap"
	"github.com/nhs-readiness/readiness/queries"
)

// Data is everything a report shows.
type Data struct {
	Quarter          string
	FrameworkVersion string
	FrameworkSource  string
	Threshold        int
	Respondents      int
	Trusts           int
	Files            int
	RowsRead         int
	RowsLoaded       int
	RowsRejected     int
	Submissions      []Submission
	DomainReadiness  []DomainValue // overall, lowest first: the largest gaps
	Heatmaps         []*heatmap.Heatmap
	Gaps             []GapTable
	LevelProfile     []heatmap.LevelShare
	Coverage         []Coverage
	Explore          *Explore // the data behind the report's filters; nil for none
}

// Coverage is the number of respondents of one region or profession (nil when suppressed).
type Coverage struct {
	Dimension, Key, Label string
	N                     *int
}

// Explore holds every view the HTML report's filters can show: the heatmaps of profession,
// region and archetype by domain and by sub-domain, for every quarter, for all staff and for
// each region and each profession.
type Explore struct {
	Quarters    []string
	Latest      string
	Threshold   int
	Regions     []heatmap.Label
	Professions []heatmap.Label
	// Views[view][heatmap name][quarter]; view is "all", "region:CODE" or "profession:CODE".
	Views map[string]map[string]map[string]*heatmap.Heatmap
}

// GapTable is the top capability gaps of every group of one dimension.
type GapTable struct {
	Dimension string // archetype or profession
	Gaps      []heatmap.Gap
}

// Submission is one loaded file of the quarter.
type Submission struct {
	File, Trust, TrustName, Region             string
	RowsRead, RowsLoaded, RowsRejected         int
	RowsWarned, ColumnsMapped, ColumnsUnmapped int
}

// DomainValue is the readiness of all respondents of the quarter in one domain.
type DomainValue struct {
	Domain, Name string
	Value        float64
	N            int
}

// Collect reads the quarter's totals and submissions from the warehouse.
func Collect(ctx context.Context, db *sql.DB, quarter string, threshold int, maps []*heatmap.Heatmap) (*Data, error) {
	d := &Data{Quarter: quarter, Threshold: threshold, Heatmaps: maps}
	err := db.QueryRowContext(ctx, `SELECT version, coalesce(source, '') FROM framework_meta`).Scan(&d.FrameworkVersion, &d.FrameworkSource)
	if err != nil {
		return nil, fmt.Errorf("reports: framework: %w", err)
	}
	err = db.QueryRowContext(ctx, `SELECT count(*), count(DISTINCT trust_code) FROM respondents WHERE quarter = ?`, quarter).Scan(&d.Respondents, &d.Trusts)
	if err != nil {
		return nil, fmt.Errorf("reports: totals: %w", err)
	}
	rows, err := db.QueryContext(ctx, `
		SELECT s.source_file, coalesce(s.trust_code, ''), coalesce(o.name, 'several or unknown'), coalesce(r.name, ''),
		       s.rows_read, s.rows_loaded, s.rows_rejected, s.rows_warned, s.columns_mapped, s.columns_unmapped
		FROM submissions s
		LEFT JOIN organisations o ON o.ods_code = s.trust_code
		LEFT JOIN regions r ON r.region_code = o.region_code
		WHERE s.quarter = ?
		ORDER BY r.sort_order, o.name, s.source_file`, quarter)
	if err != nil {
		return nil, fmt.Errorf("reports: submissions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s Submission
		if err := rows.Scan(&s.File, &s.Trust, &s.TrustName, &s.Region, &s.RowsRead, &s.RowsLoaded, &s.RowsRejected,
			&s.RowsWarned, &s.ColumnsMapped, &s.ColumnsUnmapped); err != nil {
			return nil, fmt.Errorf("reports: submissions: %w", err)
		}
		d.Submissions = append(d.Submissions, s)
		d.Files++
		d.RowsRead += s.RowsRead
		d.RowsLoaded += s.RowsLoaded
		d.RowsRejected += s.RowsRejected
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reports: submissions: %w", err)
	}
	crows, err := db.QueryContext(ctx, queries.MustGet("analytics/coverage.sql"), sql.Named("quarter", quarter), sql.Named("threshold", threshold))
	if err != nil {
		return nil, fmt.Errorf("reports: coverage: %w", err)
	}
	defer crows.Close()
	for crows.Next() {
		var c Coverage
		var key sql.NullString
		var n sql.NullInt64
		if err := crows.Scan(&c.Dimension, &key, &c.Label, &n); err != nil {
			return nil, fmt.Errorf("reports: coverage: %w", err)
		}
		c.Key = key.String
		if n.Valid {
			v := int(n.Int64)
			c.N = &v
		}
		d.Coverage = append(d.Coverage, c)
	}
	if err := crows.Err(); err != nil {
		return nil, fmt.Errorf("reports: coverage: %w", err)
	}
	drows, err := db.QueryContext(ctx, queries.MustGet("analytics/domain_readiness.sql"),
		sql.Named("quarter", quarter), sql.Named("threshold", threshold))
	if err != nil {
		return nil, fmt.Errorf("reports: domain readiness: %w", err)
	}
	defer drows.Close()
	for drows.Next() {
		var v DomainValue
		if err := drows.Scan(&v.Domain, &v.Name, &v.Value, &v.N); err != nil {
			return nil, fmt.Errorf("reports: domain readiness: %w", err)
		}
		d.DomainReadiness = append(d.DomainReadiness, v)
	}
	return d, drows.Err()
}

// Formats are the report formats: one file each (html, xlsx), or one file per heatmap under
// heatmaps/ (png, svg, csv; parquet is written by the pipeline, from the warehouse).
var Formats = []string{"html", "xlsx", "png", "svg", "csv", "parquet"}

// Write writes the reports in the given formats into dir and returns their paths. Parquet is
// not written here (see pipeline.Report).
func Write(dir string, formats []string, d *Data) ([]string, error) {
	var out []string
	for _, f := range formats {
		switch f {
		case "html":
			path := filepath.Join(dir, "report.html")
			if err := WriteHTML(path, d); err != nil {
				return out, fmt.Errorf("reports: html: %w", err)
			}
			out = append(out, path)
		case "xlsx":
			path := filepath.Join(dir, "readiness.xlsx")
			if err := WriteXLSX(path, d); err != nil {
				return out, fmt.Errorf("reports: xlsx: %w", err)
			}
			out = append(out, path)
		case "png", "svg", "csv":
			write := map[string]func(string, *heatmap.Heatmap) error{"png": WritePNG, "svg": WriteSVG, "csv": WriteCSV}[f]
			hdir := filepath.Join(dir, "heatmaps")
			if err := os.MkdirAll(hdir, 0o755); err != nil {
				return out, fmt.Errorf("reports: %w", err)
			}
			for _, h := range d.Heatmaps {
				path := filepath.Join(hdir, h.Name+"."+f)
				if err := write(path, h); err != nil {
					return out, fmt.Errorf("reports: %s %s: %w", f, h.Name, err)
				}
				out = append(out, path)
			}
		case "parquet":
		default:
			return out, fmt.Errorf("reports: unknown format %q (formats: %s)", f, strings.Join(Formats, ", "))
		}
	}
	return out, nil
}

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

// ChangeTextColour is black or white, whichever reads better on ChangeColour(pp).
func ChangeTextColour(pp float64) string {
	if math.Abs(pp) > 0.75*ChangeLimit {
		return "#ffffff"
	}
	return "#111111"
}

// TextColour is black or white, whichever reads better on Colour(v).
func TextColour(v float64) string {
	if v < 0.55 {
		return "#ffffff"
	}
	return "#111111"
}
