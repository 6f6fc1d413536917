package ingest

import (
	"fmt"
	"regexp"
	"strings"
)

var (
	quarterYearFirst = regexp.MustCompile(`(?i)(?:^|[^0-9])(20\d\d)[\s_\-/]*Q([1-4])(?:$|[^0-9])`)
	quarterLast      = regexp.MustCompile(`(?i)(?:^|[^0-9A-Z])Q([1-4])[\s_\-/]*(20\d\d)(?:$|[^0-9])`)
)

// ParseQuarter reads a quarter written as 2026Q3, 2026 Q3, 2026-q3 or Q3 2026 (also inside a
// longer text such as a file name) and returns it as YYYYQn.
func ParseQuarter(s string) (string, bool) {
	if m := quarterYearFirst.FindStringSubmatch(s); m != nil {
		return m[1] + "Q" + m[2], true
	}
	if m := quarterLast.FindStringSubmatch(s); m != nil {
		return m[2] + "Q" + m[1], true
	}
	return "", false
}

// MustQuarter is ParseQuarter for a value that must be a quarter, such as a flag.
func MustQuarter(s string) (string, error) {
	q, ok := ParseQuarter(strings.TrimSpace(s))
	if !ok {
		return "", fmt.Errorf("%q is not a quarter: write it as YYYYQn, e.g. 2026Q3", s)
	}
	return q, nil
}
