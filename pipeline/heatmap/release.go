package heatmap

import (
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/nhs-readiness/readiness/pipeline/disclosure"
	"github.com/nhs-readiness/readiness/pipeline/warehouse"
)

// Release is everything a report publishes about its quarters, protected together.
type Release struct {
	Heatmaps     []*Heatmap
	Gaps         []GapTable
	Explore      *Explore   // may be nil
	PackHeatmaps []*Heatmap // published in the trusts' packs only (StaffGroupSpec)
	Overview     *Overview
	LevelProfile []LevelShare
	Quarter      string
	Threshold    int
	Atoms        *Atoms // the release's atoms read ahead (LoadAtoms of Quarter); nil: Protect reads them
}

// field is the cube column a dimension groups by.
func field(dimension string) (string, error) {
	d, ok := DimensionByName(dimension)
	if !ok {
		return "", fmt.Errorf("disclosure: dimension %q is not registered", dimension)
	}
	switch d.Column {
	case "trust_code":
		return "trust", nil
	case "region_code":
		return "region", nil
	case "profession_code":
		return "profession", nil
	case "archetype_code":
		return "archetype", nil
	case StaffGroupColumn:
		return "staff_group", nil
	}
	return "", fmt.Errorf("disclosure: dimension %q groups by %s, which the audit cannot follow", dimension, d.Column)
}

// mark is a published cell and how to withhold it.
type mark struct {
	cell     *disclosure.Cell
	apply    func(reason string)
	applied  bool
	optional bool // a coarser figure, offered once the others are protected
}

