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
	// Each heatmap is one query over every quarter, and so are its views for every region and
	// for every profession (ComputeViews); the queries run side by side (exploreWorkers at once),
	// each on a connection of its own, as the small queries keep one core busy at most.
	type job struct {
		spec Spec
		by   string // "region" or "profession": the views of every value; "" for the view "all"
	}
	var jobs []job
	// England, every respondent: the reference row of the redrawn heatmaps.
	for _, kind := range []string{KindDomain, KindSubdomain} {
		jobs = append(jobs, job{spec: Spec{Name: "england_" + kind, Kind: kind}})
	}
	// Every trust, for the trusts' packs (packs.go).
	if trusts {
		jobs = append(jobs, job{spec: Spec{Name: trustDomain, Kind: KindDomain, Dimension: "trust"}},
			job{spec: Spec{Name: trustSubdomain, Kind: KindSubdomain, Dimension: "trust"}})
	}
	for _, s := range specs {
		jobs = append(jobs, job{spec: s})
		if s.Dimension != "region" && len(ex.Regions) > 0 {
			jobs = append(jobs, job{spec: s, by: "region"})
		}
		if s.Dimension != "profession" && len(ex.Professions) > 0 {
			jobs = append(jobs, job{spec: s, by: "profession"})
		}
	}
	keys := map[string][]string{}
	for _, r := range ex.Regions {
		keys["region"] = append(keys["region"], r.Key)
	}
	for _, p := range ex.Professions {
		keys["profession"] = append(keys["profession"], p.Key)
	}
	results := make([]map[string]map[string]*Heatmap, len(jobs)) // view -> quarter -> heatmap
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(exploreWorkers)
	for i, j := range jobs {
		g.Go(func() error {
			var views map[string]map[string]*Heatmap
			if j.by == "" {
				byQuarter, err := ComputeQuarters(gctx, wh, j.spec, threshold)
				if err != nil {
					return err
				}
				views = map[string]map[string]*Heatmap{"all": byQuarter}
			} else {
				byKey, err := ComputeViews(gctx, wh, j.spec, Params{Threshold: threshold}, j.by, keys[j.by])
				if err != nil {
					return err
				}
				views = map[string]map[string]*Heatmap{}
				for k, byQuarter := range byKey {
					views[j.by+":"+k] = byQuarter
				}
			}
			for _, byQuarter := range views {
				for q := range byQuarter {
					if q > latest {
						delete(byQuarter, q)
					}
				}
			}
			results[i] = views
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for i, j := range jobs {
		for view, byQuarter := range results[i] {
			if ex.Views[view] == nil {
				ex.Views[view] = map[string]map[string]*Heatmap{}
			}
			ex.Views[view][j.spec.Name] = byQuarter
		}
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
