package mapping

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhs-readiness/readiness/configs"
	"github.com/nhs-readiness/readiness/pipeline/framework"
)

func mapper(t *testing.T) (*Mapper, *framework.Framework) {
	t.Helper()
	fw, err := framework.LoadFS(configs.FS, "framework.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return New(fw), fw
}

func TestMapHeaders(t *testing.T) {
	m, _ := mapper(t)
	cases := []struct{ header, role, target, by string }{
		{"[6.1-L2-03] I understand how large language models work", RoleCapability, "6.1-L2-03", ByID},
		{"6.1-L2-3", RoleCapability, "6.1-L2-03", ByID},
		{"Q 5.2.1-L1-01", RoleCapability, "5.2.1-L1-01", ByID},
		// Numbers without a level, and survey tools' own question tags, are never capability ids.
		{"6.1.2", RoleUnmapped, "", ""},
		{"Q_6_1_2", RoleUnmapped, "", ""},
		{"Q_6_4_8 Robots", RoleUnmapped, "", ""},
		{"Q5_1_1", RoleUnmapped, "", ""},
		{"Q6_1_1", RoleUnmapped, "", ""},
		{"Q6_3_4", RoleUnmapped, "", ""},
		{"Q41#2_1_1", RoleUnmapped, "", ""},
		{"q42_animal_patterns#2_1_1", RoleUnmapped, "", ""},
		{"QID12", RoleUnmapped, "", ""},
		{"Q_5_1_2_3", RoleUnmapped, "", ""},
		{"5.1.2", RoleCapability, "5.1.2", ByID}, // an area: the survey asks at that grain
		{"Q6 — 5.1.2 Data storage overall", RoleCapability, "5.1.2", ByID},
		{"6.1 Machine learning overall", RoleCapability, "6.1", ByID},
		{"[3]", RoleCapability, "3", ByID},
		{"Q2_1", RoleUnmapped, "", ""}, // Qualtrics numbering, not the framework's
		{"6.9.9", RoleUnmapped, "", ""},
		{"6.1-L2-09", RoleUnmapped, "", ""}, // well formed but not in the framework
		{"Staff number", RoleRespondentID, "", ByHeader},
		{"  JOB ROLE ", RoleProfession, "", ByHeader},
		{"NHS England region", RoleRegion, "", ByHeader},
		{"ODS code", RoleTrust, "", ByHeader},
		{"E-mail address", RolePersonal, "", ByHeader},
		{"Completion time", RoleIgnored, "", ByHeader},
		{"", RoleIgnored, "", ""},
		{"I can record and retrieve clinical observations accurately in an electronic record", RoleCapability, "2.1-L1-02", ByText},
		{"Recording and retrieving clinical observations accurately in the electronic patient record", RoleCapability, "2.1-L1-02", ByText},
		{"How confident are you: I can spot a phishing attempt and know how to report a cyber security incident", RoleCapability, "5.2.1-L1-01", ByText},
		{"How confident are you? [I can train and validate a machine learning model]", RoleCapability, "6.1-L3-02", ByText},
		{"Do you like AI?", RoleUnmapped, "", ""},
	}
	headers := make([]string, len(cases))
	for i, c := range cases {
		headers[i] = c.header
	}
	cols := m.Map(headers, headers, Options{})
	for i, c := range cases {
		got := cols[i]
		target := got.CapabilityID
		if target == "" && got.Role == RoleCapability {
			target = got.AreaID
		}
		if got.Role != c.role || target != c.target || got.MappedBy != c.by {
			t.Errorf("%q: got %s %q by %q, want %s %q by %q", c.header, got.Role, target, got.MappedBy, c.role, c.target, c.by)
		}
	}
}

func TestSuggestionAndDuplicates(t *testing.T) {
	m, _ := mapper(t)
	if c := m.Map(nil, []string{"Q1 — What is your profession?"}, Options{})[0]; c.Role != RoleProfession {
		t.Errorf("a field name after a Qualtrics short name: %+v", c)
	}
	if c := m.Map(nil, []string{"[6.1-L2-09] x"}, Options{})[0]; c.Role != RoleUnmapped || !strings.Contains(c.Suggestion, "6.1-L2-09 is not a capability id") {
		t.Errorf("an id not in the framework: %+v", c)
	}
	cols := m.Map(nil, []string{"Profession", "I sometimes read the dashboards", "Job role"}, Options{})
	if cols[1].Role != RoleUnmapped || !strings.HasPrefix(cols[1].Suggestion, "closest capability: 5.1.3-L1-01") {
		t.Errorf("column B: %+v", cols[1])
	}
	if cols[2].Role != RoleUnmapped || !strings.Contains(cols[2].Suggestion, "a second profession column") {
		t.Errorf("column C: %+v", cols[2])
	}
}

func TestResolve(t *testing.T) {
	m, _ := mapper(t)
	for in, want := range map[string]string{
		"6.1-L3-02": "6.1-L3-02/6.1", "[6-L1-01]": "6-L1-01/6", "6.1": "/6.1", "5.1.2": "/5.1.2", "6.1.2": "", "Q6_1_1": "",
		"I can train and validate a machine learning model and interpret its performance measures": "6.1-L3-02/6.1",
		"9.9-L1-01": "", "cooking": "",
	} {
		c, a, ok := m.Resolve(in)
		got := ""
		if ok {
			got = c + "/" + a
		}
		if got != want {
			t.Errorf("Resolve(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestProfiles(t *testing.T) {
	_, fw := mapper(t)
	scales := []string{"confidence5", "agreement5"}
	ps, err := LoadProfiles(configs.FS, "mappings", nil, fw, scales)
	if err != nil {
		t.Fatal(err)
	}
	p, ok := ps.Get("ai-pulse-2026")
	if !ok || !p.Matches([]string{"which staff group are you in", "I understand what AI is and can give everyday examples!"}) ||
		p.Matches([]string{"Which staff group are you in?"}) {
		t.Errorf("profile detection: %v %+v", ok, p)
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("name: bad\nscale: confidence5\ncolumns:\n  \"Q1\": 6.1-L9-01\n  \"Q2\": favourite\n"), 0o644)
	if _, err := LoadProfiles(configs.FS, "mappings", []string{bad}, fw, scales); err == nil ||
		!strings.Contains(err.Error(), `"Q1" -> "6.1-L9-01"; "Q2" -> "favourite"`) {
		t.Errorf("bad targets: %v", err)
	}
	override := filepath.Join(dir, "override.yaml")
	os.WriteFile(override, []byte("name: ai-pulse-2026\nscale: agreement5\ncolumns: {}\n"), 0o644)
	ps, err = LoadProfiles(configs.FS, "mappings", []string{override}, fw, scales)
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := ps.Get("ai-pulse-2026"); p.Scale != "agreement5" || len(ps.Names()) != 1 {
		t.Errorf("a user profile with an embedded profile's name should replace it: %+v %v", p, ps.Names())
	}
}
