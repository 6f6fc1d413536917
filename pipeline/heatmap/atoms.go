package heatmap

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"github.com/nhs-readiness/readiness/pipeline/warehouse"
	"github.com/nhs-readiness/readiness/queries"
)

// atom is one of the finest groups.
type atom struct {
	trust, region, profession, archetype sql.NullString
	n                                    int64
	staffGroup                           sql.NullString // the profession's NHS staff group
}

// atoms are a release's finest groups, by block ("2026Q3/domain/6"), with an index per block of
// which atoms have each value of each field, so that a population is found from its filters
// without scanning the block (a national block has tens of thousands of atoms, and a release
// asks for hundreds of thousands of populations). Capability blocks are those of the release's
// quarter only: no figure of another quarter's capabilities is published, and they were most of
// a warehouse's atoms (8 national quarters: about 19 million).
type atoms struct {
	blocks  map[string]*blockAtoms
	quarter string // the quarter whose capability blocks are loaded
}

type blockAtoms struct {
	list  []atom
	index map[string]map[sql.NullString][]int // field -> value (NULL: unknown) -> atoms, ascending
	found map[string][]int                    // populations already matched, by their filters
}

// fields are the fields a population may be filtered on; any other matches unknown values only.
var fields = []string{"trust", "region", "profession", "archetype", "staff_group"}

func (a atom) field(f string) sql.NullString {
	switch f {
	case "trust":
		return a.trust
	case "region":
		return a.region
	case "profession":
		return a.profession
	case "archetype":
		return a.archetype
	case "staff_group":
		return a.staffGroup
	}
	return sql.NullString{}
}

// filterValue is the value a filter's value ("" for unknown) matches: NULL for "", never a known
// but empty value.
func filterValue(v string) sql.NullString { return sql.NullString{String: v, Valid: v != ""} }

func loadAtoms(ctx context.Context, wh *warehouse.Warehouse, quarter string) (atoms, error) {
	out := atoms{blocks: map[string]*blockAtoms{}, quarter: quarter}
	err := wh.Each(ctx, queries.Atoms, []any{quarter}, func(rows *sql.Rows) error {
		var kind, q, area string
		var a atom
		if err := rows.Scan(&kind, &q, &area, &a.trust, &a.region, &a.profession, &a.archetype, &a.n, &a.staffGroup); err != nil {
			return err
		}
		k := q + "/" + kind + "/" + area
		b := out.blocks[k]
		if b == nil {
			b = &blockAtoms{}
			out.blocks[k] = b
		}
		b.list = append(b.list, a)
		return nil
	})
	return out, err
}

// build indexes the block's atoms by each field's values: on the first match in the block, so
// that blocks a release never asks about (older quarters' capabilities) are not indexed.
func (b *blockAtoms) build() {
	b.index, b.found = map[string]map[sql.NullString][]int{}, map[string][]int{}
	for _, f := range fields {
		idx := map[sql.NullString][]int{}
		for i, a := range b.list {
			k := a.field(f)
			idx[k] = append(idx[k], i)
		}
		b.index[f] = idx
	}
}

// block is a block's atoms (nil for a block without respondents). A capability block of another
// quarter than the release's was not loaded: asking for one is a defect, never an empty block.
func (as atoms) block(name string) *blockAtoms {
	if q, rest, _ := strings.Cut(name, "/"); q != as.quarter && strings.HasPrefix(rest, "capability/") {
		panic(fmt.Sprintf("disclosure: atoms of %s asked for, but only %s's capabilities were loaded", name, as.quarter))
	}
	return as.blocks[name]
}

// list is a block's atoms (none for a block without respondents).
func (as atoms) list(block string) []atom {
	if b := as.block(block); b != nil {
		return b.list
	}
	return nil
}

// match lists the atoms of a block in a population: each filter is a field ("profession") and
// its value ("" for unknown). The list is shared by every population with the same filters: it
// must not be changed.
func (as atoms) match(block string, filters map[string]string) []int {
	b := as.block(block)
	if b == nil {
		return nil
	}
	if b.index == nil {
		b.build()
	}
	names := make([]string, 0, len(filters))
	for f := range filters {
		names = append(names, f)
	}
	sort.Strings(names)
	var key strings.Builder
	for _, f := range names {
		key.WriteString(f)
		key.WriteByte(0)
		key.WriteString(filters[f])
		key.WriteByte(0)
	}
	if out, ok := b.found[key.String()]; ok {
		return out
	}
	// Start from the filter with the fewest atoms, and keep those that pass the others.
	var start []int
	first := ""
	for _, f := range names {
		idx, ok := b.index[f]
		var cand []int
		if ok {
			cand = idx[filterValue(filters[f])]
		} else if filters[f] == "" { // not a field: every atom's value is unknown
			continue
		}
		if first == "" || len(cand) < len(start) {
			start, first = cand, f
		}
	}
	var out []int
	if first == "" { // no filter, or only unknown values of what the atoms do not have: all of them
		out = make([]int, len(b.list))
		for i := range out {
			out[i] = i
		}
	} else {
		for _, i := range start {
			ok := true
			for _, f := range names {
				if f != first && b.list[i].field(f) != filterValue(filters[f]) {
					ok = false
					break
				}
			}
			if ok {
				out = append(out, i)
			}
		}
	}
	b.found[key.String()] = out
	return out
}
