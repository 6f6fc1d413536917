// Package progress shows a one-line progress display on a terminal during long runs, and nothing
// when output is not a terminal (CI, pipes) or when quiet. Log lines written through Bar.Logs
// clear the status line first and redraw it after, so the two never run into each other.
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
	line  string // the status line shown, redrawn after a log line
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
	b.draw(fmt.Sprintf(format, args...))
}

// Step replaces the status line at once: a new phase of work is always shown.
func (b *Bar) Step(format string, args ...any) {
	if b == nil || !b.on {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.last = time.Now()
	b.draw(fmt.Sprintf(format, args...))
}

func (b *Bar) draw(line string) {
	pad := b.width - len(line)
	b.width = len(line)
	b.line = line
	if pad < 0 {
		pad = 0
	}
	fmt.Fprintf(b.w, "\r%s%*s", line, pad, "")
}

// Logs wraps the writer logs go to: while a status line is shown, each write clears it, writes,
// and draws it again below. When the bar is off, w is returned as it is.
func (b *Bar) Logs(w io.Writer) io.Writer {
	if b == nil || !b.on {
		return w
	}
	return logWriter{b: b, w: w}
}

type logWriter struct {
	b *Bar
	w io.Writer
}

func (l logWriter) Write(p []byte) (int, error) {
	l.b.mu.Lock()
	defer l.b.mu.Unlock()
	if l.b.width > 0 {
		fmt.Fprintf(l.b.w, "\r%*s\r", l.b.width, "")
	}
	n, err := l.w.Write(p)
	if l.b.line != "" {
		line := l.b.line
		l.b.width = 0
		l.b.draw(line)
	}
	return n, err
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
	b.line = ""
	b.last = time.Time{}
}