// Protect protects a release as a whole (package disclosure): every figure of every heatmap,
// filtered view, change map, coverage count, domain figure and level profile is a population of
// atoms; a population withheld anywhere is withheld everywhere, more cells are withheld until no
// withheld one can be worked out, and the audit must then find none, or the release is refused.
// Answers and mean levels are published per domain only (sub-domain answers would give away a
// withheld sub-domain by subtraction from its domain). The result's String goes in the notes.
func (r *Release) Protect(ctx context.Context, wh *warehouse.Warehouse) (disclosure.Result, error) {
	var as atoms
	if r.Atoms != nil && r.Atoms.as.quarter == r.Quarter {
		as = r.Atoms.as
	} else {
		var err error
		if as, err = loadAtoms(ctx, wh, r.Quarter); err != nil {
			return disclosure.Result{}, fmt.Errorf("disclosure: %w", err)
		}
	}
	var marks []*mark
	add := func(block, label string, n int64, withheld bool, ids []int, apply func(string)) {
		c := &disclosure.Cell{Block: block, Label: label, N: n, Withheld: withheld, Atoms: ids}
		marks = append(marks, &mark{cell: c, apply: apply})
	}
	grid := func(h *Heatmap, q string) error {
		dimField := ""
		d, _ := DimensionByName(h.Dimension)
		coarse := d.Coarse
		if h.Kind != KindProfessionRegion && h.Dimension != "" {
			var err error
			if dimField, err = field(h.Dimension); err != nil {
				return err
			}
		}
		for i, row := range h.Rows {
			for j := range h.Cells[i] {
				c := &h.Cells[i][j]
				col := h.Cols[j]
				f := map[string]string{}
				ref := row.Reference != ""
				var block string
				switch h.Kind {
				case KindProfessionRegion:
					block = q + "/domain/" + h.Domain
					f["profession"], f["region"] = row.Key, col.Key
				case KindSubdomain:
					block = q + "/subdomain/" + col.Key
				default:
					block = q + "/domain/" + col.Key
				}
				if dimField != "" && !ref {
					f[dimField] = row.Key
				}
				if h.Region != "" && !ref {
					f["region"] = h.Region
				}
				if h.Profession != "" && !ref {
					f["profession"] = h.Profession
				}
				if h.Trust != "" && !ref {
					f["trust"] = h.Trust
				}
				if row.Reference == RefRegion {
					f["region"] = row.Key
				}
				label := fmt.Sprintf("%s %s (%s) x %s", h.Name, row.Label, q, col.Label)
				if h.Kind == KindSubdomain { // answers and mean level per domain only
					c.Answers, c.MeanLevel = 0, nil
				}
				add(block, label, c.N, c.Suppressed, as.match(block, f), func(reason string) { withhold(c, reason) })
				if coarse && !ref && !c.Suppressed {
					// A coarser figure: offered after the rest is protected, published only
					// where it lets no withheld figure be worked out (disclosure.Offer).
					marks[len(marks)-1].optional = true
				}
				if h.Change && c.Previous != nil {
					pq := h.Previous
					pb := pq + block[len(q):]
					// The previous quarter's figure, published again here: chosen last to withhold.
					add(pb, label+" (previous)", math.MaxInt64/4, false, as.match(pb, f), func(string) { dropChange(c) })
				}
			}
			if h.Kind == KindProfessionRegion { // respondents of unknown region: a hidden cell of the row
				block := q + "/domain/" + h.Domain
				add(block, h.Name+" "+row.Label+" x unknown region (not shown)", 0, true,
					as.match(block, map[string]string{"profession": row.Key, "region": ""}), func(string) {})
			}
		}
		return nil
	}
	for _, h := range append(append([]*Heatmap{}, r.Heatmaps...), r.PackHeatmaps...) {
		if err := grid(h, h.Quarter); err != nil {
			return disclosure.Result{}, err
		}
	}
	if r.Explore != nil {
		var views []string
		for v := range r.Explore.Views {
			views = append(views, v)
		}
		sort.Strings(views)
		for _, v := range views {
			var names []string
			for n := range r.Explore.Views[v] {
				names = append(names, n)
			}
			sort.Strings(names)
			for _, n := range names {
				for q, h := range r.Explore.Views[v][n] {
					if err := grid(h, q); err != nil {
						return disclosure.Result{}, err
					}
				}
			}
		}
	}
	if o := r.Overview; o != nil {
		block := r.Quarter + "/respondents/"
		all := as.match(block, nil)
		marks = append(marks, &mark{cell: &disclosure.Cell{Block: block, Label: "respondents, all", N: int64(o.Respondents), Atoms: all, Fixed: true}})
		for _, s := range o.Submissions {
			if s.Trust != "" && s.RowsLoaded > 0 {
				marks = append(marks, &mark{cell: &disclosure.Cell{Block: block, Label: "file " + s.File, N: int64(s.RowsLoaded),
					Atoms: as.match(block, map[string]string{"trust": s.Trust}), Fixed: true}})
			}
		}
		for i := range o.Coverage {
			c := &o.Coverage[i]
			var n int64
			if c.N != nil {
				n = int64(*c.N)
			}
			add(block, "coverage "+c.Dimension+" "+c.Label, n, c.N == nil, as.match(block, map[string]string{c.Dimension: c.Key}),
				func(string) { c.N = nil })
		}
		for i := range o.DomainReadiness {
			d := &o.DomainReadiness[i]
			b := r.Quarter + "/domain/" + d.Domain
			add(b, "domain readiness "+d.Domain, int64(d.N), false, as.match(b, nil), func(string) { d.N = -1 })
		}
	}
	// The capability gaps: respondents of a group answering a capability (its statement relevant
	// to them). Groups under the threshold are not listed: hidden cells that must stay so.
	dropGap := map[[2]int]bool{}
	hidden := map[string]bool{}
	var gapFields []string
	for _, gt := range r.Gaps {
		f, err := field(gt.Dimension)
		if err != nil {
			return disclosure.Result{}, err
		}
		gapFields = append(gapFields, f)
	}
	for ti := range r.Gaps {
		gt := &r.Gaps[ti]
		fieldName := gapFields[ti]
		for gi, g := range gt.Gaps {
			block := r.Quarter + "/capability/" + g.CapabilityID
			key := [2]int{ti, gi}
			add(block, fmt.Sprintf("gap %s %s %s", gt.Dimension, g.RowLabel, g.CapabilityID), int64(g.N), false,
				as.match(block, map[string]string{fieldName: g.RowKey}), func(string) { dropGap[key] = true })
			if hidden[block] {
				continue
			}
			hidden[block] = true
			for _, f := range gapFields {
				sums := map[string]int64{}
				fi := fieldIndex(f)
				for _, a := range as.list(block) {
					sums[as.value(a, fi)] += a.n
				}
				for v, n := range sums {
					if n > 0 && n < int64(r.Threshold) {
						add(block, "gap group under the threshold: "+f+" "+v, n, true, as.match(block, map[string]string{f: v}), func(string) {})
					}
				}
			}
		}
	}
	// The level profile: each domain's respondents by highest level met, five atoms per domain.
	byDomain := map[string][]int{}
	for i, l := range r.LevelProfile {
		byDomain[l.Domain] = append(byDomain[l.Domain], i)
	}
	for d, idx := range byDomain {
		block := r.Quarter + "/levels/" + d
		var total []int
		for _, i := range idx {
			total = append(total, r.LevelProfile[i].Level)
		}
		if len(idx) == 0 || r.LevelProfile[idx[0]].N == 0 {
			continue
		}
		add(block, "level profile "+d+" (all)", int64(r.LevelProfile[idx[0]].N), r.LevelProfile[idx[0]].Suppressed, total, func(string) {
			for _, i := range idx {
				r.LevelProfile[i].Share, r.LevelProfile[i].Suppressed = nil, true
			}
		})
		for _, i := range idx {
			l := &r.LevelProfile[i]
			count := int64(0)
			if l.Share != nil {
				count = int64(math.Round(*l.Share * float64(l.N)))
			}
			if count == 0 && l.Share != nil {
				continue // nobody at that level: published as such
			}
			primary := l.Suppressed || count > 0 && count < int64(r.Threshold)
			add(block, fmt.Sprintf("level profile %s level %d", d, l.Level), count, primary, []int{l.Level}, func(string) { l.Share = nil })
			if primary {
				marks[len(marks)-1].apply("primary")
				marks[len(marks)-1].applied = true
			}
		}
	}
	var cells, optional []*disclosure.Cell
	for _, m := range marks {
		if m.optional {
			optional = append(optional, m.cell)
		} else {
			cells = append(cells, m.cell)
		}
	}
	res := disclosure.Protect(cells)
	if len(optional) > 0 {
		coarse := disclosure.Offer(cells, optional)
		linked, added, passes := res.Linked, res.Added, res.Passes
		res = disclosure.Audit(append(cells, optional...))
		res.Linked, res.Added, res.Passes = linked, added+coarse, passes
	}
	for _, m := range marks {
		if m.cell.Withheld && m.cell.Reason != "" && !m.applied && m.apply != nil {
			m.apply(m.cell.Reason)
		}
	}
	for ti := range r.Gaps { // withheld gaps leave the lists
		kept := r.Gaps[ti].Gaps[:0]
		for gi, g := range r.Gaps[ti].Gaps {
			if !dropGap[[2]int{ti, gi}] {
				kept = append(kept, g)
			}
		}
		r.Gaps[ti].Gaps = kept
	}
	if o := r.Overview; o != nil { // withheld domain figures leave the summary
		kept := o.DomainReadiness[:0]
		for _, d := range o.DomainReadiness {
			if d.N >= 0 {
				kept = append(kept, d)
			}
		}
		o.DomainReadiness = kept
	}
	if len(res.Recoverable) > 0 {
		return res, fmt.Errorf("disclosure audit: %d withheld cells could be worked out from the published ones (for example %s); no report is written",
			len(res.Recoverable), res.Recoverable[0].Label)
	}
	return res, nil
}

// withhold clears a cell's figures.
// dropChange takes a change cell's comparison away when its previous quarter's figure is withheld:
// the change and its interval would give that figure away.
func dropChange(c *Cell) { c.Previous, c.ChangePP, c.ChangeLow, c.ChangeHigh = nil, nil, nil, nil }

func withhold(c *Cell, reason string) {
	c.Suppressed, c.Suppression = true, "secondary"
	c.N, c.Answers, c.Value, c.MeanLevel, c.CILow, c.CIHigh, c.Flags, c.Previous, c.ChangePP = 0, 0, nil, nil, nil, nil, "", nil, nil
	c.ChangeLow, c.ChangeHigh = nil, nil
	_ = reason
}
