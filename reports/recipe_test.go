package reports

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/nhs-readiness/readiness/pipeline/heatmap"
)

// Adding a report format is one file that registers it (here, this test): Write writes it when
// asked, and its name is offered wherever formats are listed (config, --format).
func TestRecipeFormat(t *testing.T) {
	RegisterFormat(Format{Name: "json", Order: 100, Write: oneFile("summary.json", func(path string, d *Data) error {
		data, err := json.Marshal(map[string]any{"quarter": d.Quarter, "heatmaps": len(d.Heatmaps)})
		if err != nil {
			return err
		}
		return os.WriteFile(path, data, 0o644)
	})})
	defer UnregisterFormat("json")
	if names := FormatNames(); names[len(names)-1] != "json" || !slices.Contains(names, "html") {
		t.Errorf("formats: %v", names)
	}
	dir := t.TempDir()
	d := &Data{Quarter: "2026Q3", Heatmaps: []*heatmap.Heatmap{{Spec: heatmap.DomainSpecs[0]}}}
	paths, err := Write(dir, []string{"json"}, d, nil)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "summary.json"))
	if len(paths) != 2 || string(data) != `{"heatmaps":1,"quarter":"2026Q3"}` {
		t.Errorf("wrote %v: %s", paths, data)
	}
	if _, err := Write(dir, []string{"pdf"}, d, nil); err == nil {
		t.Error("an unknown format was accepted")
	}
}
