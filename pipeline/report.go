package pipeline

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/nhs-readiness/readiness/pipeline/config"
	"github.com/nhs-readiness/readiness/pipeline/heatmap"
	"github.com/nhs-readiness/readiness/pipeline/quarter"
	"github.com/nhs-readiness/readiness/pipeline/warehouse"
	"github.com/nhs-readiness/readiness/reports"
)

// Run ingests the sources, computes the heatmaps for the quarter (the config's, or the latest in
// the warehouse) and writes the reports into cfg.Out.
func Run(ctx context.Context, cfg *config.Config, sources []Source, env Env) (sum *Summary, err error) {
	wh, sum, err := load(ctx, cfg, sources, env)
	if wh != nil {
		defer func() { err = errors.Join(err, wh.Close()) }()
	}
	if err != nil {
		return sum, err
	}
	if sum.Quarter, err = reportQuarter(ctx, wh, cfg.Quarter); err != nil {
		return sum, err
	}
	if err := report(ctx, wh, cfg, env, sum); err != nil {
		return sum, err
	}
	return sum, nil
}

// Report writes the reports of a quarter (the configured one, or the latest) from an existing
// warehouse, which it opens read-only.
func Report(ctx context.Context, cfg *config.Config, env Env) (*Summary, error) {
	wh, err := warehouse.OpenReadOnly(ctx, cfg.WarehousePath())
	if err != nil {
		return nil, err
	}
	defer wh.Close()
	sum := &Summary{Warehouse: wh.Path}
	if sum.Quarter, err = reportQuarter(ctx, wh, cfg.Quarter); err != nil {
		return sum, err
	}
	return sum, report(ctx, wh, cfg, env, sum)
}

// report computes the quarter's heatmaps and analyses and writes every format the config asks for.
func report(ctx context.Context, wh *warehouse.Warehouse, cfg *config.Config, env Env, sum *Summary) error {
	env.Progress.Step("computing heatmaps for %s", sum.Quarter)
	specs, err := heatmap.Specs(ctx, wh, sum.Quarter, cfg.Analysis.FocusDomains)
	if err != nil {
		return err
	}
	params := heatmap.Params{Quarter: sum.Quarter, Threshold: cfg.Suppression.Threshold}
	t0 := time.Now()
	sum.Heatmaps, err = heatmap.ComputeAll(ctx, wh, specs, params)
	env.Progress.Done()
	env.Log.Debug("report step", "step", "heatmaps", "count", len(specs), "took", time.Since(t0))
	if err != nil {
		return err
	}
	t0 = time.Now()
	data := &reports.Data{Quarter: sum.Quarter, Threshold: cfg.Suppression.Threshold, Heatmaps: sum.Heatmaps}
	overview, err := heatmap.Collect(ctx, wh, sum.Quarter, cfg.Suppression.Threshold)
	if err != nil {
		return err
	}
	if data.Gaps, err = heatmap.AllGaps(ctx, wh, sum.Quarter, cfg.Suppression.Threshold, cfg.Analysis.GapsTop); err != nil {
		return err
	}
	if data.LevelProfile, err = heatmap.LevelProfile(ctx, wh, sum.Quarter, cfg.Suppression.Threshold); err != nil {
		return err
	}
	env.Log.Debug("report step", "step", "gaps and level profile", "took", time.Since(t0))
	// The views behind the HTML report's filters; the trends are read from them.
	env.Progress.Step("computing the report's views of every quarter")
	t0 = time.Now()
	data.Explore, err = heatmap.Explorer(ctx, wh, cfg.Suppression.Threshold, sum.Quarter)
	env.Progress.Done()
	env.Log.Debug("report step", "step", "filtered views", "took", time.Since(t0))
	if err != nil {
		return err
	}
	if err := heatmap.AddReferences(ctx, wh, sum.Heatmaps, cfg.Suppression.Threshold); err != nil {
		return err
	}
	env.Progress.Step("protecting the release")
	t0 = time.Now()
	// The trusts' own training priorities, for their packs, protected with the rest.
	trustGaps, err := heatmap.Gaps(ctx, wh, sum.Quarter, "trust", cfg.Suppression.Threshold, cfg.Analysis.GapsTop)
	if err != nil {
		return err
	}
	// Each trust's figures by staff group, for its pack only.
	packHeatmaps, err := packStaffGroups(ctx, wh, sum.Quarter, cfg)
	if err != nil {
		return err
	}
	rel := heatmap.Release{Heatmaps: sum.Heatmaps, PackHeatmaps: packHeatmaps, Gaps: append(data.Gaps[:len(data.Gaps):len(data.Gaps)], heatmap.GapTable{Dimension: "trust", Gaps: trustGaps}),
		Explore: data.Explore, Overview: overview, LevelProfile: data.LevelProfile, Quarter: sum.Quarter, Threshold: cfg.Suppression.Threshold}
	protected, err := rel.Protect(ctx, wh)
	env.Progress.Done()
	env.Log.Debug("report step", "step", "disclosure control", "took", time.Since(t0), "withheld", protected.Withheld,
		"published", protected.Published, "linked", protected.Linked, "complementary", protected.Added)
	if err != nil {
		return err
	}
	data.Overview = *overview // as protected
	data.Disclosure = protected.String()
	data.Gaps = rel.Gaps[:len(rel.Gaps)-1] // as protected; the trusts' own go in their packs
	data.Trends = heatmap.Trends(data.Explore)
	if data.Packs, err = packs(ctx, wh, &rel, cfg.PackTrusts); err != nil {
		return err
	}
	t0 = time.Now()
	sum.Reports, err = reports.Write(cfg.Out, cfg.Formats, data, func(format string) {
		env.Progress.Step("writing the %s report into %s", format, cfg.Out)
	})
	env.Progress.Done()
	env.Log.Debug("report step", "step", "write", "took", time.Since(t0))
	if err != nil {
		return err
	}
	env.Log.Info("reports written", "quarter", sum.Quarter, "files", len(sum.Reports))
	return nil
}

