// Package heatmap computes readiness heatmaps from the warehouse with the SQL under
// queries/heatmaps and returns them as grids (rows x columns of cells) for the reports. Query
// results are read through the DuckDB driver's Arrow interface, column by column.
package heatmap

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/nhs-readiness/readiness/pipeline/export"
	"github.com/nhs-readiness/readiness/queries"
)

// Kinds of heatmap: which base cells they are built from.
const (
	KindDomain           = "domain"            // group x domain (queries/heatmaps/cells_domain.sql)
	KindSubdomain        = "subdomain"         // group x sub-domain (cells_subdomain.sql)
	KindProfessionRegion = "profession_region" // profession x region for one domain (cells_profession_region.sql)
)

// Spec names one heatmap: its kind, what forms its rows, and its filters.
type Spec struct {
	Name       string // file-safe name, e.g. "profession_domain"
	Title      string
	Kind       string
	Dimension  string // rows of domain and sub-domain heatmaps: profession | region | archetype | trust
	Region     string // only respondents of this region (ONS code); "" for all
	Profession string // only respondents of this profession; "" for all
	Domain     string // the domain of a profession x region heatmap
	RowTitle   string
	ColTitle   string
	Change     bool // the change since the previous quarter, instead of the level
}

// DomainSpecs are the heatmaps of readiness by domain.
var DomainSpecs = []Spec{
	{Name: "profession_domain", Title: "Readiness by profession and domain", Kind: KindDomain, Dimension: "profession", RowTitle: "Profession", ColTitle: "Domain"},
	{Name: "region_domain", Title: "Readiness by NHS England region and domain", Kind: KindDomain, Dimension: "region", RowTitle: "Region", ColTitle: "Domain"},
	{Name: "archetype_domain", Title: "Readiness by archetype and domain", Kind: KindDomain, Dimension: "archetype", RowTitle: "Archetype", ColTitle: "Domain"},
}

// SubdomainSpecs are the same by sub-domain.
var SubdomainSpecs = []Spec{
	{Name: "profession_subdomain", Title: "Readiness by profession and sub-domain", Kind: KindSubdomain, Dimension: "profession", RowTitle: "Profession", ColTitle: "Sub-domain"},
	{Name: "region_subdomain", Title: "Readiness by NHS England region and sub-domain", Kind: KindSubdomain, Dimension: "region", RowTitle: "Region", ColTitle: "Sub-domain"},
	{Name: "archetype_subdomain", Title: "Readiness by archetype and sub-domain", Kind: KindSubdomain, Dimension: "archetype", RowTitle: "Archetype", ColTitle: "Sub-domain"},
}

// ChangeOf returns the spec of a heatmap's change since the previous quarter.
func ChangeOf(s Spec) Spec {
	s.Name += "_change"
	s.Title = strings.Replace(s.Title, "Readiness", "Change in readiness since the previous quarter", 1)
	s.Change = true
	return s
}

// TrustSpec is trust x domain for one region.
func TrustSpec(regionCode, regionName string) Spec {
	return Spec{Name: "trust_domain_" + regionCode, Title: "Readiness by trust and domain, " + regionName, Kind: KindDomain,
		Dimension: "trust", Region: regionCode, RowTitle: "Trust", ColTitle: "Domain"}
}

// ProfessionRegionSpec is profession x region for one domain.
func ProfessionRegionSpec(domain, domainName string) Spec {
	return Spec{Name: "profession_region_" + domain, Title: "Readiness by profession and region, domain " + domain + " " + domainName,
		Kind: KindProfessionRegion, Domain: domain, RowTitle: "Profession", ColTitle: "Region"}
}

// Cell is one cell. Value, MeanLevel, the interval, N and Answers are unset when the cell is
// suppressed; Value is unset and N is 0 when it is empty.
type Cell struct {
	Quarter     string
	RowKey      string // "" for the unknown group
	RowLabel    string
	RowOrder    int64
	ColKey      string
	ColLabel    string
	ColOrder    int64
	ColGroup    string // the domain a sub-domain column belongs to
	N           int64
	Answers     int64
	Value       *float64
	MeanLevel   *float64
	CILow       *float64
	CIHigh      *float64
	Suppressed  bool
	Suppression string // "primary" or "secondary" when suppressed
	Flags       string // "unknown_archetype" when some respondents' archetype is unknown
	Previous    *float64
	ChangePP    *float64 // change since the previous quarter, in percentage points
}

// Empty reports whether no respondent contributes to the cell.
func (c Cell) Empty() bool { return !c.Suppressed && c.N == 0 }

// Label is a row or column heading.
type Label struct{ Key, Label, Group string }

// Heatmap is a grid of cells: Cells[i][j] is row i, column j.
type Heatmap struct {
	Spec
	Quarter   string
	Previous  string // the previous quarter, for a change heatmap
	Threshold int
	Rows      []Label
	Cols      []Label
	Cells     [][]Cell
}

// Params are the values a heatmap query is run with.
type Params struct {
	Quarter   string
	Threshold int
}

