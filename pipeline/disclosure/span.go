package disclosure

import "math/bits"

// prime is the modulus of the elimination: vectors have 0/1 entries, and the arithmetic is exact
// modulo a prime far above any value elimination makes from them.
const prime = 2305843009213693951 // 2^61 - 1

// basis is a set of sparse vectors in reduced row echelon form: each row has a distinct pivot
// (its smallest atom), with the pivot's coefficient 1, and no other row has an entry there.
type basis struct {
	rows map[int]map[int]uint64 // pivot atom -> the row
}

func newBasis() *basis { return &basis{rows: map[int]map[int]uint64{}} }

// reduce eliminates, from v (changed in place), every entry at a pivot of the basis; what is
// left is zero exactly when v lies in the basis's span. The rows are kept fully reduced (no row
// has an entry at another row's pivot, see add), so subtracting one row leaves v's entries at the
// other pivots as they were: one pass over the pivots v has is enough, in any order, and what is
// left is the same whatever the order (the demo's disclosure control: half its time was looking
// for the smallest pivot left, again after each row).
func (b *basis) reduce(v map[int]uint64) map[int]uint64 {
	var pivots []int
	for a := range v {
		if _, ok := b.rows[a]; ok {
			pivots = append(pivots, a)
		}
	}
	for _, pivot := range pivots {
		f := v[pivot]
		for a, x := range b.rows[pivot] {
			nv := (v[a] + prime - mulmod(f, x)) % prime
			if nv == 0 {
				delete(v, a)
			} else {
				v[a] = nv
			}
		}
	}
	return v
}

func vector(atoms []int) map[int]uint64 {
	v := make(map[int]uint64, len(atoms))
	for _, a := range atoms {
		v[a] = 1
	}
	return v
}

// add puts a vector into the basis (nothing when it is in the span already).
func (b *basis) add(atoms []int) {
	v := b.reduce(vector(atoms))
	if len(v) == 0 {
		return
	}
	pivot := -1
	for a := range v {
		if pivot < 0 || a < pivot {
			pivot = a
		}
	}
	inv := invmod(v[pivot])
	for a := range v {
		v[a] = mulmod(v[a], inv)
	}
	// Keep rows reduced against the new one's pivot, so that reduce terminates by pivot order.
	for p, row := range b.rows {
		if f, ok := row[pivot]; ok {
			for a, x := range v {
				nv := (row[a] + prime - mulmod(f, x)) % prime
				if nv == 0 {
					delete(row, a)
				} else {
					row[a] = nv
				}
			}
			b.rows[p] = row
		}
	}
	b.rows[pivot] = v
}

// spans reports whether a vector lies in the basis's span.
func (b *basis) spans(atoms []int) bool { return len(b.reduce(vector(atoms))) == 0 }

func mulmod(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	// (hi*2^64 + lo) mod (2^61 - 1)
	r := (lo & prime) + (lo >> 61) + (hi << 3)
	for r >= prime {
		r -= prime
	}
	return r
}

// invmod is the inverse modulo the prime (Fermat: a^(p-2)).
func invmod(a uint64) uint64 {
	result, base, e := uint64(1), a%prime, uint64(prime-2)
	for e > 0 {
		if e&1 == 1 {
			result = mulmod(result, base)
		}
		base = mulmod(base, base)
		e >>= 1
	}
	return result
}
