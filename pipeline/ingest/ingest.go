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

	"github.com/nhs-readiness/readiness/pipeline/dialect"
	"github.com/nhs-readiness/readiness/pipeline/framework"
	"github.com/nhs-readiness/readiness/pipeline/mapping"
	"github.com/nhs-readiness/readiness/pipeline/pseudonym"
	"github.com/nhs-readiness/readiness/pipeline/sheet"
	"github.com/nhs-readiness/readiness/pipeline/warehouse"
	"github.com/nhs-readiness/readiness/queries"
)

// ErrRefused marks a file that was not loaded at all; its error says why.
var ErrRefused = errors.New("refused")

// Options describe one input.
type Options struct {
	Trust          string  // ODS code the file is for; empty: from the file's trust column
	Quarter        string  // YYYYQn; empty: from the file name or a quarter column
	Scale          string  // answer scale id; empty: the mapping profile's, else detected from the answers
	Sheet          string  // worksheet to read; empty: the one that looks like the data
	Dialect        string  // survey tool's layout; empty: recognised from the headers
	Mapping        string  // mapping profile; empty: one whose detect headers match, if any
	UnknownValues  string  // "keep" (default) or "reject"
	FuzzyThreshold float64 // similarity for mapping a header to a statement by text; 0: the default
	MaxBytes       int64   // cap on a workbook's uncompressed size
	MaxCells       int64   // cap on rows x columns read from one file; 0: DefaultMaxCells
	// Progress, when set, is called with the number of rows read so far.
	Progress func(rows int)
}

// DefaultMaxCells is the default cap on the cells read from one file (rows x columns).
const DefaultMaxCells = 200_000_000

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
	Dialect         string // format and survey tool, e.g. "csv-qualtrics"
	Layout          string // wide or long
	Profile         string // the mapping profile used, if any
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
	Respondents     int
	ColumnsMapped   int
	ColumnsUnmapped int
}

