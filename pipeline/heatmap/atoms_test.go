package heatmap

import (
	"database/sql"
	"slices"
	"testing"
)

// TestAtomsMatch checks the indexed match against the definition: an atom is in a population
// when each filter's field has the filter's value, "" meaning unknown (NULL), which a known but
// empty value is not; a filter on what atoms do not have matches unknown values only.
func TestAtomsMatch(t *testing.T) {
	known := func(s string) sql.NullString { return sql.NullString{String: s, Valid: true} }
	type values struct{ trust, region, profession, archetype, staffGroup sql.NullString }
	as := newAtoms("2026Q3")
	var list []atom
	for _, v := range []values{
		{trust: known("RTH"), region: known("Y59"), profession: known("NUR"), archetype: known("U")},
		{trust: known("RTH"), region: known("Y59"), profession: known("DOC")},
		{trust: known("RJ1"), region: known("Y56"), profession: known("NUR"), archetype: known("U")},
		{trust: known("RJ1"), profession: known("")},
		{region: known("Y56"), profession: known("NUR"), staffGroup: known("Nursing")},
	} {
		var a atom
		for f, x := range []sql.NullString{v.trust, v.region, v.profession, v.archetype, v.staffGroup} { // as fields
			if x.Valid {
				a.vals[f] = as.code(x.String)
			}
		}
		list = append(list, a)
	}
	as.blocks["2026Q3/domain/1"] = &blockAtoms{list: list}
	for _, c := range []struct {
		filters map[string]string
		want    []int
	}{
		{nil, []int{0, 1, 2, 3, 4}},
		{map[string]string{"trust": "RTH"}, []int{0, 1}},
		{map[string]string{"trust": "RTH", "profession": "NUR"}, []int{0}},
		{map[string]string{"profession": "NUR", "region": "Y56"}, []int{2, 4}},
		{map[string]string{"trust": ""}, []int{4}},
		{map[string]string{"region": "", "trust": "RJ1"}, []int{3}},
		{map[string]string{"archetype": ""}, []int{1, 3, 4}},
		{map[string]string{"profession": ""}, nil}, // RJ1's profession is known, though empty
		{map[string]string{"staff_group": "Nursing"}, []int{4}},
		{map[string]string{"trust": "RXX"}, nil},
		{map[string]string{"directorate": ""}, []int{0, 1, 2, 3, 4}},
		{map[string]string{"directorate": "X"}, nil},
		{map[string]string{"trust": "Y59"}, nil}, // another field's value
		{map[string]string{"trust": "RTH", "region": "Y59", "profession": "DOC"}, []int{1}},
		{map[string]string{"trust": "RJ1", "archetype": "", "region": ""}, []int{3}},
	} {
		for range 2 { // the second time from what was found the first time
			if got := as.match("2026Q3/domain/1", c.filters); !slices.Equal(got, c.want) {
				t.Errorf("match(%v) = %v, want %v", c.filters, got, c.want)
			}
		}
	}
	if got := as.match("2026Q3/domain/9", map[string]string{"trust": "RTH"}); got != nil {
		t.Errorf("a block without atoms matches %v", got)
	}
	if got := as.match("2026Q3/capability/1-L1-01", nil); got != nil {
		t.Errorf("a capability block of the release's quarter without atoms matches %v", got)
	}
	// Another quarter's capabilities are not loaded: asking for them is a defect, never an empty
	// population that would pass as nothing to protect.
	defer func() {
		if recover() == nil {
			t.Error("a capability block of another quarter matched without complaint")
		}
	}()
	as.match("2026Q2/capability/1-L1-01", nil)
}
