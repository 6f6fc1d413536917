package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/nhs-readiness/readiness/pipeline"
	"github.com/nhs-readiness/readiness/pipeline/config"
	"github.com/nhs-readiness/readiness/pipeline/template"
)

func newTemplate(stdout io.Writer) *cobra.Command {
	var out, configFile, scale string
	cmd := &cobra.Command{
		Use:   "template",
		Short: "Write the Excel submission template for trusts",
		Long: `template writes an Excel workbook that trusts fill in: instructions, a data sheet whose headers carry
the capability ids and statements, drop-down lists for trust, profession, region, archetype and the
answers, and a protected header row. A file filled in from it loads with no warnings.`,
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
			if err := template.Write(out, fw, v, template.Options{Scale: scale}); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "Template: %s (%d capability columns)\n", out, len(fw.Statements))
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "readiness-template.xlsx", "file to write")
	cmd.Flags().StringVar(&scale, "scale", "confidence5", "answer scale of the drop-downs")
	cmd.Flags().StringVar(&configFile, "config", "", "configuration file (YAML)")
	return cmd
}

func newValidate(stdout, stderr io.Writer) *cobra.Command {
	var c common
	var ff fileFlags
	cmd := &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check files as a run would, and write feedback for the trust",
		Long: `validate checks each file exactly as run would load it, writes nothing to the warehouse, and writes a
feedback workbook (FILE.feedback.xlsx: a summary, every problem by sheet, row, Excel column, header,
value, reason and suggestion, and how each column was read) and FILE.problems.csv into --out.
Exit code: 0 every row would load (warnings may be listed), 1 some rows have errors, 2 a file cannot
be read or loaded at all.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if c.out == "" {
				c.out = "feedback"
			}
			cfg, err := c.load()
			if err != nil {
				return err
			}
			checked, err := pipeline.Validate(cmd.Context(), cfg, ff.sources(cfg, args), cfg.Out, c.env(stdout, stderr))
			if err != nil {
				return err
			}
			code := 0
			for _, ch := range checked {
				name := filepath.Base(ch.Path)
				switch {
				case ch.Err != nil:
					fmt.Fprintf(stdout, "%s: cannot be loaded: %v\n", name, ch.Err)
					code = 2
				default:
					r := ch.Result
					fmt.Fprintf(stdout, "%s: %s, %d rows read, %d would load, %d rejected, %d with warnings; %d columns mapped, %d not mapped; %d errors, %d warnings\n",
						name, r.Dialect, r.RowsRead, r.RowsLoaded, r.RowsRejected, r.RowsWarned, r.ColumnsMapped, r.ColumnsUnmapped,
						ch.Errors(), len(ch.Problems)-ch.Errors())
					if ch.Errors() > 0 && code == 0 {
						code = 1
					}
				}
				for _, o := range ch.Outputs {
					fmt.Fprintf(stdout, "  %s\n", o)
				}
			}
			if code != 0 {
				return exitError{code}
			}
			return nil
		},
	}
	c.bind(cmd)
	cmd.Flags().Lookup("out").Usage = "folder for the feedback files (default feedback)"
	ff.bind(cmd)
	return cmd
}
