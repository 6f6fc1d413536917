package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nhs-readiness/readiness/pipeline/config"
)

func TestDefaults(t *testing.T) {
	c, err := config.Load("")
	if err != nil {
		t.Fatal(err)
	}
	if c.Framework != "embedded:framework.yaml" || c.Suppression.Threshold != 10 || c.UnknownValues != "keep" ||
		strings.Join(c.Formats, ",") != "html,xlsx,png,svg,csv,parquet,packs" || c.WarehousePath() != filepath.Join("readiness-out", "readiness.duckdb") {
		t.Errorf("defaults: %+v", c)
	}
}

func TestFileAndEnvironment(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "q3.yaml")
	os.WriteFile(file, []byte(`
framework: frameworks/official.yaml
vocabularies:
  organisations: [extra-orgs.yaml]
out: /tmp/out
quarter: 2026Q3
inputs:
  - {path: "incoming/*.csv", trust: RTH, scale: agreement5}
  - path: /abs/file.xlsx
    sheet: Responses
suppression:
  threshold: 5
`), 0o644)
	t.Setenv("READINESS_SUPPRESSION_THRESHOLD", "7")
	t.Setenv("READINESS_UNKNOWN_VALUES", "reject")
	c, err := config.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	if c.Suppression.Threshold != 7 || c.UnknownValues != "reject" {
		t.Errorf("environment should win over the file: threshold %d, unknown_values %s", c.Suppression.Threshold, c.UnknownValues)
	}
	if c.Framework != filepath.Join(dir, "frameworks/official.yaml") || c.Vocabularies.Organisations[0] != filepath.Join(dir, "extra-orgs.yaml") {
		t.Errorf("paths in the file should be relative to it: %s %v", c.Framework, c.Vocabularies.Organisations)
	}
	want := []config.Input{
		{Path: filepath.Join(dir, "incoming/*.csv"), Trust: "RTH", Scale: "agreement5"},
		{Path: "/abs/file.xlsx", Sheet: "Responses"},
	}
	if len(c.Inputs) != 2 || c.Inputs[0] != want[0] || c.Inputs[1] != want[1] {
		t.Errorf("inputs = %+v, want %+v", c.Inputs, want)
	}
	if c.WarehousePath() != "/tmp/out/readiness.duckdb" || c.Quarter != "2026Q3" {
		t.Errorf("warehouse %s quarter %s", c.WarehousePath(), c.Quarter)
	}
}

func TestInvalid(t *testing.T) {
	file := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(file, []byte("unknown_values: drop\nsuppression: {threshold: 0}\nformats: [html, pdf]\ninputs: [{trust: RTH}]\n"), 0o644)
	_, err := config.Load(file)
	for _, want := range []string{`unknown_values is "drop"`, "suppression.threshold is 0", `"pdf" is not a report format (html, xlsx, png, svg, csv, parquet, packs)`, "inputs[0] has no path"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
	if _, err := config.Load(filepath.Join(t.TempDir(), "missing.yaml")); err == nil {
		t.Error("a missing config file should be an error")
	}
}

func TestOverrides(t *testing.T) {
	c, err := config.Load("", "suppression.threshold=3", "formats=xlsx", "unknown_values=reject")
	if err != nil {
		t.Fatal(err)
	}
	if c.Suppression.Threshold != 3 || strings.Join(c.Formats, ",") != "xlsx" || c.UnknownValues != "reject" {
		t.Errorf("overrides not applied: %+v", c)
	}
	for _, bad := range []string{"nosuchkey=1", "threshold", "=1"} {
		if _, err := config.Load("", bad); err == nil {
			t.Errorf("--set %q should be refused", bad)
		}
	}
}

// A misspelt key is an error naming the closest known key, in the file and in --set: before, a
// misspelt suppression key was ignored and cells of 10-19 respondents were published.
func TestUnknownKeys(t *testing.T) {
	dir := t.TempDir()
	for file, want := range map[string][]string{
		"supression:\n  threshold: 20\n":           {"unknown key 'supression'; did you mean 'suppression'?"},
		"suppression:\n  treshold: 20\n":           {"unknown key 'suppression.treshold'; did you mean 'suppression.threshold'?"},
		"formts: [html]\nquater: 2026Q3\n":         {"unknown key 'formts'; did you mean 'formats'?", "unknown key 'quater'; did you mean 'quarter'?"},
		"inputs:\n  - {path: a.csv, trsut: RTH}\n": {"unknown key 'inputs[0].trsut'; did you mean 'trust'?"},
		"vocabularies:\n  professions: [p.yaml]\n": nil,
		"analysis:\n  focus_domains: ['5', '6']\n": nil,
		"zzzzzzzz: 1\n":                            {"unknown key 'zzzzzzzz' (keys here: "},
	} {
		path := filepath.Join(dir, "c.yaml")
		os.WriteFile(path, []byte(file), 0o644)
		_, err := config.Load(path)
		if want == nil {
			if err != nil {
				t.Errorf("%q: %v", file, err)
			}
			continue
		}
		for _, w := range want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("%q: error %v lacks %q", file, err, w)
			}
		}
	}
	if _, err := config.Load("", "supression.threshold=20"); err == nil || !strings.Contains(err.Error(), "did you mean 'suppression'?") {
		t.Errorf("--set: %v", err)
	}
}
