package framework

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with a framework file.
type Problem struct {
	Where   string // the statement or area id, or "file"
	Message string
}

func (p Problem) String() string { return p.Where + ": " + p.Message }

// Validate checks the framework against the archetype codes known to the vocabularies. It reports
// duplicate ids, unknown archetype letters, levels outside 1-4, statements in unknown areas,
// empty texts and domains without any statement. An empty result means the file is usable.
func (fw *Framework) Validate(archetypeCodes []string) []Problem {
	var probs []Problem
	add := func(where, format string, args ...any) {
		probs = append(probs, Problem{Where: where, Message: fmt.Sprintf(format, args...)})
	}
	if strings.TrimSpace(fw.Version) == "" {
		add("file", "no version: give the framework file a version")
	}
	if len(fw.Domains) == 0 {
		add("file", "no domains")
	}
	known := map[string]bool{}
	for _, c := range archetypeCodes {
		known[c] = true
	}
	seenArea := map[string]bool{}
	for _, a := range fw.areas {
		switch {
		case strings.TrimSpace(a.ID) == "":
			add("area "+a.Name, "area has no id")
		case seenArea[a.ID]:
			add("area "+a.ID, "duplicate area id")
		}
		seenArea[a.ID] = true
		if strings.TrimSpace(a.Name) == "" {
			add("area "+a.ID, "area has no name")
		}
	}

	perDomain := map[string]int{}
	seen := map[string]int{}
	for i, s := range fw.Statements {
		where := s.ID
		if where == "" {
			where = fmt.Sprintf("statement #%d", i+1)
			add(where, "statement has no id")
		} else if first, dup := seen[s.ID]; dup {
			add(where, "duplicate id (first used by statement #%d)", first)
		} else {
			seen[s.ID] = i + 1
		}
		if s.Level < 1 || s.Level > 4 {
			add(where, "level %d is outside 1-4", s.Level)
		}
		if s.Archetypes == "" {
			add(where, "no archetype badges (give one or more of %s)", strings.Join(archetypeCodes, ""))
		}
		badges := map[rune]bool{}
		for _, r := range s.Archetypes {
			if !known[string(r)] {
				add(where, "unknown archetype letter %q (known: %s)", string(r), strings.Join(archetypeCodes, ", "))
			} else if badges[r] {
				add(where, "archetype letter %q given twice", string(r))
			}
			badges[r] = true
		}
		if strings.TrimSpace(s.Text) == "" {
			add(where, "statement has no text")
		}
		a := fw.Area(s.Area)
		if a == nil {
			add(where, "area %q is not in the framework's domains", s.Area)
			continue
		}
		perDomain[a.Domain().ID]++
	}
	for _, d := range fw.Domains {
		if perDomain[d.ID] == 0 {
			add("domain "+d.ID, "domain %q has no capability statements", d.Name)
		}
	}
	return probs
}
