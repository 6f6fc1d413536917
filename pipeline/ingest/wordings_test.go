package ingest_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhs-readiness/readiness/pipeline/ingest"
	"github.com/nhs-readiness/readiness/pipeline/warehouse/warehousetest"
)

// wordings are answers as survey tools write them by default, in English, Welsh and German, with
// the level each scale gives them (-1: not on the scale, left out with a warning).
var wordings = []struct {
	scale, answer string
	level         int
}{
	// 5-point confidence: Microsoft Forms, Google Forms, this project's template.
	{"confidence5", "Not at all confident", 0}, {"confidence5", "not confident at all", 0}, {"confidence5", "Slightly confident", 1},
	{"confidence5", "A little confident", 1}, {"confidence5", "Somewhat confident", 2}, {"confidence5", "Moderately confident", 2},
	{"confidence5", "Fairly confident", 2}, {"confidence5", "Very confident", 3}, {"confidence5", "Confident", 3},
	{"confidence5", "Extremely confident", 4}, {"confidence5", "Completely confident", 4},
	{"confidence5", "4 - Very confident", 3}, {"confidence5", "4. Very confident", 3}, {"confidence5", "4.Very confident", 3},
	{"confidence5", "5 Extremely confident", 4}, {"confidence5", "1", 0}, {"confidence5", "5", 4}, {"confidence5", "VERY CONFIDENT ", 3},
	{"confidence5", "Very sure", -1},
	// Welsh and German confidence.
	{"confidence5", "Ddim yn hyderus o gwbl", 0}, {"confidence5", "Ychydig yn hyderus", 1}, {"confidence5", "Eithaf hyderus", 2},
	{"confidence5", "Hyderus iawn", 3}, {"confidence5", "Hynod hyderus", 4},
	{"confidence5", "Überhaupt nicht sicher", 0}, {"confidence5", "Etwas sicher", 1}, {"confidence5", "Mäßig sicher", 2},
	{"confidence5", "Sehr sicher", 3}, {"confidence5", "Äußerst sicher", 4},
	// 5-point agreement: SurveyMonkey, Google Forms, Microsoft Forms Likert.
	{"agreement5", "Strongly disagree", 0}, {"agreement5", "Disagree", 1}, {"agreement5", "Tend to disagree", 1},
	{"agreement5", "Neither agree nor disagree", 2}, {"agreement5", "Neither agree or disagree", 2}, {"agreement5", "Neutral", 2},
	{"agreement5", "Agree", 3}, {"agreement5", "Tend to agree", 3}, {"agreement5", "Strongly agree", 4}, {"agreement5", "5 - Strongly agree", 4},
	// Welsh and German agreement.
	{"agreement5", "Anghytuno'n gryf", 0}, {"agreement5", "Anghytuno", 1}, {"agreement5", "Ddim yn cytuno nac yn anghytuno", 2},
	{"agreement5", "Cytuno", 3}, {"agreement5", "Cytuno'n gryf", 4},
	{"agreement5", "Stimme überhaupt nicht zu", 0}, {"agreement5", "Stimme eher nicht zu", 1}, {"agreement5", "Weder noch", 2},
	{"agreement5", "Stimme eher zu", 3}, {"agreement5", "Stimme voll und ganz zu", 4},
	// Qualtrics' default 5-point and 7-point agreement.
	{"agreement5_somewhat", "Strongly disagree", 0}, {"agreement5_somewhat", "Somewhat disagree", 1},
	{"agreement5_somewhat", "Neither agree nor disagree", 2}, {"agreement5_somewhat", "Somewhat agree", 3},
	{"agreement5_somewhat", "Strongly agree", 4},
	{"agreement7", "Strongly disagree", 0}, {"agreement7", "Disagree", 1}, {"agreement7", "Somewhat disagree", 1},
	{"agreement7", "Neither agree nor disagree", 2}, {"agreement7", "Somewhat agree", 2}, {"agreement7", "Agree", 3},
	{"agreement7", "Strongly agree", 4}, {"agreement7", "6", 3},
	// Microsoft Forms rating questions, in every punctuation.
	{"rating5", "1 - Very poor", 0}, {"rating5", "2 - Poor", 1}, {"rating5", "3 - Average", 2}, {"rating5", "4 - Good", 3},
	{"rating5", "4. Good", 3}, {"rating5", "4.Good", 3}, {"rating5", "5 Excellent", 4}, {"rating5", "Very good", 4}, {"rating5", "Fair", 2},
	// The framework's levels.
	{"framework_levels", "Not yet", 0}, {"framework_levels", "Level 1", 1}, {"framework_levels", "L2", 2}, {"framework_levels", "Level 3", 3},
	{"framework_levels", "Expert", 4},
}

