package warehouse

import (
	"context"
	"errors"
	"fmt"

	"github.com/nhs-readiness/readiness/queries"
)

// Repaired counts rows that Repair removed.
type Repaired struct {
	Responses, Respondents, Rejects int64
}

// Any reports whether anything was removed.
func (r Repaired) Any() bool { return r.Responses+r.Respondents+r.Rejects > 0 }

// Repair removes rows that a load killed part-way left behind, in one transaction. The
// submission row is the last thing a load writes, so it is the ledger: rows of a load whose
// submission is missing did not commit. DuckDB writes large appends to the database file before
// their transaction commits, and a process killed while committing can leave such rows visible
// on the next open (an upstream defect: duckdb/duckdb pull request 25931). Open runs it before
// anything else touches the warehouse.
func (w *Warehouse) Repair(ctx context.Context) (rep Repaired, err error) {
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return rep, fmt.Errorf("warehouse: repair: %w", err)
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, tx.Rollback())
		}
	}()
	// The ledger's totals match the tables' row counts: the searches over every answer are skipped.
	var consistent bool
	if err := tx.QueryRowContext(ctx, queries.RepairConsistent.SQL()).Scan(&consistent); err != nil {
		return rep, fmt.Errorf("warehouse: repair: %w", err)
	}
	steps := []struct {
		q      queries.Name
		always bool
		n      *int64
	}{
		{queries.RepairAnswers, false, &rep.Responses},
		{queries.RepairRespondents, false, &rep.Respondents},
		{queries.RepairRejects, true, &rep.Rejects},
	}
	for _, s := range steps {
		if consistent && !s.always {
			continue
		}
		res, err := tx.ExecContext(ctx, s.q.SQL())
		if err != nil {
			return rep, fmt.Errorf("warehouse: repair: %s: %w", s.q, err)
		}
		*s.n, _ = res.RowsAffected()
	}
	if err := runEach(ctx, tx, w.tables.removeUncommited); err != nil {
		return rep, fmt.Errorf("warehouse: repair: %w", err)
	}
	if !rep.Any() {
		return rep, tx.Rollback()
	}
	return rep, tx.Commit()
}
