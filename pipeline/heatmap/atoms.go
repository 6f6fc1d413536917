package heatmap

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/nhs-readiness/readiness/pipeline/warehouse"
	"github.com/nhs-readiness/readiness/queries"
)

// fields are the fields a population may be filtered on; any other matches unknown values only.
var fields = [...]string{"trust", "region", "profession", "archetype", "staff_group"}

// fieldIndex is a field's place in fields, or -1 for what atoms do not have.
func fieldIndex(f string) int {
	for i, name := range fields {
		if name == f {
			return i
		}
	}
	return -1
}

// atom is one of the finest groups: its value of each field, as a code of the release's values
// (0: unknown), and its respondents.
type atom struct {
	vals [len(fields)]int32
	n    int64
}

// atoms are a release's finest groups, by block ("2026Q3/domain/6"), with an index per block of
// which atoms have each value of each field, so that a population is found from its filters
// without scanning the block (a national block has tens of thousands of atoms, and a release
// asks for hundreds of thousands of populations). Values are numbered once per release, so that
// matching compares integers (8 national quarters: 20 s of string comparisons before). Capability
// blocks are those of the release's quarter only: no figure of another quarter's capabilities is
// published, and they were most of a warehouse's atoms (8 national quarters: about 19 million).
type atoms struct {
	blocks  map[string]*blockAtoms
	quarter string           // the quarter whose capability blocks are loaded
	codes   map[string]int32 // a known value (an empty one included) -> its code, from 1
	values  []string         // code -> value; values[0] is "" for unknown
}

type blockAtoms struct {
	list  []atom
	index [len(fields)][][]int // field -> value's code -> atoms, ascending
	found map[string][]int     // populations already matched, by their filters; nil until indexed
}

func newAtoms(quarter string) atoms {
	return atoms{blocks: map[string]*blockAtoms{}, quarter: quarter, codes: map[string]int32{}, values: []string{""}}
}

// code numbers a known value, the first time it is seen.
func (as *atoms) code(v string) int32 {
	if c, ok := as.codes[v]; ok {
		return c
	}
	c := int32(len(as.values))
	v = strings.Clone(v) // v may point into an Arrow batch's buffers
	as.codes[v] = c
	as.values = append(as.values, v)
	return c
}

// value is an atom's value of a field ("" when unknown).
func (as atoms) value(a atom, field int) string { return as.values[a.vals[field]] }

// Atoms are a release's atoms read ahead (LoadAtoms), while the figures they protect are
// computed, for Release.Protect.
type Atoms struct{ as atoms }

// LoadAtoms reads the atoms of a release of quarter.
func LoadAtoms(ctx context.Context, wh *warehouse.Warehouse, quarter string) (*Atoms, error) {
	as, err := loadAtoms(ctx, wh, quarter)
	if err != nil {
		return nil, fmt.Errorf("disclosure: %w", err)
	}
	return &Atoms{as: as}, nil
}

func loadAtoms(ctx context.Context, wh *warehouse.Warehouse, quarter string) (atoms, error) {
	out := newAtoms(quarter)
	type blockKey [3]int32 // kind, quarter, area
	blocks := map[blockKey]*blockAtoms{}
	err := wh.Arrow(ctx, queries.Atoms.SQL(), []any{quarter}, func(rdr array.RecordReader) error {
		for rdr.Next() {
			rec := rdr.RecordBatch()
			r, _ := columns(rec)
			cols := func(names ...string) []arrow.Array {
				out := make([]arrow.Array, len(names))
				for i, n := range names {
					out[i] = r.col(n)
				}
				return out
			}
			key := cols("kind", "quarter", "area")
			vals := cols("trust_code", "region_code", "profession_code", "archetype_code", "staff_group") // as fields
			if r.err != nil {
				return fmt.Errorf("%s: %w", queries.Atoms, r.err)
			}
			for i := 0; i < int(rec.NumRows()); i++ {
				var k blockKey
				for j, c := range key {
					v, _ := stringAt(c, i)
					k[j] = out.code(v)
				}
				b := blocks[k]
				if b == nil {
					b = &blockAtoms{}
					blocks[k] = b
				}
				a := atom{n: r.int("n", i)}
				for j, c := range vals {
					if v, ok := stringAt(c, i); ok {
						a.vals[j] = out.code(v)
					}
				}
				b.list = append(b.list, a)
			}
			if r.err != nil {
				return fmt.Errorf("%s: %w", queries.Atoms, r.err)
			}
		}
		return rdr.Err()
	})
	if err != nil {
		return out, fmt.Errorf("%s: %w", queries.Atoms, err)
	}
	for k, b := range blocks {
		out.blocks[out.values[k[1]]+"/"+out.values[k[0]]+"/"+out.values[k[2]]] = b
	}
	return out, nil
}

// build indexes the block's atoms by each field's values: on the first match in the block, so
// that blocks a release never asks about (older quarters' capabilities) are not indexed.
func (b *blockAtoms) build(values int) {
	b.found = map[string][]int{}
	for f := range fields {
		idx := make([][]int, values)
		for i, a := range b.list {
			idx[a.vals[f]] = append(idx[a.vals[f]], i)
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
	if b.found == nil {
		b.build(len(as.values))
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
	out := as.matchNew(b, names, filters)
	b.found[key.String()] = out
	return out
}

// matchNew is match for filters not asked about before in the block.
func (as atoms) matchNew(b *blockAtoms, names []string, filters map[string]string) []int {
	type cond struct {
		field int
		code  int32
	}
	conds := make([]cond, 0, len(names))
	for _, f := range names {
		v := filters[f]
		fi := fieldIndex(f)
		if fi < 0 { // not a field: every atom's value is unknown
			if v == "" {
				continue
			}
			return nil
		}
		c := int32(0)
		if v != "" {
			var ok bool
			if c, ok = as.codes[v]; !ok {
				return nil // a value no atom has
			}
		}
		conds = append(conds, cond{fi, c})
	}
	if len(conds) == 0 { // no filter, or only unknown values of what the atoms do not have: all of them
		out := make([]int, len(b.list))
		for i := range out {
			out[i] = i
		}
		return out
	}
	// Start from the filter with the fewest atoms, and keep those that pass the others.
	first := 0
	for i, c := range conds {
		if len(b.index[c.field][c.code]) < len(b.index[conds[first].field][conds[first].code]) {
			first = i
		}
	}
	start := b.index[conds[first].field][conds[first].code]
	if len(conds) == 1 {
		return slices.Clip(start)
	}
	rest := append(conds[:first:first], conds[first+1:]...)
	var out []int
	for _, i := range start {
		a := &b.list[i]
		ok := true
		for _, c := range rest {
			if a.vals[c.field] != c.code {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, i)
		}
	}
	return out
}
