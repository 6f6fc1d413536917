package vocab

import (
	"strings"
	"testing"
)

// Fold gives only a-z, 0-9 and single inner spaces, and folding twice changes nothing.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"  Physio-Therapist ", "S.L.T.", "Guy's", "4 - Very confident", "Région", "\x00\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := Fold(s)
		if Fold(k) != k {
			t.Fatalf("Fold(%q) = %q, but Fold of that is %q", s, k, Fold(k))
		}
		if strings.HasPrefix(k, " ") || strings.HasSuffix(k, " ") || strings.Contains(k, "  ") {
			t.Fatalf("Fold(%q) = %q has stray spaces", s, k)
		}
		for _, r := range k {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == ' ') {
				t.Fatalf("Fold(%q) = %q holds %q", s, k, r)
			}
		}
	})
}
