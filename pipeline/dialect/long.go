package dialect

import (
	"github.com/nhs-readiness/readiness/pipeline/mapping"
	"github.com/nhs-readiness/readiness/pipeline/vocab"
)

func init() { Register(LongExport{}, 60) }

// LongExport is a learning platform's self-assessment export: one row per person and capability,
// with the person's id and fields, the capability (an id or the statement), the self-assessed
// level, and a date.
type LongExport struct{}

func (LongExport) Name() string   { return "long" }
func (LongExport) Layout() string { return Long }

var longCapability = []string{"Capability ID", "Capability", "Capability statement", "Competency", "Competency ID",
	"Statement ID", "Framework capability", "Framework statement", "Skill"}
var longAnswer = []string{"Level", "Self-assessed level", "Self assessment level", "Rating", "Self rating", "Score",
	"Proficiency", "Confidence", "Confidence level", "Answer", "Response"}

func (LongExport) Detect(h []string, _ [][]string) bool {
	f := folded(h)
	return anyOf(f, longCapability) && anyOf(f, longAnswer)
}

func anyOf(f map[string]bool, names []string) bool {
	for _, n := range names {
		if f[vocab.Fold(n)] {
			return true
		}
	}
	return false
}

func (LongExport) Header(h []string, _ [][]string) ([]string, int) { return h, 0 }

var longHints = hints(map[string][]string{
	mapping.RoleCapabilityRef: longCapability,
	mapping.RoleAnswer:        longAnswer,
	mapping.RoleIgnored:       {"Assessed on", "Assessment date", "Completed", "Completed on", "Date", "Evidence", "Course"},
	mapping.RolePersonal:      {"Learner name", "Name", "Email"},
})

func (LongExport) Hint(f string) (string, bool) { return longHints(f) }
