// Package heatmap computes everything a quarter's reports show from the warehouse: the heatmaps
// (grids of rows x columns of cells, with disclosure control applied by the SQL under
// queries/heatmaps), the specs of a run's heatmaps, the filtered views behind the HTML report,
// the quarter's overview, capability gaps and level profiles. It names the embedded SQL and the
// warehouse runs it; query results are read through the DuckDB driver's Arrow interface.
package heatmap

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/nhs-readiness/readiness/pipeline/quarter"
	"github.com/nhs-readiness/readiness/pipeline/warehouse"
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
	Trust      string // only respondents of this trust (ODS code); "" for all
	Domain     string // the domain of a profession x region heatmap
	RowTitle   string
	ColTitle   string
	Change     bool // the change since the previous quarter, instead of the level
}

// DomainSpecs are the heatmaps of readiness by domain, and SubdomainSpecs by sub-domain: one of
// each for every registered dimension with Heatmaps (dimensions.go).
var DomainSpecs, SubdomainSpecs []Spec

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
	ChangeLow   *float64 // the change's 95% interval, in percentage points (both quarters n > 1)
	ChangeHigh  *float64
	view        string // the view column's value (ComputeViews)
}

// Significant reports whether a change's 95% interval excludes zero. A change without an interval
// (a quarter with one respondent) is not significant.
func (c Cell) Significant() bool {
	return c.ChangePP != nil && c.ChangeLow != nil && c.ChangeHigh != nil && (*c.ChangeLow > 0 || *c.ChangeHigh < 0)
}

// Empty reports whether no respondent contributes to the cell.
func (c Cell) Empty() bool { return !c.Suppressed && c.N == 0 }

// Label is a row or column heading. Reference marks a reference row (RefEngland, RefRegion)
// that follows a heatmap's own rows.
type Label struct{ Key, Label, Group, Reference string }

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
// one), put together by queries/heatmaps/heatmap.sql. Every piece is an embedded file; the
// dimension's column comes from the registry.
func Query(s Spec) string { return query(s, "") }

// viewColumns are the columns a heatmap's filtered views can be computed together by (ComputeViews).
var viewColumns = map[string]string{"region": "region_code", "profession": "profession_code", "trust": "trust_code"}

// query is Query with the heatmap computed for every value of a view column at once (viewBy:
// "region", "profession" or "trust"; "" for one view): each value's cells are protected as a heatmap of
// their own, as if it were the spec's filter.
func query(s Spec, viewBy string) string {
	cells := queries.HeatmapCellsDomain
	switch s.Kind {
	case KindSubdomain:
		cells = queries.HeatmapCellsSubdomain
	case KindProfessionRegion:
		cells = queries.HeatmapCellsProfessionRegion
	}
	final := queries.HeatmapGrid
	if s.Change {
		final = queries.HeatmapChange
	}
	// A coarser grouping has no secondary pass of its own: the release offers its figures after
	// the finer ones are protected and withholds those that would give one away (release.go).
	n := secondaryPasses
	if d, ok := DimensionByName(s.Dimension); ok && d.Coarse {
		n = 0
	}
	var passes strings.Builder
	for i := 1; i <= n; i++ {
		r := strings.NewReplacer("{{in}}", strconv.Itoa(i-1), "{{out}}", strconv.Itoa(i))
		passes.WriteString(r.Replace(queries.HeatmapSecondary.Body()) + ",\n")
	}
	view := "NULL::VARCHAR"
	if viewBy != "" {
		view = viewColumns[viewBy]
	}
	return queries.HeatmapQuery.Fill(map[string]string{
		"cells":     strings.ReplaceAll(groupKey(cells.Body(), s.Dimension), "{{view_key}}", view),
		"primary":   queries.HeatmapPrimary.Body(),
		"secondary": passes.String(),
		"last":      "pass" + strconv.Itoa(n),
		"final":     final.SQL(),
	})
}

// groupKey fills in the column of a dimension as {{group_key}}.
func groupKey(sqlText, dimension string) string {
	col := "NULL"
	if d, ok := DimensionByName(dimension); ok {
		col = d.Column
	}
	return strings.ReplaceAll(sqlText, "{{group_key}}", col)
}

// args are the named parameters of every heatmap query (each uses those it needs).
func args(s Spec, p Params) []any {
	var region, domain, profession, trust, q any
	if s.Trust != "" {
		trust = s.Trust
	}
	if s.Region != "" {
		region = s.Region
	}
	if s.Profession != "" {
		profession = s.Profession
	}
	if p.Quarter != "" {
		q = p.Quarter
	}
	if s.Domain != "" {
		domain = s.Domain
	}
	return []any{
		sql.Named("quarter", q), sql.Named("previous", quarter.Previous(p.Quarter)), sql.Named("profession", profession),
		sql.Named("threshold", p.Threshold), sql.Named("dimension", labelSet(s.Dimension)),
		sql.Named("region", region), sql.Named("domain", domain), sql.Named("trust", trust),
		sql.Named("rows_additive", s.Kind == KindProfessionRegion),
	}
}

