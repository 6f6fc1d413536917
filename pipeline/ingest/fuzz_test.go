package ingest

import (
	"regexp"
	"testing"
)

var quarterForm = regexp.MustCompile(`^20\d\dQ[1-4]$`)

// A quarter read from any text is always YYYYQn, and reading it again gives itself.
func FuzzParseQuarter(f *testing.F) {
	for _, s := range []string{"2026Q3", "Q3 2026", "survey_2026-q1.csv", "2026/27 Q2", "Q5 2026", "20261Q3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, ok := ParseQuarter(s)
		if !ok {
			return
		}
		if !quarterForm.MatchString(q) {
			t.Fatalf("ParseQuarter(%q) = %q", s, q)
		}
		if again, ok := ParseQuarter(q); !ok || again != q {
			t.Fatalf("ParseQuarter(%q) = %q, then %q", s, q, again)
		}
	})
}
