package ingest

import (
	"context"
	"errors"
	"fmt"

	"github.com/nhs-readiness/readiness/pipeline/mapping"
	"github.com/nhs-readiness/readiness/pipeline/sheet"
	"github.com/nhs-readiness/readiness/pipeline/warehouse"
	"github.com/nhs-readiness/readiness/queries"
)

// Load reads path and loads it as a submission. A refused file returns an error wrapping
// ErrRefused (or sheet.ErrUnreadable) and leaves the warehouse unchanged.
func (l *Loader) Load(ctx context.Context, path string, opt Options) (res Result, err error) {
	return l.LoadPrepared(ctx, l.Prepare(path, opt), opt)
}

// LoadPrepared loads a prepared file as a submission (see Load), and closes it.
func (l *Loader) LoadPrepared(ctx context.Context, pr *Prepared, opt Options) (res Result, err error) {
	defer pr.Close()
	l.mu.Lock()
	defer l.mu.Unlock()
	name := pr.name
	res = Result{File: name}
	if opt.UnknownValues == "" {
		opt.UnknownValues = "keep"
	}
	if opt.MultiTrust == "" {
		opt.MultiTrust = MultiTrustSplit
	}
	if opt.MultiTrust != MultiTrustSplit && opt.MultiTrust != MultiTrustRefuse {
		return res, fmt.Errorf("%w %s: multi_trust is %q; use split or refuse", ErrRefused, name, opt.MultiTrust)
	}
	if opt.UnknownValues != "keep" && opt.UnknownValues != "reject" {
		return res, fmt.Errorf("%w %s: unknown_values is %q; use keep or reject", ErrRefused, name, opt.UnknownValues)
	}
	if opt.MaxCells <= 0 {
		opt.MaxCells = DefaultMaxCells
	}
	if pr.plan != nil { // what was read, also for a refused file's feedback
		p := pr.plan
		res.Sheet, res.Dialect, res.Layout, res.HeaderRows = pr.tbl.Sheet(), pr.tbl.Format()+"-"+p.dialect.Name(), p.dialect.Layout(), p.headerRows
	}
	if pr.err != nil {
		return res, pr.err
	}
	hash, p := pr.hash, pr.plan
	if p.profile != nil {
		res.Profile = p.profile.Name
		if opt.Scale == "" {
			opt.Scale = p.profile.Scale
		}
	}
	for _, c := range p.cols {
		switch c.Role {
		case mapping.RoleUnmapped:
			res.ColumnsUnmapped++
		case mapping.RoleIgnored, mapping.RolePersonal:
		default:
			res.ColumnsMapped++
		}
	}

	tx, err := l.WH.Begin(ctx)
	if err != nil {
		return res, fmt.Errorf("ingest %s: %w", name, err)
	}
	defer func() {
		if cerr := tx.Close(ctx); cerr != nil {
			err = errors.Join(err, fmt.Errorf("ingest %s: %w", name, cerr))
		}
	}()
	step := steps{log: l.log(), file: name}
	if err := tx.ClearStaging(ctx); err != nil {
		return res, fmt.Errorf("ingest %s: %w", name, err)
	}
	var staged stageResult
	err = step.run("stage", func() (err error) {
		staged, err = l.stage(ctx, tx, p, pr.rows, hash, opt)
		return err
	})
	if err != nil {
		if errors.Is(err, ErrRefused) || errors.Is(err, sheet.ErrUnreadable) {
			return res, err // the whole file is refused; nothing of it was kept
		}
		return res, fmt.Errorf("ingest %s: %w", name, err)
	}
	if staged.rows == 0 {
		// Loading it would replace an earlier submission of the trust and quarter with nothing.
		return res, fmt.Errorf("%w %s: the file has a header but no rows of answers; nothing to load", ErrRefused, name)
	}
	var several []string
	err = step.run("decide quarter, trust and scale", func() (err error) {
		if res.Quarter, err = decideQuarter(ctx, tx, name, opt, &res); err != nil {
			return err
		}
		if res.Trust, several, err = decideTrust(ctx, tx, name, opt, &res); err != nil {
			return err
		}
		res.Scale, err = decideScale(ctx, tx, name, opt.Scale)
		return err
	})
	if err != nil {
		return res, err
	}
	if len(several) > 0 {
		return l.loadSplit(ctx, tx, step, name, hash, staged, opt, res, several)
	}
	if err := l.loadSubmission(ctx, tx, step, name, hash, staged, opt, &res); err != nil || res.Status == StatusUnchanged {
		return res, err
	}
	if err := step.run("commit", func() error { return tx.Commit(ctx) }); err != nil {
		return res, fmt.Errorf("ingest %s: %w", name, err)
	}
	return res, nil
}

