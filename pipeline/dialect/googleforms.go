package dialect

import (
	"github.com/nhs-readiness/readiness/pipeline/mapping"
	"github.com/nhs-readiness/readiness/pipeline/vocab"
)

func init() { Register(GoogleForms{}, 40) }

// GoogleForms is a Google Forms CSV: Timestamp first, then Email address when collected, then
// question texts; grid questions as "Question [Row]".
type GoogleForms struct{}

func (GoogleForms) Name() string   { return "googleforms" }
func (GoogleForms) Layout() string { return Wide }

func (GoogleForms) Detect(h []string, _ [][]string) bool {
	return len(h) > 0 && vocab.Fold(h[0]) == "timestamp"
}

func (GoogleForms) Header(h []string, _ [][]string) ([]string, int) { return h, 0 }

var googleHints = hints(map[string][]string{
	mapping.RoleIgnored:  {"Timestamp", "Score"},
	mapping.RolePersonal: {"Email address", "Email Address"},
})

func (GoogleForms) Hint(f string) (string, bool) { return googleHints(f) }
