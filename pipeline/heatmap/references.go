package heatmap

import (
	"context"
	"fmt"

	"github.com/nhs-readiness/readiness/pipeline/warehouse"
)

// Reference rows: a heatmap's own rows are followed by rows that put them in context, computed
// like any other row and protected with them (Release.Protect): England (every respondent) on
// every heatmap of a dimension by domain or sub-domain, and on a trust heatmap its region too.
const (
	RefEngland = "england" // every respondent of the quarter
	RefRegion  = "region"  // every respondent of the heatmap's region
)

// EnglandCode is England's ONS code, the row key of the England reference.
const EnglandCode = "E92000001"

// englandLabel heads the England reference row wherever it is shown.
var englandLabel = Label{Key: EnglandCode, Label: "England", Reference: RefEngland}

// AddReferences appends the reference rows to every heatmap of a dimension (not to profession x
// region, nor to a heatmap filtered to one profession): England, and for a trust heatmap its
// region. A reference with no respondent in the quarter is left out.
func AddReferences(ctx context.Context, wh *warehouse.Warehouse, hs []*Heatmap, threshold int) error {
	cache := map[string]*Heatmap{}
	ref := func(s Spec, q string) (*Heatmap, error) {
		k := fmt.Sprintf("%s/%s/%v/%s/%s", q, s.Kind, s.Change, s.Dimension, s.Region)
		if h, ok := cache[k]; ok {
			return h, nil
		}
		h, err := Compute(ctx, wh, s, Params{Quarter: q, Threshold: threshold})
		if err != nil {
			return nil, err
		}
		cache[k] = h
		return h, nil
	}
	for _, h := range hs {
		if h.Kind == KindProfessionRegion || h.Profession != "" {
			continue
		}
		england := Spec{Name: "england_" + h.Kind, Kind: h.Kind, Change: h.Change}
		specs := []Spec{england}
		if h.Region != "" {
			specs = append([]Spec{{Name: "region_" + h.Kind, Kind: h.Kind, Dimension: "region", Region: h.Region, Change: h.Change}}, specs...)
		}
		for _, s := range specs {
			r, err := ref(s, h.Quarter)
			if err != nil {
				return fmt.Errorf("reference rows of %s: %w", h.Name, err)
			}
			if len(r.Rows) == 0 {
				continue
			}
			appendReference(h, r)
		}
	}
	return nil
}

// appendReference adds a one-row heatmap's row to h, its cells in h's column order.
func appendReference(h, r *Heatmap) {
	label := englandLabel
	if r.Dimension == "region" {
		label = Label{Key: r.Rows[0].Key, Label: r.Rows[0].Label + " (region)", Reference: RefRegion}
	}
	row := aligned(h, r.Cells[0], label)
	h.Rows = append(h.Rows, label)
	h.Cells = append(h.Cells, row)
}

// aligned is a row of cells from another heatmap put in h's column order, labelled as label:
// a column the other heatmap lacks is an empty cell.
func aligned(h *Heatmap, cells []Cell, label Label) []Cell {
	byCol := map[string]Cell{}
	for _, c := range cells {
		byCol[c.ColKey] = c
	}
	row := make([]Cell, len(h.Cols))
	for j, col := range h.Cols {
		c, ok := byCol[col.Key]
		if !ok {
			c = Cell{Quarter: h.Quarter, ColKey: col.Key, ColLabel: col.Label, ColGroup: col.Group}
		}
		c.RowKey, c.RowLabel = label.Key, label.Label
		row[j] = c
	}
	return row
}

// OwnRows is how many of a heatmap's rows are its groups, before the reference rows.
func (h *Heatmap) OwnRows() int {
	for i, r := range h.Rows {
		if r.Reference != "" {
			return i
		}
	}
	return len(h.Rows)
}
