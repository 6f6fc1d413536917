package mapping

import (
	"regexp"
	"strings"
)

var (
	// canonical: 6.1-L2-03, optionally in brackets, anywhere in the text.
	canonicalPattern = regexp.MustCompile(`(?i)(?:^|[^0-9.])(\d(?:\.\d){0,2})-L([1-4])-(\d{1,2})(?:$|[^0-9])`)
	// an area alone at the start of a header: "6.1", "6.1 Machine learning", "[5.2]". Only the
	// framework's dotted numbering counts: a survey tool's question tags (Q6_1_1, QID12,
	// Q41#2_1_1) never name a capability or an area.
	areaPattern = regexp.MustCompile(`^\[?(\d(?:\.\d){0,2})\]?(?:$|[\s:\-–—])`)
)

// canonicalID finds a statement id such as 6.1-L2-03 in a text.
func (m *Mapper) canonicalID(text string) (string, bool) {
	mt := canonicalPattern.FindStringSubmatch(text)
	if mt == nil {
		return "", false
	}
	n := mt[3]
	if len(n) == 1 {
		n = "0" + n
	}
	id := mt[1] + "-L" + mt[2] + "-" + n
	_, ok := m.ids[id]
	return id, ok
}

// areaID reads an area named by the framework's numbering at the start of a header or of one
// of its parts ("6.1 Machine learning", "Q5 — 5.1.2 Data storage"): the survey asks at that grain.
// A statement is named only by its id with an explicit level (6.1-L2-03, canonicalID) or by a
// mapping profile; numbers without a level (6.1.2) and survey tools' own tags are not ids.
func (m *Mapper) areaID(text string) (string, bool) {
	for _, part := range variants(text) {
		if mt := areaPattern.FindStringSubmatch(strings.TrimSpace(part)); mt != nil {
			if a := m.fw.Area(mt[1]); a != nil {
				return a.ID, true
			}
		}
	}
	return "", false
}
