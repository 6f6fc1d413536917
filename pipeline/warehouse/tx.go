package warehouse

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/duckdb/duckdb-go/v2"

	"github.com/nhs-readiness/readiness/queries"
)

// Tx is a transaction on one connection of the warehouse: a load, or a reload of the reference
// data. Everything in it commits together or not at all; Close rolls back what was not
// committed. Appenders and Arrow inserts (Raw) run in the same transaction.
type Tx struct {
	w         *Warehouse
	id        int64 // distinct among the transactions of the process (see InsertArrow)
	conn      *sql.Conn
	done      bool
	committed bool
}

// Begin starts a transaction on a connection of its own.
func (w *Warehouse) Begin(ctx context.Context) (*Tx, error) {
	conn, err := w.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		conn.Close()
		return nil, err
	}
	return &Tx{w: w, id: txCount.Add(1), conn: conn}, nil
}

// txCount numbers transactions.
var txCount atomic.Int64

// Commit commits the transaction.
func (t *Tx) Commit(ctx context.Context) error {
	if t.done {
		return errors.New("warehouse: transaction already ended")
	}
	t.done = true
	if _, err := t.conn.ExecContext(ctx, "COMMIT"); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	t.committed = true
	return nil
}

// Renew commits what the transaction did so far and begins another on the same connection, which
// sees what other connections committed meanwhile. A load stages its rows (temporary tables of
// the connection, see ClearStaging) in one transaction and loads them in a renewed one: what the
// first commits is only the connection's own.
func (t *Tx) Renew(ctx context.Context) error {
	if t.done {
		return errors.New("warehouse: transaction already ended")
	}
	if _, err := t.conn.ExecContext(ctx, "COMMIT"); err != nil {
		t.done = true
		return fmt.Errorf("commit: %w", err)
	}
	if _, err := t.conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		t.done = true
		return fmt.Errorf("begin: %w", err)
	}
	return nil
}

// Close rolls back a transaction that was not committed and releases its connection. It is
// safe to call after Commit (defer it).
func (t *Tx) Close(ctx context.Context) error {
	var err error
	if !t.done {
		t.done = true
		if _, rbErr := t.conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK"); rbErr != nil {
			err = fmt.Errorf("rollback: %w", rbErr)
		}
	}
	return errors.Join(err, t.conn.Close())
}

// Exec runs one embedded statement, or a batch of statements without parameters.
func (t *Tx) Exec(ctx context.Context, q queries.Name, args ...any) error {
	if _, err := t.conn.ExecContext(ctx, q.SQL(), args...); err != nil {
		return fmt.Errorf("%s: %w", q, err)
	}
	return nil
}

// paramRe finds a statement's numbered parameters ($1, $2, ...).
var paramRe = regexp.MustCompile(`\$(\d+)`)

