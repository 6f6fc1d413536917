package framework

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"
)

// Kinds of change between two versions of a framework.
const (
	Added     = "added"
	Removed   = "removed"
	Moved     = "moved"     // the same statement in another area or at another level
	Rebadged  = "re-badged" // the same statement for other archetypes
	Reworded  = "reworded"  // the same id with other wording
	Unchanged = "unchanged"
)

// Change is one statement's change from one framework to another.
type Change struct {
	Kind     string
	From, To *Statement // nil for an added or a removed statement
}

func (c Change) String() string {
	switch c.Kind {
	case Added:
		return fmt.Sprintf("added     %s (%s, level %d, %s): %s", c.To.ID, c.To.Area, c.To.Level, c.To.Archetypes, c.To.Text)
	case Removed:
		return fmt.Sprintf("removed   %s (%s, level %d, %s): %s", c.From.ID, c.From.Area, c.From.Level, c.From.Archetypes, c.From.Text)
	case Moved:
		return fmt.Sprintf("moved     %s -> %s (%s level %d -> %s level %d): %s", c.From.ID, c.To.ID, c.From.Area, c.From.Level, c.To.Area, c.To.Level, c.To.Text)
	case Rebadged:
		return fmt.Sprintf("re-badged %s: %s -> %s: %s", c.To.ID, c.From.Archetypes, c.To.Archetypes, c.To.Text)
	case Reworded:
		return fmt.Sprintf("reworded  %s: %q -> %q", c.To.ID, c.From.Text, c.To.Text)
	}
	return c.Kind
}

// wording is a statement's text for matching: lower case, letters and digits only, single spaces.
func wording(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }), " ")
}

// Diff lists what changes from a to b: statements are matched by their wording first (so a
// statement keeps its identity when it moves or is re-badged), then the rest by id (a change of
// wording). A statement both moved and re-badged gives two changes.
func Diff(a, b *Framework) []Change {
	byText := map[string][]int{}
	for i, s := range b.Statements {
		k := wording(s.Text)
		byText[k] = append(byText[k], i)
	}
	usedB := make([]bool, len(b.Statements))
	var out []Change
	var leftA []int
	for i := range a.Statements {
		from := &a.Statements[i]
		js := byText[wording(from.Text)]
		j := -1
		for _, c := range js {
			if !usedB[c] {
				j = c
				break
			}
		}
		if j < 0 {
			leftA = append(leftA, i)
			continue
		}
		usedB[j] = true
		to := &b.Statements[j]
		if from.Area != to.Area || from.Level != to.Level {
			out = append(out, Change{Kind: Moved, From: from, To: to})
		}
		if sortedLetters(from.Archetypes) != sortedLetters(to.Archetypes) {
			out = append(out, Change{Kind: Rebadged, From: from, To: to})
		}
	}
	idx := map[string]int{}
	for j, s := range b.Statements {
		if !usedB[j] {
			idx[s.ID] = j
		}
	}
	for _, i := range leftA {
		from := &a.Statements[i]
		if j, ok := idx[from.ID]; ok && !usedB[j] {
			usedB[j] = true
			to := &b.Statements[j]
			out = append(out, Change{Kind: Reworded, From: from, To: to})
			if sortedLetters(from.Archetypes) != sortedLetters(to.Archetypes) {
				out = append(out, Change{Kind: Rebadged, From: from, To: to})
			}
			continue
		}
		out = append(out, Change{Kind: Removed, From: from})
	}
	for j := range b.Statements {
		if !usedB[j] {
			out = append(out, Change{Kind: Added, To: &b.Statements[j]})
		}
	}
	order := map[string]int{Removed: 0, Added: 1, Moved: 2, Rebadged: 3, Reworded: 4}
	sort.SliceStable(out, func(i, j int) bool { return order[out[i].Kind] < order[out[j].Kind] })
	return out
}

func sortedLetters(s string) string {
	r := []rune(s)
	sort.Slice(r, func(i, j int) bool { return r[i] < r[j] })
	return string(r)
}

// WriteYAML writes the framework as a framework file (as read by Parse), with a comment first.
func (fw *Framework) WriteYAML(w io.Writer, comment string) error {
	for _, line := range strings.Split(strings.TrimSpace(comment), "\n") {
		if _, err := fmt.Fprintf(w, "# %s\n", line); err != nil {
			return err
		}
	}
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(fw); err != nil {
		return err
	}
	return enc.Close()
}
