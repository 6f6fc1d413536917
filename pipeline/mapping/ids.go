package mapping

import (
	"regexp"
	"strconv"
	"strings"
)

var (
	// canonical: 6.1-L2-03, optionally in brackets, anywhere in the text.
	canonicalPattern = regexp.MustCompile(`(?i)(?:^|[^0-9.])(\d(?:\.\d){0,2})-L([1-4])-(\d{1,2})(?:$|[^0-9])`)
	// dotted or underscored paths of three or four numbers: 6.1.2, Q_6_1_2, Q6.1.2, 5.1.2.3.
	pathPattern = regexp.MustCompile(`(?i)(?:^|[^0-9A-Za-z])(?:Q[_ ]?)?(\d)[._](\d)[._](\d{1,2})(?:[._](\d{1,2}))?(?:$|[^0-9._])`)
	// an area alone at the start of a header: "6.1", "6.1 Machine learning", "[5.2]".
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

// otherID reads the other id forms. A path of numbers that is itself an area (5.1.2) means the
// area; otherwise its last number counts the statements of the area before it, in framework
// order (6.1.2 is the second statement of 6.1). A header that starts with an area id alone
// ("6.1 Machine learning") means that area.
func (m *Mapper) otherID(text string) (capabilityID, areaID string, ok bool) {
	if mt := pathPattern.FindStringSubmatch(text); mt != nil {
		parts := []string{mt[1], mt[2], mt[3]}
		if mt[4] != "" {
			parts = append(parts, mt[4])
		}
		if len(parts) == 3 {
			if a := m.fw.Area(strings.Join(parts, ".")); a != nil {
				return "", a.ID, true
			}
		}
		area := strings.Join(parts[:len(parts)-1], ".")
		k, _ := strconv.Atoi(parts[len(parts)-1])
		if id, ok := m.nthInArea(area, k); ok {
			return id, area, true
		}
		return "", "", false
	}
	if mt := areaPattern.FindStringSubmatch(strings.TrimSpace(text)); mt != nil {
		if a := m.fw.Area(mt[1]); a != nil {
			return "", a.ID, true
		}
	}
	return "", "", false
}

// nthInArea returns the k-th statement (from 1) that sits directly in an area.
func (m *Mapper) nthInArea(area string, k int) (string, bool) {
	if k < 1 {
		return "", false
	}
	for _, s := range m.fw.Statements {
		if s.Area == area {
			k--
			if k == 0 {
				return s.ID, true
			}
		}
	}
	return "", false
}
