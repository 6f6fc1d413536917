// Package queries embeds the warehouse's SQL: the schema migrations (schema/NNNN_*.sql), the
// normalisation steps run inside each load (normalise/*.sql) and the heatmap queries
// (heatmaps/*.sql). Keeping SQL in files lets analysts read exactly what the pipeline computes.
package queries

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed schema/*.sql normalise/*.sql load/*.sql heatmaps/*.sql analytics/*.sql export/*.sql examples/*.sql
var files embed.FS

// Files is every embedded SQL file, for tests and tools that list them.
var Files fs.FS = files

// Migration is one numbered schema file.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations returns the schema migrations in version order.
func Migrations() ([]Migration, error) {
	entries, err := fs.ReadDir(files, "schema")
	if err != nil {
		return nil, fmt.Errorf("queries: %w", err)
	}
	var out []Migration
	for _, e := range entries {
		name := e.Name()
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("queries: migration %s is not named NNNN_name.sql", name)
		}
		data, err := files.ReadFile(path.Join("schema", name))
		if err != nil {
			return nil, fmt.Errorf("queries: %w", err)
		}
		out = append(out, Migration{Version: v, Name: strings.TrimSuffix(name, ".sql"), SQL: string(data)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i := 1; i < len(out); i++ {
		if out[i].Version == out[i-1].Version {
			return nil, fmt.Errorf("queries: two migrations numbered %d", out[i].Version)
		}
	}
	return out, nil
}

// Step is one named SQL statement.
type Step struct {
	Name string
	SQL  string
}

// Normalise returns the normalisation steps in the order they run (file name order).
func Normalise() ([]Step, error) { return dir("normalise") }

// MustGet returns the SQL of one file, such as "heatmaps/domain_cells.sql". It panics when the file
// is missing, which is a build defect caught by the tests.
func MustGet(name string) string {
	data, err := files.ReadFile(name)
	if err != nil {
		panic(fmt.Sprintf("queries: %v", err))
	}
	return string(data)
}

func dir(name string) ([]Step, error) {
	entries, err := fs.ReadDir(files, name)
	if err != nil {
		return nil, fmt.Errorf("queries: %w", err)
	}
	out := make([]Step, 0, len(entries))
	for _, e := range entries {
		data, err := files.ReadFile(path.Join(name, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("queries: %w", err)
		}
		out = append(out, Step{Name: strings.TrimSuffix(e.Name(), ".sql"), SQL: string(data)})
	}
	return out, nil
}

// Dir returns the SQL files of one folder (such as "export" or "examples"), by name.
func Dir(name string) ([]Step, error) { return dir(name) }
