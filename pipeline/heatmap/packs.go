package heatmap

import (
	"context"
	"database/sql"
	"fmt"
	"sort"

	"github.com/nhs-readiness/readiness/pipeline/warehouse"
	"github.com/nhs-readiness/readiness/queries"
)

// Pack is one trust's own results for a quarter: every figure is one the release already
// publishes, after protection (a trust's row of the report's views, its region's and England's,
// its training priorities and its files), so a pack adds nothing to what could be worked out.
type Pack struct {
	Quarter                 string
	Trust, TrustName, Group string // Group: its benchmark group ("" for none)
	Region, RegionName      string // "" when its region is unknown
	Domain, Subdomain       *Heatmap
	StaffGroups             *Heatmap // the trust's staff groups by domain; nil when not computed
	Benchmarks              []Benchmark
	Trends                  []Trend
	Gaps                    []Gap
	Files                   []Submission
}

// Benchmark is a trust's readiness in one domain beside the trusts of its benchmark group (the
// trusts of the same kind, as the NHS Staff Survey compares them) whose figure is published.
type Benchmark struct {
	Domain, DomainName  string
	Value               *float64 // nil when the trust's own figure is withheld or empty
	N                   int64
	Best, Median, Worst *float64 // nil with fewer than MinBenchmark published trusts
	Trusts              int      // trusts of the group with a published figure, this one included
	Rank                int      // 1 = highest; 0 when the trust's own figure is not published
}

// MinBenchmark is the fewest comparable trusts with a published figure that a best, median and
// worst are shown for.
const MinBenchmark = 3

// StaffGroupSpec is one trust's readiness by NHS staff group and domain, for its pack.
func StaffGroupSpec(code, name string) Spec {
	return Spec{Name: "staff_group_domain_" + code, Title: "Readiness of " + name + " by staff group", Kind: KindDomain,
		Dimension: "staff_group", Trust: code, RowTitle: "Staff group", ColTitle: "Domain"}
}

// StaffGroups computes each trust's staff group x domain heatmap (StaffGroupSpec) for a quarter,
// in the order of trusts, from one query.
func StaffGroups(ctx context.Context, wh *warehouse.Warehouse, trusts []PackTrust, p Params) ([]*Heatmap, error) {
	if len(trusts) == 0 {
		return nil, nil
	}
	codes := make([]string, len(trusts))
	for i, t := range trusts {
		codes[i] = t.Code
	}
	spec := StaffGroupSpec("", "")
	spec.Name = "staff_group_domain"
	views, err := ComputeViews(ctx, wh, spec, p, "trust", codes)
	if err != nil {
		return nil, err
	}
	out := make([]*Heatmap, len(trusts))
	for i, t := range trusts {
		h := views[t.Code][p.Quarter]
		h.Spec = StaffGroupSpec(t.Code, t.Name)
		out[i] = h
	}
	return out, nil
}

// PackTrust is a trust of the quarter as its pack names it.
type PackTrust struct{ Code, Name, Region, RegionName, Group string }

