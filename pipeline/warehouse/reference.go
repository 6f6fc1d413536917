package warehouse

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strings"
	"time"

	"github.com/nhs-readiness/readiness/pipeline/framework"
	"github.com/nhs-readiness/readiness/pipeline/vocab"
	"github.com/nhs-readiness/readiness/queries"
)

// referenceTables are refilled by LoadReference through the appender, in this order
// (framework_meta has its own statement; queries/load/clear_reference.sql empties them all).
var referenceTables = []string{
	"knowledge_levels", "framework_areas", "capabilities", "capability_archetypes",
	"archetypes", "regions", "professions", "organisations", "scales", "scale_answers", "vocab_aliases",
}

// LoadReference replaces the framework and vocabulary tables with fw and v, in one transaction,
// appending the rows through DuckDB's appender; targets are numbered and stale cubes computed
// again in the same transaction (a changed framework changes the cubes).
func (w *Warehouse) LoadReference(ctx context.Context, fw *framework.Framework, v *vocab.Vocabularies) (err error) {
	rows, err := referenceRows(fw, v)
	if err != nil {
		return fmt.Errorf("warehouse: load reference: %w", err)
	}
	tx, err := w.Begin(ctx)
	if err != nil {
		return fmt.Errorf("warehouse: load reference: %w", err)
	}
	defer func() {
		if cerr := tx.Close(ctx); cerr != nil && err == nil {
			err = cerr
		}
		if err != nil {
			err = fmt.Errorf("warehouse: load reference: %w", err)
		}
	}()
	if err = tx.Exec(ctx, queries.ClearReference); err != nil {
		return err
	}
	if err = tx.Exec(ctx, queries.ReferenceMeta, fw.Version, strings.TrimSpace(fw.Source)); err != nil {
		return err
	}
	if err = tx.ExecStatements(ctx, queries.ReferenceFramework, fw.Fingerprint(), fw.Version, strings.TrimSpace(fw.Source), len(fw.Statements)); err != nil {
		return err
	}
	err = tx.Raw(func(r *Raw) error {
		for _, t := range referenceTables {
			a, err := r.Appender("", t)
			if err != nil {
				return err
			}
			for _, row := range rows[t] {
				if err := a.AppendRow(row...); err != nil {
					a.Close()
					return fmt.Errorf("%s %v: %w", t, row, err)
				}
			}
			if err := a.Close(); err != nil {
				return fmt.Errorf("%s: %w", t, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// Targets are numbered from the framework and from a load's staged targets: outside a load,
	// an empty staging.
	if err = tx.ClearStaging(ctx); err != nil {
		return err
	}
	if err = tx.Exec(ctx, queries.NumberTargets); err != nil {
		return err
	}
	if err = tx.RefreshCubes(ctx, 0); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// referenceRows builds the rows of every reference table (but framework_meta), in the tables'
// column order and types.
func referenceRows(fw *framework.Framework, v *vocab.Vocabularies) (map[string][][]driver.Value, error) {
	rows := map[string][][]driver.Value{}
	add := func(t string, vals ...driver.Value) { rows[t] = append(rows[t], vals) }
	for _, l := range fw.Levels {
		add("knowledge_levels", int8(l.Level), l.Name, l.Description)
	}
	for _, a := range fw.Areas() {
		var parent, sub driver.Value
		if a.Parent != nil {
			parent = a.Parent.ID
		}
		if s := a.SubDomain(); s != nil {
			sub = s.ID
		}
		add("framework_areas", a.ID, a.Name, parent, a.Domain().ID, sub, int8(a.Depth), int32(a.Order))
	}
	for i, s := range fw.Statements {
		a := fw.Area(s.Area)
		if a == nil {
			return nil, fmt.Errorf("statement %s: area %q is not in the framework", s.ID, s.Area)
		}
		var sub driver.Value
		if sd := a.SubDomain(); sd != nil {
			sub = sd.ID
		}
		add("capabilities", s.ID, a.ID, a.Domain().ID, sub, int8(s.Level), s.Archetypes, s.Text, int32(i))
		for _, r := range s.Archetypes {
			add("capability_archetypes", s.ID, string(r))
		}
	}
	aliases := aliasSet{}
	for i, a := range v.Archetypes {
		add("archetypes", a.Code, a.Name, a.Definition, int32(i))
		aliases.add("archetype", a.Code, append([]string{a.Code, a.Name}, a.Aliases...))
	}
	for i, r := range v.Regions {
		add("regions", r.Code, r.ODS, r.Name, int32(i))
		aliases.add("region", r.Code, append([]string{r.Code, r.ODS, r.Name}, r.Aliases...))
	}
	for i, p := range v.Professions {
		add("professions", p.Code, p.Name, p.StaffGroup, int32(i))
		aliases.add("profession", p.Code, append([]string{p.Code, p.Name}, p.Aliases...))
	}
	for i, o := range v.Organisations {
		from, to, err := dates(o)
		if err != nil {
			return nil, err
		}
		var group driver.Value
		if o.BenchmarkGroup != "" {
			group = o.BenchmarkGroup
		}
		add("organisations", o.Code, o.Name, o.Region, from, to, int32(i), group)
		aliases.add("organisation", o.Code, append([]string{o.Code, o.Name}, o.Aliases...))
	}
	for i, s := range v.Scales {
		add("scales", s.ID, s.Name, int8(s.Meets), int32(i))
		seen := map[string]bool{}
		for _, o := range s.Options {
			for _, l := range append([]string{o.Label}, o.Aliases...) {
				k := vocab.Fold(l)
				if k == "" || seen[k] {
					continue
				}
				seen[k] = true
				add("scale_answers", s.ID, k, o.Label, int8(o.Level))
			}
		}
	}
	for _, a := range aliases.list {
		add("vocab_aliases", a.kind, a.key, a.alias, a.code)
	}
	return rows, aliases.err()
}

// dates reads an organisation's validity dates (YYYY-MM-DD, or empty).
func dates(o vocab.Organisation) (from, to driver.Value, err error) {
	parse := func(s string) (driver.Value, error) {
		if s == "" {
			return nil, nil
		}
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return nil, fmt.Errorf("organisation %s: date %q is not YYYY-MM-DD", o.Code, s)
		}
		return t, nil
	}
	if from, err = parse(o.ValidFrom); err != nil {
		return nil, nil, err
	}
	to, err = parse(o.ValidTo)
	return from, to, err
}

type alias struct{ kind, key, alias, code string }

// aliasSet collects aliases by folded key, keeping the first and noting any key claimed by two
// different codes of the same kind.
type aliasSet struct {
	list      []alias
	seen      map[string]string
	conflicts []string
}

func (s *aliasSet) add(kind, code string, names []string) {
	if s.seen == nil {
		s.seen = map[string]string{}
	}
	for _, n := range names {
		k := vocab.Fold(n)
		if k == "" {
			continue
		}
		if prev, ok := s.seen[kind+"\x00"+k]; ok {
			if prev != code {
				s.conflicts = append(s.conflicts, fmt.Sprintf("%s %q names both %s and %s", kind, n, prev, code))
			}
			continue
		}
		s.seen[kind+"\x00"+k] = code
		s.list = append(s.list, alias{kind, k, n, code})
	}
}

func (s *aliasSet) err() error {
	if len(s.conflicts) == 0 {
		return nil
	}
	return fmt.Errorf("ambiguous vocabulary aliases: %s", strings.Join(s.conflicts, "; "))
}
