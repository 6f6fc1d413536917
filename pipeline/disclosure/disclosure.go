// Package disclosure protects everything a run publishes at once, not each table on its own.
// Every published figure is a sum over a population (respondents of some groups, in one quarter
// and area: their count n, readiness, answers, levels). Within a block (a quarter and an area, or
// the quarter's respondents), a population is a set of atoms: the finest groups the warehouse
// holds (trust x region x profession x archetype). A cell withheld anywhere is withheld wherever
// the same population is published (Protect), and more cells are withheld until no withheld
// cell is a linear combination of published ones: Audit checks exactly that, by Gaussian
// elimination over the atoms' indicator vectors (over the integers modulo a large prime, which is
// exact for these 0/1 vectors unless the prime divides a pivot, which cannot happen for the small
// integers elimination makes here).
package disclosure

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"runtime"
	"sort"
	"strconv"

	"golang.org/x/sync/errgroup"
)

// Cell is one published or withheld figure.
type Cell struct {
	Block    string // e.g. "2026Q3/domain/6"
	Atoms    []int  // the atoms (within the block) its population is made of, sorted
	N        int64  // respondents; used to choose what to withhold next
	Withheld bool
	Fixed    bool   // must stay published (accounting a trust is entitled to see)
	Label    string // where it is published, for messages
	// Reason is why a cell was withheld by Protect: "linked" (the same population is withheld
	// elsewhere) or "complementary" (it would let a withheld cell be worked out).
	Reason string
	k      string // key, once computed
}

// key names the cell's population: its block and the SHA-256 of its atoms, computed once (a
// national population has tens of thousands of atoms, and the key is asked for again and again).
func (c *Cell) key() string {
	if c.k == "" {
		h := sha256.New()
		var buf [binary.MaxVarintLen64]byte
		for _, a := range c.Atoms {
			h.Write(buf[:binary.PutUvarint(buf[:], uint64(a))])
		}
		c.k = c.Block + "|" + strconv.Itoa(len(c.Atoms)) + "|" + string(h.Sum(nil))
	}
	return c.k
}

// Result says what Protect did and what Audit found.
type Result struct {
	Withheld, Published int // distinct populations
	Linked, Added       int // cells withheld by Protect: the same population elsewhere, and complementary
	Recoverable         []*Cell
	Passes              int
}

func (r Result) String() string {
	return fmt.Sprintf("%d withheld cells, none recoverable from the %d published", r.Withheld, r.Published)
}

// Protect withholds, in place, every cell whose population is withheld elsewhere, then, block by
// block, while a withheld population can be worked out from published ones, one more published
// population: the one with the fewest respondents among those sharing atoms with it or with a
// published population that does (the cells of its equations). It returns what Audit finds at
// the end (nothing recoverable, unless Fixed cells alone give a cell away).
//
// Blocks share no population, so they are protected side by side, one per core; each block's
// result is what it would be alone.
func Protect(cells []*Cell) Result {
	var res Result
	res.Linked = link(cells)
	bs := blocks(cells)
	passes, added := make([]int, len(bs)), make([]int, len(bs))
	eachBlock(bs, func(i int, b *block) {
		for {
			passes[i]++
			rec := b.recoverable()
			if len(rec) == 0 {
				break
			}
			if b.candidate(rec[0]) == nil {
				break // only fixed cells give it away: Audit reports it
			}
			added[i]++
			b.regroup()
		}
	})
	for i := range bs {
		res.Passes += passes[i]
		res.Added += added[i]
	}
	a := Audit(cells)
	a.Linked, a.Added, a.Passes = res.Linked, res.Added, res.Passes
	return a
}

// eachBlock runs fn on every block, as many at once as there are cores.
func eachBlock(bs []*block, fn func(i int, b *block)) {
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, b := range bs {
		g.Go(func() error {
			fn(i, b)
			return nil
		})
	}
	g.Wait()
}

// link withholds every cell whose population is withheld in another cell.
func link(cells []*Cell) int {
	withheld := map[string]bool{}
	for _, c := range cells {
		if c.Withheld {
			withheld[c.key()] = true
		}
	}
	n := 0
	for _, c := range cells {
		if !c.Withheld && !c.Fixed && withheld[c.key()] {
			c.Withheld, c.Reason = true, "linked"
			n++
		}
	}
	return n
}