// PackTrusts lists the known trusts with respondents in a quarter.
func PackTrusts(ctx context.Context, wh *warehouse.Warehouse, quarter string) ([]PackTrust, error) {
	var out []PackTrust
	err := wh.Each(ctx, queries.TrustsInQuarter, []any{quarter}, func(rows *sql.Rows) error {
		var t PackTrust
		if err := rows.Scan(&t.Code, &t.Name, &t.Region, &t.RegionName, &t.Group); err != nil {
			return err
		}
		out = append(out, t)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("trust packs: %w", err)
	}
	return out, nil
}

// The report views a pack is read from, computed with the others by Explorer.
const (
	trustDomain    = "trust_domain"
	trustSubdomain = "trust_subdomain"
)

// Packs assembles the packs of the chosen trusts from a protected release: call it after
// Release.Protect. all are every trust of the quarter (whose benchmark groups the positions
// compare within); gaps are the trusts' training priorities (a GapTable of dimension trust).
func Packs(rel *Release, all, chosen []PackTrust, gaps []Gap) []Pack {
	ex := rel.Explore
	if ex == nil {
		return nil
	}
	q := rel.Quarter
	views := ex.Views["all"]
	groups := map[string]string{}
	for _, t := range all {
		groups[t.Code] = t.Group
	}
	benchmarks := benchmarkIndex(views[trustDomain][q], groups)
	trustTrends, regionTrends := trendsOf(ex, "trust", trustDomain), trendsOf(ex, "region", "region_domain")
	englandTrends := trendsOf(ex, "england", "england_domain")
	var out []Pack
	for _, t := range chosen {
		p := Pack{Quarter: q, Trust: t.Code, TrustName: t.Name, Group: t.Group, Region: t.Region, RegionName: t.RegionName}
		p.Domain = beside(views[trustDomain][q], t, views["region_domain"][q], views["england_domain"][q])
		p.Subdomain = beside(views[trustSubdomain][q], t, views["region_subdomain"][q], views["england_subdomain"][q])
		p.Benchmarks = benchmarks[t.Code]
		for _, h := range rel.PackHeatmaps {
			if h.Trust == t.Code && len(h.Rows) > 0 {
				p.StaffGroups = h
			}
		}
		// The trust's trend, then its region's and England's, domain by domain.
		for _, tr := range trustTrends {
			if tr.GroupKey != t.Code {
				continue
			}
			p.Trends = append(p.Trends, tr)
			for _, ref := range [][]Trend{regionTrends, englandTrends} {
				for _, r := range ref {
					if r.Area == tr.Area && (r.Dimension == "england" || r.GroupKey == t.Region && t.Region != "") {
						if r.Dimension == "region" {
							r.Group += " (region)"
						}
						p.Trends = append(p.Trends, r)
					}
				}
			}
		}
		for _, g := range gaps {
			if g.RowKey == t.Code {
				p.Gaps = append(p.Gaps, g)
			}
		}
		if rel.Overview != nil {
			for _, s := range rel.Overview.Submissions {
				if s.Trust == t.Code {
					p.Files = append(p.Files, s)
				}
			}
		}
		out = append(out, p)
	}
	return out
}

// beside is the trust's row of a trust view with its region's and England's rows below it, as
// one heatmap (nil when the trust has no row).
func beside(trusts *Heatmap, t PackTrust, regions, england *Heatmap) *Heatmap {
	if trusts == nil {
		return nil
	}
	h := &Heatmap{Spec: trusts.Spec, Quarter: trusts.Quarter, Threshold: trusts.Threshold, Cols: trusts.Cols}
	h.Name, h.Title = trusts.Name+"_"+t.Code, "Readiness of "+t.Name
	add := func(src *Heatmap, key string, label Label) bool {
		if src == nil {
			return false
		}
		for i, r := range src.Rows {
			if r.Key != key {
				continue
			}
			row := aligned(h, src.Cells[i], label)
			h.Rows = append(h.Rows, label)
			h.Cells = append(h.Cells, row)
			return true
		}
		return false
	}
	if !add(trusts, t.Code, Label{Key: t.Code, Label: t.Name}) {
		return nil
	}
	if t.Region != "" {
		add(regions, t.Region, Label{Key: t.Region, Label: t.RegionName + " (region)", Reference: RefRegion})
	}
	add(england, EnglandCode, englandLabel)
	return h
}

// benchmarkIndex ranks every trust with a benchmark group among the trusts of its group, per
// domain, from the published figures of the trust view.
func benchmarkIndex(h *Heatmap, groups map[string]string) map[string][]Benchmark {
	out := map[string][]Benchmark{}
	if h == nil {
		return out
	}
	for j, col := range h.Cols {
		byGroup := map[string][]float64{}
		for i, r := range h.Rows {
			if c := h.Cells[i][j]; groups[r.Key] != "" && c.Value != nil && !c.Suppressed {
				byGroup[groups[r.Key]] = append(byGroup[groups[r.Key]], *c.Value)
			}
		}
		for _, vs := range byGroup {
			sort.Sort(sort.Reverse(sort.Float64Slice(vs)))
		}
		for i, r := range h.Rows {
			g := groups[r.Key]
			if g == "" {
				continue
			}
			c := h.Cells[i][j]
			vs := byGroup[g]
			b := Benchmark{Domain: col.Key, DomainName: col.Label, Trusts: len(vs)}
			if c.Value != nil && !c.Suppressed {
				v := *c.Value
				b.Value, b.N = &v, c.N
				b.Rank = 1 + sort.Search(len(vs), func(k int) bool { return vs[k] <= v })
			}
			if len(vs) >= MinBenchmark {
				best, worst, med := vs[0], vs[len(vs)-1], median(vs)
				b.Best, b.Worst, b.Median = &best, &worst, &med
			}
			out[r.Key] = append(out[r.Key], b)
		}
	}
	return out
}

// median of values sorted either way.
func median(vs []float64) float64 {
	n := len(vs)
	if n%2 == 1 {
		return vs[n/2]
	}
	return (vs[n/2-1] + vs[n/2]) / 2
}