// labelSet is the v_groups dimension a dimension's rows are labelled from.
func labelSet(dimension string) string {
	if d, ok := DimensionByName(dimension); ok {
		return d.LabelSet()
	}
	return dimension
}

// Compute runs one heatmap for a quarter.
func Compute(ctx context.Context, wh *warehouse.Warehouse, spec Spec, p Params) (*Heatmap, error) {
	cells, err := queryCells(ctx, wh, Query(spec), args(spec, p)...)
	if err != nil {
		return nil, fmt.Errorf("heatmap %s: %w", spec.Name, err)
	}
	h := grid(spec, p.Quarter, p.Threshold, cells)
	if spec.Change {
		h.Previous = quarter.Previous(p.Quarter)
	}
	return h, nil
}

// ComputeQuarters runs one heatmap for every quarter at once and returns its grid per quarter.
func ComputeQuarters(ctx context.Context, wh *warehouse.Warehouse, spec Spec, threshold int) (map[string]*Heatmap, error) {
	if spec.Change {
		return nil, fmt.Errorf("heatmap %s: a change heatmap is for one quarter", spec.Name)
	}
	cells, err := queryCells(ctx, wh, Query(spec), args(spec, Params{Threshold: threshold})...)
	if err != nil {
		return nil, fmt.Errorf("heatmap %s: %w", spec.Name, err)
	}
	return gridsByQuarter(spec, threshold, cells), nil
}

// gridsByQuarter arranges the long rows of every quarter into a grid per quarter.
func gridsByQuarter(spec Spec, threshold int, cells []Cell) map[string]*Heatmap {
	byQuarter := map[string][]Cell{}
	for _, c := range cells {
		byQuarter[c.Quarter] = append(byQuarter[c.Quarter], c)
	}
	out := map[string]*Heatmap{}
	for q, cs := range byQuarter {
		out[q] = grid(spec, q, threshold, cs)
	}
	return out
}

// ComputeViews runs one heatmap for every value of a view column at once (by: "region",
// "profession" or "trust"), for p.Quarter or, when it is "", every quarter, and returns its grid
// per value of those asked for (keys) and per quarter: the same grids as Compute (or
// ComputeQuarters) with each value as the spec's filter, from one query instead of one per value.
func ComputeViews(ctx context.Context, wh *warehouse.Warehouse, spec Spec, p Params, by string, keys []string) (map[string]map[string]*Heatmap, error) {
	if _, ok := viewColumns[by]; !ok || spec.Change || spec.Kind == KindProfessionRegion {
		return nil, fmt.Errorf("heatmap %s: no views by %q", spec.Name, by)
	}
	if (by == "region" && spec.Region != "") || (by == "profession" && spec.Profession != "") || (by == "trust" && spec.Trust != "") {
		return nil, fmt.Errorf("heatmap %s: views by %s of a heatmap filtered by %s", spec.Name, by, by)
	}
	cells, err := queryCells(ctx, wh, query(spec, by), args(spec, p)...)
	if err != nil {
		return nil, fmt.Errorf("heatmap %s by %s: %w", spec.Name, by, err)
	}
	byView := map[string][]Cell{}
	for _, k := range keys {
		byView[k] = nil
	}
	for _, c := range cells {
		if cs, ok := byView[c.view]; ok && c.view != "" {
			k := c.view
			c.view = "" // as a cell of the filtered heatmap
			byView[k] = append(cs, c)
		}
	}
	out := map[string]map[string]*Heatmap{}
	for k, cs := range byView {
		s := spec // the spec of the view: as it would be filtered
		switch by {
		case "region":
			s.Region = k
		case "profession":
			s.Profession = k
		default:
			s.Trust = k
		}
		out[k] = gridsByQuarter(s, p.Threshold, cs)
		if _, ok := out[k][p.Quarter]; !ok && p.Quarter != "" { // as Compute: the quarter's grid, empty
			out[k][p.Quarter] = grid(s, p.Quarter, p.Threshold, nil)
		}
	}
	return out, nil
}

// ComputeAll runs every spec for a quarter.
func ComputeAll(ctx context.Context, wh *warehouse.Warehouse, specs []Spec, p Params) ([]*Heatmap, error) {
	out := make([]*Heatmap, 0, len(specs))
	for _, s := range specs {
		h, err := Compute(ctx, wh, s, p)
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
			h.Cols = append(h.Cols, Label{Key: c.ColKey, Label: c.ColLabel, Group: c.ColGroup})
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
