package dialect

import (
	"github.com/nhs-readiness/readiness/pipeline/mapping"
	"github.com/nhs-readiness/readiness/pipeline/vocab"
)

func init() { Register(MSForms{}, 30) }

// MSForms is a Microsoft Forms export: one header row starting ID, Start time, Completion time,
// Email, Name (newer exports add Last modified time), then one column per question.
type MSForms struct{}

func (MSForms) Name() string   { return "msforms" }
func (MSForms) Layout() string { return Wide }

func (MSForms) Detect(h []string, _ [][]string) bool {
	return len(h) > 0 && vocab.Fold(h[0]) == "id" && hasAll(h, "Start time", "Completion time")
}

func (MSForms) Header(h []string, _ [][]string) ([]string, int) { return h, 0 }

var msformsHints = hints(map[string][]string{
	mapping.RoleRespondentID: {"ID"},
	mapping.RoleIgnored:      {"Start time", "Completion time", "Last modified time", "Total points", "Quiz feedback"},
	mapping.RolePersonal:     {"Email", "Name"},
})

func (MSForms) Hint(f string) (string, bool) { return msformsHints(f) }
