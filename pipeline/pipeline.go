// Package pipeline runs the quarterly batch and only orchestrates it: it loads the framework and
// vocabularies (config), opens the warehouse (warehouse), ingests every input file (ingest),
// has the quarter's figures computed (heatmap) and written (reports). It holds no SQL and builds
// no report. The commands in cmd/readiness are thin wrappers around Run, Ingest, Report and
// Validate.
package pipeline

import (
	"fmt"
	"log/slog"
	"path/filepath"
	"sort"
	"strings"

	"github.com/nhs-readiness/readiness/configs"
	"github.com/nhs-readiness/readiness/pipeline/config"
	"github.com/nhs-readiness/readiness/pipeline/framework"
	"github.com/nhs-readiness/readiness/pipeline/heatmap"
	"github.com/nhs-readiness/readiness/pipeline/ingest"
	"github.com/nhs-readiness/readiness/pipeline/mapping"
	"github.com/nhs-readiness/readiness/pipeline/progress"
	"github.com/nhs-readiness/readiness/pipeline/vocab"
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
	Feedback      []string // the feedback files written for the file's trust
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
			opt := Defaults(cfg)
			opt.Trust, opt.Quarter, opt.Scale, opt.Sheet, opt.Dialect, opt.Mapping = in.Trust, in.Quarter, in.Scale, in.Sheet, in.Dialect, in.Mapping
			opt.Replace = opt.Replace || in.Replace
			out = append(out, Source{Path: m, Options: opt})
		}
	}
	return out, nil
}

// Defaults are the load options the config sets for every input.
func Defaults(cfg *config.Config) ingest.Options {
	return ingest.Options{QuarterDefault: cfg.Quarter, Replace: cfg.Replace, MultiTrust: cfg.MultiTrust, UnknownValues: cfg.UnknownValues, FuzzyThreshold: cfg.Mapping.FuzzyThreshold,
		MaxBytes: cfg.Limits.MaxBytes, MaxCells: cfg.Limits.MaxCells}
}

// Profiles loads the embedded mapping profiles and the config's, checked against the framework.
func Profiles(cfg *config.Config, fw *framework.Framework, v *vocab.Vocabularies) (*mapping.Profiles, error) {
	return mapping.LoadProfiles(configs.FS, "mappings", cfg.Mappings, fw, v.ScaleIDs())
}
