package dialect

import (
	"github.com/nhs-readiness/readiness/pipeline/mapping"
	"github.com/nhs-readiness/readiness/pipeline/vocab"
)

func init() { Register(Template{}, 50) }

// TemplateHeaders are the respondent columns of this project's own submission template, in
// order; the capability columns follow, each headed "[id] statement".
var TemplateHeaders = []string{"Staff ID", "Trust (ODS code)", "Profession", "Region", "Archetype"}

// Template is a file made from this project's submission template.
type Template struct{}

func (Template) Name() string   { return "template" }
func (Template) Layout() string { return Wide }

func (Template) Detect(h []string, _ [][]string) bool {
	return len(h) >= len(TemplateHeaders) && vocab.Fold(h[0]) == vocab.Fold(TemplateHeaders[0]) &&
		hasAll(h, TemplateHeaders...)
}

func (Template) Header(h []string, _ [][]string) ([]string, int) { return h, 0 }

var templateHints = hints(map[string][]string{
	mapping.RoleRespondentID: {"Staff ID"},
	mapping.RoleTrust:        {"Trust (ODS code)"},
})

func (Template) Hint(f string) (string, bool) { return templateHints(f) }