// reportQuarter is the configured quarter, or the latest quarter with a submission.
func reportQuarter(ctx context.Context, wh *warehouse.Warehouse, configured string) (string, error) {
	if configured == "" {
		return heatmap.LatestQuarter(ctx, wh)
	}
	q, err := quarter.Normal(configured)
	if err != nil {
		return "", err
	}
	return q, heatmap.CheckQuarter(ctx, wh, q)
}

// packs assembles the trusts' packs from the protected release: every trust of the quarter, or
// those asked for (each must have respondents in the quarter).
func packs(ctx context.Context, wh *warehouse.Warehouse, rel *heatmap.Release, only []string) ([]heatmap.Pack, error) {
	trusts, err := heatmap.PackTrusts(ctx, wh, rel.Quarter)
	if err != nil {
		return nil, err
	}
	all := heatmap.Packs(rel, trusts, rel.Gaps[len(rel.Gaps)-1].Gaps)
	if len(only) == 0 {
		return all, nil
	}
	byCode := map[string]heatmap.Pack{}
	var have []string
	for _, p := range all {
		byCode[p.Trust] = p
		have = append(have, p.Trust)
	}
	var chosen []heatmap.Pack
	for _, code := range only {
		p, ok := byCode[strings.ToUpper(strings.TrimSpace(code))]
		if !ok {
			return nil, fmt.Errorf("trust %q has no respondents in %s; its trusts are %s", code, rel.Quarter, strings.Join(have, ", "))
		}
		chosen = append(chosen, p)
	}
	return chosen, nil
}

// packStaffGroups computes, for every trust whose pack is written, its readiness by staff group
// and domain.
func packStaffGroups(ctx context.Context, wh *warehouse.Warehouse, q string, cfg *config.Config) ([]*heatmap.Heatmap, error) {
	if !slices.Contains(cfg.Formats, "packs") {
		return nil, nil
	}
	trusts, err := heatmap.PackTrusts(ctx, wh, q)
	if err != nil {
		return nil, err
	}
	var out []*heatmap.Heatmap
	for _, t := range trusts {
		if len(cfg.PackTrusts) > 0 && !slices.ContainsFunc(cfg.PackTrusts, func(c string) bool { return strings.EqualFold(strings.TrimSpace(c), t.Code) }) {
			continue
		}
		h, err := heatmap.Compute(ctx, wh, heatmap.StaffGroupSpec(t.Code, t.Name), heatmap.Params{Quarter: q, Threshold: cfg.Suppression.Threshold})
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, nil
}
