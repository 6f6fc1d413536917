package mapping

import (
	"strings"
	"testing"

	"github.com/nhs-readiness/readiness/configs"
	"github.com/nhs-readiness/readiness/pipeline/framework"
)

// Whatever the headers, every column gets exactly one role, and a capability column always names
// a capability or area of the framework.
func FuzzMap(f *testing.F) {
	fw, err := framework.LoadFS(configs.FS, "framework.yaml")
	if err != nil {
		f.Fatal(err)
	}
	m := New(fw)
	ids := fw.StatementIndex()
	f.Add("[6.1-L2-03] x\x1fProfession\x1fQ_6_1_2\x1f5.1.2\x1fHow confident are you: I can read charts")
	f.Add("6.1-L9-99\x1f\x1f\x1fQ1 — What is your profession?\x1f6.1.2.3.4")
	f.Fuzz(func(t *testing.T, header string) {
		h := strings.Split(header, "\x1f")
		cols := m.Map(h, h, Options{})
		if len(cols) != len(h) {
			t.Fatalf("%d columns for %d headers", len(cols), len(h))
		}
		for _, c := range cols {
			if c.Role == "" {
				t.Fatalf("column %s has no role", c.Letter)
			}
			if c.Role == RoleCapability {
				if _, ok := ids[c.CapabilityID]; c.CapabilityID != "" && !ok {
					t.Fatalf("column %s maps to unknown capability %q", c.Letter, c.CapabilityID)
				}
				if fw.Area(c.AreaID) == nil {
					t.Fatalf("column %s maps to unknown area %q", c.Letter, c.AreaID)
				}
			}
		}
	})
}
