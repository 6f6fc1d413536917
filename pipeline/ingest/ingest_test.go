package ingest_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/nhs-readiness/readiness/pipeline/ingest"
	"github.com/nhs-readiness/readiness/pipeline/sheet"
	"github.com/nhs-readiness/readiness/pipeline/warehouse/warehousetest"
)

const handmade = "../../testdata/handmade/trust_RTH_2026Q3.csv"

func TestLoadHandmade(t *testing.T) {
	wh, loader := warehousetest.New(t)
	ctx := context.Background()
	res, err := loader.Load(ctx, handmade, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := ingest.Result{File: "trust_RTH_2026Q3.csv", Dialect: "csv-wide", Layout: "wide", HeaderRows: 1, Quarter: "2026Q3", Trust: "RTH", Respondents: 5,
		Scale: "confidence5", Status: "loaded", SubmissionID: 1, RowsRead: 6, RowsLoaded: 5, RowsRejected: 1,
		RowsWarned: 1, ColumnsMapped: 8, ColumnsUnmapped: 0}
	if !reflect.DeepEqual(res, want) {
		t.Fatalf("result\n got %+v\nwant %+v", res, want)
	}
	type reject struct {
		row                             int
		letter, header, value, severity string
		reason, suggestion              string
	}
	rows, err := wh.AnalystQuery(ctx, `SELECT coalesce(row_number, 0), coalesce(column_letter, ''), coalesce(header, ''),
		coalesce(value, ''), severity, reason, coalesce(suggestion, '') FROM rejects ORDER BY row_number, column_letter`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []reject
	for rows.Next() {
		var r reject
		if err := rows.Scan(&r.row, &r.letter, &r.header, &r.value, &r.severity, &r.reason, &r.suggestion); err != nil {
			t.Fatal(err)
		}
		got = append(got, r)
	}
	wantRejects := []reject{
		{6, "C", "Profession", "Physio therapist", "warning",
			"'Physio therapist' is not a known profession; the row is loaded with the profession unknown", "did you mean 'Physiotherapist'?"},
		{7, "F", "[1-L1-01] digital systems", "Very sure", "warning",
			"'Very sure' is not an answer on the 5-point confidence scale; the answer is left out",
			"answers are: Not at all confident, Slightly confident, Somewhat confident, Very confident, Extremely confident"},
		{7, "", "", "", "error", "the row has no answer to any capability on the scale", ""},
	}
	if len(got) != len(wantRejects) {
		t.Fatalf("rejects: got %d rows %+v, want %d", len(got), got, len(wantRejects))
	}
	for i := range got {
		if got[i] != wantRejects[i] {
			t.Errorf("reject %d\n got %+v\nwant %+v", i, got[i], wantRejects[i])
		}
	}
	// Respondents: the right codes, and no raw id or email in the warehouse.
	var summary string
	err = wh.AnalystQueryRow(ctx, `SELECT string_agg(source_row || ':' || coalesce(profession_code, '?') || '/' ||
		coalesce(archetype_code, '?') || '/' || region_code || '/' || trust_code, ' ' ORDER BY source_row) FROM respondents`).Scan(&summary)
	if err != nil {
		t.Fatal(err)
	}
	if want := "2:nurse/U/E40000005/RTH 3:nurse/U/E40000005/RTH 4:doctor/C/E40000005/RTH 5:doctor/C/E40000005/RTH 6:?/?/E40000005/RTH"; summary != want {
		t.Errorf("respondents\n got %s\nwant %s", summary, want)
	}
	var responses int
	if err := wh.AnalystQueryRow(ctx, `SELECT count(*) FROM responses`).Scan(&responses); err != nil {
		t.Fatal(err)
	}
	if responses != 4+3+4+4+4 {
		t.Errorf("responses = %d, want 19", responses)
	}
}

func TestLoadSameFileTwiceChangesNothing(t *testing.T) {
	wh, loader := warehousetest.New(t)
	ctx := context.Background()
	if _, err := loader.Load(ctx, handmade, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	res, err := loader.Load(ctx, handmade, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != ingest.StatusUnchanged {
		t.Fatalf("status = %q, want unchanged", res.Status)
	}
	var subs, resp int
	wh.AnalystQueryRow(ctx, `SELECT (SELECT count(*) FROM submissions), (SELECT count(*) FROM respondents)`).Scan(&subs, &resp)
	if subs != 1 || resp != 5 {
		t.Errorf("after reloading: %d submissions, %d respondents; want 1 and 5", subs, resp)
	}
}

func TestNewFileReplacesSubmission(t *testing.T) {
	wh, loader := warehousetest.New(t)
	ctx := context.Background()
	if _, err := loader.Load(ctx, handmade, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(handmade)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	second := filepath.Join(t.TempDir(), "RTH resubmitted 2026 Q3.csv")
	if err := os.WriteFile(second, []byte(strings.Join(lines[:3], "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// 2 rows loaded would replace 5: refused unless confirmed, and the first submission stays.
	_, err = loader.Load(ctx, second, ingest.Options{})
	if !errors.Is(err, ingest.ErrRefused) || !strings.Contains(err.Error(), "(trust_RTH_2026Q3.csv, 5 rows loaded) with 2 rows loaded") {
		t.Fatalf("a resubmission with under half the rows: %v", err)
	}
	var kept int
	wh.AnalystQueryRow(ctx, `SELECT count(*) FROM respondents WHERE submission_id = 1`).Scan(&kept)
	if kept != 5 {
		t.Fatalf("after the refused resubmission: %d respondents, want the first file's 5", kept)
	}
	res, err := loader.Load(ctx, second, ingest.Options{Replace: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != ingest.StatusReplaced || res.ReplacedID != 1 || res.RowsLoaded != 2 {
		t.Fatalf("got %+v, want replaced submission 1 with 2 rows", res)
	}
	var subs, resp, rej int
	wh.AnalystQueryRow(ctx, `SELECT (SELECT count(*) FROM submissions), (SELECT count(*) FROM respondents),
		(SELECT count(*) FROM rejects)`).Scan(&subs, &resp, &rej)
	if subs != 1 || resp != 2 || rej != 0 {
		t.Errorf("after replacing: %d submissions, %d respondents, %d rejects; want 1, 2, 0", subs, resp, rej)
	}
}

func TestRefusedFiles(t *testing.T) {
	_, loader := warehousetest.New(t)
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cases := []struct {
		path     string
		opt      ingest.Options
		sentinel error
		want     string
	}{
		{write("empty_2026Q3.csv", ""), ingest.Options{}, sheet.ErrUnreadable, "the file is empty"},
		{write("nocaps_2026Q3.csv", "Profession,Trust\nNurse,RTH\n"), ingest.Options{}, ingest.ErrRefused, "no column names a capability"},
		{write("noquarter.csv", "Profession,[1-L1-01]\nNurse,Very confident\n"), ingest.Options{}, ingest.ErrRefused, "cannot tell which quarter"},
		{write("fake.xlsx", "Profession,[1-L1-01]\n"), ingest.Options{}, sheet.ErrUnreadable, "is not an Excel workbook"},
		{write("old_2026Q3.xls", "\xD0\xCF\x11\xE0rest"), ingest.Options{}, sheet.ErrUnreadable, "save it as .xlsx"},
		{handmade, ingest.Options{Trust: "ZZZ"}, ingest.ErrRefused, `trust "ZZZ" is not a known organisation`},
		{handmade, ingest.Options{Quarter: "autumn"}, ingest.ErrRefused, `"autumn" is not a quarter`},
	}
	for _, c := range cases {
		_, err := loader.Load(context.Background(), c.path, c.opt)
		if err == nil || !errors.Is(err, c.sentinel) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got error %v, want %v containing %q", filepath.Base(c.path), err, c.sentinel, c.want)
		}
	}
}

// Two columns about one capability: a person's answer in the first column counts (level and
// whether it meets the scale's point, 3 on the confidence scale); one who left the first blank
// counts with the second.
func TestTwoColumnsForOneCapability(t *testing.T) {
	wh, loader := warehousetest.New(t)
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "trust_RTH_2026Q3.csv")
	csv := "Response ID,Profession,Trust,Archetype,[1-L1-01] digital systems,[1-L1-01] digital systems (again),[6-L1-01] AI umbrella\n" +
		"1,Nurse,RTH,Users,Very confident,Slightly confident,Very confident\n" + // first 3 (meets), second 1
		"2,Nurse,RTH,Users,Slightly confident,Extremely confident,Very confident\n" + // first 1 (does not meet), second 4
		"3,Nurse,RTH,Users,,Very confident,Slightly confident\n" // first blank: the second counts
	if err := os.WriteFile(file, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := loader.Load(ctx, file, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.RowsLoaded != 3 || res.RowsRejected != 0 {
		t.Fatalf("got %+v, want 3 rows loaded", res)
	}
	var got string
	if err := wh.AnalystQueryRow(ctx, `SELECT string_agg(capability_id || '=' || level || (CASE WHEN meets THEN '+' ELSE '-' END), ' '
		ORDER BY r.source_row, capability_id)
		FROM answers x JOIN respondents r USING (submission_id, source_row) JOIN targets t USING (target_no)`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	want := "1-L1-01=3+ 6-L1-01=3+ 1-L1-01=1- 6-L1-01=3+ 1-L1-01=3+ 6-L1-01=1-"
	if got != want {
		t.Errorf("answers\n got %s\nwant %s", got, want)
	}
}
