// Package vocab holds the NHS vocabularies the pipeline normalises against: archetypes, NHS England
// regions, professions, organisations (trusts) and answer scales. Each is loaded from the embedded
// YAML file and then from any user files, which add entries or replace them by code.
package vocab

import (
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Archetype is one of the five archetypes (S, D, C, E, U).
type Archetype struct {
	Code       string   `yaml:"code"`
	Name       string   `yaml:"name"`
	Definition string   `yaml:"definition"`
	Aliases    []string `yaml:"aliases"`
}

// Region is an NHS England region.
type Region struct {
	Code    string   `yaml:"code"` // ONS code
	ODS     string   `yaml:"ods"`
	Name    string   `yaml:"name"`
	Aliases []string `yaml:"aliases"`
}

// Profession is a profession with its NHS staff group.
type Profession struct {
	Code       string   `yaml:"code"`
	Name       string   `yaml:"name"`
	StaffGroup string   `yaml:"staff_group"`
	Aliases    []string `yaml:"aliases"`
}

// Organisation is an NHS trust (or other organisation) with its 3-character ODS code.
type Organisation struct {
	Code      string   `yaml:"code"`
	Name      string   `yaml:"name"`
	Region    string   `yaml:"region"` // ONS code of its region
	ValidFrom string   `yaml:"valid_from"`
	ValidTo   string   `yaml:"valid_to"`
	Aliases   []string `yaml:"aliases"`
	// BenchmarkGroup is the kind of trust it is compared with (the NHS Staff Survey's benchmark
	// groups, BenchmarkGroups); empty: compared with no other.
	BenchmarkGroup string `yaml:"benchmark_group"`
}

// BenchmarkGroups are the kinds of trust the NHS Staff Survey benchmarks against each other.
var BenchmarkGroups = []string{"Acute and acute & community trusts", "Acute specialist trusts",
	"Mental health & learning disability trusts", "Community trusts", "Ambulance trusts"}

// Scale maps answer labels to attainment levels 0-4.
type Scale struct {
	ID      string   `yaml:"id"`
	Name    string   `yaml:"name"`
	Meets   int      `yaml:"meets"`
	Options []Option `yaml:"options"`
}

// Option is one answer of a scale.
type Option struct {
	Level   int      `yaml:"level"`
	Label   string   `yaml:"label"`
	Aliases []string `yaml:"aliases"`
}

// Vocabularies is the full set, in the order their files give (the order of rows in reports).
type Vocabularies struct {
	Archetypes    []Archetype    `yaml:"archetypes"`
	Regions       []Region       `yaml:"regions"`
	Professions   []Profession   `yaml:"professions"`
	Organisations []Organisation `yaml:"organisations"`
	Scales        []Scale        `yaml:"scales"`
}

// Files names the user files to read after the embedded ones, per vocabulary.
type Files struct {
	Archetypes, Regions, Professions, Organisations, Scales []string
}

// Load reads the embedded vocabularies from fsys (files vocabularies/<name>.yaml) and then the user
// files, merging by code.
func Load(fsys fs.FS, user Files) (*Vocabularies, error) {
	v := &Vocabularies{}
	type part struct {
		name  string
		files []string
		merge func(*Vocabularies)
	}
	parts := []part{
		{"archetypes", user.Archetypes, func(u *Vocabularies) {
			v.Archetypes = mergeBy(v.Archetypes, u.Archetypes, func(a Archetype) string { return a.Code })
		}},
		{"regions", user.Regions, func(u *Vocabularies) {
			v.Regions = mergeBy(v.Regions, u.Regions, func(a Region) string { return a.Code })
		}},
		{"professions", user.Professions, func(u *Vocabularies) {
			v.Professions = mergeBy(v.Professions, u.Professions, func(a Profession) string { return a.Code })
		}},
		{"organisations", user.Organisations, func(u *Vocabularies) {
			v.Organisations = mergeBy(v.Organisations, u.Organisations, func(a Organisation) string { return a.Code })
		}},
		{"scales", user.Scales, func(u *Vocabularies) { v.Scales = mergeBy(v.Scales, u.Scales, func(a Scale) string { return a.ID }) }},
	}
	for _, p := range parts {
		name := "vocabularies/" + p.name + ".yaml"
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("vocabulary %s: %w", p.name, err)
		}
		var u Vocabularies
		if err := decode(data, &u); err != nil {
			return nil, fmt.Errorf("vocabulary %s (embedded): %w", p.name, err)
		}
		p.merge(&u)
		for _, f := range p.files {
			data, err := os.ReadFile(f)
			if err != nil {
				return nil, fmt.Errorf("vocabulary %s: %w", p.name, err)
			}
			var u Vocabularies
			if err := decode(data, &u); err != nil {
				return nil, fmt.Errorf("vocabulary %s, file %s: %w", p.name, f, err)
			}
			p.merge(&u)
		}
	}
	if err := v.Validate(); err != nil {
		return nil, err
	}
	return v, nil
}

