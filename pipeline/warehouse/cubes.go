package warehouse

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"slices"

	"github.com/nhs-readiness/readiness/queries"
)

// execer runs statements and queries: a *sql.DB, *sql.Conn or *sql.Tx.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// refreshCubes computes the stored cubes of the load under way (load, 0 for none) and of the
// submissions whose rows are missing or were computed with other reference data (after a change
// of framework, all of them; see queries/load/refresh_cubes.sql). The reference data's
// fingerprint is read once (staleCubes), for the check and for the cube_state rows written.
func refreshCubes(ctx context.Context, db execer, load int) error {
	fp, ids, err := staleCubes(ctx, db)
	if err != nil {
		return err
	}
	if load > 0 && !slices.Contains(ids, load) {
		ids = append(ids, load)
	}
	for _, id := range ids {
		// One batch, so that the variables and the temporary tables live on one connection; the
		// id is an integer read from the warehouse, the fingerprint an MD5 in hex (checked).
		batch := fmt.Sprintf("SET VARIABLE cube_submission = %d;\nSET VARIABLE cube_fingerprint = '%s';\n", id, fp) + queries.RefreshCubes.SQL()
		if _, err := db.ExecContext(ctx, batch); err != nil {
			return fmt.Errorf("warehouse: cubes of submission %d: %w", id, err)
		}
	}
	return nil
}

// md5Hex is what a fingerprint must look like to be written into a statement.
var md5Hex = regexp.MustCompile(`^[0-9a-f]{32}$`)

// fingerprint reads the reference data's fingerprint (queries/load/reference_fingerprint.sql).
func fingerprint(ctx context.Context, db execer) (string, error) {
	var fp string
	if err := db.QueryRowContext(ctx, queries.Fingerprint.SQL()).Scan(&fp); err != nil {
		return "", fmt.Errorf("warehouse: %s: %w", queries.Fingerprint, err)
	}
	if !md5Hex.MatchString(fp) {
		return "", fmt.Errorf("warehouse: %s: %q is not an MD5 in hex", queries.Fingerprint, fp)
	}
	return fp, nil
}

// staleCubes reads the reference data's fingerprint now and lists the submissions whose stored
// cubes are missing or were computed with another.
func staleCubes(ctx context.Context, db execer) (fp string, ids []int, err error) {
	if fp, err = fingerprint(ctx, db); err != nil {
		return "", nil, err
	}
	rows, err := db.QueryContext(ctx, queries.StaleCubes.SQL(), fp)
	if err != nil {
		return "", nil, fmt.Errorf("warehouse: check cubes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return "", nil, fmt.Errorf("warehouse: check cubes: %w", err)
		}
		ids = append(ids, id)
	}
	return fp, ids, rows.Err()
}

// RefreshCubes brings stale stored cubes up to date in one transaction (after rows were written
// by hand, or a change of reference data).
func (w *Warehouse) RefreshCubes(ctx context.Context) error { return w.refreshStale(ctx) }

// refreshStale brings stale cubes up to date in one transaction.
func (w *Warehouse) refreshStale(ctx context.Context) error {
	_, ids, err := staleCubes(ctx, w.db)
	if err != nil || len(ids) == 0 {
		return err
	}
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("warehouse: refresh cubes: %w", err)
	}
	if err := refreshCubes(ctx, tx, 0); err != nil {
		return fmt.Errorf("%w (rollback: %v)", err, tx.Rollback())
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("warehouse: refresh cubes: %w", err)
	}
	return nil
}
