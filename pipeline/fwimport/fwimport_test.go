package fwimport_test

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-readiness/readiness/configs"
	"github.com/nhs-readiness/readiness/pipeline/framework"
	"github.com/nhs-readiness/readiness/pipeline/fwimport"
	"github.com/nhs-readiness/readiness/pipeline/vocab"
)

func options(t *testing.T) (fwimport.Options, []string) {
	t.Helper()
	base, err := framework.LoadFS(configs.FS, "framework.yaml")
	if err != nil {
		t.Fatal(err)
	}
	v, err := vocab.Load(configs.FS, vocab.Files{})
	if err != nil {
		t.Fatal(err)
	}
	var arch []fwimport.Archetype
	for _, a := range v.Archetypes {
		arch = append(arch, fwimport.Archetype{Code: a.Code, Name: a.Name})
	}
	return fwimport.Options{Base: base, Archetypes: arch, Version: "test-1", Source: "a test table"}, v.ArchetypeCodes()
}

// statements is the table of headings_as_rows.csv as (area, level, archetypes, text).
func statements(t *testing.T) [][4]string {
	t.Helper()
	f, err := os.Open("../../testdata/framework/headings_as_rows.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out [][4]string
	area, level := "", ""
	letters := map[string]string{"Shapers": "S", "Drivers": "D", "Creators": "C", "Embedders": "E", "Users": "U"}
	for _, r := range recs[1:] {
		switch {
		case r[1] == "" && strings.HasPrefix(r[0], "Level "):
			level = strings.TrimPrefix(r[0], "Level ")
		case r[1] == "":
			area = strings.Fields(strings.TrimPrefix(r[0], "Domain "))[0]
			area = strings.TrimSuffix(area, ":")
		default:
			b := r[1]
			for w, l := range letters {
				b = strings.ReplaceAll(b, w, l)
			}
			b = strings.NewReplacer(" ", "", ",", "").Replace(b)
			out = append(out, [4]string{area, level, b, r[0]})
		}
	}
	return out
}

// The same twelve statements in three layouts (headings as rows in CSV; a heading column with
// letters, columns in another order, blanks carried down, in xlsx; a column of ticks per archetype
// with merged level cells, in xlsx) import to the same framework, which framework --check accepts.
func TestImportLayouts(t *testing.T) {
	opt, codes := options(t)
	table := statements(t)
	if len(table) != 12 {
		t.Fatalf("%d statements in the fixture, want 12", len(table))
	}
	dir := t.TempDir()

	// A heading column with letters: Archetypes | Level | Domain or sub-domain | Capability statement.
	col := excelize.NewFile()
	col.SetSheetRow("Sheet1", "A1", &[]any{"Archetypes", "Level", "Domain or sub-domain", "Capability statement"})
	prevArea, prevLevel := "", ""
	for i, s := range table {
		area, level := s[0], s[1]
		if area == prevArea {
			area = ""
		}
		if s[1] == prevLevel && area == "" {
			level = ""
		}
		prevArea, prevLevel = s[0], s[1]
		badges := strings.Join(strings.Split(s[2], ""), " ")
		col.SetSheetRow("Sheet1", "A"+itoa(i+2), &[]any{badges, level, area, s[3]})
	}
	headingColumn := filepath.Join(dir, "heading_column.xlsx")
	if err := col.SaveAs(headingColumn); err != nil {
		t.Fatal(err)
	}

	// Ticks: Sub-domain | Level | Statement | Shapers | Drivers | Creators | Embedders | Users, the
	// level merged over each block of one area and level.
	tk := excelize.NewFile()
	tk.SetSheetRow("Sheet1", "A1", &[]any{"Sub-domain", "Level", "Statement", "Shapers", "Drivers", "Creators", "Embedders", "Users"})
	start := 2
	var merges [][2]string
	for i, s := range table {
		row := []any{s[0], "", s[3]}
		if i == 0 || table[i-1][0] != s[0] || table[i-1][1] != s[1] {
			row[1] = "Level " + s[1]
			start = i + 2
		} else {
			merges = append(merges, [2]string{"B" + itoa(start), "B" + itoa(i+2)})
		}
		for _, l := range "SDCEU" {
			tick := ""
			if strings.ContainsRune(s[2], l) {
				tick = map[bool]string{true: "✓", false: "x"}[i%2 == 0]
			}
			row = append(row, tick)
		}
		tk.SetSheetRow("Sheet1", "A"+itoa(i+2), &row)
	}
	for _, m := range merges { // after the values: a merged range keeps its first cell's
		tk.MergeCell("Sheet1", m[0], m[1])
	}
	ticks := filepath.Join(dir, "ticks.xlsx")
	if err := tk.SaveAs(ticks); err != nil {
		t.Fatal(err)
	}

	var first string
	for _, path := range []string{"../../testdata/framework/headings_as_rows.csv", headingColumn, ticks} {
		res, err := fwimport.Import(path, opt)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if len(res.Problems) != 0 {
			t.Errorf("%s: problems %v", path, res.Problems)
		}
		fw := res.Framework
		var got []string
		for _, s := range fw.Statements {
			got = append(got, s.ID+" "+s.Archetypes+" "+s.Text)
		}
		list := strings.Join(got, "\n")
		if len(fw.Statements) != 12 || !strings.Contains(list, "6.1-L3-01 CE I can judge whether a language model's output") ||
			!strings.Contains(list, "1-L1-02 SDCEU I know where to find") || !strings.Contains(list, "2.1-L1-02 SDCEU I recognise when a patient") {
			t.Errorf("%s: statements\n%s", path, list)
		}
		if first == "" {
			first = list
		} else if list != first {
			t.Errorf("%s reads differently from the CSV:\n%s\nwant\n%s", path, list, first)
		}
		// The file written passes the framework check and reads back the same.
		var buf bytes.Buffer
		if err := fw.WriteYAML(&buf, "test"); err != nil {
			t.Fatal(err)
		}
		back, err := framework.Parse(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if probs := back.Validate(codes); len(probs) != 0 {
			t.Errorf("%s: the written file has problems: %v", path, probs)
		}
		if back.Version != "test-1" || back.Source != "a test table" || len(back.Statements) != 12 {
			t.Errorf("%s: read back %s %q %d", path, back.Version, back.Source, len(back.Statements))
		}
		var sum bytes.Buffer
		res.WriteSummary(&sum, opt.Archetypes)
		for _, want := range []string{"Framework test-1: 12 statements", "6.1    Machine learning and natural language processing  0        1        1        0        2",
			"Badges: Shapers 8, Drivers 10, Creators 8, Embedders 9, Users 7", "No problems."} {
			if !strings.Contains(sum.String(), want) {
				t.Errorf("%s: summary lacks %q:\n%s", path, want, sum.String())
			}
		}
	}
}

// A broken table gives each problem the import reports, with its row; the good statements are
// kept.
func TestImportProblems(t *testing.T) {
	opt, _ := options(t)
	res, err := fwimport.Import("../../testdata/framework/broken.csv", opt)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range res.Problems {
		got = append(got, p.String())
	}
	want := []string{
		"row 3: the statement has no level (no level column value or level row above it): \"I can describe a statement that comes before any level\"",
		"row 5, column B: \"Leaders\" is not an archetype (letters S D C E U, or the names Shapers, Drivers, Creators, Embedders, Users)",
		"row 6, column A: the same statement as row 5",
		"row 9: 7.2 is not in the framework's numbering of domains and sub-domains",
		"row 12: the statement has no archetype: \"I can explain in plain terms what artificial intelligence is\"",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if n := len(res.Framework.Statements); n != 1 {
		t.Errorf("%d statements kept, want 1 (row 5's, badged S)", n)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
