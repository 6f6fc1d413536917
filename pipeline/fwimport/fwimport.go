// Package fwimport reads a capability framework's statement table as planners save it from the
// official PDF or web pages into a spreadsheet or CSV, and makes a framework file of it in the
// project's format: stable ids (AREA-Ln-NN), the wording as given, the version and source
// recorded. It accepts the layouts such tables come in: domain and sub-domain headings as rows of
// their own or as a column; levels as "Level 1" or "1", in a column (a merged cell above a block
// reads as that level for the block) or as rows of their own; archetypes as letters (S D C E U),
// as words (Shaper, Drivers, ...) or as ticks in a column per archetype; columns in any order.
// Every problem is reported with its row and column.
package fwimport

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/nhs-readiness/readiness/pipeline/framework"
	"github.com/nhs-readiness/readiness/pipeline/sheet"
	"github.com/nhs-readiness/readiness/pipeline/vocab"
)

// Archetype is one archetype the badges may name.
type Archetype struct{ Code, Name string }

// Options describe an import.
type Options struct {
	Sheet      string               // the worksheet to read; empty: the first
	Version    string               // the framework's version; empty: "imported-" and a digest of the statements
	Source     string               // where the table came from; empty: the file's name
	Base       *framework.Framework // the numbering of domains and sub-domains the table must use
	Archetypes []Archetype
}

// Problem is one thing wrong in the table.
type Problem struct {
	Row     int    // as the planner sees it; 0 for the whole file
	Column  string // Excel's letter; "" for a whole row
	Message string
}

func (p Problem) String() string {
	switch {
	case p.Row == 0:
		return p.Message
	case p.Column == "":
		return fmt.Sprintf("row %d: %s", p.Row, p.Message)
	}
	return fmt.Sprintf("row %d, column %s: %s", p.Row, p.Column, p.Message)
}

// Result is an imported framework and what was found on the way.
type Result struct {
	Framework *framework.Framework
	Problems  []Problem
	Layout    string // how the table was read, for the summary
}

// columns are the roles of the table's columns (-1: none).
type columns struct {
	area, level, statement, badges int
	ticks                          map[int]string // column -> archetype code
}

var (
	headingRe = regexp.MustCompile(`(?i)^\s*(?:(?:sub-?)?domain\s*)?(\d+(?:\.\d+){0,2})\.?(?:[\s:).–-]+(.*))?$`)
	levelRe   = regexp.MustCompile(`(?i)^\s*(?:knowledge\s+)?(?:level\s*)?([1-4])\s*$`)
	levelWord = regexp.MustCompile(`(?i)^\s*(?:knowledge\s+)?level\s*([1-4])\b`)
)

// Import reads the table at path.
func Import(path string, opt Options) (*Result, error) {
	if opt.Base == nil {
		return nil, errors.New("framework import: no framework numbering to check the areas against")
	}
	tbl, err := sheet.Open(path, sheet.Options{Sheet: opt.Sheet, Raw: true})
	if err != nil {
		return nil, err
	}
	defer tbl.Close()
	rows := []sheet.Row{{Number: tbl.HeaderRow(), Cells: tbl.Header()}}
	for {
		r, err := tbl.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		rows = append(rows, sheet.Row{Number: r.Number, Cells: append(r.Cells, r.Extra...)})
	}
	im := &importer{opt: opt, res: &Result{}}
	im.read(rows)
	if err := im.build(path); err != nil {
		return nil, err
	}
	return im.res, nil
}

type importer struct {
	opt  Options
	res  *Result
	cols columns
	// what the rows gave, in order
	stmts []row
	names map[string]string // area id -> name given by a heading
}

type row struct {
	number int
	area   string
	level  int
	text   string
	badges string
}

func (im *importer) problem(r int, col int, format string, args ...any) {
	letter := ""
	if col >= 0 {
		letter = sheet.ColumnLetter(col)
	}
	im.res.Problems = append(im.res.Problems, Problem{Row: r, Column: letter, Message: fmt.Sprintf(format, args...)})
}

