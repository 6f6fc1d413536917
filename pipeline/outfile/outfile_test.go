package outfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// A failed write leaves the old file as it was and no temporary file; a good one replaces it.
func TestWriteWholeOrNotAtAll(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.html")
	if err := WriteBytes(path, []byte("old")); err != nil {
		t.Fatal(err)
	}
	err := Write(path, func(w io.Writer) error {
		w.Write([]byte("half a new rep"))
		return errors.New("disk full")
	})
	if err == nil {
		t.Fatal("the failed write succeeded")
	}
	if data, _ := os.ReadFile(path); string(data) != "old" {
		t.Errorf("after a failed write: %q, want the old file", data)
	}
	if left, _ := Leftovers(dir); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
	if err := WriteBytes(path, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(path); string(data) != "new" {
		t.Errorf("after a write: %q", data)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v", st.Mode())
	}
}

// A manifest lists what was written; Verify finds a missing manifest, a changed file and a
// missing file.
func TestManifest(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "heatmaps", "b.csv")
	os.MkdirAll(filepath.Dir(b), 0o755)
	WriteBytes(a, []byte("a"))
	WriteBytes(b, []byte("bb"))
	if _, err := Verify(dir); err == nil {
		t.Error("a folder without a manifest verified")
	}
	if _, err := Finish(dir, []string{a, b}, map[string]string{"quarter": "2026Q3"}); err != nil {
		t.Fatal(err)
	}
	m, err := Verify(dir)
	if err != nil || len(m.Files) != 2 || m.Files[1].Path != "heatmaps/b.csv" || m.Files[1].Bytes != 2 || m.About["quarter"] != "2026Q3" {
		t.Fatalf("%+v %v", m, err)
	}
	os.WriteFile(b, []byte("bX"), 0o644)
	if _, err := Verify(dir); err == nil {
		t.Error("a changed file verified")
	}
	os.Remove(b)
	if _, err := Verify(dir); err == nil {
		t.Error("a missing file verified")
	}
	if err := Begin(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, ManifestName)); !errors.Is(err, os.ErrNotExist) {
		t.Error("Begin left the manifest")
	}
}
