package framework_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/nhs-readiness/readiness/configs"
	"github.com/nhs-readiness/readiness/pipeline/framework"
)

var archetypes = []string{"S", "D", "C", "E", "U"}

func embedded(t *testing.T) *framework.Framework {
	t.Helper()
	fw, err := framework.LoadFS(configs.FS, "framework.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return fw
}

func TestEmbeddedFrameworkShape(t *testing.T) {
	fw := embedded(t)
	if probs := fw.Validate(archetypes); len(probs) > 0 {
		t.Fatalf("embedded framework has problems: %v", probs)
	}
	var depth [4]int
	for _, a := range fw.Areas() {
		depth[a.Depth]++
	}
	// The framework: 6 domains, 11 sub-domains, and 4.1.x, 5.1.x, 5.2.1 below them.
	if depth[1] != 6 || depth[2] != 11 || depth[3] != 7 {
		t.Errorf("areas by depth = %v, want 6 domains, 11 sub-domains, 7 sub-sub-domains", depth[1:])
	}
	if n := len(fw.Statements); n < 120 || n > 200 {
		t.Errorf("%d statements, want 120-200", n)
	}
	// Every leaf area, and domain 6 directly, has statements at each of the four levels.
	levels := map[string]map[int]bool{}
	idForm := regexp.MustCompile(`^(\d(?:\.\d){0,2})-L([1-4])-(\d\d)$`)
	for _, s := range fw.Statements {
		m := idForm.FindStringSubmatch(s.ID)
		if m == nil || m[1] != s.Area || m[2] != fmt.Sprint(s.Level) {
			t.Errorf("statement %s: id does not read AREA-L<level>-NN for area %s level %d", s.ID, s.Area, s.Level)
		}
		if levels[s.Area] == nil {
			levels[s.Area] = map[int]bool{}
		}
		levels[s.Area][s.Level] = true
	}
	for _, a := range fw.Areas() {
		if len(a.Areas) == 0 || a.ID == "6" {
			if len(levels[a.ID]) != 4 {
				t.Errorf("area %s %s has statements at levels %v, want all of 1-4", a.ID, a.Name, levels[a.ID])
			}
		}
	}
	if fw.Area("5.2.1").SubDomain().ID != "5.2" || fw.Area("5.2.1").Domain().ID != "5" || fw.Area("6").SubDomain() != nil {
		t.Error("area ancestry is wrong")
	}
}

func TestValidateReportsEachProblem(t *testing.T) {
	src := `version: "x"
source: test
domains:
  - {id: "1", name: One}
  - {id: "2", name: Two, areas: [{id: "2.1", name: Two one}]}
  - {id: "3", name: Empty}
statements:
  - {id: "1-L1-01", level: 1, archetypes: SDU, text: "fine"}
  - {id: "1-L1-01", level: 2, archetypes: S, text: "duplicate id"}
  - {id: "2.1-L5-01", level: 5, archetypes: SX, text: "bad level and letter"}
  - {id: "9-L1-01", level: 1, archetypes: U, text: "unknown area"}
  - {id: "2.1-L1-02", level: 1, archetypes: "", text: ""}
`
	fw, err := framework.Parse(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range fw.Validate(archetypes) {
		got = append(got, p.String())
	}
	want := []string{
		"1-L1-01: duplicate id (first used by statement #1)",
		"2.1-L5-01: level 5 is outside 1-4",
		`2.1-L5-01: unknown archetype letter "X" (known: S, D, C, E, U)`,
		`9-L1-01: area "9" is not in the framework's domains`,
		"2.1-L1-02: no archetype badges (give one or more of SDCEU)",
		"2.1-L1-02: statement has no text",
		`domain 3: domain "Empty" has no capability statements`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestParseRejectsUnknownFieldsAndEmptyFiles(t *testing.T) {
	if _, err := framework.Parse(strings.NewReader("version: x\ndomian: []\n")); err == nil || !strings.Contains(err.Error(), "domian") {
		t.Errorf("a misspelt key should be an error naming it, got %v", err)
	}
	if _, err := framework.Parse(strings.NewReader("")); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("an empty file should say so, got %v", err)
	}
}

func TestWriteTree(t *testing.T) {
	var b strings.Builder
	if err := embedded(t).WriteTree(&b, []framework.ArchetypeName{{Code: "C", Name: "Creators"}}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"6 domains, 11 sub-domains, 7 sub-sub-domains, 145 capability statements",
		"    5.2.1 Data privacy and confidentiality                         8   L1  2  L2  2  L3  2  L4  2",
		"  6 (directly under the domain)                                    9   L1  3  L2  2  L3  2  L4  2",
		"All statements                                                   145   L1 37  L2 38  L3 36  L4 34",
		"  C  Creators    94",
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("tree lacks line %q:\n%s", want, out)
		}
	}
}
