package framework

import (
	"strings"
	"testing"
)

const diffA = `version: "A"
domains:
  - {id: "1", name: One}
  - {id: "6", name: Six, areas: [{id: "6.1", name: Six one}]}
statements:
  - {id: 1-L1-01, level: 1, archetypes: SDCEU, text: "I can name the digital systems my team uses"}
  - {id: 1-L1-02, level: 1, archetypes: SDCEU, text: "I know who to ask when a system fails"}
  - {id: 6-L1-01, level: 1, archetypes: SDCEU, text: "I can explain what AI is"}
  - {id: 6-L2-01, level: 2, archetypes: DCE, text: "I can describe how a model is trained"}
  - {id: 6.1-L3-01, level: 3, archetypes: C, text: "I can tune a language model"}
  - {id: 6.1-L3-02, level: 3, archetypes: CE, text: "I can test a model on held-out data"}
`

const diffB = `version: "B"
domains:
  - {id: "1", name: One}
  - {id: "6", name: Six, areas: [{id: "6.1", name: Six one}]}
statements:
  - {id: 1-L1-01, level: 1, archetypes: SDCEU, text: "I can name the digital systems my team uses"}
  - {id: 6-L1-01, level: 1, archetypes: SDCEU, text: "I can explain in plain words what AI is"}
  - {id: 6.1-L2-01, level: 2, archetypes: DCE, text: "I can describe how a model is trained"}
  - {id: 6.1-L3-01, level: 3, archetypes: CE, text: "I can tune a language model"}
  - {id: 6.1-L4-01, level: 4, archetypes: CE, text: "I can test a model on held-out data"}
  - {id: 6.1-L4-02, level: 4, archetypes: C, text: "I can design a new model architecture"}
`

// Each kind of change between two versions: one removed, one added, one moved between areas, one
// moved between levels, one re-badged, one reworded; the unchanged one is not listed.
func TestDiff(t *testing.T) {
	a, err := Parse(strings.NewReader(diffA))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Parse(strings.NewReader(diffB))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range Diff(a, b) {
		got = append(got, c.String())
	}
	want := []string{
		"removed   1-L1-02 (1, level 1, SDCEU): I know who to ask when a system fails",
		"added     6.1-L4-02 (6.1, level 4, C): I can design a new model architecture",
		"moved     6-L2-01 -> 6.1-L2-01 (6 level 2 -> 6.1 level 2): I can describe how a model is trained",
		"moved     6.1-L3-02 -> 6.1-L4-01 (6.1 level 3 -> 6.1 level 4): I can test a model on held-out data",
		"re-badged 6.1-L3-01: C -> CE: I can tune a language model",
		`reworded  6-L1-01: "I can explain what AI is" -> "I can explain in plain words what AI is"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diff:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(Diff(a, a)) != 0 {
		t.Error("a framework differs from itself")
	}
}
