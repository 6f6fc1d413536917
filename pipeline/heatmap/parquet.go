package heatmap

import (
	"context"
	"database/sql"
	"fmt"
	"io"

	"github.com/nhs-readiness/readiness/pipeline/export"
)

// WriteParquet writes a heatmap's long rows (the same query and values as Compute, suppressed
// cells without values) to w as Parquet, straight from the query's Arrow record batches.
func WriteParquet(ctx context.Context, db *sql.DB, spec Spec, p Params, w io.Writer) error {
	if _, err := export.QueryParquet(ctx, db, Query(spec), args(spec, p), w); err != nil {
		return fmt.Errorf("heatmap %s: %w", spec.Name, err)
	}
	return nil
}
