// Package pipeline runs the quarterly batch: it loads the framework and vocabularies, opens the
// warehouse, ingests every input file, computes the heatmaps and writes the reports. The commands
// in cmd/readiness are thin wrappers around Run and Ingest.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/nhs-readiness/readiness/configs"
	"github.com/nhs-readiness/readiness/pipeline/config"
	"github.com/nhs-readiness/readiness/pipeline/framework"
	"github.com/nhs-readiness/readiness/pipeline/heatmap"
	"github.com/nhs-readiness/readiness/pipeline/ingest"
	"github.com/nhs-readiness/readiness/pipeline/mapping"
	"github.com/nhs-readiness/readiness/pipeline/progress"
	"github.com/nhs-readiness/readiness/pipeline/pseudonym"
	"github.com/nhs-readiness/readiness/pipeline/sheet"
	"github.com/nhs-readiness/readiness/pipeline/vocab"
	"github.com/nhs-readiness/readiness/pipeline/warehouse"
	"github.com/nhs-readiness/readiness/reports"
)

// Env is what a run needs besides its config: where to log and show progress.
type Env struct {
	Log      *slog.Logger
	Progress *progress.Bar
}

// Source is one file to ingest with what is known about it.
type Source struct {
	Path    string
	Options ingest.Options
}

// Outcome of one file: its result, or the error that refused it, and its first problems.
type Outcome struct {
	Path          string
	Result        ingest.Result
	Err           error
	Problems      []ingest.Problem
	ProblemsTotal int
}

// problemsShown is how many problems per file a run reports on the command line; the rest are in
// the rejects table.
const problemsShown = 10

// Summary is what a run did.
type Summary struct {
	Warehouse string
	Quarter   string
	Outcomes  []Outcome
	Heatmaps  []*heatmap.Heatmap
	Reports   []string
}

// ExitCode is 0 when every row of every file loaded, 1 when some rows were rejected, 2 when a
// file was refused.
func (s *Summary) ExitCode() int {
	code := 0
	for _, o := range s.Outcomes {
		switch {
		case o.Err != nil:
			return 2
		case o.Result.RowsRejected > 0:
			code = 1
		}
	}
	return code
}

// Reference loads the framework and vocabularies the config names and checks them.
func Reference(cfg *config.Config) (*framework.Framework, *vocab.Vocabularies, error) {
	v, err := vocab.Load(configs.FS, cfg.Vocabularies)
	if err != nil {
		return nil, nil, err
	}
	var fw *framework.Framework
	if name, ok := strings.CutPrefix(cfg.Framework, config.EmbeddedPrefix); ok {
		fw, err = framework.LoadFS(configs.FS, name)
	} else {
		fw, err = framework.LoadFile(cfg.Framework)
	}
	if err != nil {
		return nil, nil, err
	}
	if probs := fw.Validate(v.ArchetypeCodes()); len(probs) > 0 {
		msgs := make([]string, len(probs))
		for i, p := range probs {
			msgs[i] = p.String()
		}
		return nil, nil, fmt.Errorf("framework %s is not valid: %s", cfg.Framework, strings.Join(msgs, "; "))
	}
	return fw, v, nil
}

// Sources expands the config's inputs (globs included) into files, in name order per input.
func Sources(cfg *config.Config) ([]Source, error) {
	var out []Source
	for _, in := range cfg.Inputs {
		matches, err := filepath.Glob(in.Path)
		if err != nil {
			return nil, fmt.Errorf("input %q: %w", in.Path, err)
		}
		if len(matches) == 0 {
			return nil, fmt.Errorf("input %q matches no file", in.Path)
		}
		sort.Strings(matches)
		for _, m := range matches {
			q := in.Quarter
			if q == "" {
				q = cfg.Quarter
			}
			opt := Defaults(cfg)
			opt.Trust, opt.Quarter, opt.Scale, opt.Sheet, opt.Dialect, opt.Mapping = in.Trust, q, in.Scale, in.Sheet, in.Dialect, in.Mapping
			out = append(out, Source{Path: m, Options: opt})
		}
	}
	return out, nil
}

// Defaults are the load options the config sets for every input.
func Defaults(cfg *config.Config) ingest.Options {
	return ingest.Options{Quarter: cfg.Quarter, UnknownValues: cfg.UnknownValues, FuzzyThreshold: cfg.Mapping.FuzzyThreshold,
		MaxBytes: cfg.Limits.MaxBytes, MaxCells: cfg.Limits.MaxCells}
}