// Audit lists the withheld cells that published cells determine: each one whose indicator
// vector lies in the span of the published cells' vectors of its block.
func Audit(cells []*Cell) Result {
	var res Result
	bs := blocks(cells)
	rec := make([][]*Cell, len(bs))
	eachBlock(bs, func(i int, b *block) { rec[i] = b.recoverable() })
	for i, b := range bs {
		res.Published += len(b.published)
		res.Withheld += len(b.withheld)
		res.Recoverable = append(res.Recoverable, rec[i]...)
	}
	return res
}

// block holds the distinct published and withheld populations of one block.
type block struct {
	name      string
	published []*Cell // one per distinct population, the first seen
	all       map[string][]*Cell
	withheld  []*Cell
	order     []*Cell // the first cell of each population, in order
}

func blocks(cells []*Cell) []*block {
	byName := map[string]*block{}
	var names []string
	for _, c := range cells {
		if len(c.Atoms) == 0 {
			continue // an empty cell publishes only that nobody is there
		}
		b := byName[c.Block]
		if b == nil {
			b = &block{name: c.Block, all: map[string][]*Cell{}}
			byName[c.Block] = b
			names = append(names, c.Block)
		}
		k := c.key()
		if len(b.all[k]) == 0 {
			b.order = append(b.order, c)
		}
		b.all[k] = append(b.all[k], c)
	}
	for _, b := range byName {
		b.regroup()
	}
	sort.Strings(names)
	out := make([]*block, len(names))
	for i, n := range names {
		out[i] = byName[n]
	}
	return out
}

// recoverable lists the block's withheld populations in the span of its published ones.
func (b *block) recoverable() []*Cell {
	if len(b.withheld) == 0 || len(b.published) == 0 {
		return nil
	}
	basis := newBasis()
	for _, c := range b.published {
		basis.add(c.Atoms)
	}
	var out []*Cell
	for _, w := range b.withheld {
		if basis.spans(w.Atoms) {
			out = append(out, w)
		}
	}
	return out
}

// candidate picks the published population to withhold next for a recoverable w, and withholds
// it wherever it is published: among those that share an atom with w, or with a published
// population that shares one with w, and may be withheld, the one with the fewest respondents
// (then the fewest atoms, then the first by label).
func (b *block) candidate(w *Cell) *Cell {
	near := map[int]bool{}
	for _, a := range w.Atoms {
		near[a] = true
	}
	shares := func(c *Cell, set map[int]bool) bool {
		for _, a := range c.Atoms {
			if set[a] {
				return true
			}
		}
		return false
	}
	hop := map[int]bool{}
	for a := range near {
		hop[a] = true
	}
	for _, c := range b.published {
		if shares(c, near) {
			for _, a := range c.Atoms {
				hop[a] = true
			}
		}
	}
	var best *Cell
	for _, c := range b.published {
		if c.Withheld || b.fixed(c) || !shares(c, hop) {
			continue
		}
		if best == nil || c.N < best.N || c.N == best.N && (len(c.Atoms) < len(best.Atoms) ||
			len(c.Atoms) == len(best.Atoms) && c.Label < best.Label) {
			best = c
		}
	}
	if best == nil {
		return nil
	}
	for _, c := range b.all[best.key()] { // withheld wherever it is published
		c.Withheld, c.Reason = true, "complementary"
	}
	return best
}

// regroup sorts the block's populations into published and withheld again after a change.
func (b *block) regroup() {
	b.published, b.withheld = nil, nil
	seen := map[string]bool{}
	for _, c := range b.order {
		k := c.key()
		if seen[k] {
			continue
		}
		seen[k] = true
		// Published when any of its cells is: that is what a reader has.
		withheld := true
		for _, x := range b.all[k] {
			withheld = withheld && x.Withheld
		}
		if withheld {
			b.withheld = append(b.withheld, c)
		} else {
			b.published = append(b.published, c)
		}
	}
}

// fixed reports whether any cell of a population must stay published.
func (b *block) fixed(c *Cell) bool {
	for _, x := range b.all[c.key()] {
		if x.Fixed {
			return true
		}
	}
	return false
}
