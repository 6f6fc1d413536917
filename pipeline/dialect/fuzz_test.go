package dialect

import (
	"strings"
	"testing"
)

// Whatever the headers, detection picks a dialect and its header texts cover every column.
func FuzzDetect(f *testing.F) {
	f.Add("ID\x1fStart time\x1fCompletion time\x1fQ1", "1\x1f2\x1f3")
	f.Add("ResponseId\x1fQ1", "Response ID\x1fWhat?\n{\"ImportId\":\"x\"}\x1f{}")
	f.Add("Respondent ID\x1fCollector ID\x1fQ\x1f", "\x1f\x1fResponse\x1fRow 2")
	f.Add("Timestamp\x1fQ [Row]", "")
	f.Fuzz(func(t *testing.T, header, next string) {
		h := strings.Split(header, "\x1f")
		var rows [][]string
		for _, line := range strings.Split(next, "\n") {
			rows = append(rows, strings.Split(line, "\x1f"))
		}
		d := Detect(h, rows)
		texts, skip := d.Header(h, rows)
		if len(texts) != len(h) {
			t.Fatalf("%s: %d texts for %d columns", d.Name(), len(texts), len(h))
		}
		if skip < 0 || skip > len(rows) {
			t.Fatalf("%s: skip %d of %d rows", d.Name(), skip, len(rows))
		}
	})
}