// read finds the header row and walks the rows after it.
func (im *importer) read(rows []sheet.Row) {
	im.names = map[string]string{}
	h := -1
	for i, r := range rows {
		if i > 15 {
			break
		}
		if c, ok := im.header(r.Cells); ok {
			h, im.cols = i, c
			break
		}
	}
	if h < 0 {
		im.problem(0, -1, "no header row naming a statement column (a column headed Statement, Capability or Description) in the first rows")
		return
	}
	var layout []string
	if im.cols.area >= 0 {
		layout = append(layout, "areas in a column")
	}
	if im.cols.level >= 0 {
		layout = append(layout, "levels in a column")
	}
	switch {
	case len(im.cols.ticks) > 0:
		layout = append(layout, fmt.Sprintf("archetypes ticked in %d columns", len(im.cols.ticks)))
	case im.cols.badges >= 0:
		layout = append(layout, "archetypes in a column")
	}
	// Headings above the header row count too (a title, the first domain).
	area, level := "", 0
	for _, r := range rows[:h] {
		if a, name, ok := im.heading(r.Cells); ok {
			area = a
			if name != "" {
				im.names[a] = name
			}
		}
	}
	headingRows, levelRows := 0, 0
	for _, r := range rows[h+1:] {
		cells := r.Cells
		text := cell(cells, im.cols.statement)
		filled := nonEmpty(cells)
		if filled == 0 {
			continue
		}
		if filled <= 2 {
			// A row of its own: a level ("Level 2"), or a domain or sub-domain heading.
			one := cells[firstFilled(cells)]
			if m := levelWord.FindStringSubmatch(one); m != nil && filled == 1 {
				level, _ = strconv.Atoi(m[1])
				levelRows++
				continue
			}
			if a, name, ok := im.heading(cells); ok && (text == "" || filled == 1 || headingRe.MatchString(text)) {
				area, level = a, 0
				if name != "" {
					im.names[a] = name
				}
				headingRows++
				continue
			}
		}
		if text == "" {
			// A level column's merged cell above a block, with nothing else on its row.
			if lv := cell(cells, im.cols.level); lv != "" && filled == 1 {
				if n, ok := parseLevel(lv); ok {
					level = n
					continue
				}
			}
			im.problem(r.Number, -1, "a row with no statement that is neither a heading nor a level: %q", strings.Join(trimmed(cells), " | "))
			continue
		}
		st := row{number: r.Number, area: area, level: level, text: text}
		if v := cell(cells, im.cols.area); v != "" {
			if m := headingRe.FindStringSubmatch(v); m != nil {
				st.area = m[1]
				area = m[1]
				if m[2] != "" {
					im.names[m[1]] = strings.TrimSpace(m[2])
				}
			} else {
				im.problem(r.Number, im.cols.area, "%q is not a domain or sub-domain number of the framework (such as 6 or 6.1)", v)
				st.area = ""
			}
		}
		if v := cell(cells, im.cols.level); v != "" {
			if n, ok := parseLevel(v); ok {
				st.level, level = n, n
			} else {
				im.problem(r.Number, im.cols.level, "%q is not a knowledge level (1 to 4, or Level 1 to Level 4)", v)
				st.level = 0
			}
		}
		st.badges = im.badges(r.Number, cells)
		im.stmts = append(im.stmts, st)
	}
	if headingRows > 0 {
		layout = append(layout, fmt.Sprintf("%d heading rows", headingRows))
	}
	if levelRows > 0 {
		layout = append(layout, fmt.Sprintf("%d level rows", levelRows))
	}
	im.res.Layout = strings.Join(layout, ", ")
}

// header recognises the header row: a statement column, and whatever else it names.
func (im *importer) header(cells []string) (columns, bool) {
	c := columns{area: -1, level: -1, statement: -1, badges: -1, ticks: map[int]string{}}
	for i, v := range cells {
		f := vocab.Fold(v)
		if f == "" {
			continue
		}
		if code, ok := im.archetype(f); ok && len(f) > 1 {
			c.ticks[i] = code
			continue
		}
		switch {
		case c.statement < 0 && regexp.MustCompile(`^(capability )?(statement|statements|capability|capabilities|description|competency|competence)( text)?$`).MatchString(f):
			c.statement = i
		case c.level < 0 && regexp.MustCompile(`^(knowledge )?level$`).MatchString(f):
			c.level = i
		case c.badges < 0 && regexp.MustCompile(`^(archetypes?|badges?|relevant archetypes?|archetype badges?|roles?)$`).MatchString(f):
			c.badges = i
		case c.area < 0 && regexp.MustCompile(`^(domain|sub ?domain|sub domain|area|section|theme|number|no|ref|reference|domain or sub ?domain)$`).MatchString(f):
			c.area = i
		}
	}
	return c, c.statement >= 0
}