// secondaryPasses is how many times the secondary suppression pass runs: each pass protects every
// line that a previous one left with a single suppressed cell; on heatmaps of this size the
// suppression no longer changes after the third.
const secondaryPasses = 3

// Query returns the SQL of a heatmap: its base cells, then disclosure control (primary, then the
// secondary pass several times), then the grid of one quarter (or its change since the previous
// one). Every piece is a file in queries/heatmaps; only CTE names are filled in here.
func Query(s Spec) string {
	var cells string
	switch s.Kind {
	case KindSubdomain:
		cells = "heatmaps/cells_subdomain.sql"
	case KindProfessionRegion:
		cells = "heatmaps/cells_profession_region.sql"
	default:
		cells = "heatmaps/cells_domain.sql"
	}
	final := "heatmaps/grid.sql"
	if s.Change {
		final = "heatmaps/change.sql"
	}
	var b strings.Builder
	b.WriteString("WITH base AS (\n" + strings.TrimSpace(queries.MustGet(cells)) + "\n),\n")
	b.WriteString(strings.TrimSpace(stripComments(queries.MustGet("heatmaps/disclosure_primary.sql"))) + ",\n")
	pass := strings.TrimSpace(stripComments(queries.MustGet("heatmaps/disclosure_secondary.sql")))
	for i := 1; i <= secondaryPasses; i++ {
		r := strings.NewReplacer("{{in}}", strconv.Itoa(i-1), "{{out}}", strconv.Itoa(i))
		b.WriteString(r.Replace(pass) + ",\n")
	}
	fmt.Fprintf(&b, "disclosed AS (SELECT * FROM pass%d)\n", secondaryPasses)
	b.WriteString(queries.MustGet(final))
	return b.String()
}

// stripComments drops the leading comment lines of a SQL fragment.
func stripComments(sqlText string) string {
	lines := strings.Split(sqlText, "\n")
	for len(lines) > 0 && strings.HasPrefix(strings.TrimSpace(lines[0]), "--") {
		lines = lines[1:]
	}
	return strings.Join(lines, "\n")
}

// args are the named parameters of every heatmap query (each uses those it needs).
func args(s Spec, p Params) []any {
	var region, domain, profession, quarter any
	if s.Region != "" {
		region = s.Region
	}
	if s.Profession != "" {
		profession = s.Profession
	}
	if p.Quarter != "" {
		quarter = p.Quarter
	}
	if s.Domain != "" {
		domain = s.Domain
	}
	return []any{
		sql.Named("quarter", quarter), sql.Named("previous", PreviousQuarter(p.Quarter)), sql.Named("profession", profession),
		sql.Named("threshold", p.Threshold), sql.Named("dimension", s.Dimension),
		sql.Named("region", region), sql.Named("domain", domain),
		sql.Named("rows_additive", s.Kind == KindProfessionRegion),
	}
}

// PreviousQuarter returns the quarter before a YYYYQn quarter ("2026Q1" -> "2025Q4").
func PreviousQuarter(q string) string {
	if len(q) != 6 || q[4] != 'Q' {
		return ""
	}
	year, err := strconv.Atoi(q[:4])
	n := int(q[5] - '0')
	if err != nil || n < 1 || n > 4 {
		return ""
	}
	if n == 1 {
		return fmt.Sprintf("%dQ4", year-1)
	}
	return fmt.Sprintf("%dQ%d", year, n-1)
}

// Compute runs one heatmap for a quarter.
func Compute(ctx context.Context, db *sql.DB, spec Spec, p Params) (*Heatmap, error) {
	cells, err := queryCells(ctx, db, Query(spec), args(spec, p)...)
	if err != nil {
		return nil, fmt.Errorf("heatmap %s: %w", spec.Name, err)
	}
	h := grid(spec, p.Quarter, p.Threshold, cells)
	if spec.Change {
		h.Previous = PreviousQuarter(p.Quarter)
	}
	return h, nil
}

// ComputeQuarters runs one heatmap for every quarter at once and returns its grid per quarter.
func ComputeQuarters(ctx context.Context, db *sql.DB, spec Spec, threshold int) (map[string]*Heatmap, error) {
	if spec.Change {
		return nil, fmt.Errorf("heatmap %s: a change heatmap is for one quarter", spec.Name)
	}
	cells, err := queryCells(ctx, db, Query(spec), args(spec, Params{Threshold: threshold})...)
	if err != nil {
		return nil, fmt.Errorf("heatmap %s: %w", spec.Name, err)
	}
	byQuarter := map[string][]Cell{}
	for _, c := range cells {
		byQuarter[c.Quarter] = append(byQuarter[c.Quarter], c)
	}
	out := map[string]*Heatmap{}
	for q, cs := range byQuarter {
		out[q] = grid(spec, q, threshold, cs)
	}
	return out, nil
}

