package warehouse

import (
	"context"
	"fmt"

	"github.com/nhs-readiness/readiness/queries"
)

// LimitThreads runs each of DuckDB's statements on at most n threads (a setting of the whole
// database instance, never stored in the file) until the returned function puts back the setting
// before. A load of several files keeps both cores busy with two sides at once (staging the next
// file on one connection while this one loads on another): a statement's own worker threads then
// only contend with the other side's, and cost more CPU than they save. National quarter (220
// files, 2 cores), two runs each: 89.9 / 77.2 s and 137 / 127 s of CPU with DuckDB's default (a
// thread per core), 67.9 / 69.5 s and 101 / 103 s with one thread.
func (w *Warehouse) LimitThreads(ctx context.Context, n int) (restore func(context.Context) error, err error) {
	var before int
	if err := w.db.QueryRowContext(ctx, queries.Threads.SQL()).Scan(&before); err != nil {
		return nil, fmt.Errorf("warehouse: %s: %w", queries.Threads, err)
	}
	set := func(ctx context.Context, n int) error {
		// n is an integer: SET takes no parameters.
		if _, err := w.db.ExecContext(ctx, fmt.Sprintf("SET GLOBAL threads = %d", n)); err != nil {
			return fmt.Errorf("warehouse: threads = %d: %w", n, err)
		}
		return nil
	}
	if n >= before {
		return func(context.Context) error { return nil }, nil
	}
	if err := set(ctx, n); err != nil {
		return nil, err
	}
	return func(ctx context.Context) error { return set(ctx, before) }, nil
}
