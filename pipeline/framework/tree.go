package framework

import (
	"fmt"
	"io"
	"strings"
)

// Counts of statements in an area (and the areas below it), by level.
type Counts struct {
	Total   int
	ByLevel [5]int // index 1-4
}

func (c Counts) String() string {
	return fmt.Sprintf("%3d   L1 %2d  L2 %2d  L3 %2d  L4 %2d", c.Total, c.ByLevel[1], c.ByLevel[2], c.ByLevel[3], c.ByLevel[4])
}

func (c *Counts) add(level int) {
	c.Total++
	if level >= 1 && level <= 4 {
		c.ByLevel[level]++
	}
}

// CountsByArea counts statements in each area, including those of the areas below it.
func (fw *Framework) CountsByArea() map[string]Counts {
	out := map[string]Counts{}
	for _, s := range fw.Statements {
		for a := fw.Area(s.Area); a != nil; a = a.Parent {
			c := out[a.ID]
			c.add(s.Level)
			out[a.ID] = c
		}
	}
	return out
}

// ArchetypeName is the code and name of an archetype, for printing.
type ArchetypeName struct{ Code, Name string }

// WriteTree prints the framework as a tree with statement counts per area and level, followed by
// counts per level and per archetype badge.
func (fw *Framework) WriteTree(w io.Writer, archetypes []ArchetypeName) error {
	counts := fw.CountsByArea()
	var b strings.Builder
	fmt.Fprintf(&b, "AI and Digital Healthcare Technologies Capability Framework, version %s\n", fw.Version)
	fmt.Fprintf(&b, "%d domains, %d sub-domains, %d sub-sub-domains, %d capability statements\n\n",
		len(fw.Domains), fw.countDepth(2), fw.countDepth(3), len(fw.Statements))
	fmt.Fprintf(&b, "%-64s %s\n", "Area", "all   by knowledge level")
	direct := map[string]Counts{} // statements directly under a domain that has sub-domains
	for _, s := range fw.Statements {
		if a := fw.Area(s.Area); a != nil && a.Depth == 1 && len(a.Areas) > 0 {
			c := direct[a.ID]
			c.add(s.Level)
			direct[a.ID] = c
		}
	}
	for _, a := range fw.areas {
		label := strings.Repeat("  ", a.Depth-1) + a.ID + " " + a.Name
		fmt.Fprintf(&b, "%-64s %s\n", truncate(label, 64), counts[a.ID])
		if c, ok := direct[a.ID]; ok {
			fmt.Fprintf(&b, "%-64s %s\n", "  "+a.ID+" (directly under the domain)", c)
		}
	}
	var total Counts
	badge := map[rune]int{}
	for _, s := range fw.Statements {
		total.add(s.Level)
		for _, r := range s.Archetypes {
			badge[r]++
		}
	}
	fmt.Fprintf(&b, "%-64s %s\n\n", "All statements", total)
	fmt.Fprintf(&b, "Statements badged for each archetype:\n")
	for _, a := range archetypes {
		fmt.Fprintf(&b, "  %s  %-10s %3d\n", a.Code, a.Name, badge[[]rune(a.Code)[0]])
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func (fw *Framework) countDepth(d int) int {
	n := 0
	for _, a := range fw.areas {
		if a.Depth == d {
			n++
		}
	}
	return n
}
