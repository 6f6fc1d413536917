package ingest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/nhs-readiness/readiness/pipeline/warehouse"
	"github.com/nhs-readiness/readiness/queries"
)

// previous is the submission a load replaces.
type previous struct {
	id         int
	file       string
	rowsLoaded int
}

// ReplaceShare is the share of a submission's loaded rows below which a file that would replace
// it is refused unless the user confirms (--replace): a resubmission never makes things worse
// silently.
const ReplaceShare = 0.5

// removePrevious deletes the earlier submission for the same trust and quarter (or, for a file
// without a single trust, the same file name and quarter) and returns it.
func removePrevious(ctx context.Context, tx *warehouse.Tx, name, trust, quarter string) (previous, error) {
	var p previous
	var err error
	if trust != "" {
		err = tx.QueryRow(ctx, queries.PreviousForTrust, trust, quarter).Scan(&p.id, &p.file, &p.rowsLoaded)
	} else {
		err = tx.QueryRow(ctx, queries.PreviousForFile, name, quarter).Scan(&p.id, &p.file, &p.rowsLoaded)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return previous{}, nil
	}
	if err != nil {
		return p, fmt.Errorf("ingest %s: find earlier submission: %w", name, err)
	}
	if err := tx.RemoveSubmission(ctx, p.id); err != nil {
		return p, fmt.Errorf("ingest %s: remove earlier submission %d: %w", name, p.id, err)
	}
	return p, nil
}

// checkReplacement refuses a load that would replace a submission with far fewer loaded rows,
// unless the user asked for it; the transaction then rolls back and the earlier one stays.
func checkReplacement(name string, res Result, p previous, replace bool) error {
	if p.id == 0 || replace || float64(res.RowsLoaded) >= ReplaceShare*float64(p.rowsLoaded) {
		return nil
	}
	who := "trust " + res.Trust
	if res.Trust == "" {
		who = "this file name"
	}
	return fmt.Errorf("%w %s: it would replace the %s submission of %s (%s, %d rows loaded) with %d rows loaded (%d read, %d rejected), "+
		"under half as many; the earlier submission is kept. Load it with --replace (or replace: true for this input) if that is what you want",
		ErrRefused, name, res.Quarter, who, p.file, p.rowsLoaded, res.RowsLoaded, res.RowsRead, res.RowsRejected)
}

// sameContent reports whether the same bytes were loaded already for the same trust and quarter.
func sameContent(ctx context.Context, tx *warehouse.Tx, hash, quarter, trust string) (bool, error) {
	var n int
	if err := tx.QueryRow(ctx, queries.SameContent, hash, quarter, nullIfEmpty(trust)).Scan(&n); err != nil {
		return false, err
	}
	return n > 0, nil
}

// sameFramework refuses a load into a quarter whose other submissions were loaded with another
// framework: a quarter's figures use one framework, never a mix.
func sameFramework(ctx context.Context, tx *warehouse.Tx, name, quarter string) error {
	others, err := tx.Strings(ctx, queries.QuarterFrameworks, quarter)
	if err != nil {
		return fmt.Errorf("ingest %s: %w", name, err)
	}
	if len(others) == 0 {
		return nil
	}
	return fmt.Errorf("%w %s: %s's other submissions were loaded with framework %s, not the framework configured now; "+
		"a quarter's figures use one framework: load %s with the framework it was loaded with (framework: in the config), "+
		"or load the whole quarter into a new warehouse", ErrRefused, name, quarter, strings.Join(others, ", "), quarter)
}
