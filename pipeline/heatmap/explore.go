package heatmap

import (
	"context"
	"database/sql"
	"fmt"

	"golang.org/x/sync/errgroup"

	"github.com/nhs-readiness/readiness/pipeline/warehouse"
	"github.com/nhs-readiness/readiness/queries"
)

// Explore holds every view the HTML report's filters can show: the heatmaps of every dimension
// with heatmaps, by domain and by sub-domain, for every quarter, for all staff and for each
// region and each profession.
type Explore struct {
	Quarters    []string
	Latest      string
	Threshold   int
	Regions     []Label
	Professions []Label
	// Views[view][heatmap name][quarter]; view is "all", "region:CODE" or "profession:CODE".
	Views map[string]map[string]map[string]*Heatmap
}

// exploreWorkers is how many of the report's views are computed at once.
var exploreWorkers = 2

// Explorer computes the views behind the HTML report's filters for every quarter up to latest,
// and with trusts the views of every trust that the trusts' packs read (packs.go).
func Explorer(ctx context.Context, wh *warehouse.Warehouse, threshold int, latest string, trusts bool) (*Explore, error) {
	ex := &Explore{Latest: latest, Threshold: threshold, Views: map[string]map[string]map[string]*Heatmap{}}
	var err error
	if ex.Quarters, err = texts(ctx, wh, queries.QuartersUpTo, latest); err != nil {
		return nil, fmt.Errorf("report views: %w", err)
	}
	if ex.Regions, err = labels(ctx, wh, queries.RegionsUpTo, latest); err != nil {
		return nil, fmt.Errorf("report views: %w", err)
	}
	if ex.Professions, err = labels(ctx, wh, queries.ProfessionsUpTo, latest); err != nil {
		return nil, fmt.Errorf("report views: %w", err)
	}
	specs := append(append([]Spec{}, DomainSpecs...), SubdomainSpecs...)
	// Each view is one query over every quarter; they run side by side (exploreWorkers at once),
	// each on a connection of its own, as the small queries keep one core busy at most.
	type job struct {
		view string
		spec Spec
	}
	var jobs []job
	add := func(view string, s Spec) { jobs = append(jobs, job{view, s}) }
	// England, every respondent: the reference row of the redrawn heatmaps.
	for _, kind := range []string{KindDomain, KindSubdomain} {
		add("all", Spec{Name: "england_" + kind, Kind: kind})
	}
	// Every trust, for the trusts' packs (packs.go).
	if trusts {
		add("all", Spec{Name: trustDomain, Kind: KindDomain, Dimension: "trust"})
		add("all", Spec{Name: trustSubdomain, Kind: KindSubdomain, Dimension: "trust"})
	}
	for _, s := range specs {
		add("all", s)
		for _, r := range ex.Regions {
			if s.Dimension != "region" {
				f := s
				f.Region = r.Key
				add("region:"+r.Key, f)
			}
		}
		for _, p := range ex.Professions {
			if s.Dimension != "profession" {
				f := s
				f.Profession = p.Key
				add("profession:"+p.Key, f)
			}
		}
	}
	results := make([]map[string]*Heatmap, len(jobs))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(exploreWorkers)
	for i, j := range jobs {
		g.Go(func() error {
			byQuarter, err := ComputeQuarters(gctx, wh, j.spec, threshold)
			if err != nil {
				return err
			}
			for q := range byQuarter {
				if q > latest {
					delete(byQuarter, q)
				}
			}
			results[i] = byQuarter
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for i, j := range jobs {
		if ex.Views[j.view] == nil {
			ex.Views[j.view] = map[string]map[string]*Heatmap{}
		}
		ex.Views[j.view][j.spec.Name] = results[i]
	}
	for _, kind := range []string{KindDomain, KindSubdomain} {
		for _, h := range ex.Views["all"]["england_"+kind] {
			for i := range h.Rows {
				h.Rows[i] = englandLabel
				for j := range h.Cells[i] {
					h.Cells[i][j].RowKey, h.Cells[i][j].RowLabel = englandLabel.Key, englandLabel.Label
				}
			}
		}
	}
	return ex, nil
}

// texts reads rows of one text column.
func texts(ctx context.Context, wh *warehouse.Warehouse, q queries.Name, args ...any) ([]string, error) {
	var out []string
	err := wh.Each(ctx, q, args, func(rows *sql.Rows) error {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err
		}
		out = append(out, s)
		return nil
	})
	return out, err
}
