// Package dialect recognises which survey tool wrote a file from its header rows, without any
// configuration: Microsoft Forms, Qualtrics, SurveyMonkey, Google Forms, this project's own
// submission template, a learning platform's long self-assessment export, or a plain wide table.
// Each dialect is one small file: it says whether a header is its own, how many further header
// rows follow the first, the text to map each column by, and what its tool's own columns are.
package dialect

import (
	"sort"

	"github.com/nhs-readiness/readiness/pipeline/vocab"
)

// Layouts.
const (
	Wide = "wide" // a row per person, a column per capability
	Long = "long" // a row per person and capability
)

// Dialect is one survey tool's export layout.
type Dialect interface {
	// Name is the dialect's short name, shown in reports ("msforms", "qualtrics", ...).
	Name() string
	// Layout is Wide or Long.
	Layout() string
	// Detect reports whether a table whose first header row is header, followed by the rows
	// next (up to three), is this dialect's.
	Detect(header []string, next [][]string) bool
	// Header returns the text to map each column by, and how many of next are header rows too.
	Header(header []string, next [][]string) (texts []string, skip int)
	// Hint names the role of the tool's own columns (timestamps, ids, personal fields), by folded
	// header.
	Hint(folded string) (role string, ok bool)
}

// registered are the dialects in the order they are tried (by their order, then name).
var registered []entry

type entry struct {
	d     Dialect
	order int
}

// Register adds a dialect, tried before those of a higher order (the built-in tools 10 to 60;
// Plain, which matches anything, is tried last). Each dialect's file registers it in its init.
// It panics on a duplicate name, a defect of the code that registers it.
func Register(d Dialect, order int) {
	if _, ok := ByName(d.Name()); ok {
		panic("dialect: " + d.Name() + " registered twice")
	}
	registered = append(registered, entry{d, order})
	sort.SliceStable(registered, func(i, j int) bool { return registered[i].order < registered[j].order })
}

// Unregister removes a dialect (for tests that register one of their own).
func Unregister(name string) {
	keep := registered[:0]
	for _, e := range registered {
		if e.d.Name() != name {
			keep = append(keep, e)
		}
	}
	registered = keep
}

// All lists the dialects in the order they are tried.
func All() []Dialect {
	out := make([]Dialect, len(registered))
	for i, e := range registered {
		out[i] = e.d
	}
	return out
}

// Names lists the dialects' names in the order they are tried.
func Names() []string {
	out := make([]string, len(registered))
	for i, e := range registered {
		out[i] = e.d.Name()
	}
	return out
}

// Detect returns the first dialect that recognises the table.
func Detect(header []string, next [][]string) Dialect {
	for _, d := range All() {
		if d.Detect(header, next) {
			return d
		}
	}
	return Plain{}
}

// ByName returns a dialect by its name.
func ByName(name string) (Dialect, bool) {
	for _, e := range registered {
		d := e.d
		if d.Name() == name {
			return d, true
		}
	}
	return nil, false
}

// folded returns the folded headers as a set.
func folded(header []string) map[string]bool {
	out := map[string]bool{}
	for _, h := range header {
		out[vocab.Fold(h)] = true
	}
	return out
}

// hasAll reports whether every name (folded) is among the headers.
func hasAll(header []string, names ...string) bool {
	f := folded(header)
	for _, n := range names {
		if !f[vocab.Fold(n)] {
			return false
		}
	}
	return true
}

// hints builds a Hint function from role lists.
func hints(roles map[string][]string) func(string) (string, bool) {
	m := map[string]string{}
	for role, names := range roles {
		for _, n := range names {
			m[vocab.Fold(n)] = role
		}
	}
	return func(f string) (string, bool) {
		r, ok := m[f]
		return r, ok
	}
}

func init() { Register(Plain{}, 1000) }

// Plain is a wide table with one header row and nothing tool-specific.
type Plain struct{}

func (Plain) Name() string                                    { return "wide" }
func (Plain) Layout() string                                  { return Wide }
func (Plain) Detect([]string, [][]string) bool                { return true }
func (Plain) Header(h []string, _ [][]string) ([]string, int) { return h, 0 }
func (Plain) Hint(string) (string, bool)                      { return "", false }
