package heatmap

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/nhs-readiness/readiness/pipeline/warehouse"
	"github.com/nhs-readiness/readiness/queries"
)

// Overview is what a quarter's report says besides its heatmaps: the framework, totals, the
// files loaded, coverage by region and profession, and readiness per domain.
type Overview struct {
	FrameworkVersion string
	FrameworkSource  string
	Respondents      int
	Trusts           int
	Files            int
	RowsRead         int
	RowsLoaded       int
	RowsRejected     int
	Submissions      []Submission
	DomainReadiness  []DomainValue // overall, lowest first: the largest gaps
	Coverage         []Coverage
}

// Coverage is the number of respondents of one region or profession (nil when suppressed).
type Coverage struct {
	Dimension, Key, Label string
	N                     *int
}

// Submission is one loaded file of the quarter.
type Submission struct {
	File, Trust, TrustName, Region             string
	RowsRead, RowsLoaded, RowsRejected         int
	RowsWarned, ColumnsMapped, ColumnsUnmapped int
}

// DomainValue is the readiness of all respondents of the quarter in one domain.
type DomainValue struct {
	Domain, Name string
	Value        float64
	N            int
}

// Collect reads the quarter's overview from the warehouse.
func Collect(ctx context.Context, wh *warehouse.Warehouse, quarter string, threshold int) (*Overview, error) {
	d := &Overview{}
	if err := wh.QueryRow(ctx, queries.Framework, quarter).Scan(&d.FrameworkVersion, &d.FrameworkSource); err != nil {
		return nil, fmt.Errorf("overview: framework: %w", err)
	}
	if err := wh.QueryRow(ctx, queries.QuarterTotals, quarter).Scan(&d.Respondents, &d.Trusts); err != nil {
		return nil, fmt.Errorf("overview: totals: %w", err)
	}
	err := wh.Each(ctx, queries.Submissions, []any{quarter}, func(rows *sql.Rows) error {
		var s Submission
		if err := rows.Scan(&s.File, &s.Trust, &s.TrustName, &s.Region, &s.RowsRead, &s.RowsLoaded, &s.RowsRejected,
			&s.RowsWarned, &s.ColumnsMapped, &s.ColumnsUnmapped); err != nil {
			return err
		}
		d.Submissions = append(d.Submissions, s)
		d.Files++
		d.RowsRead += s.RowsRead
		d.RowsLoaded += s.RowsLoaded
		d.RowsRejected += s.RowsRejected
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("overview: %w", err)
	}
	params := []any{sql.Named("quarter", quarter), sql.Named("threshold", threshold)}
	err = wh.Each(ctx, queries.Coverage, params, func(rows *sql.Rows) error {
		var c Coverage
		var key sql.NullString
		var n sql.NullInt64
		if err := rows.Scan(&c.Dimension, &key, &c.Label, &n); err != nil {
			return err
		}
		c.Key = key.String
		if n.Valid {
			v := int(n.Int64)
			c.N = &v
		}
		d.Coverage = append(d.Coverage, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("overview: %w", err)
	}
	err = wh.Each(ctx, queries.DomainReadiness, params, func(rows *sql.Rows) error {
		var v DomainValue
		if err := rows.Scan(&v.Domain, &v.Name, &v.Value, &v.N); err != nil {
			return err
		}
		d.DomainReadiness = append(d.DomainReadiness, v)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("overview: %w", err)
	}
	return d, nil
}
