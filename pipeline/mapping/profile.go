package mapping

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/nhs-readiness/readiness/pipeline/framework"
	"github.com/nhs-readiness/readiness/pipeline/vocab"
)

// Profile is an explicit mapping for one survey: header texts to capabilities, areas or roles.
type Profile struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	Detect      struct {
		// Headers that must all be present (matched folded) for the profile to apply by itself.
		Headers []string `yaml:"headers"`
	} `yaml:"detect"`
	Scale   string            `yaml:"scale"`
	Columns map[string]string `yaml:"columns"` // header text -> capability id, area id, role or "ignore"

	folded map[string]string
}

func (p *Profile) lookup(header string) (string, bool) {
	t, ok := p.folded[vocab.Fold(header)]
	return t, ok
}

// Matches reports whether every detect header is among the file's headers.
func (p *Profile) Matches(headers []string) bool {
	if len(p.Detect.Headers) == 0 {
		return false
	}
	have := map[string]bool{}
	for _, h := range headers {
		have[vocab.Fold(h)] = true
	}
	for _, h := range p.Detect.Headers {
		if !have[vocab.Fold(h)] {
			return false
		}
	}
	return true
}

// Profiles is a set of profiles by name.
type Profiles struct{ list []*Profile }

// LoadProfiles reads the profiles under dir in fsys (the embedded mappings) and the user's files,
// and checks every target against the framework and the scales.
func LoadProfiles(fsys fs.FS, dir string, files []string, fw *framework.Framework, scales []string) (*Profiles, error) {
	ps := &Profiles{}
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil && !os.IsNotExist(err) {
		return nil, fmt.Errorf("mapping profiles: %w", err)
	}
	type src struct {
		name string
		data []byte
	}
	var srcs []src
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".yaml") {
			data, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
			if err != nil {
				return nil, fmt.Errorf("mapping profile %s: %w", e.Name(), err)
			}
			srcs = append(srcs, src{e.Name(), data})
		}
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("mapping profile: %w", err)
		}
		srcs = append(srcs, src{f, data})
	}
	ids := fw.StatementIndex()
	for _, s := range srcs {
		var p Profile
		dec := yaml.NewDecoder(strings.NewReader(string(s.data)))
		dec.KnownFields(true)
		if err := dec.Decode(&p); err != nil {
			return nil, fmt.Errorf("mapping profile %s: %w", s.name, err)
		}
		if p.Name == "" {
			return nil, fmt.Errorf("mapping profile %s: no name", s.name)
		}
		if p.Scale != "" && !slices.Contains(scales, p.Scale) {
			return nil, fmt.Errorf("mapping profile %s: scale %q is not in the scales vocabulary", p.Name, p.Scale)
		}
		p.folded = map[string]string{}
		var bad []string
		for h, target := range p.Columns {
			_, isCap := ids[target]
			if !isCap && fw.Area(target) == nil && !slices.Contains(Roles, target) {
				bad = append(bad, fmt.Sprintf("%q -> %q", h, target))
			}
			p.folded[vocab.Fold(h)] = target
		}
		if len(bad) > 0 {
			sort.Strings(bad)
			return nil, fmt.Errorf("mapping profile %s: targets that are not a capability, area or role (%s): %s",
				p.Name, strings.Join(Roles, ", "), strings.Join(bad, "; "))
		}
		ps.list = slices.DeleteFunc(ps.list, func(q *Profile) bool { return q.Name == p.Name })
		ps.list = append(ps.list, &p)
	}
	return ps, nil
}

// Get returns the profile with a name.
func (ps *Profiles) Get(name string) (*Profile, bool) {
	for _, p := range ps.list {
		if p.Name == name {
			return p, true
		}
	}
	return nil, false
}

// Detect returns the first profile whose detect headers are all present.
func (ps *Profiles) Detect(headers []string) *Profile {
	for _, p := range ps.list {
		if p.Matches(headers) {
			return p
		}
	}
	return nil
}

// Names lists the profiles.
func (ps *Profiles) Names() []string {
	var out []string
	for _, p := range ps.list {
		out = append(out, p.Name)
	}
	return out
}
