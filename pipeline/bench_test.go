package pipeline_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/nhs-readiness/readiness/configs"
	"github.com/nhs-readiness/readiness/pipeline/framework"
	"github.com/nhs-readiness/readiness/pipeline/heatmap"
	"github.com/nhs-readiness/readiness/pipeline/ingest"
	"github.com/nhs-readiness/readiness/pipeline/sheet"
	"github.com/nhs-readiness/readiness/pipeline/synth"
	"github.com/nhs-readiness/readiness/pipeline/vocab"
	"github.com/nhs-readiness/readiness/pipeline/warehouse/warehousetest"
	"github.com/nhs-readiness/readiness/reports"
)

// Benchmarks of each stage on a synthetic quarter: 7 trusts, 7,000 respondents, 145 capabilities
// (about a million answer cells), half CSV and half Excel.
//
//	go test -tags duckdb_arrow -run '^$' -bench . -benchtime 3x ./pipeline

var benchFiles = sync.OnceValues(func() ([]synth.File, error) {
	fw, err := framework.LoadFS(configs.FS, "framework.yaml")
	if err != nil {
		return nil, err
	}
	v, err := vocab.Load(configs.FS, vocab.Files{})
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "readiness-bench-")
	if err != nil {
		return nil, err
	}
	return synth.Generate(context.Background(), fw, v, synth.Options{Seed: 1, Respondents: 7000, Trusts: 7, Quarter: "2026Q3", Out: dir})
})

// files are the quarter's files of a format: the synthetic quarter above, or, when
// READINESS_BENCH_DATA names a folder, its files (bench/run.sh points it at the national quarter
// to measure the readers on it, one core).
func files(b *testing.B, format string) []synth.File {
	if dir := os.Getenv("READINESS_BENCH_DATA"); dir != "" {
		paths, err := filepath.Glob(filepath.Join(dir, "*."+format))
		if err != nil || len(paths) == 0 {
			b.Fatalf("no %s files in %s", format, dir)
		}
		out := make([]synth.File, len(paths))
		for i, p := range paths {
			out[i] = synth.File{Path: p, Format: format}
		}
		return out
	}
	all, err := benchFiles()
	if err != nil {
		b.Fatal(err)
	}
	var out []synth.File
	for _, f := range all {
		if f.Format == format {
			out = append(out, f)
		}
	}
	return out
}

// readAll reads every row of the files and returns the cells and bytes read, and the time spent
// reading rows (after opening the files).
func readAll(b *testing.B, fs []synth.File) (cells, size int64, rows time.Duration) {
	for _, f := range fs {
		st, _ := os.Stat(f.Path)
		size += st.Size()
		tbl, err := sheet.Open(f.Path, sheet.Options{})
		if err != nil {
			b.Fatal(err)
		}
		t0 := time.Now()
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
		rows += time.Since(t0)
		tbl.Close()
	}
	return cells, size, rows
}

func BenchmarkReadCSV(b *testing.B) {
	fs := files(b, "csv")
	var cells, size int64
	for b.Loop() {
		cells, size, _ = readAll(b, fs)
	}
	b.SetBytes(size)
	b.ReportMetric(float64(cells)*float64(b.N)/b.Elapsed().Seconds(), "cells/s")
}

func BenchmarkReadXLSX(b *testing.B) {
	fs := files(b, "xlsx")
	var cells int64
	var rows time.Duration
	for b.Loop() {
		var d time.Duration
		cells, _, d = readAll(b, fs)
		rows += d
	}
	// cells/s: opening the workbooks included; rows-cells/s: the data rows only (the scanner).
	b.ReportMetric(float64(cells)*float64(b.N)/b.Elapsed().Seconds(), "cells/s")
	b.ReportMetric(float64(cells)*float64(b.N)/rows.Seconds(), "rows-cells/s")
}

// BenchmarkLoad is ingest end to end (read, map, stage, normalise in SQL, commit), CSV files only.
func BenchmarkLoad(b *testing.B) {
	fs := files(b, "csv")
	var rows int
	for b.Loop() {
		b.StopTimer()
		_, loader := warehousetest.New(b)
		b.StartTimer()
		rows = 0
		for _, f := range fs {
			res, err := loader.Load(context.Background(), f.Path, ingest.Options{Quarter: "2026Q3"})
			if err != nil {
				b.Fatal(err)
			}
			rows += res.RowsRead
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkAggregate(b *testing.B) {
	wh, loader := warehousetest.New(b)
	all, _ := benchFiles()
	for _, f := range all {
		if _, err := loader.Load(context.Background(), f.Path, ingest.Options{Quarter: "2026Q3"}); err != nil {
			b.Fatal(err)
		}
	}
	specs := append(append([]heatmap.Spec{}, heatmap.DomainSpecs...), heatmap.SubdomainSpecs...)
	ctx := context.Background()
	for b.Loop() {
		if _, err := heatmap.ComputeAll(ctx, wh, specs, heatmap.Params{Quarter: "2026Q3", Threshold: 10}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(specs)), "heatmaps")
}

func BenchmarkReports(b *testing.B) {
	wh, loader := warehousetest.New(b)
	all, _ := benchFiles()
	for _, f := range all {
		if _, err := loader.Load(context.Background(), f.Path, ingest.Options{Quarter: "2026Q3"}); err != nil {
			b.Fatal(err)
		}
	}
	ctx := context.Background()
	maps, err := heatmap.ComputeAll(ctx, wh, append(append([]heatmap.Spec{}, heatmap.DomainSpecs...), heatmap.SubdomainSpecs...),
		heatmap.Params{Quarter: "2026Q3", Threshold: 10})
	if err != nil {
		b.Fatal(err)
	}
	overview, err := heatmap.Collect(ctx, wh, "2026Q3", 10)
	if err != nil {
		b.Fatal(err)
	}
	d := &reports.Data{Quarter: "2026Q3", Threshold: 10, Heatmaps: maps, Overview: *overview}
	dir := b.TempDir()
	for b.Loop() {
		if _, err := reports.Write(dir, []string{"html", "xlsx", "png", "svg", "csv"}, d, nil); err != nil {
			b.Fatal(err)
		}
	}
}
