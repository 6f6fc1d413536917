package disclosure

import (
	"maps"
	"math/rand/v2"
	"strings"
	"testing"
)

// cell is a shorthand: a block, a label, n, withheld or not, and its atoms.
func cell(block, label string, n int64, withheld bool, atoms ...int) *Cell {
	return &Cell{Block: block, Label: label, N: n, Withheld: withheld, Atoms: atoms}
}

func labels(cs []*Cell) string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Label)
	}
	return strings.Join(out, ",")
}

// Attack 1 (the HTML's filtered views): doctors in the South East (9) are withheld in the doctor
// view, South West doctors (18) as its complement; the South West view publishes its doctors,
// and all doctors are published, so 9 = 202 - the others. Atoms: doctors in SE 1, SW 2, L 3, NW 4.
func TestFilteredViews(t *testing.T) {
	cells := []*Cell{
		cell("Q/2", "doctors, all", 202, false, 1, 2, 3, 4),
		cell("Q/2", "doctor view: SE", 9, true, 1),
		cell("Q/2", "doctor view: SW", 18, true, 2),
		cell("Q/2", "doctor view: L", 90, false, 3),
		cell("Q/2", "doctor view: NW", 85, false, 4),
		cell("Q/2", "SW view: doctors", 18, false, 2),
	}
	if got := labels(Audit(cells).Recoverable); !strings.Contains(got, "doctor view: SE") {
		t.Fatalf("the attack should work before protection; recoverable: %q", got)
	}
	res := Protect(cells)
	if len(res.Recoverable) != 0 {
		t.Errorf("recoverable after protection: %s", labels(res.Recoverable))
	}
	if !cells[5].Withheld || cells[5].Reason != "linked" {
		t.Errorf("the SW view's doctors should be withheld as in the doctor view: %+v", cells[5])
	}
}

// Attack 2 (domain and sub-domain answers): midwives' answers in 5.2 (1, withheld) are domain 5's
// (79) less 5.1's (78). Atoms: midwives' answers in 5.1 (1) and 5.2 (2).
func TestDomainAndSubdomain(t *testing.T) {
	cells := []*Cell{
		cell("Q/answers/5", "midwives, domain 5", 79, false, 1, 2),
		cell("Q/answers/5", "midwives, 5.1", 78, false, 1),
		cell("Q/answers/5", "midwives, 5.2", 1, true, 2),
	}
	if len(Audit(cells).Recoverable) != 1 {
		t.Fatal("the attack should work before protection")
	}
	if res := Protect(cells); len(res.Recoverable) != 0 || res.Added != 1 {
		t.Errorf("after protection: %+v", res)
	}
}

// Attack 3 (profession x region against profession x domain): nurses of unknown region (3) are
// in the row total (488) but in no visible cell; they count as a hidden cell of their line.
// Atoms: nurses in seven regions 1-7, of unknown region 8.
func TestUnknownGroupIsAHiddenCell(t *testing.T) {
	cells := []*Cell{cell("Q/6", "nurses, domain 6", 488, false, 1, 2, 3, 4, 5, 6, 7, 8)}
	for i, n := range []int64{130, 60, 95, 29, 35, 61, 75} {
		cells = append(cells, cell("Q/6", "nurses x region "+string(rune('1'+i)), n, false, i+1))
	}
	cells = append(cells, cell("Q/6", "nurses x unknown region (hidden)", 3, true, 8))
	if len(Audit(cells).Recoverable) != 1 {
		t.Fatal("the attack should work before protection")
	}
	res := Protect(cells)
	if len(res.Recoverable) != 0 {
		t.Errorf("recoverable: %s", labels(res.Recoverable))
	}
	if !cells[4].Withheld || cells[0].Withheld {
		t.Errorf("the smallest region cell (29) should be withheld, the total kept: %v %v", cells[4].Withheld, cells[0].Withheld)
	}
}

// Attack 4 (trust by domain against region by domain): the region table withholds its Unknown
// row (9) and East of England (102) as its complement, but the East of England trust table
// publishes its only trust (102): 1,855 - 1,744 - 102 = 9. Atoms: other regions 1, the trust in
// the East of England 2, unknown region 3.
func TestTrustAndRegionTables(t *testing.T) {
	cells := []*Cell{
		cell("Q/1", "all staff", 1855, false, 1, 2, 3),
		cell("Q/1", "other regions", 1744, false, 1),
		cell("Q/1", "region: East of England", 102, true, 2),
		cell("Q/1", "region: unknown", 9, true, 3),
		cell("Q/1", "EoE trusts: the one trust", 102, false, 2),
	}
	if len(Audit(cells).Recoverable) == 0 {
		t.Fatal("the attack should work before protection")
	}
	res := Protect(cells)
	if len(res.Recoverable) != 0 || !cells[4].Withheld {
		t.Errorf("after protection: %+v; the trust's cell %+v", res, cells[4])
	}
}

// Fixed cells stay published, and what only they give away is reported, not hidden.
func TestFixedCellsAreKept(t *testing.T) {
	cells := []*Cell{
		cell("Q/r", "all respondents (fixed)", 20, false, 1, 2),
		cell("Q/r", "region A", 17, false, 1),
		cell("Q/r", "region B", 3, true, 2),
	}
	cells[0].Fixed = true
	res := Protect(cells)
	if len(res.Recoverable) != 0 || !cells[1].Withheld || cells[0].Withheld {
		t.Errorf("%+v %v %v", res, cells[0].Withheld, cells[1].Withheld)
	}
}

