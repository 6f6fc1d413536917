// Command readiness turns NHS staff survey and self-assessment spreadsheets into readiness
// heatmaps against the AI and Digital Healthcare Technologies Capability Framework.
//
// Build it with the duckdb_arrow tag (make build, or go build -tags duckdb_arrow ./cmd/readiness).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	end := profile(os.Getenv("READINESS_CPUPROFILE"), os.Stderr)
	code := Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	end()
	stop()
	os.Exit(code)
}

// profile writes a Go CPU profile of the whole command to path when it is set (READINESS_CPUPROFILE;
// see bench/README.md); the returned function ends it. DuckDB's own threads are not in it: their
// time shows as cgo calls.
func profile(path string, stderr io.Writer) func() {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintln(stderr, "readiness: cpu profile:", err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			fmt.Fprintln(stderr, "readiness: cpu profile:", err)
		}
	}
}

// exitError carries a process exit code through cobra.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// Main runs the command line and returns the process's exit code: 0 success, 1 some rows
// rejected, 2 a file refused or a usage or configuration error.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRoot(stdin, stdout, stderr)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	var ee exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.code
	default:
		fmt.Fprintln(stderr, "readiness:", err)
		return 2
	}
}

func newLogger(w io.Writer, quiet bool) *slog.Logger {
	level := slog.LevelInfo
	if os.Getenv("READINESS_DEBUG") != "" {
		level = slog.LevelDebug
	}
	if quiet {
		level = slog.LevelWarn
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}
