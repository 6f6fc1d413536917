package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/nhs-readiness/readiness/pipeline"
	"github.com/nhs-readiness/readiness/pipeline/config"
	"github.com/nhs-readiness/readiness/pipeline/synth"
)

func newSynth(stdout io.Writer) *cobra.Command {
	var out, quarter, configFile string
	var respondents, trusts, items int
	var formats []string
	var seed uint64
	cmd := &cobra.Command{
		Use:   "synth --respondents N --trusts T --out DIR",
		Short: "Generate a synthetic quarter of survey exports (for benchmarks and trials)",
		Long: `synth writes one export per trust into DIR, in the formats given in turn (csv, xlsx, msforms,
qualtrics), asking --items capabilities spread over the framework. Trusts beyond the vocabulary's
are made up (codes Z00, Z01, ...) and listed in DIR/organisations.yaml; DIR/readiness.yaml is a
config that runs the quarter: readiness run --config DIR/readiness.yaml --out RESULTS.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := config.Load(configFile)
			if err != nil {
				return err
			}
			fw, v, err := pipeline.Reference(cfg)
			if err != nil {
				return err
			}
			files, err := synth.Generate(cmd.Context(), fw, v, synth.Options{Seed: seed, Respondents: respondents, Trusts: trusts,
				Quarter: quarter, Out: out, Items: items, Formats: formats})
			if err != nil {
				return err
			}
			orgs := synth.SyntheticOrganisations(v, trusts)
			type org struct {
				Code   string `yaml:"code"`
				Name   string `yaml:"name"`
				Region string `yaml:"region"`
			}
			var list []org
			for _, o := range orgs {
				list = append(list, org{o.Code, o.Name, o.Region})
			}
			data, err := yaml.Marshal(map[string]any{"organisations": list})
			if err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(out, "organisations.yaml"), data, 0o644); err != nil {
				return err
			}
			run := fmt.Sprintf("# Runs the synthetic quarter written by readiness synth.\nquarter: %s\ninputs:\n  - path: \"*.csv\"\n  - path: \"*.xlsx\"\nvocabularies:\n  organisations: [organisations.yaml]\n", quarter)
			if err := os.WriteFile(filepath.Join(out, "readiness.yaml"), []byte(run), 0o644); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "Generated %s, %d capabilities each, in %s (%s)\n", synth.Summary(files), max(0, items), out, strings.Join(formats, ", "))
			fmt.Fprintf(stdout, "Run it with: readiness run --config %s --out RESULTS\n", filepath.Join(out, "readiness.yaml"))
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&out, "out", "synth-out", "folder for the files")
	f.StringVar(&quarter, "quarter", "2026Q3", "quarter (YYYYQn)")
	f.IntVar(&respondents, "respondents", 6000, "respondents in all")
	f.IntVar(&trusts, "trusts", 14, "trusts (at least 7, one per region)")
	f.IntVar(&items, "items", 0, "capabilities each survey asks (0: all of the framework)")
	f.StringSliceVar(&formats, "formats", []string{"csv", "xlsx"}, "formats in turn: csv, xlsx, msforms, qualtrics")
	f.Uint64Var(&seed, "seed", 1, "seed (same seed, same files)")
	f.StringVar(&configFile, "config", "", "configuration file (YAML)")
	return cmd
}
