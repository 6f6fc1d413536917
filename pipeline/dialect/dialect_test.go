package dialect

import (
	"reflect"
	"testing"

	"github.com/nhs-readiness/readiness/pipeline/mapping"
)

func TestDetect(t *testing.T) {
	cases := []struct {
		header []string
		next   [][]string
		want   string
	}{
		{[]string{"ID", "Start time", "Completion time", "Email", "Name", "Q"}, nil, "msforms"},
		{[]string{"StartDate", "EndDate", "Status", "Finished", "Q1"}, nil, "qualtrics"},
		{[]string{"V1", "Q1"}, [][]string{{"id", "text"}, {`{"ImportId":"_recordId"}`, `{"ImportId":"QID1"}`}}, "qualtrics"},
		{[]string{"Respondent ID", "Collector ID", "Start Date"}, nil, "surveymonkey"},
		{[]string{"Timestamp", "Email address", "Q"}, nil, "googleforms"},
		{[]string{"Staff ID", "Trust (ODS code)", "Profession", "Region", "Archetype", "[1-L1-01] x"}, nil, "template"},
		{[]string{"Learner ID", "Competency", "Rating", "Date"}, nil, "long"},
		{[]string{"Profession", "[1-L1-01]"}, nil, "wide"},
	}
	for _, c := range cases {
		if got := Detect(c.header, c.next).Name(); got != c.want {
			t.Errorf("Detect(%q) = %s, want %s", c.header, got, c.want)
		}
	}
}

func TestQualtricsHeader(t *testing.T) {
	h := []string{"ResponseId", "Q1", "Q2_TEXT", "Q3"}
	next := [][]string{{"Response ID", "What is your profession?", "Comments", "Q3"}, {`{"ImportId":"_recordId"}`, `{"ImportId":"QID1"}`, "", ""}}
	texts, skip := Qualtrics{}.Header(h, next)
	if want := []string{"ResponseId", "Q1 — What is your profession?", "Q2_TEXT — Comments", "Q3"}; !reflect.DeepEqual(texts, want) || skip != 2 {
		t.Errorf("texts %q skip %d; want %q skip 2", texts, skip, want)
	}
	if _, skip := (Qualtrics{}).Header(h, next[:1]); skip != 1 {
		t.Errorf("an older two-row export skips 1, got %d", skip)
	}
	for header, want := range map[string]string{"q2 text comments": mapping.RoleIgnored, "responseid": mapping.RoleRespondentID,
		"ipaddress": mapping.RolePersonal, "duration in seconds": mapping.RoleIgnored} {
		if got, _ := (Qualtrics{}).Hint(header); got != want {
			t.Errorf("Hint(%q) = %q, want %q", header, got, want)
		}
	}
}

func TestSurveyMonkeyHeader(t *testing.T) {
	h := []string{"Respondent ID", "Collector ID", "Profession", "How confident are you?", "", ""}
	next := [][]string{{"", "", "Response", "Reading dashboards", "Spotting phishing", "Open-Ended Response"}}
	texts, skip := SurveyMonkey{}.Header(h, next)
	want := []string{"Respondent ID", "Collector ID", "Profession", "How confident are you? - Reading dashboards",
		"How confident are you? - Spotting phishing", "How confident are you?"}
	if !reflect.DeepEqual(texts, want) || skip != 1 {
		t.Errorf("texts %q skip %d\nwant %q", texts, skip, want)
	}
}
