package reports

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/nhs-readiness/readiness/pipeline/heatmap"
	"github.com/nhs-readiness/readiness/pipeline/outfile"
)

// Format is one kind of report file. Each lives in a file of its own and registers itself.
type Format struct {
	Name  string // as the config's formats key and --format name it
	Order int    // place in FormatNames: the built-in formats 1 to 6, others after
	// Write writes the format's files for d into dir (which exists) and returns their paths.
	Write func(dir string, d *Data) ([]string, error)
}

var formats []Format

// RegisterFormat adds a report format. It panics on a duplicate name, a defect of the code that
// registers it.
func RegisterFormat(f Format) {
	if _, ok := FormatByName(f.Name); ok {
		panic(fmt.Sprintf("reports: format %q registered twice", f.Name))
	}
	formats = append(formats, f)
	sort.SliceStable(formats, func(i, j int) bool { return formats[i].Order < formats[j].Order })
}

// UnregisterFormat removes a format (for tests that register one of their own).
func UnregisterFormat(name string) {
	keep := formats[:0]
	for _, f := range formats {
		if f.Name != name {
			keep = append(keep, f)
		}
	}
	formats = keep
}

// FormatByName finds a registered format.
func FormatByName(name string) (Format, bool) {
	for _, f := range formats {
		if f.Name == name {
			return f, true
		}
	}
	return Format{}, false
}

// FormatNames lists the registered formats in order.
func FormatNames() []string {
	out := make([]string, len(formats))
	for i, f := range formats {
		out[i] = f.Name
	}
	return out
}

// Write writes the reports in the given formats into dir and returns their paths, the manifest
// last. Every file is written whole (outfile); the folder's manifest is removed first and written
// only when every format succeeded, so a folder with a manifest holds a complete set. The formats
// are written side by side (each reads d only and writes files of its own; the per-heatmap ones
// and the packs are written one per core as well), so that a format of one file (HTML, the
// workbook) does not leave a core idle while it is written. step, when not nil, is told the
// formats as their writing starts (for the progress line).
func Write(dir string, names []string, d *Data, step func(formats string)) ([]string, error) {
	fs := make([]Format, len(names))
	for i, n := range names {
		f, ok := FormatByName(n)
		if !ok {
			return nil, fmt.Errorf("reports: unknown format %q (formats: %s)", n, strings.Join(FormatNames(), ", "))
		}
		fs[i] = f
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("reports: %w", err)
	}
	if err := outfile.Begin(dir); err != nil {
		return nil, fmt.Errorf("reports: %w", err)
	}
	if step != nil {
		step(strings.Join(names, ", "))
	}
	paths := make([][]string, len(fs))
	errs := make([]error, len(fs))
	var wg sync.WaitGroup
	for i, f := range fs {
		wg.Go(func() { paths[i], errs[i] = f.Write(dir, d) })
	}
	wg.Wait()
	var out []string
	for i, f := range fs {
		out = append(out, paths[i]...)
		if errs[i] != nil {
			return out, fmt.Errorf("reports: %s: %w", f.Name, errs[i])
		}
	}
	manifest, err := outfile.Finish(dir, out, map[string]string{"quarter": d.Quarter, "framework_version": d.FrameworkVersion,
		"formats": strings.Join(names, ",")})
	if err != nil {
		return out, fmt.Errorf("reports: %w", err)
	}
	return append(out, manifest), nil
}

// oneFile is a format written as one file named name.
func oneFile(name string, write func(path string, d *Data) error) func(string, *Data) ([]string, error) {
	return func(dir string, d *Data) ([]string, error) {
		path := filepath.Join(dir, name)
		if err := outfile.Create(path, func(tmp string) error { return write(tmp, d) }); err != nil {
			return nil, err
		}
		return []string{path}, nil
	}
}

// HeatmapsDir is the folder, under the output folder, of the files written per heatmap.
const HeatmapsDir = "heatmaps"

// perHeatmap is a format written as one file per heatmap, heatmaps/NAME.ext.
func perHeatmap(ext string, write func(path string, h *heatmap.Heatmap) error) func(string, *Data) ([]string, error) {
	return func(dir string, d *Data) ([]string, error) {
		hdir := filepath.Join(dir, HeatmapsDir)
		if err := os.MkdirAll(hdir, 0o755); err != nil {
			return nil, err
		}
		return writeEach(len(d.Heatmaps), func(i int) (string, error) {
			h := d.Heatmaps[i]
			path := filepath.Join(hdir, h.Name+"."+ext)
			if err := outfile.Create(path, func(tmp string) error { return write(tmp, h) }); err != nil {
				return "", fmt.Errorf("%s: %w", h.Name, err)
			}
			return path, nil
		})
	}
}

// writeEach writes n files side by side, one per core (each written whole by write, which
// returns its path), and returns their paths in order: those written, when one fails.
func writeEach(n int, write func(i int) (string, error)) ([]string, error) {
	out := make([]string, n)
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i := range n {
		g.Go(func() error {
			path, err := write(i)
			out[i] = path
			return err
		})
	}
	err := g.Wait()
	return slices.DeleteFunc(out, func(p string) bool { return p == "" }), err
}

// withTrends is a per-heatmap format that also writes the trends as one file when there are any.
func withTrends(heatmaps, trends func(string, *Data) ([]string, error)) func(string, *Data) ([]string, error) {
	return func(dir string, d *Data) ([]string, error) {
		paths, err := heatmaps(dir, d)
		if err != nil || len(d.Trends) == 0 {
			return paths, err
		}
		more, err := trends(dir, d)
		return append(paths, more...), err
	}
}
