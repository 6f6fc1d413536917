package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/nhs-readiness/readiness/configs"
	"github.com/nhs-readiness/readiness/pipeline"
	"github.com/nhs-readiness/readiness/pipeline/config"
	"github.com/nhs-readiness/readiness/pipeline/framework"
	"github.com/nhs-readiness/readiness/pipeline/vocab"
	"github.com/spf13/cobra"
)

func newFramework(stdout io.Writer) *cobra.Command {
	var check, configFile string
	cmd := &cobra.Command{
		Use:   "framework",
		Short: "Print the capability framework as a tree, or check a framework file",
		Long: `framework prints the configured framework's domains and sub-domains with statement counts per
knowledge level and archetype. With --check FILE it validates FILE instead: duplicate ids, unknown
archetype letters, levels outside 1-4, statements in unknown areas and empty domains.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := config.Load(configFile)
			if err != nil {
				return err
			}
			v, err := vocab.Load(configs.FS, cfg.Vocabularies)
			if err != nil {
				return err
			}
			if check != "" {
				fw, err := framework.LoadFile(check)
				if err != nil {
					return err
				}
				probs := fw.Validate(v.ArchetypeCodes())
				if len(probs) == 0 {
					fmt.Fprintf(stdout, "%s: valid: version %s, %d domains, %d statements\n", check, fw.Version, len(fw.Domains), len(fw.Statements))
					return nil
				}
				msgs := make([]string, len(probs))
				for i, p := range probs {
					msgs[i] = "  " + p.String()
				}
				fmt.Fprintf(stdout, "%s: %d problems\n%s\n", check, len(probs), strings.Join(msgs, "\n"))
				return exitError{1}
			}
			fw, _, err := pipeline.Reference(cfg)
			if err != nil {
				return err
			}
			names := make([]framework.ArchetypeName, len(v.Archetypes))
			for i, a := range v.Archetypes {
				names[i] = framework.ArchetypeName{Code: a.Code, Name: a.Name}
			}
			return fw.WriteTree(stdout, names)
		},
	}
	cmd.Flags().StringVar(&check, "check", "", "validate this framework file instead of printing the configured one")
	cmd.Flags().StringVar(&configFile, "config", "", "configuration file (YAML)")
	return cmd
}