// Every wording loads at its level on its scale (the ingest path: staging, then
// normalise/01_answers.sql).
func TestAnswerWordings(t *testing.T) {
	if len(wordings) < 60 {
		t.Fatalf("only %d wordings", len(wordings))
	}
	wh, loader := warehousetest.New(t)
	ctx := context.Background()
	dir := t.TempDir()
	byScale := map[string][]int{}
	var order []string
	for i, w := range wordings {
		if byScale[w.scale] == nil {
			order = append(order, w.scale)
		}
		byScale[w.scale] = append(byScale[w.scale], i)
	}
	for n, scale := range order {
		var b strings.Builder
		b.WriteString("Staff ID,Trust,[1-L1-01] x\n")
		for _, i := range byScale[scale] {
			fmt.Fprintf(&b, "s%d,RTH,\"%s\"\n", i, strings.ReplaceAll(wordings[i].answer, `"`, `""`))
		}
		path := filepath.Join(dir, fmt.Sprintf("words%d_2026Q%d.csv", n, 1+n%4))
		os.WriteFile(path, []byte(b.String()), 0o644)
		res, err := loader.Load(ctx, path, ingest.Options{Scale: scale, Quarter: fmt.Sprintf("20%02dQ1", 10+n), Replace: true})
		if err != nil {
			t.Fatalf("%s: %v", scale, err)
		}
		rows, err := wh.AnalystQuery(ctx, `SELECT r.source_row, x.level FROM respondents r
			LEFT JOIN answers x USING (submission_id, source_row) WHERE r.submission_id = ?`, res.SubmissionID)
		if err != nil {
			t.Fatal(err)
		}
		got := map[int]int{}
		for rows.Next() {
			var row int
			var level *int
			rows.Scan(&row, &level)
			got[row] = -1
			if level != nil {
				got[row] = *level
			}
		}
		rows.Close()
		for k, i := range byScale[scale] {
			row := k + 2
			want := wordings[i].level
			if lv, ok := got[row]; !ok && want >= 0 || ok && lv != want {
				t.Errorf("%s %q: level %v (loaded %v), want %d", scale, wordings[i].answer, lv, ok, want)
			}
		}
	}
}

// Without a scale given, the file's answers pick it: each tool's default wordings find their own
// scale (Qualtrics' "Somewhat" and 7-point scales included), and a Microsoft Forms rating export
// is no longer refused.
func TestScaleDetection(t *testing.T) {
	_, loader := warehousetest.New(t)
	ctx := context.Background()
	dir := t.TempDir()
	for i, c := range []struct {
		scale   string
		answers []string
	}{
		{"agreement5", []string{"Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"}},
		{"agreement5_somewhat", []string{"Strongly disagree", "Somewhat disagree", "Neither agree nor disagree", "Somewhat agree", "Strongly agree"}},
		{"agreement7", []string{"Strongly disagree", "Disagree", "Somewhat disagree", "Neither agree nor disagree", "Somewhat agree", "Agree", "Strongly agree"}},
		{"rating5", []string{"4 - Good", "5 - Excellent", "3 - Average", "4.Good"}},
		{"confidence5", []string{"Hyderus iawn", "Eithaf hyderus", "Hynod hyderus"}},
		{"agreement5", []string{"Stimme eher zu", "Weder noch", "Stimme voll und ganz zu"}},
	} {
		var b strings.Builder
		b.WriteString("Staff ID,Trust,[1-L1-01] x\n")
		for k, a := range c.answers {
			fmt.Fprintf(&b, "s%d,RTH,%s\n", k, a)
		}
		path := filepath.Join(dir, fmt.Sprintf("detect%d.csv", i))
		os.WriteFile(path, []byte(b.String()), 0o644)
		res, err := loader.Load(ctx, path, ingest.Options{Quarter: fmt.Sprintf("20%02dQ2", 10+i)})
		if err != nil {
			t.Errorf("%v: %v", c.answers, err)
			continue
		}
		if res.Scale != c.scale || res.RowsWarned != 0 {
			t.Errorf("%v: scale %s (%d rows warned), want %s", c.answers, res.Scale, res.RowsWarned, c.scale)
		}
	}
}