// ExecStatements runs each statement of an embedded file in turn, each given the arguments up to
// the highest $n it names (none for a statement without parameters).
func (t *Tx) ExecStatements(ctx context.Context, q queries.Name, args ...any) error {
	for _, s := range q.Statements() {
		n := 0
		for _, m := range paramRe.FindAllStringSubmatch(s, -1) {
			k, _ := strconv.Atoi(m[1])
			n = max(n, k)
		}
		if _, err := t.conn.ExecContext(ctx, s, args[:min(n, len(args))]...); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	return nil
}

// ExecSteps runs listed steps (such as queries.Normalise) in order, calling each with its name
// (for timing) around the statement.
func (t *Tx) ExecSteps(ctx context.Context, steps []queries.Step, around func(name string, run func() error) error) error {
	for _, s := range steps {
		err := around(s.Name, func() error {
			_, err := t.conn.ExecContext(ctx, s.SQL)
			return err
		})
		if err != nil {
			return fmt.Errorf("step %s: %w", s.Name, err)
		}
	}
	return nil
}

// QueryRow runs one embedded query that returns one row.
func (t *Tx) QueryRow(ctx context.Context, q queries.Name, args ...any) *sql.Row {
	return t.conn.QueryRowContext(ctx, q.SQL(), args...)
}

// Strings runs one embedded query whose rows are one text column each.
func (t *Tx) Strings(ctx context.Context, q queries.Name, args ...any) ([]string, error) {
	rows, err := t.conn.QueryContext(ctx, q.SQL(), args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", q, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("%s: %w", q, err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// ClearStaging makes the load's staging tables anew and empty: temporary tables of the
// transaction's connection (queries/load/staging.sql), so that staged rows never reach the
// warehouse file and nothing of them outlives the connection.
func (t *Tx) ClearStaging(ctx context.Context) error { return t.Exec(ctx, queries.Staging) }

// RemoveSubmission deletes a submission and everything derived from it.
func (t *Tx) RemoveSubmission(ctx context.Context, id int) error {
	return runEach(ctx, t.conn, t.w.tables.removeSubmission, id)
}

// RefreshCubes computes the stored cubes of the load under way (submission load, whose row is
// not written yet) and of the submissions whose rows are missing or stale (see RefreshCubes of
// the warehouse) in this transaction.
func (t *Tx) RefreshCubes(ctx context.Context, load int) error {
	return refreshCubes(ctx, t.conn, load)
}

// Raw is the driver's connection of a transaction, for DuckDB's appender and Arrow scans.
type Raw struct {
	tx    int64 // the transaction's number
	conn  driver.Conn
	exec  driver.ExecerContext
	arrow *duckdb.Arrow
}

// Raw runs fn with the transaction's driver connection.
func (t *Tx) Raw(fn func(*Raw) error) error {
	return t.conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		exec, ok := dc.(driver.ExecerContext)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		ar, err := duckdb.NewArrowFromConn(c)
		if err != nil {
			return fmt.Errorf("arrow: %w", err)
		}
		return fn(&Raw{tx: t.id, conn: c, exec: exec, arrow: ar})
	})
}

// Appender appends rows to a table (schema "" for main) through DuckDB's appender. Close it.
func (r *Raw) Appender(schema, table string) (*duckdb.Appender, error) {
	a, err := duckdb.NewAppenderFromConn(r.conn, schema, table)
	if err != nil {
		return nil, fmt.Errorf("appender %s.%s: %w", schema, table, err)
	}
	return a, nil
}

// StagingAppender appends rows to one of the load's staging tables (staging_NAME, see
// ClearStaging) through DuckDB's appender. Close it.
func (r *Raw) StagingAppender(name string) (*duckdb.Appender, error) {
	a, err := duckdb.NewAppender(r.conn, "temp", "main", "staging_"+name)
	if err != nil {
		return nil, fmt.Errorf("appender staging_%s: %w", name, err)
	}
	return a, nil
}

// InsertArrow registers rdr's batches as a view and runs the embedded insert, which reads the
// view by the name view; the columns are handed over without copying. The view is registered
// under a name of the transaction's own (view_N, the insert's name for it rewritten to match):
// DuckDB refuses to register one name on two connections at the same moment, and two loads may
// stage at once.
func (r *Raw) InsertArrow(ctx context.Context, rdr array.RecordReader, view string, insert queries.Name) error {
	own := fmt.Sprintf("%s_%d", view, r.tx)
	release, err := r.arrow.RegisterView(rdr, own)
	if err != nil {
		return fmt.Errorf("%s: %w", insert, err)
	}
	defer release()
	if _, err := r.exec.ExecContext(ctx, strings.ReplaceAll(insert.SQL(), view, own), nil); err != nil {
		return fmt.Errorf("%s: %w", insert, err)
	}
	if _, err := r.exec.ExecContext(ctx, "DROP VIEW "+own, nil); err != nil { // it names a released stream
		return fmt.Errorf("%s: %w", insert, err)
	}
	return nil
}
