package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/duckdb/duckdb-go/v2"

	"github.com/nhs-readiness/readiness/pipeline/dialect"
	"github.com/nhs-readiness/readiness/pipeline/mapping"
	"github.com/nhs-readiness/readiness/pipeline/quarter"
	"github.com/nhs-readiness/readiness/pipeline/sheet"
	"github.com/nhs-readiness/readiness/pipeline/warehouse"
	"github.com/nhs-readiness/readiness/queries"
)

// prefetchRows is how many rows the reader reads ahead of the load, per batch (two batches wait).
const prefetchRows = 4096

// stage streams the table's rows into the staging tables: respondent fields and problems through
// DuckDB appenders, answer cells as integer columns in Arrow batches (see stager).
func (l *Loader) stage(ctx context.Context, tx *warehouse.Tx, p *plan, rows *sheet.Prefetcher, hash string, opt Options) (staged stageResult, err error) {
	err = tx.Raw(func(raw *warehouse.Raw) error {
		apps := map[string]*duckdb.Appender{}
		for _, t := range []string{"columns", "rows", "problems", "targets", "answer_values"} {
			a, err := raw.StagingAppender(t)
			if err != nil {
				return err
			}
			apps[t] = a
			defer a.Close()
		}
		for _, col := range p.cols {
			if err := apps["columns"].AppendRow(int32(col.Index), col.Letter, col.Header, col.Role,
				nullIfEmpty(col.CapabilityID), nullIfEmpty(col.AreaID), nullIfEmpty(col.MappedBy), nullIfEmpty(col.Suggestion)); err != nil {
				return fmt.Errorf("stage columns: %w", err)
			}
			if col.Warning != "" { // a problem with the whole column: no row
				if err := apps["problems"].AppendRow(nil, int32(col.Index), col.Letter, nil, "warning", col.Warning, nil); err != nil {
					return fmt.Errorf("stage columns: %w", err)
				}
			}
		}
		st := &stager{l: l, p: p, apps: apps, hash: hash, refs: map[string]int32{},
			idCol: firstOf(p.cols, mapping.RoleRespondentID), refCol: firstOf(p.cols, mapping.RoleCapabilityRef),
			answerCol: firstOf(p.cols, mapping.RoleAnswer), long: p.dialect.Layout() == dialect.Long,
			csv: p.tbl.Format() == "csv", values: map[string]int32{}, targets: map[[2]string]int32{},
			flush: func(b *cellBatch) error { return b.insert(ctx, raw) }}
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
				return fmt.Errorf("flush staging_%s: %w", t, err)
			}
		}
		staged = stageResult{rows: n, dedupe: st.long || st.dedupe}
		return nil
	})
	return staged, err
}

// stageResult is what staging found: the rows read, and whether one person may have answered a
// target twice (see staging_load.dedupe).
type stageResult struct {
	rows   int
	dedupe bool
}

// cellsPerBatch is how many answer cells are staged per Arrow batch.
const cellsPerBatch = 1 << 18

// cellBatch holds answer cells as the columns of staging_cells.
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

// insert appends the batch to staging_cells through DuckDB's Arrow scan (the columns are handed
// over without copying) and empties it.
func (b *cellBatch) insert(ctx context.Context, raw *warehouse.Raw) error {
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
	if err := raw.InsertArrow(ctx, rdr, "readiness_cell_batch", queries.InsertCells); err != nil {
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
	qtext := s.field(row, mapping.RoleQuarter)
	if q, ok := quarter.Find(qtext); ok {
		qtext = q.String()
	}
	if err := s.apps["rows"].AppendRow(int32(row.Number), rid, given, s.field(row, mapping.RoleProfession),
		s.field(row, mapping.RoleRegion), s.field(row, mapping.RoleTrust), s.field(row, mapping.RoleArchetype), qtext); err != nil {
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

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
