package main

import (
	"archive/zip"
	"database/sql"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// personal are the values of the fixture that must never leave the input file.
var personal = []string{"Alice Smith", "Bob Jones", "alice.smith@example.nhs.uk", "bob.jones@example.nhs.uk", "jo@x.nhs.uk",
	"07700 900123", "07700900456", "E1234567", "E7654321", "943 476 5919", "SW1A 1AA", "LS1 4AP", "10.1.2.3"}

// TestNoPersonalDataOut loads a file full of personal data and checks that none of it reaches
// the warehouse, a report, an export, the feedback or the logs.
func TestNoPersonalDataOut(t *testing.T) {
	data := "Name,Email,Phone,Staff number,NHS number,Postcode,IP Address,Profession,Trust,Archetype,[1-L1-01] x,[6-L1-01] y,Comments\n" +
		"Alice Smith,alice.smith@example.nhs.uk,07700 900123,E1234567,943 476 5919,SW1A 1AA,10.1.2.3,Nurse,RTH,Users,Very confident,Somewhat confident,ring Alice Smith on 07700 900123\n" +
		"Bob Jones,bob.jones@example.nhs.uk,07700900456,E7654321,943 476 5919,LS1 4AP,10.1.2.3,jo@x.nhs.uk,RTH,Users,07700900456,Very confident,bob.jones@example.nhs.uk\n"
	logs := checkNoLeaks(t, personal, data, 0)
	if !strings.Contains(logs, "xx@x.xxx.xx") || !strings.Contains(logs, "looked like personal data") {
		t.Error("the email typed into the Profession column should be reported, masked keeping its shape")
	}
}

// personalKinds holds each kind of personal data a sender might type into the wrong cell.
var personalKinds = []string{
	"Alice Smith", "Dr Mary-Jane O'Neil", "Smith, Alice", // names
	"alice.smith@example.nhs.uk",                          // email
	"07700 900123", "+44 (0)20 7946 0958", "01632 960123", // phones
	"943 476 5919",               // NHS number
	"QQ 12 34 56 C", "AB123456C", // National Insurance numbers
	"STF880123", "20481632", // staff numbers
	"12/03/1985", "1985-03-12", // dates of birth
	"SW1A 1AA", "LS1 4AP", // postcodes
	"10.1.2.3", "192.168.0.44", // IP addresses
}

// TestPersonalDataInAnyCell types every kind of personal data into every respondent field
// (profession, region, trust, archetype, quarter) and into answer cells: none of the values
// reaches the warehouse, rejects, the feedback, the problems CSV, the lake, the reports or the
// logs; each is reported masked, with its row and column. (Before: names, postcodes, staff and
// NI numbers, IP addresses, dates and +44 phones were kept verbatim.)
func TestPersonalDataInAnyCell(t *testing.T) {
	var b strings.Builder
	b.WriteString("Staff ID,Profession,Region,Trust,Archetype,Quarter,[1-L1-01] x,[6-L1-01] y\n")
	for i, v := range personalKinds {
		q := strings.ReplaceAll(v, `"`, `""`)
		fmt.Fprintf(&b, "s%d,\"%s\",\"%s\",RTH,\"%s\",2026Q3,\"%s\",Very confident\n", i, q, q, q, q)
		fmt.Fprintf(&b, "t%d,Nurse,South East,\"%s\",Users,\"%s\",Very confident,Slightly confident\n", i, q, q)
	}
	logs := checkNoLeaks(t, personalKinds, b.String(), 1)
	if n := strings.Count(logs, "looked like personal data"); n < len(personalKinds) {
		t.Errorf("%d problems say a value looked like personal data, want at least %d", n, len(personalKinds))
	}
}

// checkNoLeaks runs, exports, validates and queries a file holding the values, and checks that
// none of them is anywhere: the command output and logs (debug level), every text column of the
// warehouse and its raw bytes, every report, heatmap file, lake file and feedback file. It
// returns the output and logs.
func checkNoLeaks(t *testing.T, values []string, data string, wantCode int) string {
	t.Helper()
	t.Setenv("READINESS_DEBUG", "1")
	dir := t.TempDir()
	in := filepath.Join(dir, "RTH_pii_2026Q3.csv")
	if err := os.WriteFile(in, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	cfg := filepath.Join(dir, "c.yaml")
	os.WriteFile(cfg, []byte("inputs: [{path: "+in+"}]\nsuppression: {threshold: 1}\n"), 0o644)
	var logs strings.Builder
	code, stdout, stderr := run(t, "run", "--config", cfg, "--out", out)
	logs.WriteString(stdout + stderr)
	if code != wantCode {
		t.Fatalf("run: exit %d, want %d\n%s", code, wantCode, logs.String())
	}
	wh := filepath.Join(out, "readiness.duckdb")
	_, stdout, stderr = run(t, "export", "--warehouse", wh, "--parquet", filepath.Join(dir, "lake"))
	logs.WriteString(stdout + stderr)
	_, stdout, stderr = run(t, "validate", "--out", filepath.Join(dir, "feedback"), in)
	logs.WriteString(stdout + stderr)
	_, stdout, stderr = run(t, "sql", "--warehouse", wh, "--format", "csv", "SELECT * FROM rejects")
	logs.WriteString(stdout + stderr)

	leaks := func(text string) (found []string) {
		for _, p := range values {
			if strings.Contains(text, p) {
				found = append(found, p)
			}
		}
		return found
	}
	if n := len(leaks(data)); n != len(values) {
		t.Fatalf("the scan finds %d of the %d personal values in the input itself", n, len(values))
	}
	check := func(where, text string) {
		t.Helper()
		for _, p := range leaks(text) {
			t.Errorf("%s holds %q", where, p)
		}
	}
	check("the command output and logs", logs.String())
	raw, err := os.ReadFile(wh)
	if err != nil {
		t.Fatal(err)
	}
	check("the warehouse file's bytes", string(raw))

	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The warehouse: every text column of every table.
	wdb, err := sql.Open("duckdb", wh+"?access_mode=read_only")
	if err != nil {
		t.Fatal(err)
	}
	defer wdb.Close()
	rows, err := wdb.Query(`SELECT table_schema, table_name, column_name FROM information_schema.columns
		WHERE data_type = 'VARCHAR' AND table_type = 'BASE TABLE'`)
	if err != nil {
		rows, err = wdb.Query(`SELECT c.table_schema, c.table_name, c.column_name FROM information_schema.columns c
			JOIN information_schema.tables t USING (table_schema, table_name)
			WHERE c.data_type = 'VARCHAR' AND t.table_type = 'BASE TABLE'`)
	}
	if err != nil {
		t.Fatal(err)
	}
	var cols [][3]string
	for rows.Next() {
		var c [3]string
		rows.Scan(&c[0], &c[1], &c[2])
		cols = append(cols, c)
	}
	rows.Close()
	for _, c := range cols {
		var text sql.NullString
		q := `SELECT string_agg("` + c[2] + `", '|') FROM "` + c[0] + `"."` + c[1] + `"`
		if err := wdb.QueryRow(q).Scan(&text); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		check("warehouse "+c[1]+"."+c[2], text.String)
	}
	// Every file written: reports, heatmap files, the lake, the feedback.
	files := 0
	for _, root := range []string{out, filepath.Join(dir, "lake"), filepath.Join(dir, "feedback")} {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(p, ".duckdb") || strings.HasSuffix(p, ".wal") || strings.HasSuffix(p, ".key") {
				return err
			}
			files++
			switch filepath.Ext(p) {
			case ".xlsx":
				zr, err := zip.OpenReader(p)
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range zr.File {
					rc, _ := f.Open()
					b, _ := io.ReadAll(rc)
					rc.Close()
					check(p+" "+f.Name, string(b))
				}
				zr.Close()
			case ".parquet":
				var text sql.NullString
				if err := db.QueryRow(`SELECT string_agg(CAST(columns(*) AS VARCHAR), '|') FROM read_parquet(?)`, p).Scan(&text); err != nil {
					// columns(*) gives one aggregate per column; read the row as text instead
					if err := db.QueryRow(`SELECT string_agg(t::VARCHAR, '|') FROM read_parquet(?) t`, p).Scan(&text); err != nil {
						t.Fatalf("%s: %v", p, err)
					}
				}
				check(p, text.String)
			default:
				b, _ := os.ReadFile(p)
				check(p, string(b))
			}
			return nil
		})
	}
	if files < 40 {
		t.Errorf("only %d files scanned", files)
	}
	return logs.String()
}
