package warehouse

import (
	"context"
	"fmt"
	"slices"
)

// cachedViews are the views every heatmap reads, in the order CacheViews materialises them: each
// is computed from the ones cached before it (readiness per respondent and sub-domain from the
// answers, per domain from that, and the cubes the heatmaps sum from those).
var cachedViews = []string{"v_respondent_subdomain", "v_respondent_domain", "v_cube_subdomain", "v_cube_domain", "v_cube_respondents"}

// CacheViews materialises the per-respondent readiness views as TEMP tables of the same names, so
// that the many heatmap queries of a report read them once computed instead of recomputing them
// from every answer. DuckDB looks up temp tables before the warehouse's views, so the queries do
// not change; temp tables live on one connection, so the warehouse keeps a single connection
// from here on. The release function drops them. Nothing is written to the warehouse file.
func (w *Warehouse) CacheViews(ctx context.Context) (release func(), err error) {
	w.DB.SetMaxOpenConns(1)
	release = func() {
		for _, v := range slices.Backward(cachedViews) {
			w.DB.ExecContext(context.WithoutCancel(ctx), "DROP TABLE IF EXISTS temp."+v)
		}
	}
	for _, v := range cachedViews {
		// The names are constants above, never input.
		if _, err := w.DB.ExecContext(ctx, "CREATE OR REPLACE TEMP TABLE "+v+" AS SELECT * FROM main."+v); err != nil {
			release()
			return nil, fmt.Errorf("warehouse: cache %s: %w", v, err)
		}
	}
	return release, nil
}
