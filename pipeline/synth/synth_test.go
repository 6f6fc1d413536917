package synth_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/nhs-readiness/readiness/configs"
	"github.com/nhs-readiness/readiness/pipeline/framework"
	"github.com/nhs-readiness/readiness/pipeline/synth"
	"github.com/nhs-readiness/readiness/pipeline/vocab"
)

func generate(t *testing.T, seed uint64) ([]synth.File, []string) {
	t.Helper()
	fw, _ := framework.LoadFS(configs.FS, "framework.yaml")
	v, _ := vocab.Load(configs.FS, vocab.Files{})
	files, err := synth.Generate(context.Background(), fw, v, synth.Options{Seed: seed, Respondents: 900, Trusts: 9,
		Quarter: "2026Q3", Out: t.TempDir(), MessyPercent: 1})
	if err != nil {
		t.Fatal(err)
	}
	var digests []string
	for _, f := range files {
		if f.Format == "csv" {
			data, _ := os.ReadFile(f.Path)
			digests = append(digests, fmt.Sprintf("%x", sha256.Sum256(data)))
			continue
		}
		x, err := excelize.OpenFile(f.Path)
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := x.GetRows("Responses")
		x.Close()
		digests = append(digests, fmt.Sprintf("%x", sha256.Sum256([]byte(fmt.Sprint(rows)))))
	}
	return files, digests
}

func TestDeterministicAndCovering(t *testing.T) {
	files, a := generate(t, 42)
	_, b := generate(t, 42)
	_, c := generate(t, 43)
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Error("the same seed gave different files")
	}
	if fmt.Sprint(a) == fmt.Sprint(c) {
		t.Error("a different seed gave the same files")
	}
	regions, total := map[string]bool{}, 0
	for _, f := range files {
		regions[f.Region] = true
		total += f.Respondents
	}
	if len(files) != 9 || len(regions) != 7 || total != 900 {
		t.Errorf("%d files, %d regions, %d respondents; want 9, 7, 900", len(files), len(regions), total)
	}
	if got := synth.Summary(files); got != "9 files (5 csv, 4 xlsx) from 9 trusts in 7 regions, 900 respondents" {
		t.Errorf("summary %q", got)
	}
}

func TestTooFewTrusts(t *testing.T) {
	fw, _ := framework.LoadFS(configs.FS, "framework.yaml")
	v, _ := vocab.Load(configs.FS, vocab.Files{})
	if _, err := synth.Generate(context.Background(), fw, v, synth.Options{Respondents: 100, Trusts: 3, Quarter: "2026Q3", Out: t.TempDir()}); err == nil {
		t.Error("3 trusts cannot cover 7 regions: want an error")
	}
}