// openWarehouse opens the warehouse, loads the reference data and makes a loader.
func openWarehouse(ctx context.Context, cfg *config.Config, log *slog.Logger) (*warehouse.Warehouse, *ingest.Loader, error) {
	fw, v, err := Reference(cfg)
	if err != nil {
		return nil, nil, err
	}
	path := cfg.WarehousePath()
	wh, err := warehouse.Open(ctx, path)
	if err != nil {
		return nil, nil, err
	}
	if r := wh.Repaired; r.Any() {
		log.Warn("removed rows of a load that did not commit", "warehouse", path, "responses", r.Responses,
			"respondents", r.Respondents, "rejects", r.Rejects, "staging", r.Staging)
	}
	if err := wh.LoadReference(ctx, fw, v); err != nil {
		wh.Close()
		return nil, nil, err
	}
	key := []byte(cfg.PseudonymKey)
	if len(key) == 0 {
		if key, err = pseudonym.KeyFile(path + ".key"); err != nil {
			wh.Close()
			return nil, nil, err
		}
	}
	h, err := pseudonym.New(key)
	if err != nil {
		wh.Close()
		return nil, nil, err
	}
	profiles, err := Profiles(cfg, fw, v)
	if err != nil {
		wh.Close()
		return nil, nil, err
	}
	return wh, &ingest.Loader{WH: wh, Framework: fw, Mapper: mapping.New(fw), Profiles: profiles, Hasher: h, Log: log}, nil
}

// Profiles loads the embedded mapping profiles and the config's, checked against the framework.
func Profiles(cfg *config.Config, fw *framework.Framework, v *vocab.Vocabularies) (*mapping.Profiles, error) {
	return mapping.LoadProfiles(configs.FS, "mappings", cfg.Mappings, fw, v.ScaleIDs())
}

// Ingest loads the sources into the warehouse and reports each file's outcome.
func Ingest(ctx context.Context, cfg *config.Config, sources []Source, env Env) (*Summary, error) {
	wh, sum, err := load(ctx, cfg, sources, env)
	if wh != nil {
		wh.Close()
	}
	return sum, err
}

// load opens the warehouse and ingests the sources; the caller closes the warehouse.
func load(ctx context.Context, cfg *config.Config, sources []Source, env Env) (*warehouse.Warehouse, *Summary, error) {
	wh, loader, err := openWarehouse(ctx, cfg, env.Log)
	if err != nil {
		return nil, nil, err
	}
	sum := &Summary{Warehouse: wh.Path}
	return wh, sum, ingestAll(ctx, loader, sources, env, sum)
}

// ingestAll loads the sources one after another. Each file is prepared (opened, recognised and
// read ahead) on its own goroutine while the one before it loads, so reading and parsing the
// next file overlaps with the warehouse's work on the current one.
func ingestAll(ctx context.Context, loader *ingest.Loader, sources []Source, env Env, sum *Summary) error {
	prepare := func(i int) <-chan *ingest.Prepared {
		ch := make(chan *ingest.Prepared, 1)
		go func() { ch <- loader.Prepare(sources[i].Path, sources[i].Options) }()
		return ch
	}
	var next <-chan *ingest.Prepared
	if len(sources) > 0 {
		next = prepare(0)
	}
	defer func() {
		if next != nil {
			(<-next).Close()
		}
	}()
	for i, src := range sources {
		name := filepath.Base(src.Path)
		opt := src.Options
		opt.Progress = func(rows int) {
			env.Progress.Show("[%d/%d] %s: %d rows read", i+1, len(sources), name, rows)
		}
		pr := <-next
		next = nil
		if i+1 < len(sources) {
			next = prepare(i + 1)
		}
		res, err := loader.LoadPrepared(ctx, pr, opt)
		env.Progress.Done()
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if !errors.Is(err, ingest.ErrRefused) && !errors.Is(err, sheet.ErrUnreadable) {
				return err
			}
			env.Log.Warn("file refused", "file", name, "error", err.Error())
			sum.Outcomes = append(sum.Outcomes, Outcome{Path: src.Path, Result: res, Err: err})
			continue
		}
		env.Log.Info("file ingested", "file", name, "status", res.Status, "trust", res.Trust, "quarter", res.Quarter,
			"rows_read", res.RowsRead, "rows_loaded", res.RowsLoaded, "rows_rejected", res.RowsRejected)
		o := Outcome{Path: src.Path, Result: res}
		if res.SubmissionID != 0 && res.Status != ingest.StatusUnchanged {
			var err error
			if o.Problems, o.ProblemsTotal, err = ingest.Problems(ctx, loader.WH.DB, res.SubmissionID, problemsShown); err != nil {
				return err
			}
		}
		sum.Outcomes = append(sum.Outcomes, o)
	}
	return nil
}

