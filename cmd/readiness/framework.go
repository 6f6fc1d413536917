package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nhs-readiness/readiness/configs"
	"github.com/nhs-readiness/readiness/pipeline"
	"github.com/nhs-readiness/readiness/pipeline/config"
	"github.com/nhs-readiness/readiness/pipeline/framework"
	"github.com/nhs-readiness/readiness/pipeline/fwimport"
	"github.com/nhs-readiness/readiness/pipeline/outfile"
	"github.com/nhs-readiness/readiness/pipeline/vocab"
)

// embeddedNote says plainly what the embedded framework is.
const embeddedNote = `The embedded framework is this project's own summary of the official structure: the framework's
6 domains and their sub-domains with its numbering, and 145 short statements in the project's own
words (the official framework has 195 capability statements, whose wording and badges decide every
relevance and readiness figure). To report against the official framework, save its statement
table from the published PDF or web pages as a spreadsheet or CSV, then:
  readiness framework import TABLE.xlsx --out official.yaml --version "2023-02 (HEE)"
and set framework: official.yaml in the config.`

func newFramework(stdout io.Writer) *cobra.Command {
	var check, configFile string
	cmd := &cobra.Command{
		Use:   "framework",
		Short: "Print the capability framework as a tree, check, import or compare framework files",
		Long: `framework prints the configured framework's domains and sub-domains with statement counts per
knowledge level and archetype. With --check FILE it validates FILE instead: duplicate ids, unknown
archetype letters, levels outside 1-4, statements in unknown areas and empty domains.

` + embeddedNote,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := config.Load(configFile)
			if err != nil {
				return err
			}
			if check != "" {
				v, err := vocab.Load(configs.FS, cfg.Vocabularies)
				if err != nil {
					return err
				}
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
			fw, v, err := pipeline.Reference(cfg) // the vocabularies too, loaded once
			if err != nil {
				return err
			}
			if err := fw.WriteTree(stdout, archetypeNames(v)); err != nil {
				return err
			}
			if strings.HasPrefix(cfg.Framework, config.EmbeddedPrefix) {
				fmt.Fprintf(stdout, "\n%s\n", embeddedNote)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&check, "check", "", "validate this framework file instead of printing the configured one")
	cmd.Flags().StringVar(&configFile, "config", "", "configuration file (YAML)")
	cmd.AddCommand(newFrameworkImport(stdout), newFrameworkDiff(stdout))
	return cmd
}

func archetypeNames(v *vocab.Vocabularies) []framework.ArchetypeName {
	names := make([]framework.ArchetypeName, len(v.Archetypes))
	for i, a := range v.Archetypes {
		names[i] = framework.ArchetypeName{Code: a.Code, Name: a.Name}
	}
	return names
}

func newFrameworkImport(stdout io.Writer) *cobra.Command {
	var out, version, source, sheetName, configFile string
	cmd := &cobra.Command{
		Use:   "import TABLE",
		Short: "Make a framework file from the official statement table saved as a spreadsheet or CSV",
		Long: `import reads a framework's statement table as saved from the official PDF or web pages into a
spreadsheet (.xlsx) or CSV: rows of domain or sub-domain (a heading row such as "6.1 Machine
learning", or a column), level ("Level 1" or "1", in a column, a merged cell above a block, or a row
of its own), statement, and archetypes (letters S D C E U, words such as Shapers, Drivers, or a
tick column per archetype), in any order of columns. It writes a framework file in the project's
format (ids AREA-Ln-NN, the wording as given, version and source recorded) for framework: in the
config, and prints statements per area and level, badge counts and every problem. Exit 0: no
problems; 1: problems (those statements are left out of the file); 2: the table cannot be read.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := config.Load(configFile)
			if err != nil {
				return err
			}
			v, err := vocab.Load(configs.FS, cfg.Vocabularies)
			if err != nil {
				return err
			}
			base, err := framework.LoadFS(configs.FS, "framework.yaml")
			if err != nil {
				return err
			}
			var arch []fwimport.Archetype
			for _, a := range v.Archetypes {
				arch = append(arch, fwimport.Archetype{Code: a.Code, Name: a.Name})
			}
			res, err := fwimport.Import(args[0], fwimport.Options{Sheet: sheetName, Version: version, Source: source, Base: base, Archetypes: arch})
			if err != nil {
				return err
			}
			if err := res.WriteSummary(stdout, arch); err != nil {
				return err
			}
			if len(res.Framework.Statements) == 0 {
				return errors.New("no statement could be read: nothing written")
			}
			if out == "" {
				out = strings.TrimSuffix(args[0], ext(args[0])) + ".framework.yaml"
			}
			comment := fmt.Sprintf("Imported by readiness framework import from %s.\nVersion %s; %d statements.", args[0], res.Framework.Version, len(res.Framework.Statements))
			err = outfile.Write(out, func(w io.Writer) error { return res.Framework.WriteYAML(w, comment) })
			if err != nil {
				return err
			}
			if probs := res.Framework.Validate(v.ArchetypeCodes()); len(probs) > 0 {
				fmt.Fprintf(stdout, "The file does not pass framework --check (%d problems), for example: %s\n", len(probs), probs[0])
			}
			fmt.Fprintf(stdout, "Written: %s (set framework: %s in the config)\n", out, out)
			if len(res.Problems) > 0 {
				return exitError{1}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "the framework file to write (default: TABLE.framework.yaml)")
	cmd.Flags().StringVar(&version, "version", "", "the framework's version (default: imported- and a digest of the statements)")
	cmd.Flags().StringVar(&source, "source", "", "where the table came from (default: its file name)")
	cmd.Flags().StringVar(&sheetName, "sheet", "", "the worksheet to read (default: the first)")
	cmd.Flags().StringVar(&configFile, "config", "", "configuration file (YAML), for the archetypes")
	return cmd
}

func ext(p string) string {
	if i := strings.LastIndex(p, "."); i > strings.LastIndex(p, string(os.PathSeparator)) {
		return p[i:]
	}
	return ""
}

func newFrameworkDiff(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "diff A B",
		Short: "List what changes from framework file A to framework file B",
		Long: `diff compares two framework files (a revision of the framework, or an imported table against the
embedded summary; "embedded" names the embedded one): statements added, removed, moved between
areas or levels, re-badged and reworded, then counts. Exit 0 when nothing changes, 1 otherwise.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			load := func(p string) (*framework.Framework, error) {
				if p == "embedded" {
					return framework.LoadFS(configs.FS, "framework.yaml")
				}
				return framework.LoadFile(p)
			}
			a, err := load(args[0])
			if err != nil {
				return err
			}
			b, err := load(args[1])
			if err != nil {
				return err
			}
			changes := framework.Diff(a, b)
			count := map[string]int{}
			for _, c := range changes {
				fmt.Fprintln(stdout, c)
				count[c.Kind]++
			}
			fmt.Fprintf(stdout, "%s (%d statements) -> %s (%d statements): %d added, %d removed, %d moved, %d re-badged, %d reworded\n",
				a.Version, len(a.Statements), b.Version, len(b.Statements), count[framework.Added], count[framework.Removed],
				count[framework.Moved], count[framework.Rebadged], count[framework.Reworded])
			if len(changes) > 0 {
				return exitError{1}
			}
			return nil
		},
	}
}
