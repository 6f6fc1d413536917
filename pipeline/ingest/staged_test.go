package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhs-readiness/readiness/pipeline/ingest"
	"github.com/nhs-readiness/readiness/pipeline/warehouse/warehousetest"
)

// A run stages the next file on a connection of its own while the one before it loads: the
// second file is staged (its cells through an Arrow view) while the first's staging is still
// open, then both load in turn, each as if loaded alone.
func TestStageWhileAnotherWaits(t *testing.T) {
	wh, loader := warehousetest.New(t)
	ctx := context.Background()
	data, err := os.ReadFile(handmade)
	if err != nil {
		t.Fatal(err)
	}
	second := filepath.Join(t.TempDir(), "trust_RGT_2026Q3.csv")
	if err := os.WriteFile(second, []byte(strings.ReplaceAll(string(data), ",RTH,", ",RGT,")), 0o644); err != nil {
		t.Fatal(err)
	}
	first := loader.Stage(ctx, loader.Prepare(handmade, ingest.Options{}), ingest.Options{})
	next := loader.Stage(ctx, loader.Prepare(second, ingest.Options{}), ingest.Options{})
	for i, st := range []*ingest.Staged{first, next} {
		res, err := loader.LoadStaged(ctx, st)
		if err != nil {
			t.Fatalf("file %d: %v", i+1, err)
		}
		trust := []string{"RTH", "RGT"}[i]
		if res.Trust != trust || res.SubmissionID != i+1 || res.RowsRead != 6 || res.RowsLoaded != 5 || res.RowsRejected != 1 || res.Respondents != 5 {
			t.Errorf("file %d: %+v; want trust %s, submission %d, 6 rows read, 5 loaded, 1 rejected, 5 respondents", i+1, res, trust, i+1)
		}
	}
	var summary string
	err = wh.AnalystQueryRow(ctx, `SELECT string_agg(s.trust_code || ':' || s.submission_id || ':' ||
		(SELECT count(*) FROM respondents r WHERE r.submission_id = s.submission_id) || ':' ||
		(SELECT count(*) FROM responses a WHERE a.submission_id = s.submission_id) || ':' ||
		(SELECT count(*) FROM rejects j WHERE j.submission_id = s.submission_id), ' ' ORDER BY s.submission_id) FROM submissions s`).Scan(&summary)
	if err != nil {
		t.Fatal(err)
	}
	// Per trust: 5 respondents, 19 responses, 3 rejects (see TestLoadHandmade).
	if want := "RTH:1:5:19:3 RGT:2:5:19:3"; summary != want {
		t.Errorf("submissions: %s, want %s", summary, want)
	}
}
