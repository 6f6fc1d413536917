package warehouse

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
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
// returns its rows. Opened with OpenReadOnly, the warehouse refuses any write; opened with
// OpenSandbox, only queries run (ErrNotAQuery).
func (w *Warehouse) AnalystQuery(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if w.sandbox {
		if err := w.onlyQuery(ctx, query); err != nil {
			return nil, err
		}
	}
	return w.db.QueryContext(ctx, query, args...)
}

// ErrNotAQuery is a statement other than a query given to a sandboxed warehouse.
var ErrNotAQuery = errors.New("readiness sql is read-only")

// queryTypes are the statements a sandbox runs, as DuckDB's parser classifies them.
var queryTypes = map[duckdb.StmtType]bool{
	duckdb.STATEMENT_TYPE_SELECT: true, duckdb.STATEMENT_TYPE_EXPLAIN: true, duckdb.STATEMENT_TYPE_PRAGMA: true,
}

// onlyQuery prepares the statement (DuckDB parses and binds it, runs nothing) and refuses it
// unless it is a query.
func (w *Warehouse) onlyQuery(ctx context.Context, query string) error {
	conn, err := w.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		c, ok := dc.(*duckdb.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		st, err := c.PrepareContext(ctx, query)
		if err != nil {
			return err
		}
		defer st.Close()
		stmt, ok := st.(*duckdb.Stmt)
		if !ok {
			return fmt.Errorf("unexpected driver statement %T", st)
		}
		kind, err := stmt.StatementType()
		if err != nil {
			return err
		}
		if !queryTypes[kind] {
			return fmt.Errorf("%w: %s statements are refused (queries only: SELECT, WITH, EXPLAIN, SHOW, DESCRIBE, PRAGMA); "+
				"use --write to change the warehouse", ErrNotAQuery, statementName(kind))
		}
		return nil
	})
}

// statementName names a kind of statement for a message.
func statementName(k duckdb.StmtType) string {
	names := map[duckdb.StmtType]string{
		duckdb.STATEMENT_TYPE_INSERT: "INSERT", duckdb.STATEMENT_TYPE_UPDATE: "UPDATE", duckdb.STATEMENT_TYPE_DELETE: "DELETE",
		duckdb.STATEMENT_TYPE_CREATE: "CREATE", duckdb.STATEMENT_TYPE_CREATE_FUNC: "CREATE MACRO", duckdb.STATEMENT_TYPE_DROP: "DROP",
		duckdb.STATEMENT_TYPE_ALTER: "ALTER", duckdb.STATEMENT_TYPE_COPY: "COPY", duckdb.STATEMENT_TYPE_EXPORT: "EXPORT",
		duckdb.STATEMENT_TYPE_ATTACH: "ATTACH", duckdb.STATEMENT_TYPE_DETACH: "DETACH", duckdb.STATEMENT_TYPE_SET: "SET",
		duckdb.STATEMENT_TYPE_VARIABLE_SET: "SET VARIABLE", duckdb.STATEMENT_TYPE_LOAD: "LOAD", duckdb.STATEMENT_TYPE_EXTENSION: "extension",
		duckdb.STATEMENT_TYPE_TRANSACTION: "transaction", duckdb.STATEMENT_TYPE_VACUUM: "VACUUM", duckdb.STATEMENT_TYPE_CALL: "CALL",
		duckdb.STATEMENT_TYPE_ANALYZE: "ANALYZE", duckdb.STATEMENT_TYPE_PREPARE: "PREPARE", duckdb.STATEMENT_TYPE_EXECUTE: "EXECUTE",
		duckdb.STATEMENT_TYPE_MULTI: "several",
	}
	if n, ok := names[k]; ok {
		return n
	}
	return "such"
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

// AnalystParquet runs an analyst's query (subject to the sandbox, as AnalystQuery) and writes
// its rows as Parquet.
func (w *Warehouse) AnalystParquet(ctx context.Context, query string, out io.Writer) (int64, error) {
	if w.sandbox {
		if err := w.onlyQuery(ctx, query); err != nil {
			return 0, err
		}
	}
	return w.Parquet(ctx, query, nil, out)
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
