// Package progress shows a one-line progress display on a terminal during long runs, and nothing
// when output is not a terminal (CI, pipes) or when quiet.
package progress

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// Bar redraws one status line on a terminal.
type Bar struct {
	mu    sync.Mutex
	w     io.Writer
	on    bool
	last  time.Time
	width int
}

// New returns a Bar writing to w, active only when w is a terminal and quiet is false.
func New(w io.Writer, quiet bool) *Bar {
	return &Bar{w: w, on: !quiet && IsTerminal(w)}
}

// IsTerminal reports whether w is a character device (a terminal).
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// Show replaces the status line, at most ten times a second.
func (b *Bar) Show(format string, args ...any) {
	if b == nil || !b.on {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if time.Since(b.last) < 100*time.Millisecond {
		return
	}
	b.last = time.Now()
	line := fmt.Sprintf(format, args...)
	pad := b.width - len(line)
	b.width = len(line)
	if pad < 0 {
		pad = 0
	}
	fmt.Fprintf(b.w, "\r%s%*s", line, pad, "")
}

// Done clears the status line.
func (b *Bar) Done() {
	if b == nil || !b.on {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	fmt.Fprintf(b.w, "\r%*s\r", b.width, "")
	b.width = 0
	b.last = time.Time{}
}
