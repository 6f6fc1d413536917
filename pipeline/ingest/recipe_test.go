package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhs-readiness/readiness/pipeline/dialect"
	"github.com/nhs-readiness/readiness/pipeline/ingest"
	"github.com/nhs-readiness/readiness/pipeline/mapping"
	"github.com/nhs-readiness/readiness/pipeline/vocab"
	"github.com/nhs-readiness/readiness/pipeline/warehouse/warehousetest"
)

// pulseTool is a test-only survey tool (docs/architecture.md, "Add a survey dialect"): its
// exports start with "Pulse ID", carry a second header row of question numbers, and name the
// respondent's email, which must never be loaded.
type pulseTool struct{}

func (pulseTool) Name() string   { return "pulsetool" }
func (pulseTool) Layout() string { return dialect.Wide }
func (pulseTool) Detect(h []string, _ [][]string) bool {
	return len(h) > 0 && vocab.Fold(h[0]) == "pulse id"
}
func (pulseTool) Header(h []string, next [][]string) ([]string, int) { return h, 1 }
func (pulseTool) Hint(f string) (string, bool) {
	switch f {
	case "pulse id":
		return mapping.RoleRespondentID, true
	case "email":
		return mapping.RolePersonal, true
	}
	return "", false
}

// Adding a dialect is one file that registers it (here, this test): files of the tool are then
// recognised, their extra header row skipped and their tool columns mapped.
func TestRecipeDialect(t *testing.T) {
	dialect.Register(pulseTool{}, 5)
	defer dialect.Unregister("pulsetool")
	_, loader := warehousetest.New(t)
	path := filepath.Join(t.TempDir(), "pulse_RTH_2026Q3.csv")
	os.WriteFile(path, []byte("Pulse ID,Email,Profession,[1-L1-01] digital systems\n"+
		"q0,q1,q2,q3\n"+
		"p1,a@example.org,Nurse,Very confident\n"+
		"p2,b@example.org,Doctor,Slightly confident\n"), 0o644)
	res, err := loader.Load(context.Background(), path, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Dialect != "csv-pulsetool" || res.RowsRead != 2 || res.RowsLoaded != 2 || res.ColumnsMapped != 3 {
		t.Errorf("%+v", res)
	}
	if !strings.Contains(strings.Join(dialect.Names(), ","), "pulsetool") {
		t.Errorf("names: %v", dialect.Names())
	}
}

// Adding a normalisation rule for a value is a line of vocabulary: a user's professions file
// adds an alias, and rows giving it load with that profession (no code changes).
func TestRecipeNormalisationRule(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "professions.yaml")
	os.WriteFile(file, []byte("professions:\n  - {code: nurse, name: Nurse, staff_group: Nurses and health visitors, aliases: [Theatre practitioner nurse]}\n"), 0o644)
	wh, loader := warehousetest.NewWith(t, vocab.Files{Professions: []string{file}})
	path := filepath.Join(dir, "rule_RTH_2026Q3.csv")
	os.WriteFile(path, []byte("Staff ID,Profession,[1-L1-01] digital systems\ns1,Theatre Practitioner Nurse,Very confident\n"), 0o644)
	res, err := loader.Load(context.Background(), path, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var profession string
	if err := wh.AnalystQueryRow(context.Background(), `SELECT profession_code FROM respondents WHERE submission_id = ?`, res.SubmissionID).Scan(&profession); err != nil {
		t.Fatal(err)
	}
	if profession != "nurse" || res.RowsWarned != 0 {
		t.Errorf("profession %q, %d rows warned; want nurse, 0", profession, res.RowsWarned)
	}
}
