package pipeline

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/nhs-readiness/readiness/pipeline/config"
	"github.com/nhs-readiness/readiness/pipeline/ingest"
	"github.com/nhs-readiness/readiness/pipeline/mapping"
	"github.com/nhs-readiness/readiness/pipeline/outfile"
	"github.com/nhs-readiness/readiness/pipeline/pseudonym"
	"github.com/nhs-readiness/readiness/pipeline/sheet"
	"github.com/nhs-readiness/readiness/pipeline/warehouse"
	"github.com/nhs-readiness/readiness/reports"
)

// Checked is what validation found in one file.
type Checked struct {
	Path     string
	Result   ingest.Result
	Columns  []mapping.Column
	Problems []ingest.Problem
	Err      error    // the file was refused or could not be read
	Outputs  []string // the feedback files written
}

// Errors counts the problems that would stop a row loading.
func (c Checked) Errors() int {
	n := 0
	for _, p := range c.Problems {
		if p.Severity == "error" {
			n++
		}
	}
	return n
}

// Validate checks each file exactly as a run would load it, in a throwaway in-memory warehouse
// (nothing is written to the real one), and writes a feedback workbook and a CSV of problems per
// file into out.
func Validate(ctx context.Context, cfg *config.Config, sources []Source, out string, env Env) ([]Checked, error) {
	fw, v, err := Reference(cfg)
	if err != nil {
		return nil, err
	}
	profiles, err := Profiles(cfg, fw, v)
	if err != nil {
		return nil, err
	}
	key := make([]byte, 32) // pseudonyms are thrown away with the in-memory warehouse
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	h, err := pseudonym.New(key)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("validate: %w", err)
	}
	var all []Checked
	for _, src := range sources {
		c, err := func() (Checked, error) {
			c := Checked{Path: src.Path}
			wh, err := warehouse.Open(ctx, "")
			if err != nil {
				return c, err
			}
			defer wh.Close()
			if err := wh.LoadReference(ctx, fw, v); err != nil {
				return c, err
			}
			loader := &ingest.Loader{WH: wh, Framework: fw, Mapper: mapping.New(fw), Profiles: profiles, Hasher: h, Log: env.Log}
			c.Result, c.Err = loader.Load(ctx, src.Path, src.Options)
			if c.Err != nil {
				if !errors.Is(c.Err, ingest.ErrRefused) && !errors.Is(c.Err, sheet.ErrUnreadable) {
					return c, c.Err
				}
				c.Columns, _ = loader.Columns(src.Path, src.Options) // what was read of a refused file, when anything
			} else {
				if c.Columns, err = loader.Columns(src.Path, src.Options); err != nil {
					return c, err
				}
				if c.Problems, err = submissionProblems(ctx, wh, c.Result); err != nil {
					return c, err
				}
			}
			c.Outputs, err = writeFeedback(out, src.Path, reports.Feedback{Result: c.Result, Columns: c.Columns, Problems: c.Problems}, c.Err)
			if err != nil {
				return c, fmt.Errorf("validate %s: %w", src.Path, err)
			}
			return c, nil
		}()
		if err != nil {
			return all, err
		}
		all = append(all, c)
	}
	return all, nil
}

// writeFeedback writes a file's feedback workbook and CSV of problems into dir, named after the
// whole input name (x.ods and x.xlsx get feedback files of their own), and returns their paths.
// refused is the error that refused the file, or nil.
func writeFeedback(dir, path string, fb reports.Feedback, refused error) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	base := filepath.Join(dir, filepath.Base(path))
	fb.File = filepath.Base(path)
	if refused != nil {
		fb.Refused = refused.Error()
	}
	if err := outfile.Create(base+".feedback.xlsx", func(tmp string) error { return reports.WriteFeedback(tmp, fb) }); err != nil {
		return nil, err
	}
	if err := outfile.Create(base+".problems.csv", func(tmp string) error { return reports.WriteProblemsCSV(tmp, fb.Problems) }); err != nil {
		return nil, err
	}
	return []string{base + ".feedback.xlsx", base + ".problems.csv"}, nil
}

// submissionProblems lists every problem of a load's submissions (one, or one per trust of a
// split file), in submission order.
func submissionProblems(ctx context.Context, wh *warehouse.Warehouse, res ingest.Result) ([]ingest.Problem, error) {
	var out []ingest.Problem
	for _, id := range res.SubmissionIDs() {
		probs, _, err := ingest.Problems(ctx, wh, id, math.MaxInt32)
		if err != nil {
			return nil, err
		}
		out = append(out, probs...)
	}
	return out, nil
}
