package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/nhs-readiness/readiness/pipeline"
	"github.com/nhs-readiness/readiness/pipeline/quarter"
	"github.com/nhs-readiness/readiness/pipeline/synth"
	"github.com/spf13/cobra"
)

func newDemo(stdout, stderr io.Writer) *cobra.Command {
	var c common
	var seed uint64
	var respondents, trusts, quarters int
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Generate a synthetic quarter and run the whole pipeline on it",
		Long: `demo generates realistic synthetic survey exports (CSV and Excel, several trusts in all seven NHS
England regions) for four quarters (--quarters), loads them into a warehouse and writes the reports of the latest
quarter, with its change since the one before, its trends and a pack per trust, all under --out.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if c.out == "" {
				c.out = "demo-out"
			}
			if c.quarter == "" {
				c.quarter = "2026Q3"
			}
			if quarters < 1 || quarters > 8 {
				return fmt.Errorf("--quarters %d: give 1 to 8", quarters)
			}
			cfg, err := c.load()
			if err != nil {
				return err
			}
			fw, v, err := pipeline.Reference(cfg)
			if err != nil {
				return err
			}
			// The earlier quarters first, each a little less ready than the next.
			var sources []pipeline.Source
			for k := quarters - 1; k >= 0; k-- {
				q := cfg.Quarter
				for i := 0; i < k; i++ {
					q = quarter.Previous(q)
				}
				inDir := filepath.Join(cfg.Out, "inputs", q)
				files, err := synth.Generate(cmd.Context(), fw, v, synth.Options{Seed: seed + uint64(k)*1000, Respondents: respondents,
					Trusts: trusts, Quarter: q, Out: inDir, MessyPercent: 0.5, Shift: -0.15 * float64(k)})
				if err != nil {
					return err
				}
				fmt.Fprintf(stdout, "Generated %s for %s in %s\n", synth.Summary(files), q, inDir)
				for _, f := range files {
					opt := pipeline.Defaults(cfg)
					opt.Quarter = q
					sources = append(sources, pipeline.Source{Path: f.Path, Options: opt})
				}
			}
			return runAndReport(cmd, cfg, sources, c.env(stdout, stderr), stdout, true)
		},
	}
	c.bind(cmd)
	cmd.Flags().Uint64Var(&seed, "seed", 1, "seed of the synthetic data (same seed, same files)")
	cmd.Flags().IntVar(&respondents, "respondents", 6000, "respondents in all")
	cmd.Flags().IntVar(&trusts, "trusts", 14, "trusts (at least 7, one per region)")
	cmd.Flags().IntVar(&quarters, "quarters", 4, "quarters to generate, ending with --quarter (1 to 8)")
	return cmd
}
