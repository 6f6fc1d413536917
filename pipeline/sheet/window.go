package sheet

import (
	"bufio"
	"bytes"
	"io"
)

// window is what the sheet scanner reads from: the whole part when excelize holds it in memory
// (read in place, with no copy into a buffer), else a buffer over the part's stream, refilled as
// it is read. Its methods behave as bufio.Reader's of the same names, the buffer's limit
// included, so the scanner reads both the same way.
type window struct {
	b   []byte    // the part, or the buffered bytes of its stream
	r   int       // how much of b is read: b[r:] is unread
	src io.Reader // nil: b is the whole part
	err error     // the stream's error, once it has one
}

// wholeWindow reads a part held whole in memory.
func wholeWindow(b []byte) *window { return &window{b: b} }

// streamWindow reads a stream through a buffer of size bytes.
func streamWindow(src io.Reader, size int) *window {
	return &window{b: make([]byte, 0, size), src: src}
}

// more reports whether the stream may hold more than the buffer.
func (w *window) more() bool { return w.src != nil && w.err == nil }

// fill moves the unread bytes to the front of the buffer and reads more after them.
func (w *window) fill() {
	if w.r > 0 {
		n := copy(w.b, w.b[w.r:])
		w.b, w.r = w.b[:n], 0
	}
	for range 100 {
		n, err := w.src.Read(w.b[len(w.b):cap(w.b)])
		w.b = w.b[:len(w.b)+n]
		if err != nil {
			w.err = err
			return
		}
		if n > 0 {
			return
		}
	}
	w.err = io.ErrNoProgress
}

// end is the error of a window read to its end.
func (w *window) end() error {
	if w.err != nil {
		return w.err
	}
	return io.EOF
}

// ReadSlice reads up to and including c and returns the bytes, valid until the next read. With
// no c before the end it returns the rest and the end's error; with no c in a full buffer, the
// buffer and bufio.ErrBufferFull.
func (w *window) ReadSlice(c byte) ([]byte, error) {
	searched := 0 // the unread bytes already searched
	for {
		if i := bytes.IndexByte(w.b[w.r+searched:], c); i >= 0 {
			line := w.b[w.r : w.r+searched+i+1]
			w.r += searched + i + 1
			return line, nil
		}
		searched = len(w.b) - w.r
		if !w.more() {
			line := w.b[w.r:]
			w.r = len(w.b)
			return line, w.end()
		}
		if w.r == 0 && len(w.b) == cap(w.b) {
			w.r = len(w.b)
			return w.b, bufio.ErrBufferFull
		}
		w.fill()
	}
}

// Peek returns the next n bytes without reading them (fewer, with the error, near the end).
func (w *window) Peek(n int) ([]byte, error) {
	for len(w.b)-w.r < n && w.more() && n <= cap(w.b) {
		w.fill()
	}
	if len(w.b)-w.r < n {
		if w.src != nil && n > cap(w.b) {
			return w.b[w.r:], bufio.ErrBufferFull
		}
		return w.b[w.r:], w.end()
	}
	return w.b[w.r : w.r+n], nil
}

// UnreadByte puts back the last byte read.
func (w *window) UnreadByte() error {
	if w.r == 0 {
		return bufio.ErrInvalidUnreadByte
	}
	w.r--
	return nil
}
