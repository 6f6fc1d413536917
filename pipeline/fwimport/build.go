package fwimport

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"

	"github.com/nhs-readiness/readiness/pipeline/framework"
)

// build checks the statements and makes the framework: the base's numbering and levels, the
// headings' names where the table gives them, and ids numbered within each area and level.
func (im *importer) build(path string) error {
	base := im.opt.Base
	fw := &framework.Framework{Levels: base.Levels, Domains: cloneAreas(base.Domains, im.names)}
	seen := map[string]int{}
	count := map[[2]string]int{}
	for _, st := range im.stmts {
		ok := true
		switch {
		case st.area == "":
			im.problem(st.number, -1, "the statement has no domain or sub-domain (no heading above it and no area column): %.60q", st.text)
			ok = false
		case base.Area(st.area) == nil:
			im.problem(st.number, im.cols.area, "%s is not in the framework's numbering of domains and sub-domains", st.area)
			ok = false
		}
		if st.level == 0 {
			im.problem(st.number, im.cols.level, "the statement has no level (no level column value or level row above it): %.60q", st.text)
			ok = false
		}
		if st.badges == "" {
			im.problem(st.number, -1, "the statement has no archetype: %.60q", st.text)
			ok = false
		}
		key := normal(st.text)
		if first, dup := seen[key]; dup {
			im.problem(st.number, im.cols.statement, "the same statement as row %d", first)
			ok = false
		} else {
			seen[key] = st.number
		}
		if !ok {
			continue
		}
		k := [2]string{st.area, strconv.Itoa(st.level)}
		count[k]++
		fw.Statements = append(fw.Statements, framework.Statement{
			ID: fmt.Sprintf("%s-L%d-%02d", st.area, st.level, count[k]), Level: st.level, Archetypes: st.badges, Text: st.text})
	}
	fw.Version = im.opt.Version
	if fw.Version == "" {
		fw.Version = "imported-" + digest(fw.Statements)
	}
	fw.Source = im.opt.Source
	if fw.Source == "" {
		fw.Source = "imported from " + path
	}
	var err error
	im.res.Framework, err = framework.Relink(fw)
	sort.SliceStable(im.res.Problems, func(i, j int) bool { return im.res.Problems[i].Row < im.res.Problems[j].Row })
	return err
}

func cloneAreas(list []*framework.Area, names map[string]string) []*framework.Area {
	out := make([]*framework.Area, len(list))
	for i, a := range list {
		name := a.Name
		if n := names[a.ID]; n != "" {
			name = n
		}
		out[i] = &framework.Area{ID: a.ID, Name: name, Areas: cloneAreas(a.Areas, names)}
	}
	return out
}

// digest is a short digest of the statements, for a version when none is given.
func digest(stmts []framework.Statement) string {
	h := sha256.New()
	for _, s := range stmts {
		fmt.Fprintf(h, "%s|%d|%s|%s\n", s.ID, s.Level, s.Archetypes, s.Text)
	}
	return hex.EncodeToString(h.Sum(nil))[:8]
}
