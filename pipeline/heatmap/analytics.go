package heatmap

import (
	"context"
	"database/sql"
	"fmt"

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

// Gaps returns, for each group of a dimension (archetype or profession), its top capability gaps:
// the relevant capabilities answered by at least threshold respondents with the lowest share met.
func Gaps(ctx context.Context, db *sql.DB, quarter, dimension string, threshold, top int) ([]Gap, error) {
	rows, err := db.QueryContext(ctx, queries.MustGet("analytics/capability_gaps.sql"),
		sql.Named("quarter", quarter), sql.Named("dimension", dimension), sql.Named("threshold", threshold), sql.Named("top", top))
	if err != nil {
		return nil, fmt.Errorf("capability gaps: %w", err)
	}
	defer rows.Close()
	var out []Gap
	for rows.Next() {
		var g Gap
		var key sql.NullString
		var order int64
		if err := rows.Scan(&key, &g.RowLabel, &order, &g.Rank, &g.CapabilityID, &g.Statement, &g.Domain, &g.Area, &g.Level, &g.N, &g.Share); err != nil {
			return nil, fmt.Errorf("capability gaps: %w", err)
		}
		g.RowKey = key.String
		out = append(out, g)
	}
	return out, rows.Err()
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
func LevelProfile(ctx context.Context, db *sql.DB, quarter string, threshold int) ([]LevelShare, error) {
	rows, err := db.QueryContext(ctx, queries.MustGet("analytics/level_profile.sql"),
		sql.Named("quarter", quarter), sql.Named("threshold", threshold))
	if err != nil {
		return nil, fmt.Errorf("level profile: %w", err)
	}
	defer rows.Close()
	var out []LevelShare
	for rows.Next() {
		var l LevelShare
		var share sql.NullFloat64
		if err := rows.Scan(&l.Domain, &l.DomainName, &l.Level, &l.N, &share, &l.Suppressed); err != nil {
			return nil, fmt.Errorf("level profile: %w", err)
		}
		if share.Valid {
			v := share.Float64
			l.Share = &v
		}
		out = append(out, l)
	}
	return out, rows.Err()
}
