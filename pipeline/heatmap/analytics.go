package heatmap

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/nhs-readiness/readiness/pipeline/warehouse"
	"github.com/nhs-readiness/readiness/queries"
)

// Gap is one of a group's least-met capabilities (queries/analytics/capability_gaps.sql).
type Gap struct {
	RowKey, RowLabel string
	Rank             int
	CapabilityID     string
	Statement        string
	Domain, Area     string
	Level            int
	N                int     // respondents of the group who answered it
	Share            float64 // share of them meeting it
}

// GapTable is the top capability gaps of every group of one dimension.
type GapTable struct {
	Dimension string // archetype or profession
	Gaps      []Gap
}

// GapDimensions are the dimensions whose groups get a list of capability gaps.
var GapDimensions = []string{"archetype", "profession"}

// Gaps returns, for each group of a dimension (archetype or profession), its top capability gaps:
// the relevant capabilities answered by at least threshold respondents with the lowest share met.
func Gaps(ctx context.Context, wh *warehouse.Warehouse, quarter, dimension string, threshold, top int) ([]Gap, error) {
	q := groupKey(queries.CapabilityGaps.SQL(), dimension)
	var out []Gap
	err := wh.EachText(ctx, q, []any{sql.Named("quarter", quarter), sql.Named("dimension", labelSet(dimension)),
		sql.Named("threshold", threshold), sql.Named("top", top)}, func(rows *sql.Rows) error {
		var g Gap
		var key sql.NullString
		var order int64
		if err := rows.Scan(&key, &g.RowLabel, &order, &g.Rank, &g.CapabilityID, &g.Statement, &g.Domain, &g.Area, &g.Level, &g.N, &g.Share); err != nil {
			return err
		}
		g.RowKey = key.String
		out = append(out, g)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("capability gaps: %w", err)
	}
	return out, nil
}

// AllGaps returns the gap tables of every gap dimension.
func AllGaps(ctx context.Context, wh *warehouse.Warehouse, quarter string, threshold, top int) ([]GapTable, error) {
	var out []GapTable
	for _, dim := range GapDimensions {
		gaps, err := Gaps(ctx, wh, quarter, dim, threshold, top)
		if err != nil {
			return nil, err
		}
		out = append(out, GapTable{Dimension: dim, Gaps: gaps})
	}
	return out, nil
}

// LevelShare is the share of a domain's respondents whose highest met level is Level
// (queries/analytics/level_profile.sql).
type LevelShare struct {
	Domain, DomainName string
	Level              int
	N                  int      // respondents with a relevant answer in the domain
	Share              *float64 // nil when suppressed or empty
	Suppressed         bool
}

// LevelProfile returns the level profile of every domain for a quarter.
func LevelProfile(ctx context.Context, wh *warehouse.Warehouse, quarter string, threshold int) ([]LevelShare, error) {
	var out []LevelShare
	err := wh.Each(ctx, queries.LevelProfile, []any{sql.Named("quarter", quarter), sql.Named("threshold", threshold)}, func(rows *sql.Rows) error {
		var l LevelShare
		var share sql.NullFloat64
		if err := rows.Scan(&l.Domain, &l.DomainName, &l.Level, &l.N, &share, &l.Suppressed); err != nil {
			return err
		}
		if share.Valid {
			v := share.Float64
			l.Share = &v
		}
		out = append(out, l)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("level profile: %w", err)
	}
	return out, nil
}