// heading reads a row of a domain or sub-domain heading: its number and name.
func (im *importer) heading(cells []string) (area, name string, ok bool) {
	i := firstFilled(cells)
	if i < 0 {
		return "", "", false
	}
	v := strings.TrimSpace(cells[i])
	rest := strings.TrimSpace(strings.Join(trimmed(cells[i+1:]), " "))
	m := headingRe.FindStringSubmatch(v)
	if m == nil {
		return "", "", false
	}
	name = strings.TrimSpace(m[2])
	if name == "" {
		name = rest
	}
	return m[1], name, true
}

// badges reads a statement's archetypes from its badge column or tick columns, as letters in
// the order of the archetypes.
func (im *importer) badges(number int, cells []string) string {
	have := map[string]bool{}
	if len(im.cols.ticks) > 0 {
		for col, code := range im.cols.ticks {
			v := strings.ToLower(strings.TrimSpace(cell(cells, col)))
			switch v {
			case "", "no", "n", "0", "-", "false", "–", "—":
			case "x", "✓", "✔", "✔️", "☑", "yes", "y", "1", "true", "•", "●", "*", "tick":
				have[code] = true
			default:
				im.problem(number, col, "%q is not a tick (leave it blank, or write Yes, ✓ or x)", cell(cells, col))
			}
		}
	} else if v := cell(cells, im.cols.badges); v != "" {
		for _, w := range splitBadges(v) {
			if code, ok := im.archetype(vocab.Fold(w)); ok {
				have[code] = true
				continue
			}
			// Letters run together: SDCEU.
			allLetters := true
			for _, r := range w {
				if _, ok := im.archetype(strings.ToLower(string(r))); !ok {
					allLetters = false
				}
			}
			if allLetters && len(w) > 1 {
				for _, r := range w {
					code, _ := im.archetype(strings.ToLower(string(r)))
					have[code] = true
				}
				continue
			}
			im.problem(number, im.cols.badges, "%q is not an archetype (letters %s, or the names %s)", w, im.letters(), im.namesList())
		}
	}
	var out strings.Builder
	for _, a := range im.opt.Archetypes {
		if have[a.Code] {
			out.WriteString(a.Code)
		}
	}
	return out.String()
}

// archetype finds an archetype by its folded letter, name or plural.
func (im *importer) archetype(f string) (string, bool) {
	for _, a := range im.opt.Archetypes {
		name := vocab.Fold(a.Name)
		if f == strings.ToLower(a.Code) || f == name || f == strings.TrimSuffix(name, "s") || f == name+"s" {
			return a.Code, true
		}
	}
	return "", false
}

func (im *importer) letters() string {
	var l []string
	for _, a := range im.opt.Archetypes {
		l = append(l, a.Code)
	}
	return strings.Join(l, " ")
}

func (im *importer) namesList() string {
	var l []string
	for _, a := range im.opt.Archetypes {
		l = append(l, a.Name)
	}
	return strings.Join(l, ", ")
}

func parseLevel(v string) (int, bool) {
	if m := levelRe.FindStringSubmatch(v); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n, true
	}
	if m := levelWord.FindStringSubmatch(v); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n, true
	}
	return 0, false
}

func splitBadges(v string) []string {
	return strings.FieldsFunc(v, func(r rune) bool {
		return r == ',' || r == ';' || r == '/' || r == ' ' || r == '|' || r == '+' || r == '&'
	})
}

func cell(cells []string, i int) string {
	if i < 0 || i >= len(cells) {
		return ""
	}
	return strings.TrimSpace(cells[i])
}

func nonEmpty(cells []string) int {
	n := 0
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			n++
		}
	}
	return n
}

func firstFilled(cells []string) int {
	for i, c := range cells {
		if strings.TrimSpace(c) != "" {
			return i
		}
	}
	return -1
}

func trimmed(cells []string) []string {
	var out []string
	for _, c := range cells {
		if t := strings.TrimSpace(c); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// normal is a statement's text for comparing: folded, spaces collapsed.
func normal(s string) string { return vocab.Fold(s) }