// loadSubmission loads what is staged as one submission for res.Trust and res.Quarter, in the
// caller's transaction: it replaces the earlier one, normalises, counts and records. It sets
// res.Status (unchanged when the same bytes were loaded already: the caller then commits
// nothing).
func (l *Loader) loadSubmission(ctx context.Context, tx *warehouse.Tx, step steps, name, hash string, staged stageResult, opt Options, res *Result) error {
	// The same bytes for the same trust and quarter: nothing to do.
	same, err := sameContent(ctx, tx, hash, res.Quarter, res.Trust)
	if err != nil {
		return fmt.Errorf("ingest %s: %w", name, err)
	}
	if same {
		res.Status = StatusUnchanged
		return nil // rolled back by the caller's Close: nothing changes
	}
	var prev previous
	err = step.run("remove the earlier submission", func() (err error) {
		prev, err = removePrevious(ctx, tx, name, res.Trust, res.Quarter)
		res.ReplacedID = prev.id
		return err
	})
	if err != nil {
		return err
	}
	if err := sameFramework(ctx, tx, name, res.Quarter); err != nil {
		return err
	}
	if err := tx.QueryRow(ctx, queries.NextSubmission).Scan(&res.SubmissionID); err != nil {
		return fmt.Errorf("ingest %s: %w", name, err)
	}
	if err := tx.Exec(ctx, queries.StageSettings, res.SubmissionID, name, nullIfEmpty(res.Sheet), res.Quarter,
		nullIfEmpty(res.Trust), res.Layout, res.Scale, opt.UnknownValues, staged.dedupe); err != nil {
		return fmt.Errorf("ingest %s: %w", name, err)
	}
	if err := step.run("number targets", func() error { return tx.Exec(ctx, queries.NumberTargets) }); err != nil {
		return fmt.Errorf("ingest %s: %w", name, err)
	}
	normalise, err := queries.Normalise()
	if err != nil {
		return err
	}
	if err := tx.ExecSteps(ctx, normalise, step.run); err != nil {
		return fmt.Errorf("ingest %s: normalise %w", name, err)
	}
	var people int
	err = step.run("count", func() error {
		return tx.QueryRow(ctx, queries.Counts, res.SubmissionID).Scan(&res.RowsRead, &res.RowsLoaded, &res.RowsRejected, &res.RowsWarned, &res.Respondents, &people)
	})
	if err != nil {
		return fmt.Errorf("ingest %s: count rows: %w", name, err)
	}
	if people != res.Respondents {
		return fmt.Errorf("ingest %s: accounting does not hold: %d respondents loaded for %d people", name, res.Respondents, people)
	}
	if res.RowsRead != res.RowsLoaded+res.RowsRejected {
		return fmt.Errorf("ingest %s: accounting does not hold: %d rows read, %d loaded, %d rejected",
			name, res.RowsRead, res.RowsLoaded, res.RowsRejected)
	}
	if err := checkReplacement(name, *res, prev, opt.Replace); err != nil {
		return err
	}
	if err := step.run("cubes", func() error { return tx.RefreshCubes(ctx, res.SubmissionID) }); err != nil {
		return fmt.Errorf("ingest %s: %w", name, err)
	}
	err = step.run("record", func() error {
		if err := tx.Exec(ctx, queries.RecordFramework, res.SubmissionID); err != nil {
			return fmt.Errorf("record the framework: %w", err)
		}
		// The submission row is written last: it is the ledger Repair trusts.
		if err := tx.Exec(ctx, queries.RecordSubmission,
			res.SubmissionID, res.Layout, nullIfEmpty(res.Trust), res.Quarter, name, nullIfEmpty(res.Sheet), res.Dialect, res.Scale, hash,
			res.RowsRead, res.RowsLoaded, res.RowsRejected, res.RowsWarned, res.Respondents, res.ColumnsMapped, res.ColumnsUnmapped,
			res.SubmissionID); err != nil {
			return fmt.Errorf("record submission: %w", err)
		}
		return tx.ClearStaging(ctx)
	})
	if err != nil {
		return fmt.Errorf("ingest %s: %w", name, err)
	}
	res.Status = StatusLoaded
	if res.ReplacedID != 0 {
		res.Status = StatusReplaced
	}
	return nil
}
