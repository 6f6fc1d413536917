// Package warehousetest gives tests a warehouse with the embedded framework and vocabularies
// loaded, and a loader for it, like net/http/httptest does for servers.
package warehousetest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/nhs-readiness/readiness/configs"
	"github.com/nhs-readiness/readiness/pipeline/framework"
	"github.com/nhs-readiness/readiness/pipeline/ingest"
	"github.com/nhs-readiness/readiness/pipeline/mapping"
	"github.com/nhs-readiness/readiness/pipeline/pseudonym"
	"github.com/nhs-readiness/readiness/pipeline/vocab"
	"github.com/nhs-readiness/readiness/pipeline/warehouse"
)

// New opens a warehouse file in a temporary folder with the embedded reference data loaded, and
// returns it with a loader that knows the embedded mapping profiles. Both are closed when the
// test ends.
func New(t testing.TB) (*warehouse.Warehouse, *ingest.Loader) {
	t.Helper()
	ctx := context.Background()
	fw, err := framework.LoadFS(configs.FS, "framework.yaml")
	if err != nil {
		t.Fatal(err)
	}
	v, err := vocab.Load(configs.FS, vocab.Files{})
	if err != nil {
		t.Fatal(err)
	}
	var scales []string
	for _, s := range v.Scales {
		scales = append(scales, s.ID)
	}
	profiles, err := mapping.LoadProfiles(configs.FS, "mappings", nil, fw, scales)
	if err != nil {
		t.Fatal(err)
	}
	wh, err := warehouse.Open(ctx, filepath.Join(t.TempDir(), "readiness.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { wh.Close() })
	if err := wh.LoadReference(ctx, fw, v); err != nil {
		t.Fatal(err)
	}
	h, err := pseudonym.New([]byte("test key"))
	if err != nil {
		t.Fatal(err)
	}
	return wh, &ingest.Loader{WH: wh, Framework: fw, Mapper: mapping.New(fw), Profiles: profiles, Hasher: h}
}
