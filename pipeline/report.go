package pipeline

import (
	"context"
	"errors"
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
	// What the trusts' packs need beyond the report, when they are written (a trust
	// asked for without respondents is refused before any other work).
	plan, err := planPacks(ctx, wh, sum.Quarter, cfg)
	if err != nil {
		return err
	}
	// The release's atoms (disclosure control's finest groups) are read while its figures are
	// computed: reading them is mostly one core's work, and so are parts of the figures'.
	actx, cancel := context.WithCancel(ctx)
	ahead := make(chan struct{})
	var atoms *heatmap.Atoms
	var atomsErr error
	go func() {
		defer close(ahead)
		atoms, atomsErr = heatmap.LoadAtoms(actx, wh, sum.Quarter)
	}()
	defer func() { cancel(); <-ahead }()
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
	data.Explore, err = heatmap.Explorer(ctx, wh, cfg.Suppression.Threshold, sum.Quarter, plan != nil)
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
	rel := heatmap.Release{Heatmaps: sum.Heatmaps, Gaps: data.Gaps, Explore: data.Explore, Overview: overview, LevelProfile: data.LevelProfile,
		Quarter: sum.Quarter, Threshold: cfg.Suppression.Threshold}
	if plan != nil { // the trusts' own priorities and staff groups, protected with the rest
		rel.Gaps = append(data.Gaps[:len(data.Gaps):len(data.Gaps)], plan.gaps)
		rel.PackHeatmaps = plan.staffGroups
	}
	<-ahead
	if atomsErr != nil {
		return atomsErr
	}
	rel.Atoms = atoms
	protected, err := rel.Protect(ctx, wh)
	env.Progress.Done()
	env.Log.Debug("report step", "step", "disclosure control", "took", time.Since(t0), "withheld", protected.Withheld,
		"published", protected.Published, "linked", protected.Linked, "complementary", protected.Added)
	if err != nil {
		return err
	}
	data.Overview = *overview // as protected
	data.Disclosure = protected.String()
	data.Gaps = rel.Gaps[:len(data.Gaps)] // as protected; the trusts' own go in their packs
	data.Trends = heatmap.Trends(data.Explore)
	if plan != nil {
		data.Packs = heatmap.Packs(&rel, plan.all, plan.chosen, rel.Gaps[len(rel.Gaps)-1].Gaps)
	}
	t0 = time.Now()
	sum.Reports, err = reports.Write(cfg.Out, cfg.Formats, data, func(formats string) {
		env.Progress.Step("writing the reports (%s) into %s", formats, cfg.Out)
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
