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

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
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

// Prepared is a file opened, recognised and being read ahead on its own goroutine, ready to load:
// a run prepares the next file while the warehouse loads the current one.
type Prepared struct {
	path, name, hash string
	tbl              sheet.Table
	plan             *plan
	rows             *sheet.Prefetcher
	err              error
}

// readAhead is how many batches of prefetchRows rows a prepared file reads ahead of its load.
const readAhead = 8

// Prepare opens path, recognises its layout and maps its columns, and starts reading its rows
// ahead. It does not touch the warehouse, so it can run while another file loads. An error is
// kept for LoadPrepared to return. Close it if it is not loaded.
func (l *Loader) Prepare(path string, opt Options) *Prepared {
	pr := &Prepared{path: path, name: filepath.Base(path)}
	var err error
	if pr.hash, err = fileHash(path); err != nil {
		pr.err = fmt.Errorf("%w %s: %v", sheet.ErrUnreadable, pr.name, err)
		return pr
	}
	if pr.tbl, pr.err = sheet.Open(path, sheet.Options{Sheet: opt.Sheet, MaxBytes: opt.MaxBytes}); pr.err != nil {
		return pr
	}
	if pr.plan, pr.err = l.plan(pr.tbl, pr.name, opt); pr.err != nil {
		return pr
	}
	pr.rows = sheet.Prefetch(pr.tbl, prefetchRows, readAhead)
	return pr
}

// Close stops the reading ahead and closes the file.
func (pr *Prepared) Close() {
	if pr.rows != nil {
		pr.rows.Close()
	}
	if pr.tbl != nil {
		pr.tbl.Close()
	}
}

// Load reads path and loads it as a submission. A refused file returns an error wrapping
// ErrRefused (or sheet.ErrUnreadable) and leaves the warehouse unchanged.
func (l *Loader) Load(ctx context.Context, path string, opt Options) (res Result, err error) {
	return l.LoadPrepared(ctx, l.Prepare(path, opt), opt)
}

