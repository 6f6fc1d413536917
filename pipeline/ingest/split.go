package ingest

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/nhs-readiness/readiness/pipeline/warehouse"
	"github.com/nhs-readiness/readiness/queries"
)

// loadSplit loads a file whose Trust column names several trusts (a regional collation) as one
// submission per trust, and its rows of a blank or unknown trust as one more keyed by the file's
// name, all in the file's one transaction: each has its own ledger row, counts and resubmission
// rule, so that a trust's own file loaded later replaces exactly that trust's rows and nobody is
// counted twice. The result sums the parts (Parts holds each).
func (l *Loader) loadSplit(ctx context.Context, tx *warehouse.Tx, step steps, name, hash string, staged stageResult,
	opt Options, res Result, trusts []string) (Result, error) {
	if opt.MultiTrust == MultiTrustRefuse {
		return res, fmt.Errorf("%w %s: the file holds rows of several trusts (%s) and the config says to refuse such files "+
			"(multi_trust: refuse); send a file per trust, or set multi_trust: split", ErrRefused, name, strings.Join(trusts, ", "))
	}
	if err := tx.Exec(ctx, queries.SplitSave); err != nil {
		return res, fmt.Errorf("ingest %s: %w", name, err)
	}
	groups, err := tx.Strings(ctx, queries.SplitGroups)
	if err != nil {
		return res, fmt.Errorf("ingest %s: %w", name, err)
	}
	res.note("the file holds rows of %d trusts (%s): each is loaded as a submission of its own", len(trusts), strings.Join(trusts, ", "))
	unchanged := 0
	for _, trust := range groups {
		part := res
		part.Notes, part.Trust = nil, trust
		if err := tx.ClearStaging(ctx); err != nil {
			return res, fmt.Errorf("ingest %s: %w", name, err)
		}
		if err := tx.Exec(ctx, queries.SplitCurrent, trust); err != nil {
			return res, fmt.Errorf("ingest %s: %w", name, err)
		}
		if err := tx.Exec(ctx, queries.SplitPart); err != nil {
			return res, fmt.Errorf("ingest %s: %w", name, err)
		}
		if err := l.loadSubmission(ctx, tx, step, name, hash, staged, opt, false, &part); err != nil {
			if trust != "" && errors.Is(err, ErrRefused) {
				err = fmt.Errorf("%w (the rows of trust %s)", err, trust)
			}
			return res, err
		}
		if part.Status == StatusUnchanged {
			unchanged++
		}
		res.Parts = append(res.Parts, part)
	}
	if err := tx.Exec(ctx, queries.SplitDrop); err != nil {
		return res, fmt.Errorf("ingest %s: %w", name, err)
	}
	res.Trust = strings.Join(trusts, ",")
	res.Status = StatusLoaded
	for _, p := range res.Parts {
		res.RowsRead += p.RowsRead
		res.RowsLoaded += p.RowsLoaded
		res.RowsRejected += p.RowsRejected
		res.RowsWarned += p.RowsWarned
		res.Respondents += p.Respondents
		if p.Status == StatusReplaced {
			res.Status = StatusReplaced
		}
		if res.SubmissionID == 0 {
			res.SubmissionID = p.SubmissionID
		}
	}
	if unchanged == len(res.Parts) {
		res.Status = StatusUnchanged
		return res, nil // the same file again: nothing to commit
	}
	if unchanged > 0 {
		return res, fmt.Errorf("%w %s: some of its trusts' rows were loaded from these bytes before and some not; load the trusts' files one by one",
			ErrRefused, name)
	}
	if err := step.run("commit", func() error { return tx.Commit(ctx) }); err != nil {
		return res, fmt.Errorf("ingest %s: %w", name, err)
	}
	return res, nil
}

// SubmissionIDs are the submissions a load made: one, or one per trust of a split file.
func (r Result) SubmissionIDs() []int {
	if len(r.Parts) == 0 {
		if r.SubmissionID == 0 {
			return nil
		}
		return []int{r.SubmissionID}
	}
	var out []int
	for _, p := range r.Parts {
		if p.SubmissionID != 0 {
			out = append(out, p.SubmissionID)
		}
	}
	return out
}
