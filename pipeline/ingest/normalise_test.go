package ingest_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhs-readiness/readiness/pipeline/ingest"
	"github.com/nhs-readiness/readiness/pipeline/warehouse/warehousetest"
)

// One row per variant, loaded through the real normalisation SQL. Each row answers 1-L1-01 so
// that it loads; the field under test is the only unusual value in its row.
func TestNormaliseVariants(t *testing.T) {
	type variant struct {
		field, value string // field: profession | region | trust | archetype | answer
		want         string // the code (or level) it resolves to; "" when unknown
		suggestion   string // expected suggestion for an unknown value
	}
	variants := []variant{
		{"profession", "Physio", "physiotherapist", ""},
		{"profession", "PT", "physiotherapist", ""},
		{"profession", " physiotherapist ", "physiotherapist", ""},
		{"profession", "Physio therapist", "", "did you mean 'Physiotherapist'?"},
		{"profession", "RN", "nurse", ""},
		{"profession", "Registered Nurse", "nurse", ""},
		{"profession", "STAFF NURSE", "nurse", ""},
		{"profession", "ANP", "nurse", ""},
		{"profession", "Staff nurce", "", "did you mean 'Nurse'?"},
		{"profession", "GP", "doctor", ""},
		{"profession", "Consultant", "doctor", ""},
		{"profession", "SpR", "doctor", ""},
		{"profession", "FY1", "doctor", ""},
		{"profession", "Resident doctor", "doctor", ""},
		{"profession", "OT", "occupational_therapist", ""},
		{"profession", "SALT", "slt", ""},
		{"profession", "S.L.T.", "slt", ""},
		{"profession", "ODP", "odp", ""},
		{"profession", "Chiropodist", "podiatrist", ""},
		{"profession", "Dietician", "dietitian", ""},
		{"profession", "Drama therapist", "dramatherapist", ""},
		{"profession", "Clinical pharmacist", "pharmacist", ""},
		{"profession", "Dental surgeon", "dentist", ""},
		{"profession", "GDP", "dentist", ""},
		{"profession", "Data scientist", "data_scientist", ""},
		{"profession", "Clinical bioinformatician", "bioinformatician", ""},
		{"profession", "Pharmasist", "", "did you mean 'Pharmacist'?"},
		{"profession", "Astronaut", "", ""},
		{"region", "London", "E40000003", ""},
		{"region", "north-west", "E40000010", ""},
		{"region", "North East & Yorkshire", "E40000012", ""},
		{"region", "E40000008", "E40000011", ""}, // the old Midlands code
		{"region", "Y61", "E40000007", ""},
		{"region", "South Wset", "", "did you mean 'South West'?"},
		{"archetype", "Users", "U", ""},
		{"archetype", "user", "U", ""},
		{"archetype", "D", "D", ""},
		{"archetype", "Embedder", "E", ""},
		{"archetype", "Shappers", "", "did you mean 'Shapers'?"},
		{"trust", "RGT", "RGT", ""},
		{"trust", "rgt", "RGT", ""},
		{"trust", "Cambridge University Hospitals NHS Foundation Trust", "RGT", ""},
		{"trust", "CUH", "RGT", ""},
		{"answer", "Very confident", "3", ""},
		{"answer", "Very Confident ", "3", ""},
		{"answer", "4 - Very confident", "3", ""},
		{"answer", "4", "3", ""},
		{"answer", "EXTREMELY CONFIDENT", "4", ""},
		{"answer", "1 - Not at all confident", "0", ""},
		{"answer", "Moderately confident", "2", ""},
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "variants_2026Q3.csv")
	f, _ := os.Create(path)
	w := csv.NewWriter(f)
	w.Write([]string{"Respondent ID", "Profession", "Region", "Trust", "Archetype", "[1-L1-01]", "[1-L1-02]"})
	path2 := filepath.Join(dir, "regions_2026Q3.csv")
	f2, _ := os.Create(path2)
	w2 := csv.NewWriter(f2)
	w2.Write([]string{"Respondent ID", "Profession", "Region", "Archetype", "[1-L1-01]", "[1-L1-02]"})
	for i, v := range variants {
		row := []string{fmt.Sprint(i + 1), "Nurse", "", "RGT", "Users", "Very confident", "Somewhat confident"}
		col := map[string]int{"profession": 1, "region": 2, "trust": 3, "archetype": 4, "answer": 5}[v.field]
		row[col] = v.value
		if v.field == "region" {
			// Without a trust column: a region is checked on its own, not taken from the trust.
			w2.Write([]string{row[0], row[1], row[2], row[4], row[5], row[6]})
			continue
		}
		w.Write(row)
	}
	w.Flush()
	f.Close()
	w2.Flush()
	f2.Close()

	wh, loader := warehousetest.New(t)
	ctx := context.Background()
	res, err := loader.Load(ctx, path, ingest.Options{Scale: "confidence5"})
	if err != nil {
		t.Fatal(err)
	}
	res2, err := loader.Load(ctx, path2, ingest.Options{Scale: "confidence5"})
	if err != nil {
		t.Fatal(err)
	}
	if n := res.RowsLoaded + res2.RowsLoaded; res.RowsRead+res2.RowsRead != len(variants) || n != len(variants) {
		t.Fatalf("read %d loaded %d, want %d each (unknown values are kept)", res.RowsRead+res2.RowsRead, n, len(variants))
	}
	// Rows are numbered per file: the trust file holds the variants that are not regions, in order.
	rowOf := map[int]string{} // variant index -> "submission:row"
	trustRow, regionRow := 2, 2
	for i, v := range variants {
		if v.field == "region" {
			rowOf[i] = fmt.Sprintf("%d:%d", res2.SubmissionID, regionRow)
			regionRow++
		} else {
			rowOf[i] = fmt.Sprintf("%d:%d", res.SubmissionID, trustRow)
			trustRow++
		}
	}
	for i, v := range variants {
		row := rowOf[i]
		var got, suggestion string
		q := map[string]string{
			"profession": `SELECT coalesce(profession_code, '') FROM respondents WHERE submission_id || ':' || source_row = ?`,
			"region":     `SELECT coalesce(region_code, '') FROM respondents WHERE submission_id || ':' || source_row = ?`,
			"trust":      `SELECT coalesce(trust_code, '') FROM respondents WHERE submission_id || ':' || source_row = ?`,
			"archetype":  `SELECT coalesce(archetype_code, '') FROM respondents WHERE submission_id || ':' || source_row = ?`,
			"answer": `SELECT coalesce(max(x.level)::VARCHAR, '') FROM responses x JOIN respondents r USING (submission_id, respondent_id)
			           WHERE r.submission_id || ':' || r.source_row = ? AND x.capability_id = '1-L1-01'`,
		}[v.field]
		if err := wh.AnalystQueryRow(ctx, q, row).Scan(&got); err != nil {
			t.Fatalf("%s %q: %v", v.field, v.value, err)
		}
		wh.AnalystQueryRow(ctx, `SELECT coalesce(max(suggestion), '') FROM rejects WHERE submission_id || ':' || row_number = ?`, row).Scan(&suggestion)
		if got != v.want || suggestion != v.suggestion {
			t.Errorf("%s %q: got %q (suggestion %q), want %q (suggestion %q)", v.field, v.value, got, suggestion, v.want, v.suggestion)
		}
	}
}

