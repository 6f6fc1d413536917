package disclosure

// Offer publishes optional cells, such as the figures of a coarser grouping, one at a time in
// order: each only where it lets no withheld population of its block be worked out, the others
// withheld (Reason "coarse"). Call it after Protect(cells), with optional cells that are not in
// cells and not withheld. It never withholds a cell of cells, so a coarser view costs the finer
// ones nothing. It returns how many optional cells it withheld.
//
// A population v lies in the span of the published ones plus g exactly when the remainders of v
// and g after elimination by the published ones are multiples of each other; a published g with a
// remainder becomes part of the basis, and a withheld one joins the withheld populations, so that
// no later offer can reveal it either.
func Offer(cells, optional []*Cell) int {
	byBlock := map[string][]*Cell{}
	var names []string
	for _, c := range optional {
		if len(c.Atoms) == 0 {
			continue
		}
		if byBlock[c.Block] == nil {
			names = append(names, c.Block)
		}
		byBlock[c.Block] = append(byBlock[c.Block], c)
	}
	published, withheld := map[string]*basis{}, map[string][]map[int]uint64{}
	for _, b := range blocks(cells) {
		if byBlock[b.name] == nil || len(b.withheld) == 0 {
			continue // no offer, or nothing an offer could reveal: see below
		}
		basis := newBasis()
		for _, c := range b.published {
			basis.add(c.Atoms)
		}
		name := b.name
		published[name] = basis
		for _, w := range b.withheld {
			if r := basis.reduce(vector(w.Atoms)); len(r) > 0 {
				withheld[name] = append(withheld[name], r)
			}
		}
	}
	n := 0
	for _, name := range names {
		if len(withheld[name]) == 0 {
			// Nothing of the block is withheld: no offer can reveal anything, and each one
			// published leaves nothing withheld for a later one to reveal.
			continue
		}
		basis := published[name] // there is one: the block has a withheld population
		for _, g := range byBlock[name] {
			r := basis.reduce(vector(g.Atoms))
			if len(r) == 0 {
				continue // already determined by what is published: it reveals nothing
			}
			reveals := false
			for _, w := range withheld[name] {
				if parallel(w, r) {
					reveals = true
					break
				}
			}
			if reveals {
				g.Withheld, g.Reason = true, "coarse"
				withheld[name] = append(withheld[name], r)
				n++
				continue
			}
			basis.add(g.Atoms)
			kept := withheld[name][:0]
			for _, w := range withheld[name] {
				kept = append(kept, basis.reduce(w))
			}
			withheld[name] = kept
		}
	}
	return n
}

// parallel reports whether two non-zero remainders are multiples of each other.
func parallel(a, b map[int]uint64) bool {
	if len(a) != len(b) || len(a) == 0 {
		return false
	}
	pa, pb := uint64(0), uint64(0)
	for k, x := range a {
		y, ok := b[k]
		if !ok {
			return false
		}
		if pa == 0 {
			pa, pb = x, y
			continue
		}
		if mulmod(x, pb) != mulmod(y, pa) {
			return false
		}
	}
	return true
}
