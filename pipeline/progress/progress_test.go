package progress

import (
	"bytes"
	"strings"
	"testing"
)

// A terminal shows one screen: the status line and log lines share it. Replaying the bytes as a
// terminal would (a carriage return goes back to the line's start, a newline ends the line) must
// give whole log lines, and the status line last, never a log line written over the status line.
func TestLogsDoNotInterleave(t *testing.T) {
	var screen bytes.Buffer
	b := &Bar{w: &screen, on: true}
	logs := b.Logs(&screen)
	b.Step("[1/3] trust_RX1.csv: 1200 rows read")
	logs.Write([]byte("level=WARN msg=\"file loaded with warnings\" file=trust_RX1.csv\n"))
	b.Step("writing the %s report into %s", "xlsx", "out")
	logs.Write([]byte("level=INFO msg=\"reports written\"\n"))
	b.Done()

	lines := replay(screen.String())
	want := []string{`level=WARN msg="file loaded with warnings" file=trust_RX1.csv`, `level=INFO msg="reports written"`, ""}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Fatalf("the terminal shows\n%q\nwant\n%q", lines, want)
	}

	// Before Done, the status line is drawn again under the last log line.
	screen.Reset()
	b.Step("writing the html report into out")
	logs.Write([]byte("level=INFO msg=x\n"))
	if got := replay(screen.String()); len(got) != 2 || got[0] != "level=INFO msg=x" || got[1] != "writing the html report into out" {
		t.Fatalf("the terminal shows %q", got)
	}
}

// A bar that is off (not a terminal, or quiet) leaves the log writer as it is and writes nothing.
func TestOffBarWritesNothing(t *testing.T) {
	var out, logs bytes.Buffer
	b := New(&out, false) // a bytes.Buffer is not a terminal
	if w := b.Logs(&logs); w != &logs {
		t.Fatalf("Logs wrapped a writer for a bar that is off")
	}
	b.Step("x")
	b.Show("y")
	b.Done()
	if out.Len() != 0 {
		t.Fatalf("a bar that is off wrote %q", out.String())
	}
}

// replay renders terminal output: \r returns to the start of the line, overwriting as it goes;
// trailing spaces are trimmed.
func replay(s string) []string {
	var lines []string
	cur := []rune{}
	col := 0
	for _, r := range s {
		switch r {
		case '\r':
			col = 0
		case '\n':
			lines = append(lines, strings.TrimRight(string(cur), " "))
			cur, col = cur[:0], 0
		default:
			if col < len(cur) {
				cur[col] = r
			} else {
				cur = append(cur, r)
			}
			col++
		}
	}
	return append(lines, strings.TrimRight(string(cur), " "))
}
