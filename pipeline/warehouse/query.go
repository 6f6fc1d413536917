package warehouse

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"io"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/duckdb/duckdb-go/v2"

	"github.com/nhs-readiness/readiness/pipeline/parquetfile"
	"github.com/nhs-readiness/readiness/queries"
)

// Query runs one embedded query.
func (w *Warehouse) Query(ctx context.Context, q queries.Name, args ...any) (*sql.Rows, error) {
	rows, err := w.db.QueryContext(ctx, q.SQL(), args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", q, err)
	}
	return rows, nil
}

// QueryRow runs one embedded query that returns one row.
func (w *Warehouse) QueryRow(ctx context.Context, q queries.Name, args ...any) *sql.Row {
	return w.db.QueryRowContext(ctx, q.SQL(), args...)
}

// Each runs one embedded query and calls scan for every row.
func (w *Warehouse) Each(ctx context.Context, q queries.Name, args []any, scan func(*sql.Rows) error) error {
	if err := w.EachText(ctx, q.SQL(), args, scan); err != nil {
		return fmt.Errorf("%s: %w", q, err)
	}
	return nil
}

// EachText is Each for a query put together from embedded pieces (such as a heatmap's).
func (w *Warehouse) EachText(ctx context.Context, query string, args []any, scan func(*sql.Rows) error) error {
	rows, err := w.db.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// AnalystQuery runs an analyst's own SQL (readiness sql, and tests that check the warehouse) and
// returns its rows. Opened with OpenReadOnly, the warehouse refuses any write.
func (w *Warehouse) AnalystQuery(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return w.db.QueryContext(ctx, query, args...)
}

// AnalystQueryRow is AnalystQuery for one row.
func (w *Warehouse) AnalystQueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return w.db.QueryRowContext(ctx, query, args...)
}

// AnalystExec runs an analyst's own statement (readiness sql --write, and tests that build a
// warehouse by hand).
func (w *Warehouse) AnalystExec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return w.db.ExecContext(ctx, query, args...)
}

// Arrow runs a query through the DuckDB driver's Arrow interface on one connection and hands its
// record batches to fn. The query is embedded SQL (a queries.Name's text, or one put together
// from such pieces), or an analyst's own. Values in a batch live only as long as the batch.
func (w *Warehouse) Arrow(ctx context.Context, query string, args []any, fn func(array.RecordReader) error) error {
	conn, err := w.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		dconn, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		ar, err := duckdb.NewArrowFromConn(dconn)
		if err != nil {
			return err
		}
		rdr, err := ar.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rdr.Release()
		return fn(rdr)
	})
}

// Parquet runs a query (as Arrow) and writes its record batches to out as Parquet (zstd). It
// returns the number of rows written.
func (w *Warehouse) Parquet(ctx context.Context, query string, args []any, out io.Writer) (int64, error) {
	var rows int64
	err := w.Arrow(ctx, query, args, func(rdr array.RecordReader) error {
		var err error
		// The Parquet writer closes a writer that can be closed; the caller owns out.
		rows, err = parquetfile.Write(rdr, struct{ io.Writer }{out})
		return err
	})
	return rows, err
}
