package ingest

import (
	"context"
	"errors"
	"fmt"
	"sync"

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
	return l.LoadStaged(ctx, l.Stage(ctx, pr, opt))
}

// Staged is a file whose rows are staged in the temporary tables of a connection of its own,
// waiting for its turn to load (LoadStaged). Staging reads and writes nothing of the warehouse
// file, so a run stages the next file while the current one loads: the staging's Go work
// (reading rows, pseudonymising, numbering answers) overlaps the warehouse's. Nothing of a
// staged file outlives its connection; Close it if it is not loaded.
type Staged struct {
	pr     *Prepared
	opt    Options
	tx     *warehouse.Tx
	res    Result
	staged stageResult
	step   steps
	// several lists the trusts of a file that names more than one (loaded by loadSplit in turn);
	// checked says the file's rows were checked already (see check).
	several []string
	checked bool
	err     error // why the file is refused (or could not be staged), for LoadStaged to return
}

// Columns reports how the file's columns were mapped (see Prepared.Columns).
func (s *Staged) Columns() []mapping.Column { return s.pr.Columns() }

// Close rolls back what was staged, releases its connection and closes the file.
func (s *Staged) Close(ctx context.Context) error {
	s.pr.Close()
	return s.release(ctx)
}

// release rolls back what was staged and releases the connection, once.
func (s *Staged) release(ctx context.Context) error {
	if s.tx == nil {
		return nil
	}
	tx := s.tx
	s.tx = nil
	return tx.Close(ctx)
}

// Stage checks a prepared file's options and stages its rows on a connection of its own. It
// may run while another file loads; LoadStaged, in file order, loads it. An error is kept for
// LoadStaged to return.
func (l *Loader) Stage(ctx context.Context, pr *Prepared, opt Options) *Staged {
	s := &Staged{pr: pr, res: Result{File: pr.name}, step: steps{log: l.log(), file: pr.name}}
	s.opt, s.err = l.stageFile(ctx, s, opt)
	if s.err != nil { // a refused file does not hold a connection until its turn
		if cerr := s.release(ctx); cerr != nil {
			s.err = errors.Join(s.err, fmt.Errorf("ingest %s: %w", pr.name, cerr))
		}
	}
	return s
}

func (l *Loader) stageFile(ctx context.Context, s *Staged, opt Options) (Options, error) {
	pr, res := s.pr, &s.res
	name := pr.name
	if opt.UnknownValues == "" {
		opt.UnknownValues = "keep"
	}
	if opt.MultiTrust == "" {
		opt.MultiTrust = MultiTrustSplit
	}
	if opt.MultiTrust != MultiTrustSplit && opt.MultiTrust != MultiTrustRefuse {
		return opt, fmt.Errorf("%w %s: multi_trust is %q; use split or refuse", ErrRefused, name, opt.MultiTrust)
	}
	if opt.UnknownValues != "keep" && opt.UnknownValues != "reject" {
		return opt, fmt.Errorf("%w %s: unknown_values is %q; use keep or reject", ErrRefused, name, opt.UnknownValues)
	}
	if opt.MaxCells <= 0 {
		opt.MaxCells = DefaultMaxCells
	}
	if pr.plan != nil { // what was read, also for a refused file's feedback
		p := pr.plan
		res.Sheet, res.Dialect, res.Layout, res.HeaderRows = pr.tbl.Sheet(), pr.tbl.Format()+"-"+p.dialect.Name(), p.dialect.Layout(), p.headerRows
	}
	if pr.err != nil {
		return opt, pr.err
	}
	p := pr.plan
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
	var err error
	if s.tx, err = l.WH.Begin(ctx); err != nil {
		return opt, fmt.Errorf("ingest %s: %w", name, err)
	}
	if err := s.tx.ClearStaging(ctx); err != nil {
		return opt, fmt.Errorf("ingest %s: %w", name, err)
	}
	err = s.step.run("stage", func() (err error) {
		s.staged, err = l.stage(ctx, s.tx, p, pr.rows, pr.hash, opt)
		return err
	})
	if err != nil {
		if errors.Is(err, ErrRefused) || errors.Is(err, sheet.ErrUnreadable) {
			return opt, err // the whole file is refused; nothing of it was kept
		}
		return opt, fmt.Errorf("ingest %s: %w", name, err)
	}
	if s.staged.rows == 0 {
		// Loading it would replace an earlier submission of the trust and quarter with nothing.
		return opt, fmt.Errorf("%w %s: the file has a header but no rows of answers; nothing to load", ErrRefused, name)
	}
	// What the file is for, and the checks of its rows, read only what it staged and the
	// reference tables, which do not change while files load.
	tx := s.tx
	err = s.step.run("decide quarter, trust and scale", func() (err error) {
		if res.Quarter, err = decideQuarter(ctx, tx, name, opt, res); err != nil {
			return err
		}
		if res.Trust, s.several, err = decideTrust(ctx, tx, name, opt, res); err != nil {
			return err
		}
		res.Scale, err = decideScale(ctx, tx, name, opt.Scale)
		return err
	})
	if err != nil || len(s.several) > 0 {
		return opt, err
	}
	if err := l.check(ctx, tx, s.step, name, s.staged, opt, res); err != nil {
		return opt, err
	}
	s.checked = true
	return opt, nil
}

