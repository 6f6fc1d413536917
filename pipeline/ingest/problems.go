package ingest

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/nhs-readiness/readiness/pipeline/warehouse"
	"github.com/nhs-readiness/readiness/queries"
)

// Problem is one row of rejects: something in a file the pipeline could not use as it was.
type Problem struct {
	File, Sheet           string
	Row                   int // 0 for a problem with a whole column
	Column, Header, Value string
	Severity              string // error (row not loaded) or warning (row loaded)
	Reason, Suggestion    string
}

// String reads like "row 7, column F ([1-L1-01] digital systems), 'Very sure': reason; suggestion".
func (p Problem) String() string {
	var where []string
	if p.Sheet != "" {
		where = append(where, "sheet "+p.Sheet)
	}
	if p.Row > 0 {
		where = append(where, fmt.Sprintf("row %d", p.Row))
	}
	if p.Column != "" {
		c := "column " + p.Column
		if p.Header != "" {
			c += " (" + p.Header + ")"
		}
		where = append(where, c)
	}
	s := p.Severity + ": " + strings.Join(where, ", ")
	if p.Value != "" {
		s += fmt.Sprintf(", '%s'", p.Value)
	}
	s += ": " + p.Reason
	if p.Suggestion != "" {
		s += "; " + p.Suggestion
	}
	return s
}

// Problems returns up to limit problems of a submission, errors first, in row order, and how
// many there are in all.
func Problems(ctx context.Context, wh *warehouse.Warehouse, submissionID, limit int) ([]Problem, int, error) {
	var total int
	if err := wh.QueryRow(ctx, queries.ProblemsCount, submissionID).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("problems: %w", err)
	}
	var out []Problem
	err := wh.Each(ctx, queries.Problems, []any{submissionID, limit}, func(rows *sql.Rows) error {
		var p Problem
		if err := rows.Scan(&p.File, &p.Sheet, &p.Row, &p.Column, &p.Header, &p.Value, &p.Severity, &p.Reason, &p.Suggestion); err != nil {
			return err
		}
		out = append(out, p)
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("problems: %w", err)
	}
	return out, total, nil
}
