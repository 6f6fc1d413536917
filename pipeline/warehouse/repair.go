package warehouse

import (
	"context"
	"errors"
	"fmt"
)

// Repaired counts rows that Repair removed.
type Repaired struct {
	Responses, Respondents, Rejects, Staging int64
}

// Any reports whether anything was removed.
func (r Repaired) Any() bool { return r.Responses+r.Respondents+r.Rejects+r.Staging > 0 }

// repairs delete rows that no committed submission accounts for, children first. The submission
// row is the last thing a load writes, so it is the ledger: rows of a load whose submission is
// missing did not commit.
var repairs = []struct {
	name string
	sql  string
}{
	{"answers", `DELETE FROM answers x WHERE NOT EXISTS (SELECT 1 FROM respondents r
		WHERE r.submission_id = x.submission_id AND r.source_row = x.source_row
		  AND EXISTS (SELECT 1 FROM submissions s WHERE s.submission_id = r.submission_id))`},
	{"respondents", `DELETE FROM respondents r WHERE NOT EXISTS (SELECT 1 FROM submissions s WHERE s.submission_id = r.submission_id)`},
	{"rejects", `DELETE FROM rejects j WHERE NOT EXISTS (SELECT 1 FROM submissions s WHERE s.submission_id = j.submission_id)`},
}

// cubeRepair deletes a stored cube's rows of submissions that did not commit.
const cubeRepair = `DELETE FROM %s c WHERE NOT EXISTS (SELECT 1 FROM submissions s WHERE s.submission_id = c.submission_id)`

// Repair removes rows that a load killed part-way left behind, in one transaction. DuckDB writes
// large appends to the database file before their transaction commits, and a process killed
// while committing can leave such rows visible on the next open (an upstream defect:
// duckdb/duckdb pull request 25931). Open runs it before anything else touches the warehouse.
func (w *Warehouse) Repair(ctx context.Context) (rep Repaired, err error) {
	tx, err := w.DB.BeginTx(ctx, nil)
	if err != nil {
		return rep, fmt.Errorf("warehouse: repair: %w", err)
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, tx.Rollback())
		}
	}()
	// The ledger's totals match the tables' row counts (read from metadata): nothing came back,
	// and the searches over every answer are skipped.
	var consistent bool
	if err := tx.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM answers) = (SELECT coalesce(sum(answers), 0) FROM submissions)
		AND (SELECT count(*) FROM respondents) = (SELECT coalesce(sum(respondents), 0) FROM submissions)
		AND NOT EXISTS (SELECT 1 FROM submissions WHERE answers IS NULL)`).Scan(&consistent); err != nil {
		return rep, fmt.Errorf("warehouse: repair: %w", err)
	}
	counts := []*int64{&rep.Responses, &rep.Respondents, &rep.Rejects}
	for i, r := range repairs {
		if consistent && r.name != "rejects" {
			continue
		}
		res, err := tx.ExecContext(ctx, r.sql)
		if err != nil {
			return rep, fmt.Errorf("warehouse: repair %s: %w", r.name, err)
		}
		*counts[i], _ = res.RowsAffected()
	}
	for _, t := range CubeTables {
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(cubeRepair, t)); err != nil { // constant names
			return rep, fmt.Errorf("warehouse: repair %s: %w", t, err)
		}
	}
	for _, t := range StagingTables {
		res, err := tx.ExecContext(ctx, "DELETE FROM "+t) // constant names
		if err != nil {
			return rep, fmt.Errorf("warehouse: repair %s: %w", t, err)
		}
		n, _ := res.RowsAffected()
		rep.Staging += n
	}
	if !rep.Any() {
		return rep, tx.Rollback()
	}
	return rep, tx.Commit()
}

// StagingTables are the tables a load stages a file in, inside its transaction; empty otherwise.
var StagingTables = []string{"staging.load", "staging.columns", "staging.rows", "staging.cells", "staging.targets",
	"staging.answer_values", "staging.answer_levels", "staging.resolved", "staging.problems"}