// LoadPrepared loads a prepared file as a submission (see Load), and closes it.
func (l *Loader) LoadPrepared(ctx context.Context, pr *Prepared, opt Options) (res Result, err error) {
	defer pr.Close()
	l.mu.Lock()
	defer l.mu.Unlock()
	name := pr.name
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
	if pr.err != nil {
		return res, pr.err
	}
	hash, tbl, p := pr.hash, pr.tbl, pr.plan
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
	staged, err := l.stage(ctx, conn, p, pr.rows, hash, opt)
	if err != nil {
		if errors.Is(err, ErrRefused) || errors.Is(err, sheet.ErrUnreadable) {
			return res, err // the whole file is refused; nothing of it was kept
		}
		return res, fmt.Errorf("ingest %s: %w", name, err)
	}
	if staged.rows == 0 {
		// Loading it would replace an earlier submission of the trust and quarter with nothing.
		return res, fmt.Errorf("%w %s: the file has a header but no rows of answers; nothing to load", ErrRefused, name)
	}
	l.log().Debug("staged", "file", name, "took", time.Since(t0))

	t0 = time.Now()
	if res.Quarter, err = decideQuarter(ctx, conn, name, opt.Quarter); err != nil {
		return res, err
	}
	if res.Trust, err = decideTrust(ctx, conn, name, opt.Trust); err != nil {
		return res, err
	}
	if res.Scale, err = decideScale(ctx, conn, name, opt.Scale); err != nil {
		return res, err
	}
	l.log().Debug("decided quarter, trust and scale", "file", name, "took", time.Since(t0))

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
	if _, err := conn.ExecContext(ctx, `INSERT INTO staging.load VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		res.SubmissionID, name, nullIfEmpty(res.Sheet), res.Quarter, nullIfEmpty(res.Trust), res.Layout, res.Scale, opt.UnknownValues,
		staged.dedupe); err != nil {
		return res, fmt.Errorf("ingest %s: %w", name, err)
	}
	t0 = time.Now()
	if _, err := conn.ExecContext(ctx, queries.MustGet("load/targets.sql")); err != nil {
		return res, fmt.Errorf("ingest %s: number targets: %w", name, err)
	}
	l.log().Debug("numbered targets", "file", name, "took", time.Since(t0))
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
	t0 = time.Now()
	if err := conn.QueryRowContext(ctx, queries.MustGet("load/counts.sql")).Scan(
		&res.RowsRead, &res.RowsLoaded, &res.RowsRejected, &res.RowsWarned, &res.Respondents); err != nil {
		return res, fmt.Errorf("ingest %s: count rows: %w", name, err)
	}
	l.log().Debug("counted", "file", name, "took", time.Since(t0))
	if res.RowsRead != res.RowsLoaded+res.RowsRejected {
		return res, fmt.Errorf("ingest %s: accounting does not hold: %d rows read, %d loaded, %d rejected",
			name, res.RowsRead, res.RowsLoaded, res.RowsRejected)
	}
	t0 = time.Now()
	if err := warehouse.RefreshCubes(ctx, conn); err != nil {
		return res, fmt.Errorf("ingest %s: %w", name, err)
	}
	l.log().Debug("cubes", "file", name, "took", time.Since(t0))
	t0 = time.Now()
	// The submission row is written last: it is the ledger Repair trusts.
	if _, err := conn.ExecContext(ctx, `INSERT INTO submissions
		(submission_id, layout, trust_code, quarter, source_file, sheet, dialect, scale_id, content_hash,
		 rows_read, rows_loaded, rows_rejected, rows_warned, respondents, columns_mapped, columns_unmapped, answers)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT count(*) FROM answers WHERE submission_id = ?))`,
		res.SubmissionID, res.Layout, nullIfEmpty(res.Trust), res.Quarter, name, nullIfEmpty(res.Sheet), res.Dialect, res.Scale, hash,
		res.RowsRead, res.RowsLoaded, res.RowsRejected, res.RowsWarned, res.Respondents, res.ColumnsMapped, res.ColumnsUnmapped,
		res.SubmissionID); err != nil {
		return res, fmt.Errorf("ingest %s: record submission: %w", name, err)
	}

	if err := clearStaging(ctx, conn); err != nil {
		return res, fmt.Errorf("ingest %s: %w", name, err)
	}
	l.log().Debug("recorded", "file", name, "took", time.Since(t0))
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

func clearStaging(ctx context.Context, conn *sql.Conn) error {
	for _, t := range warehouse.StagingTables {
		if _, err := conn.ExecContext(ctx, "DELETE FROM "+t); err != nil {
			return fmt.Errorf("clear %s: %w", t, err)
		}
	}
	return nil
}

// prefetchRows is how many rows the reader reads ahead of the load, per batch (two batches wait).
const prefetchRows = 4096

// stage streams the table's rows into the staging tables: respondent fields and problems through
// DuckDB appenders, answer cells as integer columns in Arrow batches (see stager).
func (l *Loader) stage(ctx context.Context, conn *sql.Conn, p *plan, rows *sheet.Prefetcher, hash string, opt Options) (staged stageResult, err error) {
	err = conn.Raw(func(dc any) error {
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
		apps := map[string]*duckdb.Appender{}
		for _, t := range []string{"columns", "rows", "problems", "targets", "answer_values"} {
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
		st := &stager{l: l, p: p, apps: apps, hash: hash, refs: map[string]int32{},
			idCol: firstOf(p.cols, mapping.RoleRespondentID), refCol: firstOf(p.cols, mapping.RoleCapabilityRef),
			answerCol: firstOf(p.cols, mapping.RoleAnswer), long: p.dialect.Layout() == dialect.Long,
			csv: p.tbl.Format() == "csv", values: map[string]int32{}, targets: map[[2]string]int32{},
			flush: func(b *cellBatch) error { return b.insert(ctx, ar, exec) }}
		for _, col := range p.cols {
			if col.Role == mapping.RoleCapability {
				st.capCols = append(st.capCols, col)
				st.capTargets = append(st.capTargets, st.target(col.CapabilityID, col.AreaID))
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
			return rows.Next()
		}
		for {
			row, err := next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				if errors.Is(err, sheet.ErrUnreadable) {
					return fmt.Errorf("%w (%s, sheet %q after row %d)", err, p.name, p.tbl.Sheet(), n)
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
		if err := st.finish(); err != nil {
			return err
		}
		for t, a := range apps {
			if err := a.Flush(); err != nil {
				return fmt.Errorf("flush staging.%s: %w", t, err)
			}
		}
		staged = stageResult{rows: n, dedupe: st.long || st.dedupe}
		return nil
	})
	return staged, err
}

// stageResult is what staging found: the rows read, and whether one person may have answered a
// target twice (see staging.load.dedupe).
type stageResult struct {
	rows   int
	dedupe bool
}

// cellsPerBatch is how many answer cells are staged per Arrow batch.
const cellsPerBatch = 1 << 18

// cellBatch holds answer cells as the columns of staging.cells.
type cellBatch struct {
	rows, cols, targets, values []int32
}

func (b *cellBatch) add(row, col int, target, value int32) {
	b.rows = append(b.rows, int32(row))
	b.cols = append(b.cols, int32(col))
	b.targets = append(b.targets, target)
	b.values = append(b.values, value)
}

var cellSchema = arrow.NewSchema([]arrow.Field{
	{Name: "row_number", Type: arrow.PrimitiveTypes.Int32},
	{Name: "col_no", Type: arrow.PrimitiveTypes.Int32},
	{Name: "target_no", Type: arrow.PrimitiveTypes.Int32},
	{Name: "value_no", Type: arrow.PrimitiveTypes.Int32},
}, nil)

// insert appends the batch to staging.cells through DuckDB's Arrow scan (the columns are handed
// over without copying) and empties it.
func (b *cellBatch) insert(ctx context.Context, ar *duckdb.Arrow, exec driver.ExecerContext) error {
	if len(b.rows) == 0 {
		return nil
	}
	cols := make([]arrow.Array, 4)
	for i, v := range [][]int32{b.rows, b.cols, b.targets, b.values} {
		data := array.NewData(arrow.PrimitiveTypes.Int32, len(v),
			[]*memory.Buffer{nil, memory.NewBufferBytes(arrow.Int32Traits.CastToBytes(v))}, nil, 0, 0)
		cols[i] = array.MakeFromData(data)
		data.Release()
	}
	rec := array.NewRecordBatch(cellSchema, cols, int64(len(b.rows)))
	for _, c := range cols {
		c.Release()
	}
	defer rec.Release()
	rdr, err := array.NewRecordReader(cellSchema, []arrow.RecordBatch{rec})
	if err != nil {
		return fmt.Errorf("stage cells: %w", err)
	}
	defer rdr.Release()
	release, err := ar.RegisterView(rdr, "readiness_cell_batch")
	if err != nil {
		return fmt.Errorf("stage cells: %w", err)
	}
	defer release()
	if _, err := exec.ExecContext(ctx, "INSERT INTO staging.cells SELECT * FROM readiness_cell_batch", nil); err != nil {
		return fmt.Errorf("stage cells: %w", err)
	}
	b.rows, b.cols, b.targets, b.values = b.rows[:0], b.cols[:0], b.targets[:0], b.values[:0]
	return nil
}

// stager writes one row at a time: respondent fields and problems to their appenders, answer
// cells to a batch of integers (the row, the column, what the answer is about and which of the
// load's distinct answer texts it holds).
type stager struct {
	l                        *Loader
	p                        *plan
	apps                     map[string]*duckdb.Appender
	hash                     string
	capCols                  []mapping.Column
	capTargets               []int32 // the target of each capability column
	idCol, refCol, answerCol int
	long, csv                bool
	refs                     map[string]int32 // long layout: capability value -> target (-1: not a capability)
	values                   map[string]int32 // distinct answer text -> its number
	valueCells               []int64          // cells holding each answer text
	targets                  map[[2]string]int32
	dedupe                   bool // two cells of one row may be about the same target
	cells                    cellBatch
	flush                    func(*cellBatch) error
}

// target numbers what a cell is about, staging it the first time.
func (s *stager) target(capability, area string) int32 {
	k := [2]string{capability, area}
	if n, ok := s.targets[k]; ok {
		s.dedupe = true
		return n
	}
	n := int32(len(s.targets))
	s.targets[k] = n
	return n
}

// cell stages one answer cell.
func (s *stager) cell(row, col int, target int32, v string) error {
	n, ok := s.values[v]
	if !ok {
		n = int32(len(s.valueCells))
		s.values[strings.Clone(v)] = n
		s.valueCells = append(s.valueCells, 0)
	}
	s.valueCells[n]++
	s.cells.add(row, col, target, n)
	if len(s.cells.rows) >= cellsPerBatch {
		return s.flush(&s.cells)
	}
	return nil
}

// finish stages the last cells, the targets and the distinct answer texts.
func (s *stager) finish() error {
	if err := s.flush(&s.cells); err != nil {
		return err
	}
	for k, n := range s.targets {
		if err := s.apps["targets"].AppendRow(n, nullIfEmpty(k[0]), k[1]); err != nil {
			return fmt.Errorf("stage targets: %w", err)
		}
	}
	for v, n := range s.values {
		if err := s.apps["answer_values"].AppendRow(n, v, s.valueCells[n]); err != nil {
			return fmt.Errorf("stage answers: %w", err)
		}
	}
	return nil
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
		for i, col := range s.capCols {
			v := strings.TrimSpace(row.Cells[col.Index])
			if v == "" {
				continue
			}
			if err := s.cell(row.Number, col.Index, s.capTargets[i], v); err != nil {
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
	t, seen := s.refs[ref]
	if !seen {
		t = -1
		if id, area, ok := s.l.Mapper.Resolve(ref); ok && area != "" {
			t = s.target(id, area)
		}
		s.refs[ref] = t
	}
	if t < 0 {
		return s.problem(row.Number, sheet.ColumnLetter(s.refCol), ref, "error",
			fmt.Sprintf("'%s' is not a capability of the framework (give an id such as 6.1-L2-03, or the statement's text)", ref))
	}
	return s.cell(row.Number, s.answerCol, t, v)
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
	for _, t := range append([]string{"answers", "respondents", "rejects", "submissions"}, warehouse.CubeTables...) {
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
