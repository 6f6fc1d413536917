package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"text/tabwriter"

	"github.com/nhs-readiness/readiness/pipeline"
	"github.com/nhs-readiness/readiness/pipeline/config"
	"github.com/spf13/cobra"
)

func newRun(stdout, stderr io.Writer) *cobra.Command {
	var c common
	var replace bool
	cmd := &cobra.Command{
		Use:   "run",
		Short: "Run the quarterly batch described by a config file",
		Long: `run ingests the config's inputs into the warehouse, computes the heatmaps for the quarter (the
configured one, or the latest in the warehouse) and writes the reports into the output folder.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := c.load()
			if err != nil {
				return err
			}
			cfg.Replace = cfg.Replace || replace
			if len(cfg.Inputs) == 0 {
				return errors.New("run has no inputs: give --config FILE with an inputs list (see the README's configuration); " +
					"to load files without a config use ingest FILE..., to write reports from the warehouse use report")
			}
			sources, err := pipeline.Sources(cfg)
			if err != nil {
				return err
			}
			return runAndReport(cmd, cfg, sources, c.env(stdout, stderr), stdout, false)
		},
	}
	c.bind(cmd)
	bindReplace(cmd, &replace)
	return cmd
}

func runAndReport(cmd *cobra.Command, cfg *config.Config, sources []pipeline.Source, env pipeline.Env, stdout io.Writer, brief bool) error {
	sum, err := pipeline.Run(cmd.Context(), cfg, sources, env)
	if sum != nil {
		printOutcomes(stdout, sum, brief)
	}
	if err != nil {
		return err
	}
	for _, r := range sum.Reports {
		if filepath.Dir(r) == filepath.Join(cfg.Out, "heatmaps") {
			continue
		}
		fmt.Fprintf(stdout, "Report: %s\n", r)
	}
	if n := len(sum.Reports); n > 0 && slices.ContainsFunc(sum.Reports, func(r string) bool { return filepath.Dir(r) == filepath.Join(cfg.Out, "heatmaps") }) {
		fmt.Fprintf(stdout, "Heatmap files: %s\n", filepath.Join(cfg.Out, "heatmaps"))
	}
	fmt.Fprintf(stdout, "Warehouse: %s\n", sum.Warehouse)
	if code := sum.ExitCode(); code != 0 {
		return exitError{code}
	}
	return nil
}

// printOutcomes writes one line per file: dialect, status and the row and column counts; then
// each file's first problems, or, with brief, only how many there are.
func printOutcomes(w io.Writer, sum *pipeline.Summary, brief bool) {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "FILE\tDIALECT\tSTATUS\tTRUST\tQUARTER\tREAD\tLOADED\tREJECTED\tWARNED\tUNMAPPED COLUMNS")
	for _, o := range sum.Outcomes {
		r := o.Result
		name := filepath.Base(o.Path)
		if o.Err != nil {
			fmt.Fprintf(tw, "%s\t%s\trefused\t\t\t\t\t\t\t\n", name, orDash(r.Dialect))
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\n", name, r.Dialect, r.Status, orDash(r.Trust), r.Quarter,
			r.RowsRead, r.RowsLoaded, r.RowsRejected, r.RowsWarned, r.ColumnsUnmapped)
	}
	tw.Flush()
	for _, o := range sum.Outcomes {
		if o.Err != nil {
			fmt.Fprintf(w, "refused: %v\n", o.Err)
		}
		for _, n := range o.Result.Notes {
			fmt.Fprintf(w, "%s: %s\n", filepath.Base(o.Path), n)
		}
	}
	if brief {
		total, files := 0, 0
		for _, o := range sum.Outcomes {
			if o.ProblemsTotal > 0 {
				total += o.ProblemsTotal
				files++
			}
		}
		if total > 0 {
			fmt.Fprintf(w, "%d problems in %d files (warnings and errors); all are in the warehouse's rejects table\n", total, files)
		}
		return
	}
	for _, o := range sum.Outcomes {
		if o.ProblemsTotal == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s: %d problems", filepath.Base(o.Path), o.ProblemsTotal)
		if o.ProblemsTotal > len(o.Problems) {
			fmt.Fprintf(w, " (the first %d; all are in the warehouse's rejects table)", len(o.Problems))
		}
		fmt.Fprintln(w)
		for _, p := range o.Problems {
			fmt.Fprintf(w, "  %s\n", p)
		}
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
