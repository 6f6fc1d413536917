package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/nhs-readiness/readiness/pipeline"
)

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