// With unknown_values: reject, a row with an unknown profession is an error and is not loaded.
func TestUnknownValuesReject(t *testing.T) {
	wh, loader := warehousetest.New(t)
	ctx := context.Background()
	res, err := loader.Load(ctx, handmade, ingest.Options{UnknownValues: "reject"})
	if err != nil {
		t.Fatal(err)
	}
	if res.RowsRead != 6 || res.RowsLoaded != 4 || res.RowsRejected != 2 {
		t.Errorf("read %d loaded %d rejected %d; want 6, 4, 2", res.RowsRead, res.RowsLoaded, res.RowsRejected)
	}
	var reason string
	wh.AnalystQueryRow(ctx, `SELECT reason FROM rejects WHERE row_number = 6`).Scan(&reason)
	if reason != "'Physio therapist' is not a known profession; the row is not loaded" {
		t.Errorf("reason = %q", reason)
	}
}

// Finding 8 of "never silently wrong": a blank profession was not reported; RTJ got no
// suggestion though the file names RTH; 'Wessex' was said to load "with the region unknown"
// while the region was taken from the trust.
func TestBlankFieldsAndSuggestions(t *testing.T) {
	wh, loader := warehousetest.New(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "RTH_2026Q3.csv")
	os.WriteFile(path, []byte("Profession,Region,Trust,Archetype,[1-L1-01] x\n"+
		",South East,RTH,Users,Very confident\n"+
		"Nurse,Wessex,RTH,Users,Very confident\n"+
		"Nurse,,RTH,,Very confident\n"+
		"Nurse,South East,RTJ,Users,Very confident\n"), 0o644)
	res, err := loader.Load(ctx, path, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	probs, _, err := ingest.Problems(ctx, wh, res.SubmissionID, 100)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range probs {
		got = append(got, fmt.Sprintf("%d %s %s; %s", p.Row, p.Column, p.Reason, p.Suggestion))
	}
	want := []string{
		"2 A the profession is blank; the row is loaded with the profession unknown; ",
		"3 B 'Wessex' is not a known region; the region of the row's trust (South East) is used; did you mean 'South East', the region of the row's trust?",
		"5 C 'RTJ' is not a known trust (ODS code or name); the row is loaded with the trust unknown; did you mean 'RTH Oxford University Hospitals NHS Foundation Trust'?",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Row 4's blank region is not a problem: the trust's region is used.
	var region string
	wh.AnalystQueryRow(ctx, `SELECT region_code FROM respondents WHERE source_row = 4`).Scan(&region)
	if region != "E40000005" {
		t.Errorf("row 4's region %q, want the trust's (South East)", region)
	}
}
