// Package warehousetest gives tests a warehouse with the embedded framework and vocabularies
// loaded, and a loader for it, like net/http/httptest does for servers.
package warehousetest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/nhs-readiness/readiness/configs"
	"github.com/nhs-readiness/readiness/pipeline/framework"
	"github.com/nhs-readiness/readiness/pipeline/ingest"
	"github.com/nhs-readiness/readiness/pipeline/mapping"
	"github.com/nhs-readiness/readiness/pipeline/pseudonym"
	"github.com/nhs-readiness/readiness/pipeline/vocab"
	"github.com/nhs-readiness/readiness/pipeline/warehouse"
)

// New opens a warehouse file in a temporary folder with the embedded reference data loaded, and
// returns it with a loader that knows the embedded mapping profiles. Both are closed when the
// test ends.
func New(t testing.TB) (*warehouse.Warehouse, *ingest.Loader) {
	t.Helper()
	return NewWith(t, vocab.Files{})
}

// NewWith is New with a user's vocabulary files merged over the embedded ones.
func NewWith(t testing.TB, files vocab.Files) (*warehouse.Warehouse, *ingest.Loader) {
	t.Helper()
	ctx := context.Background()
	fw, err := framework.LoadFS(configs.FS, "framework.yaml")
	if err != nil {
		t.Fatal(err)
	}
	v, err := vocab.Load(configs.FS, files)
	if err != nil {
		t.Fatal(err)
	}
	profiles, err := mapping.LoadProfiles(configs.FS, "mappings", nil, fw, v.ScaleIDs())
	if err != nil {
		t.Fatal(err)
	}
	wh, err := warehouse.Open(ctx, filepath.Join(t.TempDir(), "readiness.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { wh.Close() })
	if err := wh.LoadReference(ctx, fw, v); err != nil {
		t.Fatal(err)
	}
	h, err := pseudonym.New([]byte("test key"))
	if err != nil {
		t.Fatal(err)
	}
	return wh, &ingest.Loader{WH: wh, Framework: fw, Mapper: mapping.New(fw), Profiles: profiles, Hasher: h}
}

// HandMade returns a warehouse filled by hand, whose every heatmap figure the tests derive by
// hand (see pipeline/heatmap/golden_test.go): two quarters, two trusts (RTH in the South East, RJ1 in London), four
// capabilities on the confidence scale (meets = level 3 or more):
//
//	1-L1-01 (domain 1, level 1, SDCEU)  1-L3-01 (domain 1, level 3, DCE)
//	6-L1-01 (domain 6, level 1, SDCEU)  6.1-L3-02 (domain 6, sub-domain 6.1, level 3, C)
//
// Users answer the two SDCEU capabilities; Creators and the unknown archetype all four.
// 2026Q3 (levels in the order above; "." = not answered or not relevant):
//
//	id  profession  archetype  trust  levels      readiness D1 | D6
//	n1  nurse       U          RTH    3 . 1 .     1    | 0
//	n2  nurse       U          RTH    2 . 3 .     0    | 1
//	n3  nurse       U          RJ1    4 . 4 .     1    | 1
//	n4  nurse       U          RJ1    1 . 0 .     0    | 0
//	d1  doctor      C          RTH    3 1 4 3     0.5  | 1
//	d2  doctor      C          RTH    0 3 3 2     0.5  | 0.5
//	d3  doctor      C          RJ1    4 4 2 1     1    | 0
//	p1  physio      (unknown)  RTH    3 3 1 0     1    | 0
//
// 2026Q2:
//
//	q2n1 nurse U RTH 1 . 1 .  0 | 0      q2d1 doctor C RTH 3 3 1 1  1 | 0
//	q2n2 nurse U RTH 3 . 0 .  1 | 0      q2d2 doctor C RTH 0 0 0 0  0 | 0
//	q2n3 nurse U RJ1 3 . 3 .  1 | 1      q2d3 doctor C RJ1 3 3 3 3  1 | 1
//	q2n4 nurse U RJ1 0 . 0 .  0 | 0
func HandMade(t testing.TB) *warehouse.Warehouse {
	t.Helper()
	return Build(t, []string{"1-L1-01", "1-L3-01", "6-L1-01", "6.1-L3-02"}, []Person{
		{"2026Q3", "n1", "nurse", "U", "RTH", []int{3, -1, 1, -1}},
		{"2026Q3", "n2", "nurse", "U", "RTH", []int{2, -1, 3, -1}},
		{"2026Q3", "n3", "nurse", "U", "RJ1", []int{4, -1, 4, -1}},
		{"2026Q3", "n4", "nurse", "U", "RJ1", []int{1, -1, 0, -1}},
		{"2026Q3", "d1", "doctor", "C", "RTH", []int{3, 1, 4, 3}},
		{"2026Q3", "d2", "doctor", "C", "RTH", []int{0, 3, 3, 2}},
		{"2026Q3", "d3", "doctor", "C", "RJ1", []int{4, 4, 2, 1}},
		{"2026Q3", "p1", "physiotherapist", "", "RTH", []int{3, 3, 1, 0}},
		{"2026Q2", "q2n1", "nurse", "U", "RTH", []int{1, -1, 1, -1}},
		{"2026Q2", "q2n2", "nurse", "U", "RTH", []int{3, -1, 0, -1}},
		{"2026Q2", "q2n3", "nurse", "U", "RJ1", []int{3, -1, 3, -1}},
		{"2026Q2", "q2n4", "nurse", "U", "RJ1", []int{0, -1, 0, -1}},
		{"2026Q2", "q2d1", "doctor", "C", "RTH", []int{3, 3, 1, 1}},
		{"2026Q2", "q2d2", "doctor", "C", "RTH", []int{0, 0, 0, 0}},
		{"2026Q2", "q2d3", "doctor", "C", "RJ1", []int{3, 3, 3, 3}},
	})
}

// Person is one respondent of a hand-made warehouse: Levels are their answers to the
// capabilities given to Build, in order (0-4 on the confidence scale, meets = 3 or more; -1 not
// answered). Archetype "" is unknown.
type Person struct {
	Quarter, ID, Profession, Archetype, Trust string
	Levels                                    []int
}

// Build returns a warehouse holding exactly these people's answers to these capabilities, one
// submission per quarter and trust, with the stored cubes refreshed.
func Build(t testing.TB, caps []string, people []Person) *warehouse.Warehouse {
	t.Helper()
	wh, _ := New(t)
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := wh.AnalystExec(context.Background(), q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	sub := map[string]int{}
	for n, p := range people {
		key := p.Quarter + p.Trust
		if sub[key] == 0 {
			sub[key] = len(sub) + 1
			exec(`INSERT INTO submissions (submission_id, layout, trust_code, quarter, source_file, dialect, scale_id, content_hash,
				rows_read, rows_loaded, rows_rejected, rows_warned, respondents, columns_mapped, columns_unmapped)
				VALUES (?, 'wide', ?, ?, ?, 'csv-wide', 'confidence5', ?, 0, 0, 0, 0, 0, 0, 0)`, sub[key], p.Trust, p.Quarter, key+".csv", key)
		}
		var arch any
		if p.Archetype != "" {
			arch = p.Archetype
		}
		row := n + 2 // the person's row in the file: unique in a submission
		exec(`INSERT INTO respondents SELECT ?, ?, ?, ?, region_code, ?, ?, ? FROM organisations WHERE ods_code = ?`,
			sub[key], p.ID, p.Quarter, p.Trust, p.Profession, arch, row, p.Trust)
		for i, c := range caps {
			if p.Levels[i] < 0 {
				continue
			}
			exec(`INSERT INTO answers SELECT ?, ?, target_no, ?, ? >= 3 FROM targets WHERE target_key = ?`,
				sub[key], row, p.Levels[i], p.Levels[i], c)
		}
	}
	if err := wh.RefreshCubes(context.Background()); err != nil {
		t.Fatal(err)
	}
	return wh
}
