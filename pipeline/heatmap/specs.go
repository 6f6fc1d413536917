package heatmap

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/nhs-readiness/readiness/pipeline/quarter"
	"github.com/nhs-readiness/readiness/pipeline/warehouse"
	"github.com/nhs-readiness/readiness/queries"
)

// Specs lists the heatmaps of a quarter's reports: by domain and by sub-domain for every
// dimension with heatmaps; their change since the previous quarter when it has data; trust x
// domain for each region with respondents; and profession x region for each focus domain.
func Specs(ctx context.Context, wh *warehouse.Warehouse, q string, focusDomains []string) ([]Spec, error) {
	specs := append(append([]Spec{}, DomainSpecs...), SubdomainSpecs...)
	var prev int
	if err := wh.QueryRow(ctx, queries.SubmissionsInQuarter, quarter.Previous(q)).Scan(&prev); err != nil {
		return nil, fmt.Errorf("heatmaps: %w", err)
	}
	if prev > 0 {
		for _, s := range DomainSpecs {
			specs = append(specs, ChangeOf(s))
		}
	}
	regions, err := labels(ctx, wh, queries.RegionsInQuarter, q)
	if err != nil {
		return nil, fmt.Errorf("heatmaps: %w", err)
	}
	for _, r := range regions {
		specs = append(specs, TrustSpec(r.Key, r.Label))
	}
	for _, d := range focusDomains {
		var name string
		if err := wh.QueryRow(ctx, queries.DomainName, d).Scan(&name); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return nil, fmt.Errorf("analysis.focus_domains: %q is not a domain of the framework", d)
			}
			return nil, fmt.Errorf("heatmaps: %w", err)
		}
		specs = append(specs, ProfessionRegionSpec(d, name))
	}
	return specs, nil
}

// labels reads (key, label) rows.
func labels(ctx context.Context, wh *warehouse.Warehouse, q queries.Name, args ...any) ([]Label, error) {
	var out []Label
	err := wh.Each(ctx, q, args, func(rows *sql.Rows) error {
		var l Label
		if err := rows.Scan(&l.Key, &l.Label); err != nil {
			return err
		}
		out = append(out, l)
		return nil
	})
	return out, err
}

// LatestQuarter is the latest quarter with a submission; ErrNoData when there is none.
func LatestQuarter(ctx context.Context, wh *warehouse.Warehouse) (string, error) {
	var q sql.NullString
	if err := wh.QueryRow(ctx, queries.LatestQuarter).Scan(&q); err != nil {
		return "", fmt.Errorf("find the latest quarter: %w", err)
	}
	if !q.Valid {
		return "", ErrNoData
	}
	return q.String, nil
}

// Quarters lists the quarters with a submission, in order.
func Quarters(ctx context.Context, wh *warehouse.Warehouse) ([]string, error) {
	return texts(ctx, wh, queries.Quarters)
}

// CheckQuarter returns an error, listing the quarters the warehouse has, when q has no data.
func CheckQuarter(ctx context.Context, wh *warehouse.Warehouse, q string) error {
	have, err := Quarters(ctx, wh)
	if err != nil {
		return err
	}
	for _, h := range have {
		if h == q {
			return nil
		}
	}
	if len(have) == 0 {
		return ErrNoData
	}
	return fmt.Errorf("%w: the warehouse has no data for %s; it has %s", ErrNoQuarter, q, strings.Join(have, ", "))
}

// ErrNoQuarter means a quarter asked for has no data.
var ErrNoQuarter = errors.New("no such quarter")

// ErrNoData means the warehouse holds no submission yet.
var ErrNoData = errors.New("the warehouse holds no submission yet: nothing to report")