func decode(data []byte, into *Vocabularies) error {
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(into); err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	return nil
}

// mergeBy appends the entries of add to base, replacing those with the same key in place.
func mergeBy[T any](base, add []T, key func(T) string) []T {
	pos := map[string]int{}
	for i, b := range base {
		pos[key(b)] = i
	}
	for _, a := range add {
		if i, ok := pos[key(a)]; ok {
			base[i] = a
			continue
		}
		pos[key(a)] = len(base)
		base = append(base, a)
	}
	return base
}

// Validate checks codes are present and unique, organisations name a known region, and scale
// levels lie in 0-4 with the meets point among them.
func (v *Vocabularies) Validate() error {
	var probs []string
	regions := map[string]bool{}
	for _, r := range v.Regions {
		regions[r.Code] = true
	}
	for _, o := range v.Organisations {
		if o.Code == "" || o.Name == "" {
			probs = append(probs, fmt.Sprintf("organisation %q: code and name are required", o.Code+o.Name))
		}
		if !regions[o.Region] {
			probs = append(probs, fmt.Sprintf("organisation %s: region %q is not a known region code", o.Code, o.Region))
		}
		if o.BenchmarkGroup != "" && !slices.Contains(BenchmarkGroups, o.BenchmarkGroup) {
			probs = append(probs, fmt.Sprintf("organisation %s: benchmark_group %q is not one of %q", o.Code, o.BenchmarkGroup, BenchmarkGroups))
		}
	}
	for _, a := range v.Archetypes {
		if len([]rune(a.Code)) != 1 {
			probs = append(probs, fmt.Sprintf("archetype %q: the code must be one letter", a.Code))
		}
	}
	for _, p := range v.Professions {
		if p.Code == "" || p.Name == "" {
			probs = append(probs, fmt.Sprintf("profession %q: code and name are required", p.Code+p.Name))
		}
	}
	for _, s := range v.Scales {
		if len(s.Options) == 0 {
			probs = append(probs, fmt.Sprintf("scale %s: no options", s.ID))
		}
		if s.Meets < 0 || s.Meets > 4 {
			probs = append(probs, fmt.Sprintf("scale %s: meets %d is outside 0-4", s.ID, s.Meets))
		}
		seen := map[string]int{}
		for _, o := range s.Options {
			if o.Level < 0 || o.Level > 4 {
				probs = append(probs, fmt.Sprintf("scale %s: option %q has level %d, outside 0-4", s.ID, o.Label, o.Level))
			}
			for _, l := range append([]string{o.Label}, o.Aliases...) {
				k := Fold(l)
				if lv, dup := seen[k]; dup && lv != o.Level {
					probs = append(probs, fmt.Sprintf("scale %s: answer %q maps to two levels (%d and %d)", s.ID, l, lv, o.Level))
				}
				seen[k] = o.Level
			}
		}
	}
	if len(probs) > 0 {
		return fmt.Errorf("vocabularies: %s", strings.Join(probs, "; "))
	}
	return nil
}

// ArchetypeCodes returns the archetype codes in order.
func (v *Vocabularies) ArchetypeCodes() []string {
	out := make([]string, len(v.Archetypes))
	for i, a := range v.Archetypes {
		out[i] = a.Code
	}
	return out
}

// ScaleIDs returns the scale ids in order.
func (v *Vocabularies) ScaleIDs() []string {
	out := make([]string, len(v.Scales))
	for i, s := range v.Scales {
		out[i] = s.ID
	}
	return out
}

// Scale returns the scale with the given id.
func (v *Vocabularies) Scale(id string) (Scale, bool) {
	for _, s := range v.Scales {
		if s.ID == id {
			return s, true
		}
	}
	return Scale{}, false
}

// Fold makes the key that values and aliases are matched on: lower case, dots and apostrophes
// dropped ("S.L.T." is "slt", "Guy's" is "guys"), every other run of characters but a-z and 0-9
// turned into one space, trimmed. "  Physio-Therapist " and "physio therapist" fold alike. The
// warehouse's SQL macro fold() does the same.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '.' || r == '\'' || r == '’':
			continue
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
		default:
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
