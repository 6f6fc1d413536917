package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"

	"github.com/nhs-readiness/readiness/pipeline/config"
	"github.com/nhs-readiness/readiness/pipeline/ingest"
	"github.com/nhs-readiness/readiness/pipeline/mapping"
	"github.com/nhs-readiness/readiness/pipeline/pseudonym"
	"github.com/nhs-readiness/readiness/pipeline/sheet"
	"github.com/nhs-readiness/readiness/pipeline/warehouse"
	"github.com/nhs-readiness/readiness/reports"
)

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
			"respondents", r.Respondents, "rejects", r.Rejects)
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

// Ingest loads the sources into the warehouse and reports each file's outcome. A warehouse that
// cannot be checkpointed and closed is an error: the run must not report success.
func Ingest(ctx context.Context, cfg *config.Config, sources []Source, env Env) (sum *Summary, err error) {
	wh, sum, err := load(ctx, cfg, sources, env)
	if wh != nil {
		err = errors.Join(err, wh.Close())
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
	return wh, sum, ingestAll(ctx, loader, sources, env, sum, filepath.Join(filepath.Dir(wh.Path), FeedbackDir))
}

// FeedbackDir is the folder, beside the warehouse (so under the output folder by default), where
// a load writes each file's feedback for its trust (what validate writes): FILE.feedback.xlsx and
// FILE.problems.csv.
const FeedbackDir = "feedback"

// feedback writes a loaded or refused file's feedback for its trust into dir: how its columns were
// read (none for a file that could not be read) and its problems.
func feedback(dir string, st *ingest.Staged, src Source, res ingest.Result, problems []ingest.Problem, refused error) ([]string, error) {
	return writeFeedback(dir, src.Path, reports.Feedback{Result: res, Columns: st.Columns(), Problems: problems}, refused)
}

// ingestAll loads the sources one after another, in order. Each file is prepared (opened,
// recognised, read ahead) and staged on a connection of its own, on a goroutine, while the one
// before it loads: reading, parsing and staging the next file overlap with the warehouse's work
// on the current one. With more than one file, each DuckDB statement runs on one thread while the
// files load (warehouse.LimitThreads): the two sides keep the cores busy.
func ingestAll(ctx context.Context, loader *ingest.Loader, sources []Source, env Env, sum *Summary, feedbackDir string) (err error) {
	if len(sources) > 1 {
		restore, lerr := loader.WH.LimitThreads(ctx, 1)
		if lerr != nil {
			return lerr
		}
		defer func() { err = errors.Join(err, restore(context.WithoutCancel(ctx))) }()
	}
	stage := func(i int) <-chan *ingest.Staged {
		ch := make(chan *ingest.Staged, 1)
		src, name := sources[i], filepath.Base(sources[i].Path)
		opt := src.Options
		opt.Progress = func(rows int) {
			env.Progress.Show("[%d/%d] %s: %d rows read", i+1, len(sources), name, rows)
		}
		go func() { ch <- loader.Stage(ctx, loader.Prepare(src.Path, src.Options), opt) }()
		return ch
	}
	var next <-chan *ingest.Staged
	if len(sources) > 0 {
		next = stage(0)
	}
	defer func() {
		if next != nil {
			(<-next).Close(context.WithoutCancel(ctx))
		}
	}()
	for i, src := range sources {
		name := filepath.Base(src.Path)
		st := <-next
		next = nil
		if i+1 < len(sources) {
			next = stage(i + 1)
		}
		res, err := loader.LoadStaged(ctx, st)
		env.Progress.Done()
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if !errors.Is(err, ingest.ErrRefused) && !errors.Is(err, sheet.ErrUnreadable) {
				return err
			}
			env.Log.Warn("file refused", "file", name, "error", err.Error())
			o := Outcome{Path: src.Path, Result: res, Err: err}
			if o.Feedback, err = feedback(feedbackDir, st, src, res, nil, err); err != nil {
				return fmt.Errorf("feedback for %s: %w", name, err)
			}
			sum.Outcomes = append(sum.Outcomes, o)
			continue
		}
		for _, n := range res.Notes {
			env.Log.Warn("trust or quarter", "file", name, "note", n)
		}
		env.Log.Info("file ingested", "file", name, "status", res.Status, "trust", res.Trust, "quarter", res.Quarter,
			"rows_read", res.RowsRead, "rows_loaded", res.RowsLoaded, "rows_rejected", res.RowsRejected)
		o := Outcome{Path: src.Path, Result: res}
		var problems []ingest.Problem // all of them for the trust's feedback; the first few on the command line
		if res.Status != ingest.StatusUnchanged {
			if problems, err = submissionProblems(ctx, loader.WH, res); err != nil {
				return err
			}
			o.Problems, o.ProblemsTotal = problems[:min(problemsShown, len(problems))], len(problems)
		}
		if o.Feedback, err = feedback(feedbackDir, st, src, res, problems, nil); err != nil {
			return fmt.Errorf("feedback for %s: %w", name, err)
		}
		sum.Outcomes = append(sum.Outcomes, o)
	}
	if len(sources) > 0 {
		env.Log.Info("feedback written for each file's trust", "folder", feedbackDir)
	}
	return nil
}
