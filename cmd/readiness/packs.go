package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/nhs-readiness/readiness/pipeline"
	"github.com/nhs-readiness/readiness/reports"
	"github.com/spf13/cobra"
)

func newPacks(stdout, stderr io.Writer) *cobra.Command {
	var c common
	var trusts []string
	cmd := &cobra.Command{
		Use:   "packs",
		Short: "Write trusts' own packs for a quarter from an existing warehouse",
		Long: `packs reads the warehouse (read-only) and writes, for each trust named with --trust (every trust of the
quarter without it), packs/CODE.html and packs/CODE.xlsx under --out: the trust's readiness by domain and
sub-domain beside its region and England, its position among trusts of the same kind, its trend, what to
train first and its files. Every figure is under the same disclosure control as the quarter's report.
readiness run writes every trust's pack too (format packs).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := c.load()
			if err != nil {
				return err
			}
			cfg.Formats, cfg.PackTrusts = []string{"packs"}, trusts
			env := c.env(stdout, stderr)
			c.findWarehouse(cfg, env.Log)
			sum, err := pipeline.Report(cmd.Context(), cfg, env)
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "Quarter %s: %d trust packs in %s\n", sum.Quarter, (len(sum.Reports)-1)/2, filepath.Join(cfg.Out, reports.PacksDir))
			return nil
		},
	}
	c.bind(cmd)
	cmd.Flags().StringSliceVar(&trusts, "trust", nil, "ODS codes of the trusts (comma-separated or repeated); default every trust of the quarter")
	return cmd
}
