package main

import (
	"fmt"
	"io"

	"github.com/nhs-readiness/readiness/pipeline"
	"github.com/nhs-readiness/readiness/pipeline/config"
	"github.com/nhs-readiness/readiness/pipeline/template"
	"github.com/spf13/cobra"
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
