// Package outfile writes output files whole or not at all: the content goes to a temporary file
// in the same folder, which is synced, closed and then renamed over the final name, so that a
// kill or a full disk at any instant leaves either the old file or the new one under that name,
// never part of one. Manifests record what a run wrote, so a reader can tell a complete set from
// an interrupted one.
package outfile

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// tempPrefix starts the name of every temporary file, so that leftovers are easy to find.
const tempPrefix = ".readiness-tmp-"

// Create writes path whole: fn writes the content to the temporary file named tmp (in the same
// folder, so the rename stays on one file system); when fn succeeds the file is synced and
// renamed to path, otherwise it is removed.
func Create(path string, fn func(tmp string) error) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, tempPrefix+"*-"+filepath.Base(path)) // keeps the extension, which some writers check
	if err != nil {
		return err
	}
	tmp := f.Name()
	f.Close()
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()
	if err = fn(tmp); err != nil {
		return err
	}
	if err = syncFile(tmp); err != nil {
		return err
	}
	if err = os.Chmod(tmp, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// Write writes path whole from what fn writes to w.
func Write(path string, fn func(w io.Writer) error) error {
	return Create(path, func(tmp string) error {
		f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_TRUNC, 0o600)
		if err != nil {
			return err
		}
		if err := fn(f); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	})
}

// WriteBytes writes path whole with data.
func WriteBytes(path string, data []byte) error {
	return Write(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Leftovers lists temporary files left in dir (and below it) by a write that did not finish.
func Leftovers(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), tempPrefix) {
			out = append(out, p)
		}
		return nil
	})
	return out, err
}

// ManifestName is the file, in an output folder, that lists what a run wrote there.
const ManifestName = "manifest.json"

// Entry is one file of a manifest.
type Entry struct {
	Path   string `json:"path"` // relative to the manifest's folder, with forward slashes
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// Manifest records a complete set of output files. It is written last; a folder without one,
// or whose files differ from it, holds an interrupted or altered set.
type Manifest struct {
	Complete bool              `json:"complete"`
	About    map[string]string `json:"about,omitempty"` // e.g. quarter, framework version
	Files    []Entry           `json:"files"`
}

// Begin removes dir's manifest before a run writes there: until the run writes a new one, the
// folder does not claim to hold a complete set.
func Begin(dir string) error {
	err := os.Remove(filepath.Join(dir, ManifestName))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}

// Finish writes dir's manifest of paths (files under dir) with their sizes and SHA-256 digests,
// and returns its path.
func Finish(dir string, paths []string, about map[string]string) (string, error) {
	m := Manifest{Complete: true, About: about}
	for _, p := range paths {
		rel, err := filepath.Rel(dir, p)
		if err != nil || strings.HasPrefix(rel, "..") {
			return "", fmt.Errorf("manifest: %s is not under %s", p, dir)
		}
		e, err := entry(p)
		if err != nil {
			return "", fmt.Errorf("manifest: %w", err)
		}
		e.Path = filepath.ToSlash(rel)
		m.Files = append(m.Files, e)
	}
	sort.Slice(m.Files, func(i, j int) bool { return m.Files[i].Path < m.Files[j].Path })
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, ManifestName)
	return path, WriteBytes(path, append(data, '\n'))
}

func entry(path string) (Entry, error) {
	f, err := os.Open(path)
	if err != nil {
		return Entry{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return Entry{}, err
	}
	return Entry{Bytes: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// Verify reads dir's manifest and checks every file it lists: an error when there is no
// manifest (the set is incomplete) or a file is missing or differs.
func Verify(dir string) (*Manifest, error) {
	data, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return nil, fmt.Errorf("no complete set of outputs in %s: %w", dir, err)
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("manifest of %s: %w", dir, err)
	}
	for _, e := range m.Files {
		got, err := entry(filepath.Join(dir, filepath.FromSlash(e.Path)))
		if err != nil {
			return &m, fmt.Errorf("manifest of %s: %w", dir, err)
		}
		if got.Bytes != e.Bytes || got.SHA256 != e.SHA256 {
			return &m, fmt.Errorf("manifest of %s: %s differs from what the run wrote", dir, e.Path)
		}
	}
	return &m, nil
}
