package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/nhs-readiness/readiness/pipeline"
	"github.com/nhs-readiness/readiness/reports"
	"github.com/spf13/cobra"
)

func newReport(stdout, stderr io.Writer) *cobra.Command {
	var c common
	var formats []string
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Write the reports of a quarter from an existing warehouse",
		Long: `report reads the warehouse (read-only) and writes the reports of the quarter (--quarter, or the latest
loaded) into --out: report.html and readiness.xlsx, and per heatmap PNG, SVG, CSV and Parquet files
under heatmaps/, as --format asks.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := c.load()
			if err != nil {
				return err
			}
			if cmd.Flags().Changed("format") {
				cfg.Formats = formats
				if err := cfg.Validate(); err != nil {
					return err
				}
			}
			env := c.env(stdout, stderr)
			c.findWarehouse(cfg, env.Log)
			sum, err := pipeline.Report(cmd.Context(), cfg, env)
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "Quarter %s: %d heatmaps, %d files in %s\n", sum.Quarter, len(sum.Heatmaps), len(sum.Reports), cfg.Out)
			return nil
		},
	}
	c.bind(cmd)
	cmd.Flags().StringSliceVar(&formats, "format", nil, "formats: "+strings.Join(reports.FormatNames(), ", ")+" (config key formats)")
	return cmd
}
