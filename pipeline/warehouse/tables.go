package warehouse

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/nhs-readiness/readiness/queries"
)

// factTables hold a submission's rows besides its stored cubes, children first (the submission
// row, the ledger, last). The cubes are read from the schema itself (queries/tables/list.sql):
// together, the one list of tables the warehouse repairs and replaces a submission in.
var factTables = []string{"answers", "respondents", "rejects", "submission_frameworks", "submissions"}

// tables are the statements over the schema's tables, made once at open.
type tables struct {
	cubes                              []string
	removeSubmission, removeUncommited []string
}

// readTables lists the cube tables and makes the statements over them.
func readTables(ctx context.Context, db *sql.DB) (*tables, error) {
	rows, err := db.QueryContext(ctx, queries.TableList.SQL())
	if err != nil {
		return nil, fmt.Errorf("warehouse: list tables: %w", err)
	}
	defer rows.Close()
	t := &tables{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, fmt.Errorf("warehouse: list tables: %w", err)
		}
		t.cubes = append(t.cubes, name)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("warehouse: list tables: %w", err)
	}
	fill := func(q queries.Name, names []string) []string {
		out := make([]string, len(names))
		for i, n := range names {
			out[i] = q.Fill(map[string]string{"table": n}) // names from the schema, never input
		}
		return out
	}
	t.removeSubmission = fill(queries.TableRemoveSubmission, append(append([]string{}, factTables...), t.cubes...))
	t.removeUncommited = fill(queries.TableRemoveUncommitted, append(append([]string{}, t.cubes...), "submission_frameworks"))
	return t, nil
}

// runEach runs statements in turn, each with the same arguments.
func runEach(ctx context.Context, db execer, stmts []string, args ...any) error {
	for _, s := range stmts {
		if _, err := db.ExecContext(ctx, s, args...); err != nil {
			return fmt.Errorf("%.60s: %w", s, err)
		}
	}
	return nil
}
