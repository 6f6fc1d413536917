// Package ingest loads one survey file into the warehouse as a submission: it maps the file's
// columns to the framework and to respondent fields, stages the rows (pseudonymising ids on the
// way), normalises them in SQL against the reference tables, and replaces any earlier submission
// for the same trust and quarter, all in one transaction. Every row read is either loaded or
// reported in rejects.
package ingest

import (
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/nhs-readiness/readiness/pipeline/framework"
	"github.com/nhs-readiness/readiness/pipeline/mapping"
	"github.com/nhs-readiness/readiness/pipeline/pseudonym"
	"github.com/nhs-readiness/readiness/pipeline/warehouse"
)

// ErrRefused marks a file that was not loaded at all; its error says why.
var ErrRefused = errors.New("refused")

// Options describe one input.
type Options struct {
	Trust          string  // ODS code the file is for, over what the file says (noted); empty: from the file
	Quarter        string  // YYYYQn for this input, over what the file says (noted); empty: from the file
	QuarterDefault string  // the run's quarter: for a file that gives none; never over one that does
	Replace        bool    // load a resubmission that loads far fewer rows than the submission it replaces
	MultiTrust     string  // a file with rows of several trusts: "split" (default) or "refuse"
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
	HeaderRows      int    // rows the header takes (2 or 3 for some tools' exports)
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
	// Notes say where the trust or quarter came from when a source was overridden or inferred.
	Notes []string
	// Parts are the submissions of a file with several trusts, one per trust (see loadSplit).
	Parts []Result
}

// What to do with a file whose rows name several trusts.
const (
	MultiTrustSplit  = "split"
	MultiTrustRefuse = "refuse"
)

func (r *Result) note(format string, args ...any) {
	r.Notes = append(r.Notes, fmt.Sprintf(format, args...))
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

// steps times the steps of one file's load and logs each at debug level: one mechanism for every
// step, so a profile of a national run is the log summed per step.
type steps struct {
	log  *slog.Logger
	file string
}

// run runs one step and logs how long it took.
func (s steps) run(name string, fn func() error) error {
	t0 := time.Now()
	err := fn()
	s.log.Debug("load step", "file", s.file, "step", name, "took", time.Since(t0))
	return err
}
