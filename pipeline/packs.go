package pipeline

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/nhs-readiness/readiness/pipeline/config"
	"github.com/nhs-readiness/readiness/pipeline/heatmap"
	"github.com/nhs-readiness/readiness/pipeline/warehouse"
)

// packPlan is what the trusts' packs need beyond the report, computed before the release is
// protected so that it is protected with it: every trust of the quarter (for benchmark groups),
// the trusts whose packs are written, their training priorities and their staff groups.
type packPlan struct {
	all, chosen []heatmap.PackTrust
	gaps        heatmap.GapTable
	staffGroups []*heatmap.Heatmap
}

// planPacks plans the packs of the trusts cfg.PackTrusts names (every trust of the quarter when
// it names none); nil when the packs format is not written. A trust without respondents in the
// quarter is an error, before any work is done.
func planPacks(ctx context.Context, wh *warehouse.Warehouse, q string, cfg *config.Config) (*packPlan, error) {
	if !slices.Contains(cfg.Formats, "packs") {
		return nil, nil
	}
	all, err := heatmap.PackTrusts(ctx, wh, q)
	if err != nil {
		return nil, err
	}
	p := &packPlan{all: all, chosen: all}
	if len(cfg.PackTrusts) > 0 {
		p.chosen = nil
		for _, code := range cfg.PackTrusts {
			i := slices.IndexFunc(all, func(t heatmap.PackTrust) bool { return strings.EqualFold(t.Code, strings.TrimSpace(code)) })
			if i < 0 {
				var have []string
				for _, t := range all {
					have = append(have, t.Code)
				}
				return nil, fmt.Errorf("trust %q has no respondents in %s; its trusts are %s", code, q, strings.Join(have, ", "))
			}
			p.chosen = append(p.chosen, all[i])
		}
	}
	gaps, err := heatmap.Gaps(ctx, wh, q, "trust", cfg.Suppression.Threshold, cfg.Analysis.GapsTop)
	if err != nil {
		return nil, err
	}
	p.gaps = heatmap.GapTable{Dimension: "trust", Gaps: gaps}
	if p.staffGroups, err = heatmap.StaffGroups(ctx, wh, p.chosen, heatmap.Params{Quarter: q, Threshold: cfg.Suppression.Threshold}); err != nil {
		return nil, err
	}
	return p, nil
}
