package fwimport

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// WriteSummary prints what an import made: statements per area and level, how many statements
// each archetype is badged for, and every problem.
func (r *Result) WriteSummary(w io.Writer, archetypes []Archetype) error {
	fw := r.Framework
	fmt.Fprintf(w, "Framework %s: %d statements (%s)\n", fw.Version, len(fw.Statements), r.Layout)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "AREA\tNAME\tLEVEL 1\tLEVEL 2\tLEVEL 3\tLEVEL 4\tALL")
	for _, a := range fw.Areas() {
		var n [5]int
		for _, s := range fw.Statements {
			if s.Area == a.ID {
				n[s.Level]++
				n[0]++
			}
		}
		if n[0] == 0 {
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%d\n", a.ID, a.Name, n[1], n[2], n[3], n[4], n[0])
	}
	tw.Flush()
	var badges []string
	for _, a := range archetypes {
		n := 0
		for _, s := range fw.Statements {
			if strings.Contains(s.Archetypes, a.Code) {
				n++
			}
		}
		badges = append(badges, fmt.Sprintf("%s %d", a.Name, n))
	}
	fmt.Fprintf(w, "Badges: %s\n", strings.Join(badges, ", "))
	if len(r.Problems) == 0 {
		_, err := fmt.Fprintln(w, "No problems.")
		return err
	}
	fmt.Fprintf(w, "%d problems (those statements are left out):\n", len(r.Problems))
	for _, p := range r.Problems {
		fmt.Fprintf(w, "  %s\n", p)
	}
	return nil
}
