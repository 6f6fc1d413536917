// Package queries embeds the warehouse's SQL and is the one registry through which Go code names
// it: the baseline schema and the upgrade migrations (schema/), the statements of a load
// (load/, normalise/), of the warehouse's own upkeep (migrate/, repair/), the heatmap pieces
// (heatmaps/), analyses (analytics/), report look-ups (views/), the Parquet lake (export/, lake/)
// and the analysts' examples (examples/). Keeping SQL in files lets analysts read exactly what the
// pipeline computes.
//
// Go code names a file through a Name declared in names.go; Check (run by the tests) fails for a
// Name with no file and for a file that no Name, folder listing or migration accounts for, so a
// misspelt name fails the tests and never reaches a run.
package queries

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

//go:embed schema/*.sql normalise/*.sql load/*.sql heatmaps/*.sql analytics/*.sql export/*.sql examples/*.sql
//go:embed migrate/*.sql repair/*.sql views/*.sql lake/*.sql tables/*.sql
var files embed.FS

// Files is every embedded SQL file, for tests and tools that list them.
var Files fs.FS = files

// Name is one embedded SQL file, declared in names.go.
type Name struct {
	path string
	sql  string
}

// registry holds every declared Name by path.
var registry = map[string]Name{}

// name declares the file at p. A missing file leaves the Name's SQL empty; Check reports it.
func name(p string) Name {
	data, _ := files.ReadFile(p)
	n := Name{path: p, sql: string(data)}
	registry[p] = n
	return n
}

// Path is the file's path under queries/, such as "heatmaps/grid.sql".
func (n Name) Path() string { return n.path }

// String is the file's path.
func (n Name) String() string { return n.path }

// SQL is the file's text.
func (n Name) SQL() string { return n.sql }

// Statements splits a file of several statements (each ending with ";" at the end of a line)
// into its statements, without comment lines, for running them one at a time with parameters.
func (n Name) Statements() []string {
	var out []string
	var cur []string
	for _, line := range strings.Split(n.sql, "\n") {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "--") {
			continue
		}
		cur = append(cur, line)
		if strings.HasSuffix(t, ";") {
			out = append(out, strings.TrimSuffix(strings.TrimSpace(strings.Join(cur, "\n")), ";"))
			cur = nil
		}
	}
	if len(cur) > 0 {
		out = append(out, strings.TrimSpace(strings.Join(cur, "\n")))
	}
	return out
}

// Fill replaces each {{key}} of the file's body (its text without the leading comment lines,
// which may name the keys) with its value. Values are embedded SQL or names from the code's own
// registries, never input.
func (n Name) Fill(values map[string]string) string {
	pairs := make([]string, 0, 2*len(values))
	for k, v := range values {
		pairs = append(pairs, "{{"+k+"}}", v)
	}
	return strings.NewReplacer(pairs...).Replace(n.Body())
}

// Body is the file's text without its leading comment lines, for pasting into another query.
func (n Name) Body() string {
	lines := strings.Split(n.sql, "\n")
	for len(lines) > 0 && strings.HasPrefix(strings.TrimSpace(lines[0]), "--") {
		lines = lines[1:]
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// listed are the folders whose files are read as a listing (Dir, Migrations), not by Name.
var listed = []string{"schema", "normalise", "export", "examples"}

// Check reports every declared Name without a file, and every file that is neither declared nor
// in a listed folder.
func Check() error {
	var probs []string
	for p, n := range registry {
		if n.sql == "" {
			probs = append(probs, fmt.Sprintf("%s is declared in names.go but there is no such file", p))
		}
	}
	err := fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		dir, _, _ := strings.Cut(p, "/")
		for _, l := range listed {
			if dir == l {
				return nil
			}
		}
		if _, ok := registry[p]; !ok {
			probs = append(probs, fmt.Sprintf("%s is not declared in names.go", p))
		}
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(probs)
	if len(probs) > 0 {
		return fmt.Errorf("queries: %s", strings.Join(probs, "; "))
	}
	return nil
}

// Migration is one numbered schema file.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Baseline is the schema of a new warehouse: the end state of every migration up to its
// version, created in one step (schema/baseline.sql). Older warehouses are brought to the same
// state by the numbered migrations (Migrations).
func Baseline() Migration {
	return Migration{Version: BaselineVersion, Name: "baseline", SQL: baseline.sql}
}

// Migrations returns the numbered schema migrations in version order: the upgrade path of a
// warehouse written by an earlier release, and every change after the baseline.
func Migrations() ([]Migration, error) {
	entries, err := fs.ReadDir(files, "schema")
	if err != nil {
		return nil, fmt.Errorf("queries: %w", err)
	}
	var out []Migration
	for _, e := range entries {
		name := e.Name()
		if name == "baseline.sql" {
			continue
		}
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

// Step is one named SQL file of a listed folder.
type Step struct {
	Name string
	SQL  string
}

// Normalise returns the normalisation steps in the order they run (file name order).
func Normalise() ([]Step, error) { return Dir("normalise") }

// writeRe finds the tables a statement writes.
var writeRe = regexp.MustCompile(`(?i)\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|TABLE|VIEW)\s+(\w+(?:\.\w+)?)`)

// StagingOnly reports whether the step writes only the load's staging tables (staging_*): such a
// step reads what the file staged and the reference tables, and can run before the load's turn.
func (s Step) StagingOnly() bool {
	writes := writeRe.FindAllStringSubmatch(stripComments(s.SQL), -1)
	for _, w := range writes {
		if !strings.HasPrefix(strings.ToLower(w[1]), "staging_") {
			return false
		}
	}
	return len(writes) > 0
}

// stripComments drops the SQL's line comments (-- to the end of the line).
func stripComments(sql string) string {
	lines := strings.Split(sql, "\n")
	for i, l := range lines {
		if j := strings.Index(l, "--"); j >= 0 {
			lines[i] = l[:j]
		}
	}
	return strings.Join(lines, "\n")
}

// Dir returns the SQL files of one listed folder (such as "export" or "examples"), by name.
func Dir(name string) ([]Step, error) {
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

// Names lists every declared Name, by path.
func Names() []Name {
	out := make([]Name, 0, len(registry))
	for _, n := range registry {
		out = append(out, n)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out
}
