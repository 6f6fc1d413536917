// Package bench_test measures reading the national benchmark's files with the product's readers
// (bench/run.sh runs it on the quarter it generated, one core):
//
//	READINESS_BENCH_DATA=/tmp/readiness-bench/data go test -tags duckdb_arrow -run '^$' -bench . -benchtime 1x -cpu 1 ./bench
//
// cells/s counts every cell of every data row, over the whole time: opening the file (for a
// workbook: the package, inflating its parts, the shared strings and styles), finding the
// header, and reading the rows.
package bench_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/nhs-readiness/readiness/pipeline/sheet"
)

func benchRead(b *testing.B, pattern string) {
	dir := os.Getenv("READINESS_BENCH_DATA")
	if dir == "" {
		b.Skip("READINESS_BENCH_DATA is not set: see bench/README.md")
	}
	files, err := filepath.Glob(filepath.Join(dir, pattern))
	if err != nil || len(files) == 0 {
		b.Fatalf("no %s files in %s", pattern, dir)
	}
	var cells, size int64
	for b.Loop() {
		cells, size = 0, 0
		for _, f := range files {
			st, err := os.Stat(f)
			if err != nil {
				b.Fatal(err)
			}
			size += st.Size()
			tbl, err := sheet.Open(f, sheet.Options{})
			if err != nil {
				b.Fatal(err)
			}
			for {
				r, err := tbl.Next()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
				cells += int64(len(r.Cells))
			}
			tbl.Close()
		}
	}
	b.SetBytes(size)
	b.ReportMetric(float64(cells)*float64(b.N)/b.Elapsed().Seconds(), "cells/s")
	b.ReportMetric(float64(len(files)), "files")
}

// BenchmarkReadXLSX reads every workbook of the quarter, whole (target: 2.5 million cells/s per core).
func BenchmarkReadXLSX(b *testing.B) { benchRead(b, "*.xlsx") }

// BenchmarkReadCSV reads every CSV file of the quarter.
func BenchmarkReadCSV(b *testing.B) { benchRead(b, "*.csv") }
