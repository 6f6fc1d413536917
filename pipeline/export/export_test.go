package export

import (
	"path/filepath"
	"strings"
	"testing"
)

// Partition values become path segments that cannot leave the lake's folder.
func TestSegment(t *testing.T) {
	for in, want := range map[any]string{
		"2026Q3": "2026Q3", "E40000003": "E40000003", nil: "__HIVE_DEFAULT_PARTITION__",
		"..": "%2E%2E", ".": "%2E", "../../etc": "..%2F..%2Fetc", "a/b": "a%2Fb", "North East": "North%20East",
	} {
		got := segment(in)
		if got != want {
			t.Errorf("segment(%v) = %q, want %q", in, got, want)
		}
		p := filepath.Join("/lake", "respondents", "quarter="+got, "data.parquet")
		if !strings.HasPrefix(p, "/lake/respondents/") {
			t.Errorf("segment(%v) leaves the lake: %s", in, p)
		}
	}
}

func TestDatasets(t *testing.T) {
	sets, err := Datasets()
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, d := range sets {
		parts[d.Name] = strings.Join(d.Partition, ",")
	}
	if len(sets) != 19 || parts["respondents"] != "quarter,region_code" || parts["submissions"] != "quarter" || parts["ref_capabilities"] != "" {
		t.Errorf("datasets: %v", parts)
	}
}
