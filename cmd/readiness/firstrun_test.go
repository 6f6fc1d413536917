package main

import (
	"context"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nhs-readiness/readiness/pipeline/outfile"
	"github.com/nhs-readiness/readiness/pipeline/warehouse"
)

// firstRunKills is how many first runs TestFirstRunCrashSafety kills; READINESS_LONG_CRASH=N
// kills N (the README's long mode).
func firstRunKills(t *testing.T) int {
	if n, err := strconv.Atoi(os.Getenv("READINESS_LONG_CRASH")); err == nil && n > 0 {
		return n
	}
	if testing.Short() {
		return 5
	}
	return 24
}

// TestFirstRunCrashSafety kills the first run on a new warehouse at random instants, from the
// process's start (creating the schema) to past its commit: every warehouse left behind opens
// for writing and read-only, and holds nothing or the whole file. (Before: 10 of 10 kills left a
// warehouse no command could open, "Failure while replaying WAL ... GetDefaultDatabase with no
// default database set", from migration 0006's ALTER of a table with a CHECK constraint.)
func TestFirstRunCrashSafety(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "RTH_2026Q3.csv")
	writeSurvey(t, file, 1500, 3)
	clean := filepath.Join(t.TempDir(), "clean.duckdb")
	start := time.Now()
	if out, err := helper("ingest", "--quiet", "--warehouse", clean, file).CombinedOutput(); err != nil {
		t.Fatalf("clean first run: %v\n%s", err, out)
	}
	longest := time.Since(start)
	want := readLedger(t, clean)
	rng := rand.New(rand.NewPCG(2026, 25))
	kills := firstRunKills(t)
	outcomes := map[int]int{}
	for i := 0; i < kills; i++ {
		wh := filepath.Join(dir, "w"+strconv.Itoa(i), "readiness.duckdb")
		cmd := helper("ingest", "--quiet", "--warehouse", wh, file)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		after := time.Duration(rng.Int64N(int64(longest) * 12 / 10))
		time.Sleep(after)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		if _, err := os.Stat(wh); err != nil {
			outcomes[-1]++ // killed before the file was created
			continue
		}
		l := readLedger(t, wh)
		switch {
		case l.submissions == 0 && l.respondents == 0 && l.responses == 0:
		case l.submissions == 1 && l.respondents == want.respondents && l.responses == want.responses:
		default:
			t.Fatalf("kill %d after %v: %+v, want nothing or %+v", i+1, after, l, want)
		}
		if l.orphans != 0 || l.staging != 0 {
			t.Fatalf("kill %d after %v: %d orphans, %d staging rows", i+1, after, l.orphans, l.staging)
		}
		ro, err := warehouse.OpenSandbox(context.Background(), wh)
		if err != nil {
			t.Fatalf("kill %d after %v: read-only open: %v", i+1, after, err)
		}
		ro.Close()
		outcomes[l.submissions]++
	}
	t.Logf("%d first runs killed: %d before the warehouse existed, %d empty, %d whole (clean run %v)",
		kills, outcomes[-1], outcomes[0], outcomes[1], longest)
}

// limited runs the program with its file size limited to blocks of 512 bytes and the signal
// for an exceeded limit ignored, so that writes fail as on a full disk (EFBIG), and returns its
// exit code and output.
func limited(t *testing.T, kb int, args ...string) (int, string) {
	t.Helper()
	h := helper(args...)
	script := "trap '' XFSZ; ulimit -f " + strconv.Itoa(kb*2) + "; exec \"$0\" \"$@\""
	cmd := exec.Command("/bin/sh", append([]string{"-c", script, h.Path}, h.Args[1:]...)...)
	cmd.Env = h.Env
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, string(out)
}

// A disk that fills during the first run makes the run fail (exit 2, a clear message), never
// exit 0; the warehouse then opens and holds nothing or the whole file. A disk that fills while
// the reports are written fails the run too, and leaves no half-written file under a final name
// and no manifest claiming a complete set.
func TestDiskFull(t *testing.T) {
	if _, err := os.Stat("/bin/sh"); err != nil {
		t.Skip("no /bin/sh")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "RTH_2026Q3.csv")
	writeSurvey(t, file, 3000, 4)
	for _, kb := range []int{64, 1024, 2048, 3072, 3584} {
		wh := filepath.Join(dir, "limit"+strconv.Itoa(kb), "readiness.duckdb")
		code, out := limited(t, kb, "ingest", "--quiet", "--warehouse", wh, file)
		if code == 0 {
			t.Errorf("%d KB: the run exited 0 on a full disk\n%s", kb, out)
			continue
		}
		if code != 2 {
			t.Errorf("%d KB: exit %d, want 2\n%s", kb, code, out)
		}
		if _, err := os.Stat(wh); err != nil {
			continue
		}
		l := readLedger(t, wh)
		if l.submissions > 1 || (l.submissions == 1 && l.respondents != 3000) || l.orphans != 0 || l.staging != 0 {
			t.Errorf("%d KB: %+v", kb, l)
		}
	}

	// Reports: a warehouse with data, then a report whose HTML cannot be written whole.
	wh := filepath.Join(dir, "full", "readiness.duckdb")
	if out, err := helper("ingest", "--quiet", "--warehouse", wh, file).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	out := filepath.Join(dir, "report")
	code, msg := limited(t, 48, "report", "--quiet", "--warehouse", wh, "--out", out, "--format", "csv,xlsx,html,png")
	if code != 2 {
		t.Errorf("report on a full disk: exit %d, want 2\n%s", code, msg)
	}
	if _, err := outfile.Verify(out); err == nil {
		t.Error("an interrupted report left a manifest claiming a complete set")
	}
	left, _ := outfile.Leftovers(out)
	if len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
	// Every file under its final name is whole: each CSV ends with a newline, each workbook opens.
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, _ := os.ReadFile(p)
		switch filepath.Ext(p) {
		case ".csv":
			if len(data) == 0 || data[len(data)-1] != '\n' {
				t.Errorf("%s is cut short", p)
			}
		case ".html":
			if !strings.HasSuffix(strings.TrimSpace(string(data)), "</html>") {
				t.Errorf("%s is cut short", p)
			}
		case ".png":
			if !strings.Contains(string(data[max(0, len(data)-16):]), "IEND") {
				t.Errorf("%s is cut short", p)
			}
		}
		return nil
	})
	// With room again, the same report completes and its manifest verifies.
	if code, _, errOut := run(t, "report", "--quiet", "--warehouse", wh, "--out", out, "--format", "csv,xlsx,html,png"); code != 0 {
		t.Fatalf("report: exit %d %s", code, errOut)
	}
	if m, err := outfile.Verify(out); err != nil || len(m.Files) < 10 {
		t.Errorf("manifest after a complete report: %v", err)
	}
}
