// Package heatmap computes readiness heatmaps from the warehouse with the SQL under
// queries/heatmaps and returns them as grids (rows x columns of cells) for the reports. Query
// results are read through the DuckDB driver's Arrow interface, column by column.
package heatmap

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/duckdb/duckdb-go/v2"

	"github.com/nhs-readiness/readiness/queries"
)

// Spec names one heatmap: which groups form its rows.
type Spec struct {
	Name      string // file-safe name, e.g. "profession_domain"
	Title     string
	Dimension string // profession | region | archetype | trust
	RowTitle  string
}

// DomainSpecs are the heatmaps of readiness by domain that every run produces.
var DomainSpecs = []Spec{
	{Name: "profession_domain", Title: "Readiness by profession and domain", Dimension: "profession", RowTitle: "Profession"},
	{Name: "region_domain", Title: "Readiness by NHS England region and domain", Dimension: "region", RowTitle: "Region"},
	{Name: "archetype_domain", Title: "Readiness by archetype and domain", Dimension: "archetype", RowTitle: "Archetype"},
}

// Cell is one group x domain cell. Value, MeanLevel and the interval are nil when the cell is
// empty (N = 0) or suppressed (0 < N < threshold).
type Cell struct {
	RowKey     string // "" for the unknown group
	RowLabel   string
	RowOrder   int64
	ColKey     string
	ColLabel   string
	ColOrder   int64
	N          int64
	Answers    int64
	Value      *float64
	MeanLevel  *float64
	CILow      *float64
	CIHigh     *float64
	Suppressed bool
}

// Empty reports whether no respondent contributes to the cell.
func (c Cell) Empty() bool { return c.N == 0 }

// Label is a row or column heading.
type Label struct{ Key, Label string }

// Heatmap is a grid of cells: Cells[i][j] is row i, column j.
type Heatmap struct {
	Spec
	Quarter   string
	Threshold int
	Rows      []Label
	Cols      []Label
	Cells     [][]Cell
}

// Compute runs the domain heatmap query for one spec and quarter.
func Compute(ctx context.Context, db *sql.DB, spec Spec, quarter string, threshold int) (*Heatmap, error) {
	cells, err := queryCells(ctx, db, queries.MustGet("heatmaps/domain_cells.sql"), quarter, spec.Dimension, threshold)
	if err != nil {
		return nil, fmt.Errorf("heatmap %s: %w", spec.Name, err)
	}
	return grid(spec, quarter, threshold, cells), nil
}

// ComputeAll runs every spec for a quarter.
func ComputeAll(ctx context.Context, db *sql.DB, specs []Spec, quarter string, threshold int) ([]*Heatmap, error) {
	out := make([]*Heatmap, 0, len(specs))
	for _, s := range specs {
		h, err := Compute(ctx, db, s, quarter, threshold)
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
			h.Cols = append(h.Cols, Label{c.ColKey, c.ColLabel})
		}
		if _, ok := rowIdx[c.RowKey]; !ok {
			rowIdx[c.RowKey] = len(h.Rows)
			h.Rows = append(h.Rows, Label{c.RowKey, c.RowLabel})
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

// queryCells runs a cell query on one connection through the Arrow interface.
func queryCells(ctx context.Context, db *sql.DB, query string, args ...any) ([]Cell, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	var cells []Cell
	err = conn.Raw(func(dc any) error {
		dconn, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		ar, err := duckdb.NewArrowFromConn(dconn)
		if err != nil {
			return err
		}
		rdr, err := ar.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rdr.Release()
		for rdr.Next() {
			rec := rdr.RecordBatch()
			cols, err := columns(rec)
			if err != nil {
				return err
			}
			for i := 0; i < int(rec.NumRows()); i++ {
				cells = append(cells, Cell{
					RowKey: cols.str("row_key", i), RowLabel: cols.str("row_label", i), RowOrder: cols.int("row_order", i),
					ColKey: cols.str("col_key", i), ColLabel: cols.str("col_label", i), ColOrder: cols.int("col_order", i),
					N: cols.int("n", i), Answers: cols.int("answers", i),
					Value: cols.float("value", i), MeanLevel: cols.float("mean_level", i),
					CILow: cols.float("ci_low", i), CIHigh: cols.float("ci_high", i),
					Suppressed: cols.bool("suppressed", i),
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
