package dialect

import (
	"strings"

	"github.com/nhs-readiness/readiness/pipeline/mapping"
	"github.com/nhs-readiness/readiness/pipeline/vocab"
)

func init() { Register(SurveyMonkey{}, 20) }

// SurveyMonkey is a SurveyMonkey export, current (Respondent ID, Collector ID, ...) or older
// (RespondentID, CollectorID, StartDate, ...): a row of question texts (blank where a matrix
// question spans several columns), then a row of sub-labels (the matrix row or option, or
// Response / Open-Ended Response).
type SurveyMonkey struct{}

func (SurveyMonkey) Name() string   { return "surveymonkey" }
func (SurveyMonkey) Layout() string { return Wide }

func (SurveyMonkey) Detect(h []string, _ [][]string) bool {
	return hasAll(h, "Respondent ID", "Collector ID") || hasAll(h, "RespondentID", "CollectorID")
}

// Header carries each matrix question's text over its blank cells and adds the sub-label:
// "How confident are you? - I can read charts and dashboards".
func (SurveyMonkey) Header(h []string, next [][]string) ([]string, int) {
	if len(next) == 0 {
		return h, 0
	}
	texts := make([]string, len(h))
	question := ""
	for i, q := range h {
		if strings.TrimSpace(q) != "" {
			question = strings.TrimSpace(q)
		}
		sub := ""
		if i < len(next[0]) {
			sub = strings.TrimSpace(next[0][i])
		}
		switch vocab.Fold(sub) {
		case "", "response", "open ended response":
			texts[i] = question
		default:
			texts[i] = question + " - " + sub
		}
	}
	return texts, 1
}

var monkeyHints = hints(map[string][]string{
	mapping.RoleRespondentID: {"Respondent ID", "RespondentID"},
	mapping.RoleIgnored:      {"Collector ID", "CollectorID", "Start Date", "StartDate", "End Date", "EndDate"},
	mapping.RolePersonal: {"IP Address", "IPAddress", "Email Address", "EmailAddress", "First Name", "FirstName", "Last Name", "LastName",
		"Custom Data 1", "Custom Data", "CustomData"},
})

func (SurveyMonkey) Hint(f string) (string, bool) { return monkeyHints(f) }
