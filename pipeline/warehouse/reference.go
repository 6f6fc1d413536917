package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/nhs-readiness/readiness/pipeline/framework"
	"github.com/nhs-readiness/readiness/pipeline/vocab"
)

// referenceTables are emptied and refilled by LoadReference, in this order.
var referenceTables = []string{
	"framework_meta", "knowledge_levels", "framework_areas", "capabilities", "capability_archetypes",
	"archetypes", "regions", "professions", "organisations", "scales", "scale_answers", "vocab_aliases",
}

// LoadReference replaces the framework and vocabulary tables with fw and v, in one transaction.
func (w *Warehouse) LoadReference(ctx context.Context, fw *framework.Framework, v *vocab.Vocabularies) (err error) {
	tx, err := w.DB.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("warehouse: load reference: %w", err)
	}
	defer func() {
		if err != nil {
			err = errors.Join(fmt.Errorf("warehouse: load reference: %w", err), tx.Rollback())
		}
	}()
	for _, t := range referenceTables {
		if _, err = tx.ExecContext(ctx, "DELETE FROM "+t); err != nil {
			return err
		}
	}
	ins := inserter{ctx: ctx, tx: tx}
	ins.exec(`INSERT INTO framework_meta (version, source) VALUES (?, ?)`, fw.Version, strings.TrimSpace(fw.Source))
	for _, l := range fw.Levels {
		ins.exec(`INSERT INTO knowledge_levels VALUES (?, ?, ?)`, l.Level, l.Name, l.Description)
	}
	for _, a := range fw.Areas() {
		var parent, sub any
		if a.Parent != nil {
			parent = a.Parent.ID
		}
		if s := a.SubDomain(); s != nil {
			sub = s.ID
		}
		ins.exec(`INSERT INTO framework_areas VALUES (?, ?, ?, ?, ?, ?, ?)`, a.ID, a.Name, parent, a.Domain().ID, sub, a.Depth, a.Order)
	}
	for i, s := range fw.Statements {
		a := fw.Area(s.Area)
		if a == nil {
			return fmt.Errorf("statement %s: area %q is not in the framework", s.ID, s.Area)
		}
		var sub any
		if sd := a.SubDomain(); sd != nil {
			sub = sd.ID
		}
		ins.exec(`INSERT INTO capabilities VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, s.ID, a.ID, a.Domain().ID, sub, s.Level, s.Archetypes, s.Text, i)
		for _, r := range s.Archetypes {
			ins.exec(`INSERT INTO capability_archetypes VALUES (?, ?)`, s.ID, string(r))
		}
	}
	aliases := aliasSet{}
	for i, a := range v.Archetypes {
		ins.exec(`INSERT INTO archetypes VALUES (?, ?, ?, ?)`, a.Code, a.Name, a.Definition, i)
		aliases.add("archetype", a.Code, append([]string{a.Code, a.Name}, a.Aliases...))
	}
	for i, r := range v.Regions {
		ins.exec(`INSERT INTO regions VALUES (?, ?, ?, ?)`, r.Code, r.ODS, r.Name, i)
		aliases.add("region", r.Code, append([]string{r.Code, r.ODS, r.Name}, r.Aliases...))
	}
	for i, p := range v.Professions {
		ins.exec(`INSERT INTO professions VALUES (?, ?, ?, ?)`, p.Code, p.Name, p.StaffGroup, i)
		aliases.add("profession", p.Code, append([]string{p.Code, p.Name}, p.Aliases...))
	}
	for i, o := range v.Organisations {
		ins.exec(`INSERT INTO organisations VALUES (?, ?, ?, ?, ?, ?)`, o.Code, o.Name, o.Region, nullable(o.ValidFrom), nullable(o.ValidTo), i)
		aliases.add("organisation", o.Code, append([]string{o.Code, o.Name}, o.Aliases...))
	}
	for i, s := range v.Scales {
		ins.exec(`INSERT INTO scales VALUES (?, ?, ?, ?)`, s.ID, s.Name, s.Meets, i)
		seen := map[string]bool{}
		for _, o := range s.Options {
			for _, l := range append([]string{o.Label}, o.Aliases...) {
				k := vocab.Fold(l)
				if k == "" || seen[k] {
					continue
				}
				seen[k] = true
				ins.exec(`INSERT INTO scale_answers VALUES (?, ?, ?, ?)`, s.ID, k, o.Label, o.Level)
			}
		}
	}
	for _, a := range aliases.list {
		ins.exec(`INSERT INTO vocab_aliases VALUES (?, ?, ?, ?)`, a.kind, a.key, a.alias, a.code)
	}
	if ins.err != nil {
		return ins.err
	}
	if err = aliases.err(); err != nil {
		return err
	}
	return tx.Commit()
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

type inserter struct {
	ctx context.Context
	tx  *sql.Tx
	err error
}

func (i *inserter) exec(q string, args ...any) {
	if i.err != nil {
		return
	}
	if _, err := i.tx.ExecContext(i.ctx, q, args...); err != nil {
		i.err = fmt.Errorf("%s %v: %w", strings.Fields(q)[2], args, err)
	}
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
