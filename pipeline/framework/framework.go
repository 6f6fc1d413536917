// Package framework models the AI and Digital Healthcare Technologies Capability Framework as
// versioned data: domains, sub-domains and capability statements with their knowledge levels and
// archetype badges. It loads a framework file, validates it and prints it as a tree.
package framework

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Framework is one version of the capability framework.
type Framework struct {
	Version    string      `yaml:"version"`
	Source     string      `yaml:"source"`
	Levels     []Level     `yaml:"levels"`
	Domains    []*Area     `yaml:"domains"`
	Statements []Statement `yaml:"statements"`

	areas []*Area          // depth first
	byID  map[string]*Area // first area with each id
}

// Level describes one of the framework's knowledge levels (1-4).
type Level struct {
	Level       int    `yaml:"level"`
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
}

// Area is a domain, sub-domain or sub-sub-domain, numbered as the framework numbers it.
type Area struct {
	ID    string  `yaml:"id"`
	Name  string  `yaml:"name"`
	Areas []*Area `yaml:"areas,omitempty"`

	// Filled in when the framework is parsed.
	Parent *Area `yaml:"-"`
	Depth  int   `yaml:"-"` // 1 for a domain
	Order  int   `yaml:"-"` // position in a depth-first walk
}

// Statement is one capability statement.
type Statement struct {
	ID         string `yaml:"id"`
	Area       string `yaml:"area,omitempty"` // when empty, the part of ID before "-L"
	Level      int    `yaml:"level"`
	Archetypes string `yaml:"archetypes"` // badge letters, e.g. "SDCEU"
	Text       string `yaml:"text"`
}

// Domain returns the top-level domain an area belongs to (itself for a domain).
func (a *Area) Domain() *Area {
	for a.Parent != nil {
		a = a.Parent
	}
	return a
}

// SubDomain returns the second-level ancestor of an area (itself at depth 2), or nil for a domain.
func (a *Area) SubDomain() *Area {
	if a.Depth < 2 {
		return nil
	}
	for a.Depth > 2 {
		a = a.Parent
	}
	return a
}

// LoadFile reads a framework from a path on disk.
func LoadFile(path string) (*Framework, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("framework: %w", err)
	}
	defer f.Close()
	return parseNamed(f, path)
}

// LoadFS reads a framework from a file system (such as the embedded configs).
func LoadFS(fsys fs.FS, name string) (*Framework, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("framework: %w", err)
	}
	defer f.Close()
	return parseNamed(f, name)
}

func parseNamed(r io.Reader, name string) (*Framework, error) {
	fw, err := Parse(r)
	if err != nil {
		return nil, fmt.Errorf("framework %s: %w", name, err)
	}
	return fw, nil
}

// Parse decodes a framework file and links its areas. It does not validate: call Validate.
func Parse(r io.Reader) (*Framework, error) {
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	var fw Framework
	if err := dec.Decode(&fw); err != nil {
		if err == io.EOF {
			return nil, fmt.Errorf("the file is empty")
		}
		return nil, fmt.Errorf("decode: %w", err)
	}
	fw.link()
	return &fw, nil
}

// Relink links a framework built in code (its areas' parents, depths and order), as Parse does
// for a file, and returns it.
func Relink(fw *Framework) (*Framework, error) {
	fw.link()
	return fw, nil
}

func (fw *Framework) link() {
	fw.byID = map[string]*Area{}
	fw.areas = nil
	var walk func(parent *Area, list []*Area, depth int)
	walk = func(parent *Area, list []*Area, depth int) {
		for _, a := range list {
			a.Parent, a.Depth, a.Order = parent, depth, len(fw.areas)
			fw.areas = append(fw.areas, a)
			if _, dup := fw.byID[a.ID]; !dup {
				fw.byID[a.ID] = a
			}
			walk(a, a.Areas, depth+1)
		}
	}
	walk(nil, fw.Domains, 1)
	for i := range fw.Statements {
		if fw.Statements[i].Area == "" {
			fw.Statements[i].Area = AreaOfID(fw.Statements[i].ID)
		}
	}
}

// AreaOfID returns the area part of a statement id such as "6.1-L2-03" ("6.1").
func AreaOfID(id string) string {
	if i := strings.Index(id, "-L"); i > 0 {
		return id[:i]
	}
	return ""
}

// Area returns the area with the given id, or nil.
func (fw *Framework) Area(id string) *Area { return fw.byID[id] }

// Areas returns every area (domains included) in framework order, depth first.
func (fw *Framework) Areas() []*Area { return fw.areas }

// StatementIndex returns a map from statement id to its position in Statements.
func (fw *Framework) StatementIndex() map[string]int {
	idx := make(map[string]int, len(fw.Statements))
	for i, s := range fw.Statements {
		if _, dup := idx[s.ID]; !dup {
			idx[s.ID] = i
		}
	}
	return idx
}

// Fingerprint is a digest of everything in the framework that decides a figure or a label: its
// areas (ids, names, nesting), levels, and statements (ids, areas, levels, badges, wording). Two
// files with the same fingerprint give the same heatmaps.
func (fw *Framework) Fingerprint() string {
	h := sha256.New()
	for _, a := range fw.areas {
		parent := ""
		if a.Parent != nil {
			parent = a.Parent.ID
		}
		fmt.Fprintf(h, "area|%s|%s|%s\n", a.ID, parent, a.Name)
	}
	for _, l := range fw.Levels {
		fmt.Fprintf(h, "level|%d|%s\n", l.Level, l.Name)
	}
	for _, s := range fw.Statements {
		fmt.Fprintf(h, "statement|%s|%s|%d|%s|%s\n", s.ID, s.Area, s.Level, s.Archetypes, s.Text)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}
