// Package pseudonym replaces staff and response ids with a keyed hash (HMAC-SHA256), so that
// resubmissions and duplicates can be matched without the ids reaching the warehouse. The key is
// never stored in the warehouse.
package pseudonym

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// Hasher makes pseudonyms with one key.
type Hasher struct{ key []byte }

// New returns a Hasher for a key; the key must not be empty.
func New(key []byte) (*Hasher, error) {
	if len(key) == 0 {
		return nil, errors.New("pseudonym: empty key")
	}
	return &Hasher{key: append([]byte(nil), key...)}, nil
}

// ID returns the pseudonym of an id: 32 hex characters. Ids are compared trimmed and case-folded,
// so " ab123" and "AB123" are the same person.
func (h *Hasher) ID(id string) string {
	m := hmac.New(sha256.New, h.key)
	m.Write([]byte(strings.ToUpper(strings.TrimSpace(id))))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// KeyFile returns the key kept in path, creating the file with a random key (mode 0600) when it
// does not exist yet.
func KeyFile(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err == nil {
		key := []byte(strings.TrimSpace(string(data)))
		if len(key) == 0 {
			return nil, fmt.Errorf("pseudonym: key file %s is empty", path)
		}
		return key, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("pseudonym: %w", err)
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, fmt.Errorf("pseudonym: %w", err)
	}
	key := []byte(hex.EncodeToString(raw))
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, fs.ErrExist) { // created meanwhile by another run
			return KeyFile(path)
		}
		return nil, fmt.Errorf("pseudonym: %w", err)
	}
	if _, err := f.Write(append(key, '\n')); err != nil {
		f.Close()
		return nil, fmt.Errorf("pseudonym: write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("pseudonym: %w", err)
	}
	return key, nil
}
