package heatmap

import (
	"context"
	"database/sql"
	"fmt"

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
	add := func(view string, s Spec) error {
		byQuarter, err := ComputeQuarters(ctx, wh, s, threshold)
		if err != nil {
			return err
		}
		for q := range byQuarter {
			if q > latest {
				delete(byQuarter, q)
			}
		}
		if ex.Views[view] == nil {
			ex.Views[view] = map[string]map[string]*Heatmap{}
		}
		ex.Views[view][s.Name] = byQuarter
		return nil
	}
	// England, every respondent: the reference row of the redrawn heatmaps.
	for _, kind := range []string{KindDomain, KindSubdomain} {
		s := Spec{Name: "england_" + kind, Kind: kind}
		if err := add("all", s); err != nil {
			return nil, err
		}
		for _, h := range ex.Views["all"][s.Name] {
			for i := range h.Rows {
				h.Rows[i] = englandLabel
				for j := range h.Cells[i] {
					h.Cells[i][j].RowKey, h.Cells[i][j].RowLabel = englandLabel.Key, englandLabel.Label
				}
			}
		}
	}
	// Every trust, for the trusts' packs (packs.go).
	for _, s := range []Spec{{Name: trustDomain, Kind: KindDomain, Dimension: "trust"}, {Name: trustSubdomain, Kind: KindSubdomain, Dimension: "trust"}} {
		if !trusts {
			break
		}
		if err := add("all", s); err != nil {
			return nil, err
		}
	}
	for _, s := range specs {
		if err := add("all", s); err != nil {
			return nil, err
		}
		for _, r := range ex.Regions {
			if s.Dimension != "region" {
				f := s
				f.Region = r.Key
				if err := add("region:"+r.Key, f); err != nil {
					return nil, err
				}
			}
		}
		for _, p := range ex.Professions {
			if s.Dimension != "profession" {
				f := s
				f.Profession = p.Key
				if err := add("profession:"+p.Key, f); err != nil {
					return nil, err
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
