// Package ingest loads one survey file into the warehouse as a submission: it maps the file's
// columns to the framework and to respondent fields, stages the rows (pseudonymising ids on the
// way), normalises them in SQL against the reference tables, and replaces any earlier submission
// for the same trust and quarter, all in one transaction. Every row read is either loaded or
// reported in rejects.
package ingest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/nhs-readiness/readiness/pipeline/framework"
	"github.com/nhs-readiness/readiness/pipeline/pseudonym"
	"github.com/nhs-readiness/readiness/pipeline/sheet"
	"github.com/nhs-readiness/readiness/pipeline/warehouse"
	"github.com/nhs-readiness/readiness/queries"
)

// ErrRefused marks a file that was not loaded at all; its error says why.
var ErrRefused = errors.New("refused")

// Options describe one input.
type Options struct {
	Trust         string // ODS code the file is for; empty: from the file's trust column
	Quarter       string // YYYYQn; empty: from the file name or a quarter column
	Scale         string // answer scale id; empty: detected from the answers
	Sheet         string // worksheet to read; empty: the one that looks like the data
	UnknownValues string // "keep" (default) or "reject"
	MaxBytes      int64  // cap on a workbook's uncompressed size
	// Progress, when set, is called with the number of rows read so far.
	Progress func(rows int)
}

// Status of a load.
const (
	StatusLoaded    = "loaded"
	StatusReplaced  = "replaced"
	StatusUnchanged = "unchanged"
)

// Result reports one load.
type Result struct {
	File            string
	Sheet           string
	Dialect         string
	Quarter         string
	Trust           string
	Scale           string
	Status          string
	SubmissionID    int
	ReplacedID      int // the earlier submission this one replaced, if any
	RowsRead        int
	RowsLoaded      int
	RowsRejected    int
	RowsWarned      int
	ColumnsMapped   int
	ColumnsUnmapped int
}

// Loader loads files into one warehouse, one at a time.
type Loader struct {
	WH        *warehouse.Warehouse
	Framework *framework.Framework
	Hasher    *pseudonym.Hasher
	Log       *slog.Logger // nil: no log
	mu        sync.Mutex
}

func (l *Loader) log() *slog.Logger {
	if l.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return l.Log
}