// check stages the load's settings (its submission id 0 until its turn) and runs the normalise
// steps that write only staging tables (queries.Step.StagingOnly): rows resolved against the
// scale and the vocabularies, and the problems found in them.
func (l *Loader) check(ctx context.Context, tx *warehouse.Tx, step steps, name string, staged stageResult, opt Options, res *Result) error {
	if err := tx.Exec(ctx, queries.StageSettings, 0, name, nullIfEmpty(res.Sheet), res.Quarter,
		nullIfEmpty(res.Trust), res.Layout, res.Scale, opt.UnknownValues, staged.dedupe); err != nil {
		return fmt.Errorf("ingest %s: %w", name, err)
	}
	checks, _, err := normaliseSteps()
	if err != nil {
		return err
	}
	if err := tx.ExecSteps(ctx, checks, step.run); err != nil {
		return fmt.Errorf("ingest %s: normalise %w", name, err)
	}
	return nil
}

// normaliseSteps splits the normalise steps into those that write only staging tables (run by
// check, before the load's turn) and the rest (run in turn). Each part keeps the file order, and
// no check comes after a step that writes the warehouse. The embedded files are read and split
// once per process, not twice per file.
func normaliseSteps() (checks, loads []queries.Step, err error) {
	p, err := splitNormalise()
	return p.checks, p.loads, err
}

type normaliseParts struct{ checks, loads []queries.Step }

var splitNormalise = sync.OnceValues(func() (normaliseParts, error) {
	var p normaliseParts
	steps, err := queries.Normalise()
	if err != nil {
		return p, err
	}
	for _, st := range steps {
		if st.StagingOnly() && len(p.loads) == 0 {
			p.checks = append(p.checks, st)
		} else {
			p.loads = append(p.loads, st)
		}
	}
	return p, nil
})

// LoadStaged loads a staged file as a submission, in one transaction of its connection begun
// now, so that it sees every file loaded before it; it closes the staged file. Loads run one at
// a time, in the order they are called.
func (l *Loader) LoadStaged(ctx context.Context, s *Staged) (res Result, err error) {
	defer func() {
		if cerr := s.Close(ctx); cerr != nil {
			err = errors.Join(err, fmt.Errorf("ingest %s: %w", s.pr.name, cerr))
		}
	}()
	l.mu.Lock()
	defer l.mu.Unlock()
	res, opt, name, step := s.res, s.opt, s.pr.name, s.step
	if s.err != nil {
		return res, s.err
	}
	tx := s.tx
	// The staging transaction began before the files loaded since; the load reads the warehouse
	// as it is now. The staged rows are temporary tables of the connection: they stay.
	if err := tx.Renew(ctx); err != nil {
		return res, fmt.Errorf("ingest %s: %w", name, err)
	}
	hash, staged := s.pr.hash, s.staged
	if len(s.several) > 0 {
		return l.loadSplit(ctx, tx, step, name, hash, staged, opt, res, s.several)
	}
	if err := l.loadSubmission(ctx, tx, step, name, hash, staged, opt, s.checked, &res); err != nil || res.Status == StatusUnchanged {
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
func (l *Loader) loadSubmission(ctx context.Context, tx *warehouse.Tx, step steps, name, hash string, staged stageResult, opt Options, checked bool, res *Result) error {
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
	if !checked {
		if err := l.check(ctx, tx, step, name, staged, opt, res); err != nil {
			return err
		}
	}
	if err := tx.Exec(ctx, queries.StageSubmission, res.SubmissionID); err != nil {
		return fmt.Errorf("ingest %s: %w", name, err)
	}
	if err := step.run("number targets", func() error { return tx.Exec(ctx, queries.NumberTargets) }); err != nil {
		return fmt.Errorf("ingest %s: %w", name, err)
	}
	_, loads, err := normaliseSteps()
	if err != nil {
		return err
	}
	if err := tx.ExecSteps(ctx, loads, step.run); err != nil {
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
