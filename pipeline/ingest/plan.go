package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/nhs-readiness/readiness/pipeline/dialect"
	"github.com/nhs-readiness/readiness/pipeline/mapping"
	"github.com/nhs-readiness/readiness/pipeline/sheet"
)

// plan is what the loader makes of a file before staging it.
type plan struct {
	name    string
	tbl     sheet.Table
	dialect dialect.Dialect
	profile *mapping.Profile
	cols    []mapping.Column
	pending []sheet.Row // rows read while recognising the dialect, not header rows
	// headerRows is how many rows the header takes (the dialect's further header rows included).
	headerRows int
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

// Columns reports how the file's columns were mapped (a refused file's too, when its header was
// read), so that its feedback needs no second reading of the file.
func (pr *Prepared) Columns() []mapping.Column {
	if pr.plan == nil {
		return nil
	}
	return pr.plan.cols
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

// Columns reports how the loader maps a file's columns, without loading it (for checks and
// feedback).
func (l *Loader) Columns(path string, opt Options) ([]mapping.Column, error) {
	tbl, err := sheet.Open(path, sheet.Options{Sheet: opt.Sheet, MaxBytes: opt.MaxBytes})
	if err != nil {
		return nil, err
	}
	defer tbl.Close()
	p, err := l.plan(tbl, filepath.Base(path), opt)
	if p == nil {
		return nil, err
	}
	return p.cols, err // a refused file's columns too: the feedback shows how each was read
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
	p.headerRows = 1 + min(skip, len(p.pending))
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
			return p, fmt.Errorf("%w %s: a long export needs a column naming the capability and one with the level", ErrRefused, name)
		}
	default:
		for i, c := range p.cols {
			if c.Role == mapping.RoleCapabilityRef || c.Role == mapping.RoleAnswer {
				p.cols[i].Role, p.cols[i].Suggestion = mapping.RoleUnmapped, "a column of the long layout, in a file with a column per capability"
			}
		}
		if !hasCap {
			return p, fmt.Errorf("%w %s: no column names a capability of the framework (headers should carry ids such as [6.1-L2-03] "+
				"or the statements' text; a survey tool's own question tags such as Q6_1_1 are not capability ids)", ErrRefused, name)
		}
	}
	return p, nil
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
