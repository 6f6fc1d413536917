package queries_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// root is the repository's top folder.
const root = ".."

// goFiles lists the repository's non-test Go files, by path from the top.
func goFiles(t *testing.T) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go") {
			rel, _ := filepath.Rel(root, p)
			if strings.HasPrefix(filepath.ToSlash(rel), "bench/") {
				return nil // the benchmark's stand-in for the DuckDB shell, not the product
			}
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 50 {
		t.Fatalf("only %d Go files found", len(out))
	}
	return out
}

// sqlStatement matches text that starts like an SQL statement.
var sqlStatement = regexp.MustCompile(`(?is)^\s*(SELECT\s|INSERT\s+INTO|DELETE\s+FROM|UPDATE\s+\w+\s+SET|CREATE\s|DROP\s|ALTER\s|WITH\s+\w+\s+AS\s*\(|COPY\s|ATTACH\s|EXPORT\s+DATABASE)`)

// Go files outside the warehouse package hold no SQL statement: all SQL is in queries/, and the
// warehouse runs it (it alone keeps transaction control and settings in Go).
func TestNoSQLOutsideWarehouse(t *testing.T) {
	fset := token.NewFileSet()
	for _, p := range goFiles(t) {
		if strings.HasPrefix(p, "pipeline/warehouse/") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(root, p), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err == nil && sqlStatement.MatchString(s) {
				t.Errorf("%s: an SQL statement in Go: %.60q; put it in a file under queries/", fset.Position(lit.Pos()), s)
			}
			return true
		})
	}
}

// No non-test Go file is over 450 lines, but the XLSX scanner, which is one state machine.
func TestGoFilesShort(t *testing.T) {
	for _, p := range goFiles(t) {
		if p == "pipeline/sheet/xlsxscan.go" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(root, p))
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(data), "\n"); n > 450 {
			t.Errorf("%s has %d lines; split it by what its parts do (at most 450)", p, n)
		}
	}
}

// Every package says what it is for in a doc comment.
func TestEveryPackageDocumented(t *testing.T) {
	dirs := map[string]bool{}
	documented := map[string]bool{}
	fset := token.NewFileSet()
	for _, p := range goFiles(t) {
		dir := filepath.Dir(p)
		dirs[dir] = true
		f, err := parser.ParseFile(fset, filepath.Join(root, p), nil, parser.PackageClauseOnly|parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		if f.Doc != nil && strings.TrimSpace(f.Doc.Text()) != "" {
			documented[dir] = true
		}
	}
	for d := range dirs {
		if !documented[d] {
			t.Errorf("package %s has no doc comment", d)
		}
	}
}

// Nothing compiled or generated is tracked: no file over 2 MB, no test binary.
func TestNoLargeTrackedFiles(t *testing.T) {
	out, err := exec.Command("git", "-C", root, "ls-files", "-z").Output()
	if err != nil {
		t.Skipf("not a git checkout: %v", err)
	}
	n := 0
	for _, p := range strings.Split(string(out), "\x00") {
		if p == "" {
			continue
		}
		n++
		if strings.HasSuffix(p, ".test") {
			t.Errorf("%s: a compiled test binary is tracked", p)
		}
		if st, err := os.Stat(filepath.Join(root, p)); err == nil && st.Size() > 2<<20 {
			t.Errorf("%s is %d bytes; nothing over 2 MB is tracked", p, st.Size())
		}
	}
	if n < 100 {
		t.Errorf("only %d tracked files", n)
	}
}
