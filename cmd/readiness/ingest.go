package main

import (
	"io"

	"github.com/nhs-readiness/readiness/pipeline"
	"github.com/spf13/cobra"
)

func newIngest(stdout, stderr io.Writer) *cobra.Command {
	var c common
	var ff fileFlags
	cmd := &cobra.Command{
		Use:   "ingest FILE...",
		Short: "Load survey files into the warehouse",
		Long: `ingest loads each file as a submission for its trust and quarter (from the flags, the config, the file
name or the file's columns). A new file for the same trust and quarter replaces the earlier one;
the same file again changes nothing. Exit code: 0 every row loaded, 1 some rows rejected, 2 a file refused.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := c.load()
			if err != nil {
				return err
			}
			sum, err := pipeline.Ingest(cmd.Context(), cfg, ff.sources(cfg, args), c.env(stdout, stderr))
			if sum != nil {
				printOutcomes(stdout, sum, false)
			}
			if err != nil {
				return err
			}
			if code := sum.ExitCode(); code != 0 {
				return exitError{code}
			}
			return nil
		},
	}
	c.bind(cmd)
	ff.bind(cmd)
	return cmd
}
