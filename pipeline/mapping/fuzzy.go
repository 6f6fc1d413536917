package mapping

import (
	"regexp"
	"strings"

	"github.com/nhs-readiness/readiness/pipeline/framework"
	"github.com/nhs-readiness/readiness/pipeline/vocab"
)

// stopwords carry no meaning for matching a question to a statement.
var stopwords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an the and or of to in on for with at by from as is are am be been it its this that
		these those i my me we our you your they their can could how what which who when where why do does did not
		such into about than then so if very confident confidence rate please statement following agree
		strongly disagree extent able using use used`) {
		stopwords[w] = true
	}
}

// stem strips common English endings so that "recording" and "record" match.
func stem(w string) string {
	for _, suf := range []string{"ing", "ed", "es", "s", "e"} {
		if len(w) > 4 && strings.HasSuffix(w, suf) && !strings.HasSuffix(w, "ss") {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

func tokens(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(vocab.Fold(s)) {
		if len(w) < 3 || stopwords[w] || strings.Trim(w, "0123456789") == "" {
			continue
		}
		out[stem(w)] = true
	}
	return out
}

// dice is the Sørensen-Dice similarity of two token sets.
func dice(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	n := 0
	for w := range a {
		if b[w] {
			n++
		}
	}
	return 2 * float64(n) / float64(len(a)+len(b))
}

type matcher struct{ statements []map[string]bool }

func newMatcher(fw *framework.Framework) *matcher {
	m := &matcher{}
	for _, s := range fw.Statements {
		m.statements = append(m.statements, tokens(s.Text))
	}
	return m
}

type candidate struct {
	index int
	score float64
}

var bracketPart = regexp.MustCompile(`\[([^\]]+)\]\s*$`)

// variants are the parts of a header a statement or field name may hide in: the whole text, a
// trailing "[...]" (Google Forms grids), the part after the last " - " or " — " (SurveyMonkey and
// Qualtrics) and after the last colon.
func variants(text string) []string {
	out := []string{text}
	if m := bracketPart.FindStringSubmatch(text); m != nil {
		out = append(out, m[1])
	}
	for _, sep := range []string{" - ", " – ", " — ", ":"} {
		if i := strings.LastIndex(text, sep); i > 0 && i+len(sep) < len(text) {
			out = append(out, text[i+len(sep):])
		}
	}
	return out
}

// best returns the two statements most similar to a header, over its variants.
func (m *matcher) best(text string) (best, second candidate) {
	best.index, second.index = -1, -1
	scores := make([]float64, len(m.statements))
	for _, v := range variants(text) {
		t := tokens(v)
		for i, s := range m.statements {
			scores[i] = max(scores[i], dice(t, s))
		}
	}
	for i, sc := range scores {
		switch {
		case sc > best.score:
			second, best = best, candidate{i, sc}
		case sc > second.score:
			second = candidate{i, sc}
		}
	}
	if best.index < 0 {
		best.index = 0
	}
	return best, second
}
