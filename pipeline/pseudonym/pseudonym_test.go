package pseudonym

import (
	"os"
	"path/filepath"
	"testing"
)

func TestID(t *testing.T) {
	a, _ := New([]byte("key one"))
	b, _ := New([]byte("key two"))
	if a.ID("AB123") != a.ID(" ab123 ") {
		t.Error("ids should match trimmed and case-folded")
	}
	if a.ID("AB123") == b.ID("AB123") || a.ID("AB123") == a.ID("AB124") {
		t.Error("different keys or ids should give different pseudonyms")
	}
	if got := len(a.ID("x")); got != 32 {
		t.Errorf("pseudonym length %d, want 32", got)
	}
	if _, err := New(nil); err == nil {
		t.Error("an empty key should be refused")
	}
}

func TestKeyFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "w.duckdb.key")
	k1, err := KeyFile(p)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(p)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v, err %v; want 0600", st.Mode().Perm(), err)
	}
	k2, err := KeyFile(p)
	if err != nil || string(k1) != string(k2) || len(k1) != 64 {
		t.Errorf("second read gave a different key (%q vs %q) or %v", k1, k2, err)
	}
}
