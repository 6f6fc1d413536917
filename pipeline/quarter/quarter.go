// Package quarter reads and writes the quarters a survey is for (YYYYQn: 2026Q3 is July to
// September 2026, calendar quarters) and steps between them. It is the one place a quarter is
// parsed: flags, config values, file names and Quarter columns all go through it.
package quarter

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Quarter is one calendar quarter; the zero Quarter is none.
type Quarter struct{ year, n int }

var (
	yearFirst = regexp.MustCompile(`(?i)(?:^|[^0-9])(20\d\d)[\s_\-/]*Q([1-4])(?:$|[^0-9])`)
	yearLast  = regexp.MustCompile(`(?i)(?:^|[^0-9A-Z])Q([1-4])[\s_\-/]*(20\d\d)(?:$|[^0-9])`)
	whole     = regexp.MustCompile(`(?i)^(?:(20\d\d)[\s_\-/]*Q([1-4])|Q([1-4])[\s_\-/]*(20\d\d))$`)
)

// Of returns the quarter n (1-4) of year.
func Of(year, n int) Quarter { return Quarter{year, n} }

// Find reads a quarter written as 2026Q3, 2026 Q3, 2026-q3 or Q3 2026 inside a longer text, such
// as a file name.
func Find(s string) (Quarter, bool) {
	if m := yearFirst.FindStringSubmatch(s); m != nil {
		return build(m[1], m[2]), true
	}
	if m := yearLast.FindStringSubmatch(s); m != nil {
		return build(m[2], m[1]), true
	}
	return Quarter{}, false
}

// Parse reads a value that must be a quarter and nothing else (a flag, a config value), in one
// of the spellings Find knows; anything else is an error.
func Parse(s string) (Quarter, error) {
	m := whole.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return Quarter{}, fmt.Errorf("%q is not a quarter: write it as YYYYQn, e.g. 2026Q3", s)
	}
	if m[1] != "" {
		return build(m[1], m[2]), nil
	}
	return build(m[4], m[3]), nil
}

// Normal returns s as YYYYQn when it is a quarter (Parse), or an error.
func Normal(s string) (string, error) {
	q, err := Parse(s)
	if err != nil {
		return "", err
	}
	return q.String(), nil
}

func build(year, n string) Quarter {
	y, _ := strconv.Atoi(year)
	k, _ := strconv.Atoi(n)
	return Quarter{y, k}
}

// IsZero reports whether q is no quarter.
func (q Quarter) IsZero() bool { return q.n == 0 }

// String writes the quarter as YYYYQn ("" for none).
func (q Quarter) String() string {
	if q.IsZero() {
		return ""
	}
	return fmt.Sprintf("%dQ%d", q.year, q.n)
}

// Previous is the quarter before q (2026Q1 -> 2025Q4).
func (q Quarter) Previous() Quarter {
	if q.IsZero() {
		return q
	}
	if q.n == 1 {
		return Quarter{q.year - 1, 4}
	}
	return Quarter{q.year, q.n - 1}
}

// Previous is the quarter before a YYYYQn quarter, as YYYYQn; "" when s is not a quarter.
func Previous(s string) string {
	q, err := Parse(s)
	if err != nil {
		return ""
	}
	return q.Previous().String()
}
