package ingest_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhs-readiness/readiness/pipeline/ingest"
	"github.com/nhs-readiness/readiness/pipeline/warehouse/warehousetest"
)

// A load that fails half-way (here: cancelled after 2,000 of 3,000 rows) leaves the warehouse
// exactly as it was: the earlier submission for the trust and quarter is still there, whole.
func TestFailedLoadLeavesWarehouseAsItWas(t *testing.T) {
	wh, loader := warehousetest.New(t)
	ctx := context.Background()
	if _, err := loader.Load(ctx, handmade, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	count := func() string {
		var s, r, x, j, st int
		err := wh.AnalystQueryRow(ctx, `SELECT (SELECT count(*) FROM submissions), (SELECT count(*) FROM respondents),
			(SELECT count(*) FROM responses), (SELECT count(*) FROM rejects),
			(SELECT count(*) FROM duckdb_tables() WHERE NOT temporary AND (schema_name = 'staging' OR starts_with(table_name, 'staging')))`).Scan(&s, &r, &x, &j, &st)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("submissions %d, respondents %d, responses %d, rejects %d, staging %d", s, r, x, j, st)
	}
	before := count()
	if before != "submissions 1, respondents 5, responses 19, rejects 3, staging 0" {
		t.Fatalf("before: %s", before)
	}

	// A bigger resubmission for the same trust and quarter, which would replace the first.
	var b strings.Builder
	b.WriteString("Response ID,Profession,Trust,Archetype,[1-L1-01],[6-L1-01]\n")
	for i := 1; i <= 3000; i++ {
		fmt.Fprintf(&b, "%d,Nurse,RTH,Users,Very confident,Somewhat confident\n", i)
	}
	big := filepath.Join(t.TempDir(), "RTH_resubmission_2026Q3.csv")
	os.WriteFile(big, []byte(b.String()), 0o644)

	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	_, err := loader.Load(cctx, big, ingest.Options{Progress: func(rows int) {
		if rows >= 2000 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want the load cancelled", err)
	}
	if after := count(); after != before {
		t.Errorf("after a failed load: %s; want %s", after, before)
	}
	// And the same file loads in full afterwards.
	res, err := loader.Load(ctx, big, ingest.Options{})
	if err != nil || res.Status != ingest.StatusReplaced || res.RowsLoaded != 3000 {
		t.Fatalf("reload: %+v, %v", res, err)
	}
	if after := count(); after != "submissions 1, respondents 3000, responses 6000, rejects 0, staging 0" {
		t.Errorf("after the replacement: %s", after)
	}
}

func TestLimits(t *testing.T) {
	_, loader := warehousetest.New(t)
	ctx := context.Background()
	_, err := loader.Load(ctx, handmade, ingest.Options{MaxCells: 40}) // 6 rows x 10 columns = 60 cells
	if !errors.Is(err, ingest.ErrRefused) || !strings.Contains(err.Error(), "more than 40 cells") {
		t.Errorf("cell limit: %v", err)
	}
	xlsx := toXLSX(t, "../../testdata/dialects/template_RRK_2026Q3.csv")
	_, err = loader.Load(ctx, xlsx, ingest.Options{MaxBytes: 512}) // a zip bomb's defence: parts bigger than this are refused
	if err == nil || !strings.Contains(err.Error(), "cannot read") {
		t.Errorf("size limit: %v", err)
	}
}
