package vocab_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhs-readiness/readiness/configs"
	"github.com/nhs-readiness/readiness/pipeline/vocab"
)

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"  Physio-Therapist ":  "physio therapist",
		"Speech & Language":    "speech language",
		"4 - Very confident":   "4 very confident",
		"Guy's and St Thomas'": "guys and st thomas",
		"S.L.T.":               "slt",
		"St. Thomas’":          "st thomas",
		"Région":               "r gion",
		"":                     "",
		"---":                  "",
	} {
		if got := vocab.Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEmbedded(t *testing.T) {
	v, err := vocab.Load(configs.FS, vocab.Files{})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(v.ArchetypeCodes(), ""); got != "SDCEU" {
		t.Errorf("archetypes %s, want SDCEU", got)
	}
	if len(v.Regions) != 7 {
		t.Errorf("%d regions, want 7", len(v.Regions))
	}
	ahp := 0
	for _, p := range v.Professions {
		if p.StaffGroup == "Allied health professionals" {
			ahp++
		}
	}
	if ahp != 14 {
		t.Errorf("%d allied health professions, want the 14", ahp)
	}
	regions := map[string]int{}
	for _, o := range v.Organisations {
		if len(o.Code) != 3 {
			t.Errorf("organisation %s: ODS code is not 3 characters", o.Code)
		}
		regions[o.Region]++
	}
	for _, r := range v.Regions {
		if regions[r.Code] < 2 {
			t.Errorf("region %s has %d trusts; the demo needs at least 2", r.Name, regions[r.Code])
		}
	}
	for _, id := range []string{"confidence5", "agreement5", "numeric04", "numeric15", "framework_levels"} {
		if _, ok := v.Scale(id); !ok {
			t.Errorf("scale %s missing", id)
		}
	}
}

func TestUserFilesAddAndReplace(t *testing.T) {
	dir := t.TempDir()
	orgs := filepath.Join(dir, "orgs.yaml")
	os.WriteFile(orgs, []byte(`organisations:
  - {code: RTH, name: Oxford (renamed), region: E40000005}
  - {code: RXQ, name: Buckinghamshire Healthcare NHS Trust, region: E40000005, valid_from: "2026-04-01"}
`), 0o644)
	v, err := vocab.Load(configs.FS, vocab.Files{Organisations: []string{orgs}})
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]vocab.Organisation{}
	for _, o := range v.Organisations {
		byCode[o.Code] = o
	}
	if byCode["RTH"].Name != "Oxford (renamed)" || byCode["RXQ"].ValidFrom != "2026-04-01" || byCode["RGT"].Name == "" {
		t.Errorf("merge: RTH %q, RXQ %+v, RGT kept %v", byCode["RTH"].Name, byCode["RXQ"], byCode["RGT"].Name != "")
	}
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("organisations:\n  - {code: ZZZ, name: Nowhere, region: E99}\n"), 0o644)
	if _, err := vocab.Load(configs.FS, vocab.Files{Organisations: []string{bad}}); err == nil || !strings.Contains(err.Error(), `organisation ZZZ: region "E99" is not a known region code`) {
		t.Errorf("got %v", err)
	}
	os.WriteFile(bad, []byte("organisations:\n  - {code: ZZZ, name: Nowhere, region: E40000003, benchmark_group: Acute}\n"), 0o644)
	if _, err := vocab.Load(configs.FS, vocab.Files{Organisations: []string{bad}}); err == nil || !strings.Contains(err.Error(), `organisation ZZZ: benchmark_group "Acute" is not one of`) {
		t.Errorf("got %v", err)
	}
	scale := filepath.Join(dir, "scale.yaml")
	os.WriteFile(scale, []byte("scales:\n  - {id: yn, name: Yes/no, meets: 4, options: [{level: 0, label: No}, {level: 4, label: Yes}, {level: 2, label: \"YES\"}]}\n"), 0o644)
	if _, err := vocab.Load(configs.FS, vocab.Files{Scales: []string{scale}}); err == nil || !strings.Contains(err.Error(), `answer "YES" maps to two levels`) {
		t.Errorf("got %v", err)
	}
}
