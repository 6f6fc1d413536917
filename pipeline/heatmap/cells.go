package heatmap

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/nhs-readiness/readiness/pipeline/warehouse"
)

// queryCells runs a cell query through the Arrow interface and reads its long rows.
func queryCells(ctx context.Context, wh *warehouse.Warehouse, query string, args ...any) ([]Cell, error) {
	var cells []Cell
	err := wh.Arrow(ctx, query, args, func(rdr array.RecordReader) error {
		for rdr.Next() {
			rec := rdr.RecordBatch()
			cols, err := columns(rec)
			if err != nil {
				return err
			}
			for i := 0; i < int(rec.NumRows()); i++ {
				cells = append(cells, Cell{
					view:    cols.str("view_key", i),
					Quarter: cols.str("quarter", i), RowKey: cols.str("row_key", i), RowLabel: cols.str("row_label", i), RowOrder: cols.int("row_order", i),
					ColKey: cols.str("col_key", i), ColLabel: cols.str("col_label", i), ColOrder: cols.int("col_order", i),
					ColGroup: cols.str("col_group", i), N: cols.int("n", i), Answers: cols.int("answers", i),
					Value: cols.float("value", i), MeanLevel: cols.float("mean_level", i),
					CILow: cols.float("ci_low", i), CIHigh: cols.float("ci_high", i),
					Suppressed: cols.bool("suppressed", i), Suppression: cols.str("suppression", i), Flags: cols.str("flags", i),
					Previous: cols.float("previous", i), ChangePP: cols.float("change_pp", i),
					ChangeLow: cols.float("change_low", i), ChangeHigh: cols.float("change_high", i),
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
	v, _ := stringAt(a, i)
	return strings.Clone(v)
}

// stringAt is a string column's value (false when NULL), pointing into the batch's buffers: it
// must be copied to outlive the batch.
func stringAt(a arrow.Array, i int) (string, bool) {
	if a == nil || a.IsNull(i) {
		return "", false
	}
	switch c := a.(type) {
	case *array.String:
		return c.Value(i), true
	case *array.LargeString:
		return c.Value(i), true
	case *array.StringView:
		return c.Value(i), true
	}
	return a.ValueStr(i), true
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
