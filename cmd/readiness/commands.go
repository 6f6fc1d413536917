package main

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/nhs-readiness/readiness/configs"
	"github.com/nhs-readiness/readiness/pipeline"
	"github.com/nhs-readiness/readiness/pipeline/config"
	"github.com/nhs-readiness/readiness/pipeline/framework"
	"github.com/nhs-readiness/readiness/pipeline/heatmap"
	"github.com/nhs-readiness/readiness/pipeline/ingest"
	"github.com/nhs-readiness/readiness/pipeline/progress"
	"github.com/nhs-readiness/readiness/pipeline/synth"
	"github.com/nhs-readiness/readiness/pipeline/vocab"
)

// common flags of the commands that run the pipeline.
type common struct {
	configFile string
	out        string
	warehouse  string
	quarter    string
	quiet      bool
	set        []string
}

func (c *common) bind(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&c.configFile, "config", "", "configuration file (YAML); READINESS_* environment variables override it")
	f.StringVar(&c.out, "out", "", "output folder for the warehouse and reports (config key out)")
	f.StringVar(&c.warehouse, "warehouse", "", "warehouse file (config key warehouse; default OUT/readiness.duckdb)")
	f.StringVar(&c.quarter, "quarter", "", "quarter as YYYYQn (config key quarter)")
	f.BoolVar(&c.quiet, "quiet", false, "no progress display and only warnings in the log")
	f.StringArrayVar(&c.set, "set", nil, "set any config key, e.g. --set suppression.threshold=5 (repeatable)")
}

// load reads the config and applies the flags given on the command line over it.
func (c *common) load() (*config.Config, error) {
	cfg, err := config.Load(c.configFile, c.set...)
	if err != nil {
		return nil, err
	}
	if c.out != "" {
		cfg.Out = c.out
	}
	if c.warehouse != "" {
		cfg.Warehouse = c.warehouse
	}
	if c.quarter != "" {
		if cfg.Quarter, err = ingest.MustQuarter(c.quarter); err != nil {
			return nil, err
		}
	}
	return cfg, nil
}

// fileFlags are what can be said about the files of ingest and validate.
type fileFlags struct{ trust, scale, sheet, dialect, mapping string }

func (f *fileFlags) bind(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.trust, "trust", "", "ODS code of the trust the files are for (default: from the files)")
	fl.StringVar(&f.scale, "scale", "", "answer scale id (default: detected from the answers)")
	fl.StringVar(&f.sheet, "sheet", "", "worksheet to read (default: the one that looks like the data)")
	fl.StringVar(&f.dialect, "dialect", "", "survey tool: msforms, qualtrics, surveymonkey, googleforms, template, long, wide (default: recognised)")
	fl.StringVar(&f.mapping, "mapping", "", "mapping profile name (default: one whose detect headers match)")
}

// sources makes the load of each file from the config's defaults and these flags.
func (f *fileFlags) sources(cfg *config.Config, paths []string) []pipeline.Source {
	var out []pipeline.Source
	for _, p := range paths {
		opt := pipeline.Defaults(cfg)
		opt.Trust, opt.Scale, opt.Sheet, opt.Dialect, opt.Mapping = f.trust, f.scale, f.sheet, f.dialect, f.mapping
		out = append(out, pipeline.Source{Path: p, Options: opt})
	}
	return out
}

func (c *common) env(stdout, stderr io.Writer) pipeline.Env {
	return pipeline.Env{Log: newLogger(stderr, c.quiet), Progress: progress.New(stdout, c.quiet)}
}

func newRoot(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:           "readiness",
		Short:         "Readiness heatmaps from NHS staff surveys against the AI and Digital Healthcare Technologies Capability Framework",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(newDemo(stdout, stderr), newRun(stdout, stderr), newIngest(stdout, stderr), newReport(stdout, stderr),
		newFramework(stdout), newTemplate(stdout), newValidate(stdout, stderr), newSQL(stdin, stdout), newExport(stdout, stderr), newSynth(stdout))
	return root
}

func newDemo(stdout, stderr io.Writer) *cobra.Command {
	var c common
	var seed uint64
	var respondents, trusts, quarters int
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Generate a synthetic quarter and run the whole pipeline on it",
		Long: `demo generates realistic synthetic survey exports (CSV and Excel, several trusts in all seven NHS
England regions) for two quarters, loads them into a warehouse and writes the reports of the latest
quarter, with its change since the one before, all under --out.`,
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
					q = heatmap.PreviousQuarter(q)
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
	cmd.Flags().IntVar(&quarters, "quarters", 2, "quarters to generate, ending with --quarter (1 to 8)")
	return cmd
}

func newRun(stdout, stderr io.Writer) *cobra.Command {
	var c common
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
			sources, err := pipeline.Sources(cfg)
			if err != nil {
				return err
			}
			return runAndReport(cmd, cfg, sources, c.env(stdout, stderr), stdout, false)
		},
	}
	c.bind(cmd)
	return cmd
}

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
			sum, err := pipeline.Report(cmd.Context(), cfg, c.env(stdout, stderr))
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "Quarter %s: %d heatmaps, %d files in %s\n", sum.Quarter, len(sum.Heatmaps), len(sum.Reports), cfg.Out)
			return nil
		},
	}
	c.bind(cmd)
	cmd.Flags().StringSliceVar(&formats, "format", nil, "formats: html, xlsx, png, svg, csv, parquet (config key formats)")
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