// The span test on its own: a vector is spanned by sums and differences of others.
func TestSpan(t *testing.T) {
	b := newBasis()
	b.add([]int{1, 2, 3})
	b.add([]int{2, 3})
	b.add([]int{3, 4})
	for atoms, want := range map[string]bool{"1": true, "2 3": true, "1 3 4": true, "4 2": false, "2": false, "4": false, "1 2 3 4": false} {
		var a []int
		for _, f := range strings.Fields(atoms) {
			a = append(a, int(f[0]-'0'))
		}
		if got := b.spans(a); got != want {
			t.Errorf("spans(%s) = %v, want %v", atoms, got, want)
		}
	}
}

// Offer publishes a coarser figure only where it reveals nothing: atoms a (2 respondents,
// withheld), b (2, withheld), c (50), d (3, withheld) and e (60). The groups are {a, b} (reveals
// neither), {c, d} (c is published, so it would give d away: withheld) and {e} (already
// published: kept). A later {c, d} elsewhere is withheld too, and {a, b, c, d} would give d away
// once {a, b} is published.
func TestOffer(t *testing.T) {
	cell := func(label string, withheld bool, atoms ...int) *Cell {
		return &Cell{Block: "q/domain/6", Label: label, Withheld: withheld, Atoms: atoms, N: 10}
	}
	cells := []*Cell{cell("a", true, 0), cell("b", true, 1), cell("c", false, 2), cell("d", true, 3), cell("e", false, 4)}
	if res := Protect(cells); len(res.Recoverable) != 0 || res.Added != 0 {
		t.Fatalf("fine cells: %+v", res)
	}
	ab, cd, e, cd2, abcd := cell("ab", false, 0, 1), cell("cd", false, 2, 3), cell("group e", false, 4), cell("cd again", false, 2, 3), cell("abcd", false, 0, 1, 2, 3)
	if n := Offer(cells, []*Cell{ab, cd, e, cd2, abcd}); n != 3 {
		t.Errorf("%d withheld, want 3", n)
	}
	for _, c := range []*Cell{ab, cd, e, cd2, abcd} {
		want := c == cd || c == cd2 || c == abcd
		if c.Withheld != want {
			t.Errorf("%s withheld %v, want %v", c.Label, c.Withheld, want)
		}
	}
	for _, c := range cells {
		if c.Withheld != (c.Label == "a" || c.Label == "b" || c.Label == "d") {
			t.Errorf("Offer changed the fine cell %s", c.Label)
		}
	}
	if res := Audit(append(cells, ab, cd, e, cd2, abcd)); len(res.Recoverable) != 0 {
		t.Errorf("audit after the offer: %v", res.Recoverable)
	}
}

// The basis stays fully reduced (no row has an entry at another row's pivot), and reduce leaves
// the same remainder as eliminating the smallest pivot left, one at a time, on random
// populations of a few dozen atoms and on differences of added ones (spanned).
func TestReduceAsSmallestPivotFirst(t *testing.T) {
	smallestFirst := func(b *basis, v map[int]uint64) map[int]uint64 {
		for {
			pivot := -1
			for a := range v {
				if _, ok := b.rows[a]; ok && (pivot < 0 || a < pivot) {
					pivot = a
				}
			}
			if pivot < 0 {
				return v
			}
			f := v[pivot]
			for a, x := range b.rows[pivot] {
				if nv := (v[a] + prime - mulmod(f, x)) % prime; nv == 0 {
					delete(v, a)
				} else {
					v[a] = nv
				}
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	population := func() []int {
		var atoms []int
		for a := range 40 {
			if rng.IntN(4) == 0 {
				atoms = append(atoms, a)
			}
		}
		return atoms
	}
	spanned := 0
	for trial := range 200 {
		b := newBasis()
		var diffs [][]int // a population less another inside it, both added: spanned
		for range 1 + rng.IntN(30) {
			whole := population()
			b.add(whole)
			var part, rest []int
			for _, a := range whole {
				if rng.IntN(2) == 0 {
					part = append(part, a)
				} else {
					rest = append(rest, a)
				}
			}
			b.add(part)
			diffs = append(diffs, rest)
		}
		for p, row := range b.rows {
			if row[p] != 1 {
				t.Fatalf("trial %d: row %d has %d at its pivot", trial, p, row[p])
			}
			for q := range b.rows {
				if _, ok := row[q]; ok && q != p {
					t.Fatalf("trial %d: row %d has an entry at pivot %d", trial, p, q)
				}
			}
		}
		for i := range 20 {
			w := population()
			if i%2 == 0 {
				w = diffs[rng.IntN(len(diffs))]
			}
			got, want := b.reduce(vector(w)), smallestFirst(b, vector(w))
			if !maps.Equal(got, want) {
				t.Fatalf("trial %d: reduce(%v) = %v, smallest pivot first %v", trial, w, got, want)
			}
			if len(got) == 0 {
				spanned++
			}
		}
	}
	if spanned == 0 || spanned == 200*20 {
		t.Errorf("%d of %d populations spanned: the test compares too little", spanned, 200*20)
	}
}
