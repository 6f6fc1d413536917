package ingest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/nhs-readiness/readiness/pipeline/warehouse"
	"github.com/nhs-readiness/readiness/queries"
)

// removePrevious deletes the earlier submission for the same trust and quarter (or, for a file
// without a single trust, the same file name and quarter) and returns its id.
func removePrevious(ctx context.Context, tx *warehouse.Tx, name, trust, quarter string) (int, error) {
	var id int
	var err error
	if trust != "" {
		err = tx.QueryRow(ctx, queries.PreviousForTrust, trust, quarter).Scan(&id)
	} else {
		err = tx.QueryRow(ctx, queries.PreviousForFile, name, quarter).Scan(&id)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("ingest %s: find earlier submission: %w", name, err)
	}
	if err := tx.RemoveSubmission(ctx, id); err != nil {
		return 0, fmt.Errorf("ingest %s: remove earlier submission %d: %w", name, id, err)
	}
	return id, nil
}

// sameContent reports whether the same bytes were loaded already for the same trust and quarter.
func sameContent(ctx context.Context, tx *warehouse.Tx, hash, quarter, trust string) (bool, error) {
	var n int
	if err := tx.QueryRow(ctx, queries.SameContent, hash, quarter, nullIfEmpty(trust)).Scan(&n); err != nil {
		return false, err
	}
	return n > 0, nil
}