// ComputeAll runs every spec for a quarter.
func ComputeAll(ctx context.Context, db *sql.DB, specs []Spec, p Params) ([]*Heatmap, error) {
	out := make([]*Heatmap, 0, len(specs))
	for _, s := range specs {
		h, err := Compute(ctx, db, s, p)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, nil
}

// grid arranges long rows, already ordered by row then column, into a grid.
func grid(spec Spec, quarter string, threshold int, cells []Cell) *Heatmap {
	h := &Heatmap{Spec: spec, Quarter: quarter, Threshold: threshold}
	rowIdx := map[string]int{}
	colIdx := map[string]int{}
	for _, c := range cells {
		if _, ok := colIdx[c.ColKey]; !ok {
			colIdx[c.ColKey] = len(h.Cols)
			h.Cols = append(h.Cols, Label{c.ColKey, c.ColLabel, c.ColGroup})
		}
		if _, ok := rowIdx[c.RowKey]; !ok {
			rowIdx[c.RowKey] = len(h.Rows)
			h.Rows = append(h.Rows, Label{Key: c.RowKey, Label: c.RowLabel})
			h.Cells = append(h.Cells, nil)
		}
	}
	for i := range h.Cells {
		h.Cells[i] = make([]Cell, len(h.Cols))
	}
	for _, c := range cells {
		h.Cells[rowIdx[c.RowKey]][colIdx[c.ColKey]] = c
	}
	return h
}

// queryCells runs a cell query through the Arrow interface and reads its long rows.
func queryCells(ctx context.Context, db *sql.DB, query string, args ...any) ([]Cell, error) {
	var cells []Cell
	err := export.WithArrow(ctx, db, query, args, func(rdr array.RecordReader) error {
		for rdr.Next() {
			rec := rdr.RecordBatch()
			cols, err := columns(rec)
			if err != nil {
				return err
			}
			for i := 0; i < int(rec.NumRows()); i++ {
				cells = append(cells, Cell{
					Quarter: cols.str("quarter", i), RowKey: cols.str("row_key", i), RowLabel: cols.str("row_label", i), RowOrder: cols.int("row_order", i),
					ColKey: cols.str("col_key", i), ColLabel: cols.str("col_label", i), ColOrder: cols.int("col_order", i),
					ColGroup: cols.str("col_group", i), N: cols.int("n", i), Answers: cols.int("answers", i),
					Value: cols.float("value", i), MeanLevel: cols.float("mean_level", i),
					CILow: cols.float("ci_low", i), CIHigh: cols.float("ci_high", i),
					Suppressed: cols.bool("suppressed", i), Suppression: cols.str("suppression", i), Flags: cols.str("flags", i),
					Previous: cols.float("previous", i), ChangePP: cols.float("change_pp", i),
				})
			}
			if cols.err != nil {
				return cols.err
			}
		}
		return rdr.Err()
	})
	return cells, err
}

// record gives typed access to a record batch's columns by name.
type record struct {
	byName map[string]arrow.Array
	err    error
}

func columns(rec arrow.RecordBatch) (*record, error) {
	r := &record{byName: map[string]arrow.Array{}}
	for i, f := range rec.Schema().Fields() {
		r.byName[f.Name] = rec.Column(i)
	}
	return r, nil
}

func (r *record) col(name string) arrow.Array {
	a, ok := r.byName[name]
	if !ok && r.err == nil {
		r.err = fmt.Errorf("the query returned no column %q", name)
	}
	return a
}

func (r *record) str(name string, i int) string {
	a := r.col(name)
	if a == nil || a.IsNull(i) {
		return ""
	}
	// Arrow's string values point into the batch's buffers, which are freed with the batch.
	switch c := a.(type) {
	case *array.String:
		return strings.Clone(c.Value(i))
	case *array.LargeString:
		return strings.Clone(c.Value(i))
	case *array.StringView:
		return strings.Clone(c.Value(i))
	}
	return strings.Clone(a.ValueStr(i))
}

func (r *record) int(name string, i int) int64 {
	a := r.col(name)
	if a == nil || a.IsNull(i) {
		return 0
	}
	switch c := a.(type) {
	case *array.Int64:
		return c.Value(i)
	case *array.Int32:
		return int64(c.Value(i))
	case *array.Int16:
		return int64(c.Value(i))
	case *array.Int8:
		return int64(c.Value(i))
	}
	v, err := strconv.ParseInt(a.ValueStr(i), 10, 64)
	if err != nil && r.err == nil {
		r.err = fmt.Errorf("column %q: %w", name, err)
	}
	return v
}

func (r *record) float(name string, i int) *float64 {
	a := r.col(name)
	if a == nil || a.IsNull(i) {
		return nil
	}
	var v float64
	switch c := a.(type) {
	case *array.Float64:
		v = c.Value(i)
	case *array.Float32:
		v = float64(c.Value(i))
	default:
		var err error
		if v, err = strconv.ParseFloat(a.ValueStr(i), 64); err != nil && r.err == nil {
			r.err = errors.Join(fmt.Errorf("column %q", name), err)
		}
	}
	return &v
}

func (r *record) bool(name string, i int) bool {
	a := r.col(name)
	if a == nil || a.IsNull(i) {
		return false
	}
	if c, ok := a.(*array.Boolean); ok {
		return c.Value(i)
	}
	return a.ValueStr(i) == "true"
}
