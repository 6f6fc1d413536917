package sheet

import (
	"fmt"
	"io"
	"sync"
)

// Prefetcher reads a table's rows on its own goroutine, a batch at a time, so that reading and
// parsing a file overlaps with loading the rows already read. At most depth batches wait, so memory
// is bounded by the batch size and depth, not by the file's size.
type Prefetcher struct {
	batches chan batch
	done    chan struct{}
	once    sync.Once
	wg      sync.WaitGroup
	cur     []Row
	err     error
}

type batch struct {
	rows []Row
	err  error // after the rows: io.EOF at the end, or why reading stopped
}

// Prefetch starts reading t's rows, size rows per batch, at most depth batches ahead. Call Close
// when done, even after an error.
func Prefetch(t Table, size, depth int) *Prefetcher {
	size = max(size, 1)
	p := &Prefetcher{batches: make(chan batch, max(depth, 1)), done: make(chan struct{})}
	p.wg.Add(1)
	go p.run(t, size)
	return p
}

func (p *Prefetcher) run(t Table, size int) {
	defer p.wg.Done()
	defer close(p.batches)
	b := batch{rows: make([]Row, 0, size)}
	for {
		r, err := next(t)
		if err != nil {
			b.err = err
			select {
			case p.batches <- b:
			case <-p.done:
			}
			return
		}
		b.rows = append(b.rows, r)
		if len(b.rows) == size {
			select {
			case p.batches <- b:
			case <-p.done:
				return
			}
			b = batch{rows: make([]Row, 0, size)}
		}
	}
}

// next reads one row, turning a reader's panic into an error: it runs on the prefetching
// goroutine, where a panic would otherwise end the program.
func next(t Table) (r Row, err error) {
	defer func() {
		if v := recover(); v != nil {
			r, err = Row{}, fmt.Errorf("%w: the sheet is malformed (%v)", ErrUnreadable, v)
		}
	}()
	return t.Next()
}

// Next returns the next row, or io.EOF after the last, or the error that stopped the reading.
func (p *Prefetcher) Next() (Row, error) {
	for len(p.cur) == 0 {
		if p.err != nil {
			return Row{}, p.err
		}
		b, ok := <-p.batches
		if !ok {
			if p.err == nil {
				p.err = io.EOF
			}
			return Row{}, p.err
		}
		p.cur, p.err = b.rows, b.err
	}
	r := p.cur[0]
	p.cur[0] = Row{}
	p.cur = p.cur[1:]
	return r, nil
}

// Close stops the reading and waits for the goroutine to finish; the table stays open.
func (p *Prefetcher) Close() {
	p.once.Do(func() { close(p.done) })
	p.wg.Wait()
}