// Run ingests the sources, computes the heatmaps for the quarter (the config's, or the latest in
// the warehouse) and writes the reports into cfg.Out.
func Run(ctx context.Context, cfg *config.Config, sources []Source, env Env) (*Summary, error) {
	wh, sum, err := load(ctx, cfg, sources, env)
	if wh != nil {
		defer wh.Close()
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
	env.Progress.Show("computing heatmaps for %s", sum.Quarter)
	specs, err := Specs(ctx, wh, cfg, sum.Quarter)
	if err != nil {
		return err
	}
	params := heatmap.Params{Quarter: sum.Quarter, Threshold: cfg.Suppression.Threshold}
	t0 := time.Now()
	sum.Heatmaps, err = heatmap.ComputeAll(ctx, wh.DB, specs, params)
	env.Progress.Done()
	env.Log.Debug("report step", "step", "heatmaps", "count", len(specs), "took", time.Since(t0))
	if err != nil {
		return err
	}
	t0 = time.Now()
	data, err := reports.Collect(ctx, wh.DB, sum.Quarter, cfg.Suppression.Threshold, sum.Heatmaps)
	if err != nil {
		return err
	}
	for _, dim := range []string{"archetype", "profession"} {
		gaps, err := heatmap.Gaps(ctx, wh.DB, sum.Quarter, dim, cfg.Suppression.Threshold, cfg.Analysis.GapsTop)
		if err != nil {
			return err
		}
		data.Gaps = append(data.Gaps, reports.GapTable{Dimension: dim, Gaps: gaps})
	}
	if data.LevelProfile, err = heatmap.LevelProfile(ctx, wh.DB, sum.Quarter, cfg.Suppression.Threshold); err != nil {
		return err
	}
	env.Log.Debug("report step", "step", "gaps and level profile", "took", time.Since(t0))
	if slices.Contains(cfg.Formats, "html") {
		env.Progress.Show("computing the report's filtered views")
		t0 = time.Now()
		data.Explore, err = explore(ctx, wh, cfg.Suppression.Threshold, sum.Quarter)
		env.Progress.Done()
		env.Log.Debug("report step", "step", "filtered views", "took", time.Since(t0))
		if err != nil {
			return err
		}
	}
	if err := os.MkdirAll(cfg.Out, 0o755); err != nil {
		return fmt.Errorf("reports: %w", err)
	}
	env.Progress.Show("writing reports")
	t0 = time.Now()
	sum.Reports, err = reports.Write(cfg.Out, cfg.Formats, data)
	env.Progress.Done()
	env.Log.Debug("report step", "step", "write", "took", time.Since(t0))
	if err != nil {
		return err
	}
	if slices.Contains(cfg.Formats, "parquet") {
		paths, err := writeParquet(ctx, wh, cfg.Out, specs, params)
		sum.Reports = append(sum.Reports, paths...)
		if err != nil {
			return err
		}
	}
	env.Log.Info("reports written", "quarter", sum.Quarter, "files", len(sum.Reports))
	return nil
}

// explore computes the views behind the HTML report's filters: the domain and sub-domain heatmaps
// of professions, regions and archetypes for every quarter up to the report's, for all staff;
// and for each region (professions and archetypes) and each profession (regions and archetypes).
func explore(ctx context.Context, wh *warehouse.Warehouse, threshold int, latest string) (*reports.Explore, error) {
	ex := &reports.Explore{Latest: latest, Threshold: threshold, Views: map[string]map[string]map[string]*heatmap.Heatmap{}}
	rows, err := wh.DB.QueryContext(ctx, `SELECT DISTINCT quarter FROM submissions WHERE quarter <= ? ORDER BY quarter`, latest)
	if err != nil {
		return nil, fmt.Errorf("report views: %w", err)
	}
	for rows.Next() {
		var q string
		if err := rows.Scan(&q); err != nil {
			rows.Close()
			return nil, fmt.Errorf("report views: %w", err)
		}
		ex.Quarters = append(ex.Quarters, q)
	}
	rows.Close()
	groups := func(q string) ([]heatmap.Label, error) {
		r, err := wh.DB.QueryContext(ctx, q, latest)
		if err != nil {
			return nil, fmt.Errorf("report views: %w", err)
		}
		defer r.Close()
		var out []heatmap.Label
		for r.Next() {
			var l heatmap.Label
			if err := r.Scan(&l.Key, &l.Label); err != nil {
				return nil, fmt.Errorf("report views: %w", err)
			}
			out = append(out, l)
		}
		return out, r.Err()
	}
	if ex.Regions, err = groups(`SELECT g.region_code, g.name FROM regions g WHERE EXISTS (SELECT 1 FROM respondents r
		WHERE r.region_code = g.region_code AND r.quarter <= ?) ORDER BY g.sort_order`); err != nil {
		return nil, err
	}
	if ex.Professions, err = groups(`SELECT p.profession_code, p.name FROM professions p WHERE EXISTS (SELECT 1 FROM respondents r
		WHERE r.profession_code = p.profession_code AND r.quarter <= ?) ORDER BY p.sort_order`); err != nil {
		return nil, err
	}
	specs := append(append([]heatmap.Spec{}, heatmap.DomainSpecs...), heatmap.SubdomainSpecs...)
	add := func(view string, s heatmap.Spec) error {
		byQuarter, err := heatmap.ComputeQuarters(ctx, wh.DB, s, threshold)
		if err != nil {
			return err
		}
		for q := range byQuarter {
			if q > latest {
				delete(byQuarter, q)
			}
		}
		if ex.Views[view] == nil {
			ex.Views[view] = map[string]map[string]*heatmap.Heatmap{}
		}
		ex.Views[view][s.Name] = byQuarter
		return nil
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

// writeParquet writes each heatmap's long rows as heatmaps/NAME.parquet.
func writeParquet(ctx context.Context, wh *warehouse.Warehouse, out string, specs []heatmap.Spec, p heatmap.Params) ([]string, error) {
	dir := filepath.Join(out, "heatmaps")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("parquet: %w", err)
	}
	var paths []string
	for _, s := range specs {
		path := filepath.Join(dir, s.Name+".parquet")
		f, err := os.Create(path)
		if err != nil {
			return paths, fmt.Errorf("parquet: %w", err)
		}
		err = heatmap.WriteParquet(ctx, wh.DB, s, p, f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return paths, fmt.Errorf("parquet %s: %w", s.Name, err)
		}
		paths = append(paths, path)
	}
	return paths, nil
}

// Specs lists the heatmaps of a run: by domain and by sub-domain for professions, regions and
// archetypes; their change since the previous quarter when it has data; trust x domain for each
// region with respondents; and profession x region for the config's focus domains.
func Specs(ctx context.Context, wh *warehouse.Warehouse, cfg *config.Config, quarter string) ([]heatmap.Spec, error) {
	specs := append(append([]heatmap.Spec{}, heatmap.DomainSpecs...), heatmap.SubdomainSpecs...)
	var prev int
	if err := wh.DB.QueryRowContext(ctx, `SELECT count(*) FROM submissions WHERE quarter = ?`, heatmap.PreviousQuarter(quarter)).Scan(&prev); err != nil {
		return nil, fmt.Errorf("heatmaps: %w", err)
	}
	if prev > 0 {
		for _, s := range heatmap.DomainSpecs {
			specs = append(specs, heatmap.ChangeOf(s))
		}
	}
	rows, err := wh.DB.QueryContext(ctx, `SELECT g.region_code, g.name FROM regions g
		WHERE EXISTS (SELECT 1 FROM respondents r WHERE r.region_code = g.region_code AND r.quarter = ?) ORDER BY g.sort_order`, quarter)
	if err != nil {
		return nil, fmt.Errorf("heatmaps: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var code, name string
		if err := rows.Scan(&code, &name); err != nil {
			return nil, fmt.Errorf("heatmaps: %w", err)
		}
		specs = append(specs, heatmap.TrustSpec(code, name))
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("heatmaps: %w", err)
	}
	for _, d := range cfg.Analysis.FocusDomains {
		var name string
		if err := wh.DB.QueryRowContext(ctx, `SELECT name FROM v_domains WHERE domain_id = ?`, d).Scan(&name); err != nil {
			return nil, fmt.Errorf("analysis.focus_domains: %q is not a domain of the framework", d)
		}
		specs = append(specs, heatmap.ProfessionRegionSpec(d, name))
	}
	return specs, nil
}

// reportQuarter is the configured quarter, or the latest quarter with a submission.
func reportQuarter(ctx context.Context, wh *warehouse.Warehouse, configured string) (string, error) {
	if configured != "" {
		return ingest.MustQuarter(configured)
	}
	var q *string
	if err := wh.DB.QueryRowContext(ctx, `SELECT max(quarter) FROM submissions`).Scan(&q); err != nil {
		return "", fmt.Errorf("find the latest quarter: %w", err)
	}
	if q == nil {
		return "", errors.New("the warehouse holds no submission yet: nothing to report")
	}
	return *q, nil
}
