package quarter

import (
	"regexp"
	"testing"
)

func TestFindAndParse(t *testing.T) {
	for _, c := range []struct {
		in, find, parse string
	}{
		{"2026Q3", "2026Q3", "2026Q3"},
		{"2026 q3", "2026Q3", "2026Q3"},
		{"2026-Q3", "2026Q3", "2026Q3"},
		{"Q3 2026", "2026Q3", "2026Q3"},
		{"survey_RJ1_2026Q1.csv", "2026Q1", ""},
		{"2026Q5", "", ""},
		{"20261Q3", "", ""},
		{"", "", ""},
	} {
		f, _ := Find(c.in)
		if f.String() != c.find {
			t.Errorf("Find(%q) = %q, want %q", c.in, f, c.find)
		}
		p, err := Parse(c.in)
		if p.String() != c.parse || (err != nil) != (c.parse == "") {
			t.Errorf("Parse(%q) = %q, %v; want %q", c.in, p, err, c.parse)
		}
	}
}

func TestPrevious(t *testing.T) {
	for in, want := range map[string]string{"2026Q1": "2025Q4", "2026Q3": "2026Q2", "x": ""} {
		if got := Previous(in); got != want {
			t.Errorf("Previous(%q) = %q, want %q", in, got, want)
		}
	}
}

var form = regexp.MustCompile(`^20\d\dQ[1-4]$`)

// A quarter read from any text is always YYYYQn, and reading it again gives itself.
func FuzzParseQuarter(f *testing.F) {
	for _, s := range []string{"2026Q3", "Q3 2026", "survey_2026-q1.csv", "2026/27 Q2", "Q5 2026", "20261Q3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, ok := Find(s)
		if !ok {
			return
		}
		if !form.MatchString(q.String()) {
			t.Fatalf("Find(%q) = %q", s, q)
		}
		if again, err := Parse(q.String()); err != nil || again != q {
			t.Fatalf("Find(%q) = %q, then %q", s, q, again)
		}
	})
}
