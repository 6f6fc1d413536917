package warehouse

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/nhs-readiness/readiness/queries"
)

// Execer runs statements and queries: a *sql.DB, *sql.Conn or *sql.Tx.
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// CubeTables are the stored cubes, each the rows of the view of the same name with a v_ prefix,
// and the state they were computed in (see queries/schema/0006_stored_cubes.sql).
var CubeTables = []string{"cube_domain", "cube_subdomain", "cube_respondents", "cube_levels", "cube_capabilities", "cube_state"}

// RefreshCubes computes the stored cubes of the submissions whose rows are missing or were
// computed with other reference data: after a load, the new submission; after a change of
// framework, all of them. It runs in the caller's transaction when given one.
func RefreshCubes(ctx context.Context, db Execer) error {
	ids, err := staleCubes(ctx, db)
	if err != nil {
		return err
	}
	for _, id := range ids {
		// One batch, so that the variable and the temporary table live on one connection; the
		// id is an integer read from the warehouse.
		batch := fmt.Sprintf("SET VARIABLE cube_submission = %d;\n", id) + queries.MustGet("load/refresh_cubes.sql")
		if _, err := db.ExecContext(ctx, batch); err != nil {
			return fmt.Errorf("warehouse: cubes of submission %d: %w", id, err)
		}
	}
	return nil
}

// staleCubes lists the submissions whose stored cubes are missing or out of date.
func staleCubes(ctx context.Context, db Execer) ([]int, error) {
	rows, err := db.QueryContext(ctx, queries.MustGet("load/stale_cubes.sql"))
	if err != nil {
		return nil, fmt.Errorf("warehouse: check cubes: %w", err)
	}
	defer rows.Close()
	var ids []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("warehouse: check cubes: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// refreshStale brings stale cubes up to date in one transaction.
func (w *Warehouse) refreshStale(ctx context.Context) error {
	ids, err := staleCubes(ctx, w.DB)
	if err != nil || len(ids) == 0 {
		return err
	}
	tx, err := w.DB.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("warehouse: refresh cubes: %w", err)
	}
	if err := RefreshCubes(ctx, tx); err != nil {
		return fmt.Errorf("%w (rollback: %v)", err, tx.Rollback())
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("warehouse: refresh cubes: %w", err)
	}
	return nil
}