// Load reads path and loads it as a submission. A refused file returns an error wrapping
// ErrRefused (or sheet.ErrUnreadable) and leaves the warehouse unchanged.
func (l *Loader) Load(ctx context.Context, path string, opt Options) (res Result, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	name := filepath.Base(path)
	res = Result{File: name}
	if opt.UnknownValues == "" {
		opt.UnknownValues = "keep"
	}
	if opt.UnknownValues != "keep" && opt.UnknownValues != "reject" {
		return res, fmt.Errorf("%w %s: unknown_values is %q; use keep or reject", ErrRefused, name, opt.UnknownValues)
	}
	hash, err := fileHash(path)
	if err != nil {
		return res, fmt.Errorf("%w %s: %v", sheet.ErrUnreadable, name, err)
	}
	tbl, err := sheet.Open(path, sheet.Options{Sheet: opt.Sheet, MaxBytes: opt.MaxBytes})
	if err != nil {
		return res, err
	}
	defer tbl.Close()
	res.Sheet, res.Dialect = tbl.Sheet(), tbl.Format()+"-wide"
	cols := MapColumns(tbl.Header(), l.Framework)
	for _, c := range cols {
		switch c.Role {
		case RoleUnmapped:
			res.ColumnsUnmapped++
		case RoleIgnored, RolePersonal:
		default:
			res.ColumnsMapped++
		}
	}
	if firstOf(cols, RoleCapability) < 0 {
		return res, fmt.Errorf("%w %s: no column names a capability of the framework (headers should carry ids such as [6.1-L2-03] or the statement's text)", ErrRefused, name)
	}

	conn, err := l.WH.DB.Conn(ctx)
	if err != nil {
		return res, fmt.Errorf("ingest %s: %w", name, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return res, fmt.Errorf("ingest %s: %w", name, err)
	}
	committed := false
	defer func() {
		if !committed {
			if _, rbErr := conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK"); rbErr != nil {
				err = errors.Join(err, fmt.Errorf("ingest %s: rollback: %w", name, rbErr))
			}
		}
	}()
	if err := clearStaging(ctx, conn); err != nil {
		return res, fmt.Errorf("ingest %s: %w", name, err)
	}
	t0 := time.Now()
	if err := l.stage(ctx, conn, tbl, cols, hash, opt.Progress); err != nil {
		return res, fmt.Errorf("ingest %s: %w", name, err)
	}
	l.log().Debug("staged", "file", name, "took", time.Since(t0))

	if res.Quarter, err = decideQuarter(ctx, conn, name, opt.Quarter); err != nil {
		return res, err
	}
	if res.Trust, err = decideTrust(ctx, conn, name, opt.Trust); err != nil {
		return res, err
	}
	if res.Scale, err = decideScale(ctx, conn, name, opt.Scale); err != nil {
		return res, err
	}

	// The same bytes for the same trust and quarter: nothing to do.
	var same int
	err = conn.QueryRowContext(ctx, `SELECT count(*) FROM submissions WHERE content_hash = ? AND quarter = ? AND trust_code IS NOT DISTINCT FROM ?`,
		hash, res.Quarter, nullIfEmpty(res.Trust)).Scan(&same)
	if err != nil {
		return res, fmt.Errorf("ingest %s: %w", name, err)
	}
	if same > 0 {
		res.Status = StatusUnchanged
		return res, nil // rolled back by the deferred ROLLBACK: nothing changes
	}
	if res.ReplacedID, err = removePrevious(ctx, conn, name, res.Trust, res.Quarter); err != nil {
		return res, err
	}
	if err := conn.QueryRowContext(ctx, `SELECT nextval('submission_ids')`).Scan(&res.SubmissionID); err != nil {
		return res, fmt.Errorf("ingest %s: %w", name, err)
	}
	if _, err := conn.ExecContext(ctx, `INSERT INTO staging.load VALUES (?, ?, ?, ?, ?, ?, ?)`,
		res.SubmissionID, name, nullIfEmpty(res.Sheet), res.Quarter, nullIfEmpty(res.Trust), res.Scale, opt.UnknownValues); err != nil {
		return res, fmt.Errorf("ingest %s: %w", name, err)
	}
	steps, err := queries.Normalise()
	if err != nil {
		return res, err
	}
	for _, s := range steps {
		t0 := time.Now()
		if _, err := conn.ExecContext(ctx, s.SQL); err != nil {
			return res, fmt.Errorf("ingest %s: normalise step %s: %w", name, s.Name, err)
		}
		l.log().Debug("normalise step", "file", name, "step", s.Name, "took", time.Since(t0))
	}
	if err := conn.QueryRowContext(ctx, queries.MustGet("load/counts.sql")).Scan(
		&res.RowsRead, &res.RowsLoaded, &res.RowsRejected, &res.RowsWarned); err != nil {
		return res, fmt.Errorf("ingest %s: count rows: %w", name, err)
	}
	if res.RowsRead != res.RowsLoaded+res.RowsRejected {
		return res, fmt.Errorf("ingest %s: accounting does not hold: %d rows read, %d loaded, %d rejected",
			name, res.RowsRead, res.RowsLoaded, res.RowsRejected)
	}
	if _, err := conn.ExecContext(ctx, `INSERT INTO submissions
		(submission_id, trust_code, quarter, source_file, sheet, dialect, scale_id, content_hash,
		 rows_read, rows_loaded, rows_rejected, rows_warned, columns_mapped, columns_unmapped)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		res.SubmissionID, nullIfEmpty(res.Trust), res.Quarter, name, nullIfEmpty(res.Sheet), res.Dialect, res.Scale, hash,
		res.RowsRead, res.RowsLoaded, res.RowsRejected, res.RowsWarned, res.ColumnsMapped, res.ColumnsUnmapped); err != nil {
		return res, fmt.Errorf("ingest %s: record submission: %w", name, err)
	}
	if err := clearStaging(ctx, conn); err != nil {
		return res, fmt.Errorf("ingest %s: %w", name, err)
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return res, fmt.Errorf("ingest %s: commit: %w", name, err)
	}
	committed = true
	res.Status = StatusLoaded
	if res.ReplacedID != 0 {
		res.Status = StatusReplaced
	}
	return res, nil
}

var stagingTables = []string{"staging.load", "staging.columns", "staging.rows", "staging.cells",
	"staging.answers", "staging.resolved", "staging.problems"}

func clearStaging(ctx context.Context, conn *sql.Conn) error {
	for _, t := range stagingTables {
		if _, err := conn.ExecContext(ctx, "DELETE FROM "+t); err != nil {
			return fmt.Errorf("clear %s: %w", t, err)
		}
	}
	return nil
}

// stage streams the table's rows into the staging tables through DuckDB appenders.
func (l *Loader) stage(ctx context.Context, conn *sql.Conn, tbl sheet.Table, cols []Column, hash string, progress func(int)) error {
	return conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		apps := map[string]*duckdb.Appender{}
		for _, t := range []string{"columns", "rows", "cells", "problems"} {
			a, err := duckdb.NewAppenderFromConn(c, "staging", t)
			if err != nil {
				return fmt.Errorf("appender staging.%s: %w", t, err)
			}
			apps[t] = a
			defer a.Close()
		}
		for _, col := range cols {
			if err := apps["columns"].AppendRow(int32(col.Index), col.Letter, col.Header, col.Role, nullIfEmpty(col.CapabilityID), nil); err != nil {
				return fmt.Errorf("stage columns: %w", err)
			}
		}
		idCol := firstOf(cols, RoleRespondentID)
		field := func(r sheet.Row, role string) string {
			if i := firstOf(cols, role); i >= 0 {
				return strings.TrimSpace(r.Cells[i])
			}
			return ""
		}
		var capCols []Column
		for _, col := range cols {
			if col.Role == RoleCapability {
				capCols = append(capCols, col)
			}
		}
		n := 0
		for {
			row, err := tbl.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return fmt.Errorf("sheet %q after row %d: %w", tbl.Sheet(), n, err)
			}
			n++
			if n%1000 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
				if progress != nil {
					progress(n)
				}
			}
			given := idCol >= 0 && strings.TrimSpace(row.Cells[idCol]) != ""
			var rid string
			if given {
				rid = l.Hasher.ID(row.Cells[idCol])
			} else {
				rid = l.Hasher.ID(fmt.Sprintf("%s:%d", hash, row.Number))
			}
			quarter := field(row, RoleQuarter)
			if q, ok := ParseQuarter(quarter); ok {
				quarter = q
			}
			if err := apps["rows"].AppendRow(int32(row.Number), rid, given, field(row, RoleProfession), field(row, RoleRegion),
				field(row, RoleTrust), field(row, RoleArchetype), quarter); err != nil {
				return fmt.Errorf("stage row %d: %w", row.Number, err)
			}
			for _, col := range capCols {
				v := strings.TrimSpace(row.Cells[col.Index])
				if v == "" {
					continue
				}
				if err := apps["cells"].AppendRow(int32(row.Number), int32(col.Index), v); err != nil {
					return fmt.Errorf("stage row %d: %w", row.Number, err)
				}
			}
			if len(row.Extra) > 0 {
				reason := fmt.Sprintf("the row has %d cells, more than the header's %d; check for a stray delimiter or an unquoted comma",
					len(cols)+len(row.Extra), len(cols))
				// The extra cells' text is not kept: misaligned cells can hold anything, names included.
				if err := apps["problems"].AppendRow(int32(row.Number), nil, sheet.ColumnLetter(len(cols)),
					nil, "error", reason, nil); err != nil {
					return fmt.Errorf("stage row %d: %w", row.Number, err)
				}
			}
		}
		if progress != nil {
			progress(n)
		}
		for t, a := range apps {
			if err := a.Flush(); err != nil {
				return fmt.Errorf("flush staging.%s: %w", t, err)
			}
		}
		return nil
	})
}

func decideQuarter(ctx context.Context, conn *sql.Conn, name, given string) (string, error) {
	if given != "" {
		q, err := MustQuarter(given)
		if err != nil {
			return "", fmt.Errorf("%w %s: %v", ErrRefused, name, err)
		}
		return q, nil
	}
	if q, ok := ParseQuarter(name); ok {
		return q, nil
	}
	var q sql.NullString
	err := conn.QueryRowContext(ctx, `SELECT quarter FROM staging.rows WHERE quarter <> '' GROUP BY quarter ORDER BY count(*) DESC, quarter LIMIT 1`).Scan(&q)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("ingest %s: %w", name, err)
	}
	if pq, ok := ParseQuarter(q.String); ok {
		return pq, nil
	}
	return "", fmt.Errorf("%w %s: cannot tell which quarter the file is for: give --quarter (or quarter in the config), put it in the file name (e.g. survey_2026Q3.csv), or add a Quarter column", ErrRefused, name)
}

func decideTrust(ctx context.Context, conn *sql.Conn, name, given string) (string, error) {
	if given != "" {
		var code string
		err := conn.QueryRowContext(ctx, `SELECT code FROM vocab_aliases WHERE kind = 'organisation' AND alias_key = fold(?)`, given).Scan(&code)
		if errors.Is(err, sql.ErrNoRows) {
			return "", fmt.Errorf("%w %s: trust %q is not a known organisation; add it to an organisations file named in the config", ErrRefused, name, given)
		}
		if err != nil {
			return "", fmt.Errorf("ingest %s: %w", name, err)
		}
		return code, nil
	}
	rows, err := conn.QueryContext(ctx, `SELECT DISTINCT o.code FROM staging.rows r
		JOIN vocab_aliases o ON o.kind = 'organisation' AND o.alias_key = fold(r.trust) ORDER BY 1 LIMIT 2`)
	if err != nil {
		return "", fmt.Errorf("ingest %s: %w", name, err)
	}
	defer rows.Close()
	var codes []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return "", fmt.Errorf("ingest %s: %w", name, err)
		}
		codes = append(codes, c)
	}
	if len(codes) == 1 {
		return codes[0], nil
	}
	return "", rows.Err() // none or several trusts: the submission has no single trust
}

func decideScale(ctx context.Context, conn *sql.Conn, name, given string) (string, error) {
	if given != "" {
		var n int
		if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM scales WHERE scale_id = ?`, given).Scan(&n); err != nil {
			return "", fmt.Errorf("ingest %s: %w", name, err)
		}
		if n == 0 {
			return "", fmt.Errorf("%w %s: scale %q is not in the scales vocabulary", ErrRefused, name, given)
		}
		return given, nil
	}
	var id string
	var matched int
	err := conn.QueryRowContext(ctx, queries.MustGet("load/detect_scale.sql")).Scan(&id, &matched)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("%w %s: no answer in the file matches a known answer scale; name the scale for this input in the config", ErrRefused, name)
	}
	if err != nil {
		return "", fmt.Errorf("ingest %s: detect scale: %w", name, err)
	}
	return id, nil
}

// removePrevious deletes the earlier submission for the same trust and quarter (or, for a file
// without a single trust, the same file name and quarter) and returns its id.
func removePrevious(ctx context.Context, conn *sql.Conn, name, trust, quarter string) (int, error) {
	var id int
	var err error
	if trust != "" {
		err = conn.QueryRowContext(ctx, `SELECT submission_id FROM submissions WHERE trust_code = ? AND quarter = ?`, trust, quarter).Scan(&id)
	} else {
		err = conn.QueryRowContext(ctx, `SELECT submission_id FROM submissions WHERE trust_code IS NULL AND source_file = ? AND quarter = ?`, name, quarter).Scan(&id)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("ingest %s: find earlier submission: %w", name, err)
	}
	for _, t := range []string{"responses", "respondents", "rejects", "submissions"} {
		if _, err := conn.ExecContext(ctx, "DELETE FROM "+t+" WHERE submission_id = ?", id); err != nil {
			return 0, fmt.Errorf("ingest %s: remove earlier submission %d from %s: %w", name, id, t, err)
		}
	}
	return id, nil
}

func fileHash(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