// Loader loads files into one warehouse, one at a time.
type Loader struct {
	WH        *warehouse.Warehouse
	Framework *framework.Framework
	Mapper    *mapping.Mapper
	Profiles  *mapping.Profiles // nil: none
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

// plan is what the loader makes of a file before staging it.
type plan struct {
	name    string
	tbl     sheet.Table
	dialect dialect.Dialect
	profile *mapping.Profile
	cols    []mapping.Column
	pending []sheet.Row // rows read while recognising the dialect, not header rows
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
	if opt.MaxCells <= 0 {
		opt.MaxCells = DefaultMaxCells
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
	p, err := l.plan(tbl, name, opt)
	if err != nil {
		return res, err
	}
	res.Sheet, res.Dialect, res.Layout = tbl.Sheet(), tbl.Format()+"-"+p.dialect.Name(), p.dialect.Layout()
	if p.profile != nil {
		res.Profile = p.profile.Name
		if opt.Scale == "" {
			opt.Scale = p.profile.Scale
		}
	}
	for _, c := range p.cols {
		switch c.Role {
		case mapping.RoleUnmapped:
			res.ColumnsUnmapped++
		case mapping.RoleIgnored, mapping.RolePersonal:
		default:
			res.ColumnsMapped++
		}
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
	staged, err := l.stage(ctx, conn, p, hash, opt)
	if err != nil {
		if errors.Is(err, ErrRefused) || errors.Is(err, sheet.ErrUnreadable) {
			return res, err // the whole file is refused; nothing of it was kept
		}
		return res, fmt.Errorf("ingest %s: %w", name, err)
	}
	if staged == 0 {
		// Loading it would replace an earlier submission of the trust and quarter with nothing.
		return res, fmt.Errorf("%w %s: the file has a header but no rows of answers; nothing to load", ErrRefused, name)
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
	t0 = time.Now()
	if res.ReplacedID, err = removePrevious(ctx, conn, name, res.Trust, res.Quarter); err != nil {
		return res, err
	}
	l.log().Debug("checked earlier submissions", "file", name, "took", time.Since(t0))
	if err := conn.QueryRowContext(ctx, `SELECT nextval('submission_ids')`).Scan(&res.SubmissionID); err != nil {
		return res, fmt.Errorf("ingest %s: %w", name, err)
	}
	if _, err := conn.ExecContext(ctx, `INSERT INTO staging.load VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		res.SubmissionID, name, nullIfEmpty(res.Sheet), res.Quarter, nullIfEmpty(res.Trust), res.Layout, res.Scale, opt.UnknownValues); err != nil {
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
		&res.RowsRead, &res.RowsLoaded, &res.RowsRejected, &res.RowsWarned, &res.Respondents); err != nil {
		return res, fmt.Errorf("ingest %s: count rows: %w", name, err)
	}
	if res.RowsRead != res.RowsLoaded+res.RowsRejected {
		return res, fmt.Errorf("ingest %s: accounting does not hold: %d rows read, %d loaded, %d rejected",
			name, res.RowsRead, res.RowsLoaded, res.RowsRejected)
	}
	if _, err := conn.ExecContext(ctx, `INSERT INTO submissions
		(submission_id, layout, trust_code, quarter, source_file, sheet, dialect, scale_id, content_hash,
		 rows_read, rows_loaded, rows_rejected, rows_warned, respondents, columns_mapped, columns_unmapped)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		res.SubmissionID, res.Layout, nullIfEmpty(res.Trust), res.Quarter, name, nullIfEmpty(res.Sheet), res.Dialect, res.Scale, hash,
		res.RowsRead, res.RowsLoaded, res.RowsRejected, res.RowsWarned, res.Respondents, res.ColumnsMapped, res.ColumnsUnmapped); err != nil {
		return res, fmt.Errorf("ingest %s: record submission: %w", name, err)
	}
	if err := clearStaging(ctx, conn); err != nil {
		return res, fmt.Errorf("ingest %s: %w", name, err)
	}
	t0 = time.Now()
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return res, fmt.Errorf("ingest %s: commit: %w", name, err)
	}
	committed = true
	l.log().Debug("committed", "file", name, "took", time.Since(t0))
	res.Status = StatusLoaded
	if res.ReplacedID != 0 {
		res.Status = StatusReplaced
	}
	return res, nil
}

// Columns reports how the loader maps a file's columns, without loading it (for checks and
// feedback).
func (l *Loader) Columns(path string, opt Options) ([]mapping.Column, error) {
	tbl, err := sheet.Open(path, sheet.Options{Sheet: opt.Sheet, MaxBytes: opt.MaxBytes})
	if err != nil {
		return nil, err
	}
	defer tbl.Close()
	p, err := l.plan(tbl, filepath.Base(path), opt)
	if err != nil {
		return nil, err
	}
	return p.cols, nil
}

// plan recognises the dialect from the header and the rows after it, skips further header rows,
// picks the mapping profile and maps the columns.
func (l *Loader) plan(tbl sheet.Table, name string, opt Options) (*plan, error) {
	p := &plan{name: name, tbl: tbl}
	var next [][]string
	for len(p.pending) < 3 {
		r, err := tbl.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w %s: %v", sheet.ErrUnreadable, name, err)
		}
		p.pending = append(p.pending, r)
		next = append(next, r.Cells)
	}
	if opt.Dialect != "" {
		d, ok := dialect.ByName(opt.Dialect)
		if !ok {
			return nil, fmt.Errorf("%w %s: dialect %q is not known", ErrRefused, name, opt.Dialect)
		}
		p.dialect = d
	} else {
		p.dialect = dialect.Detect(tbl.Header(), next)
	}
	texts, skip := p.dialect.Header(tbl.Header(), next)
	p.pending = p.pending[min(skip, len(p.pending)):]
	if l.Profiles != nil {
		if opt.Mapping != "" {
			prof, ok := l.Profiles.Get(opt.Mapping)
			if !ok {
				return nil, fmt.Errorf("%w %s: mapping profile %q is not known (profiles: %s)", ErrRefused, name, opt.Mapping,
					strings.Join(l.Profiles.Names(), ", "))
			}
			p.profile = prof
		} else {
			p.profile = l.Profiles.Detect(texts)
		}
	}
	p.cols = l.Mapper.Map(tbl.Header(), texts, mapping.Options{Profile: p.profile, Hint: p.dialect.Hint, FuzzyThreshold: opt.FuzzyThreshold})
	hasCap := firstOf(p.cols, mapping.RoleCapability) >= 0
	switch p.dialect.Layout() {
	case dialect.Long:
		if firstOf(p.cols, mapping.RoleCapabilityRef) < 0 || firstOf(p.cols, mapping.RoleAnswer) < 0 {
			return nil, fmt.Errorf("%w %s: a long export needs a column naming the capability and one with the level", ErrRefused, name)
		}
	default:
		for i, c := range p.cols {
			if c.Role == mapping.RoleCapabilityRef || c.Role == mapping.RoleAnswer {
				p.cols[i].Role, p.cols[i].Suggestion = mapping.RoleUnmapped, "a column of the long layout, in a file with a column per capability"
			}
		}
		if !hasCap {
			return nil, fmt.Errorf("%w %s: no column names a capability of the framework (headers should carry ids such as [6.1-L2-03], or the statements' text)", ErrRefused, name)
		}
	}
	return p, nil
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
func (l *Loader) stage(ctx context.Context, conn *sql.Conn, p *plan, hash string, opt Options) (rows int, err error) {
	err = conn.Raw(func(dc any) error {
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
		for _, col := range p.cols {
			if err := apps["columns"].AppendRow(int32(col.Index), col.Letter, col.Header, col.Role,
				nullIfEmpty(col.CapabilityID), nullIfEmpty(col.AreaID), nullIfEmpty(col.MappedBy), nullIfEmpty(col.Suggestion)); err != nil {
				return fmt.Errorf("stage columns: %w", err)
			}
		}
		st := stager{l: l, p: p, apps: apps, hash: hash, refs: map[string][2]string{},
			idCol: firstOf(p.cols, mapping.RoleRespondentID), refCol: firstOf(p.cols, mapping.RoleCapabilityRef),
			answerCol: firstOf(p.cols, mapping.RoleAnswer), long: p.dialect.Layout() == dialect.Long,
			csv: p.tbl.Format() == "csv"}
		for _, col := range p.cols {
			if col.Role == mapping.RoleCapability {
				st.capCols = append(st.capCols, col)
			}
		}
		width := int64(len(p.cols))
		n := 0
		next := func() (sheet.Row, error) {
			if len(p.pending) > 0 {
				r := p.pending[0]
				p.pending = p.pending[1:]
				return r, nil
			}
			return p.tbl.Next()
		}
		for {
			row, err := next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				if errors.Is(err, sheet.ErrUnreadable) {
					return err
				}
				return fmt.Errorf("%w %s: sheet %q after row %d: %v", sheet.ErrUnreadable, p.name, p.tbl.Sheet(), n, err)
			}
			n++
			if int64(n)*width > opt.MaxCells {
				return fmt.Errorf("%w %s: the file has more than %d cells (rows x columns); raise limits.max_cells or split the file",
					ErrRefused, p.name, opt.MaxCells)
			}
			if n%1000 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
				if opt.Progress != nil {
					opt.Progress(n)
				}
			}
			if err := st.row(row); err != nil {
				return fmt.Errorf("stage row %d: %w", row.Number, err)
			}
		}
		if opt.Progress != nil {
			opt.Progress(n)
		}
		for t, a := range apps {
			if err := a.Flush(); err != nil {
				return fmt.Errorf("flush staging.%s: %w", t, err)
			}
		}
		rows = n
		return nil
	})
	return rows, err
}

// stager writes one row at a time into the staging appenders.
type stager struct {
	l                        *Loader
	p                        *plan
	apps                     map[string]*duckdb.Appender
	hash                     string
	capCols                  []mapping.Column
	idCol, refCol, answerCol int
	long, csv                bool
	refs                     map[string][2]string // long layout: capability value -> capability id, area id
}

func (s *stager) field(r sheet.Row, role string) string {
	if i := firstOf(s.p.cols, role); i >= 0 {
		return strings.TrimSpace(r.Cells[i])
	}
	return ""
}

func (s *stager) problem(row int, letter, value, severity, reason string) error {
	return s.apps["problems"].AppendRow(int32(row), nil, nullIfEmpty(letter), nullIfEmpty(value), severity, reason, nil)
}

// MaxCellChars is the longest cell read, Excel's own limit: a longer cell is reported and left out.
const MaxCellChars = 32767

func (s *stager) row(row sheet.Row) error {
	for i, c := range row.Cells {
		if len(c) > MaxCellChars {
			row.Cells[i] = ""
			if err := s.problem(row.Number, sheet.ColumnLetter(i), "", "error", fmt.Sprintf(
				"the cell holds %d characters, more than the %d a cell may hold; it is left out", len(c), MaxCellChars)); err != nil {
				return err
			}
		}
	}
	given := s.idCol >= 0 && strings.TrimSpace(row.Cells[s.idCol]) != ""
	var rid string
	if given {
		rid = s.l.Hasher.ID(row.Cells[s.idCol])
	} else {
		rid = s.l.Hasher.ID(fmt.Sprintf("%s:%d", s.hash, row.Number))
	}
	quarter := s.field(row, mapping.RoleQuarter)
	if q, ok := ParseQuarter(quarter); ok {
		quarter = q
	}
	if err := s.apps["rows"].AppendRow(int32(row.Number), rid, given, s.field(row, mapping.RoleProfession),
		s.field(row, mapping.RoleRegion), s.field(row, mapping.RoleTrust), s.field(row, mapping.RoleArchetype), quarter); err != nil {
		return err
	}
	if s.long {
		if err := s.longCell(row); err != nil {
			return err
		}
	} else {
		for _, col := range s.capCols {
			v := strings.TrimSpace(row.Cells[col.Index])
			if v == "" {
				continue
			}
			if err := s.apps["cells"].AppendRow(int32(row.Number), int32(col.Index), nullIfEmpty(col.CapabilityID), col.AreaID, v); err != nil {
				return err
			}
		}
	}
	width := len(s.p.cols)
	switch {
	case len(row.Extra) > 0:
		// The extra cells' text is not kept: misaligned cells can hold anything, names included.
		return s.problem(row.Number, sheet.ColumnLetter(width), "", "error", fmt.Sprintf(
			"the row has %d cells, more than the header's %d; check for a stray delimiter or an unquoted comma", row.Width, width))
	case s.csv && row.Width < width:
		return s.problem(row.Number, sheet.ColumnLetter(row.Width), "", "warning", fmt.Sprintf(
			"the row has %d cells, fewer than the header's %d; the missing cells are read as blank", row.Width, width))
	}
	return nil
}

// longCell stages a long row's one answer, resolving the capability it names.
func (s *stager) longCell(row sheet.Row) error {
	ref := strings.TrimSpace(row.Cells[s.refCol])
	v := strings.TrimSpace(row.Cells[s.answerCol])
	if ref == "" || v == "" {
		return nil // no answer: reported by the SQL checks
	}
	got, seen := s.refs[ref]
	if !seen {
		if id, area, ok := s.l.Mapper.Resolve(ref); ok {
			got = [2]string{id, area}
		}
		s.refs[ref] = got
	}
	if got[1] == "" {
		return s.problem(row.Number, sheet.ColumnLetter(s.refCol), ref, "error",
			fmt.Sprintf("'%s' is not a capability of the framework (give an id such as 6.1-L2-03, or the statement's text)", ref))
	}
	return s.apps["cells"].AppendRow(int32(row.Number), int32(s.answerCol), nullIfEmpty(got[0]), got[1], v)
}

// firstOf returns the index of the first column with a role, or -1.
func firstOf(cols []mapping.Column, role string) int {
	for _, c := range cols {
		if c.Role == role {
			return c.Index
		}
	}
	return -1
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
