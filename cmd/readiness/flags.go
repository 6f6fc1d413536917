package main

import (
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/nhs-readiness/readiness/pipeline"
	"github.com/nhs-readiness/readiness/pipeline/config"
	"github.com/nhs-readiness/readiness/pipeline/dialect"
	"github.com/nhs-readiness/readiness/pipeline/progress"
	"github.com/nhs-readiness/readiness/pipeline/quarter"
	"github.com/spf13/cobra"
)

// common flags of the commands that run the pipeline.
type common struct {
	configFile string
	out        string
	warehouse  string
	quarter    string
	quiet      bool
	set        []string
	configured bool // the config file or environment names the warehouse or the output folder
}

// HereWarehouse is the warehouse a reading command uses, without --warehouse, --out or a
// configured one, when it is in the working directory.
const HereWarehouse = "readiness.duckdb"

// findWarehouse picks the warehouse a reading command (sql, report, export) uses: --warehouse;
// else one configured (or the output folder given with --out); else readiness.duckdb in the
// working directory when there is one; else the config's default. It says which on the log.
func (c *common) findWarehouse(cfg *config.Config, log *slog.Logger) string {
	var how string
	switch {
	case c.warehouse != "":
		how = "given with --warehouse"
	case c.out != "" || c.configured:
		how = "from the configuration"
	default:
		if st, err := os.Stat(HereWarehouse); err == nil && !st.IsDir() {
			cfg.Warehouse = HereWarehouse
			how = "found in the working directory"
		} else {
			how = "the configuration's default"
		}
	}
	log.Info("warehouse", "path", cfg.WarehousePath(), "chosen", how)
	return cfg.WarehousePath()
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
	c.configured = cfg.Warehouse != "" || cfg.Out != config.DefaultOut
	if c.out != "" {
		cfg.Out = c.out
	}
	if c.warehouse != "" {
		cfg.Warehouse = c.warehouse
	}
	if c.quarter != "" {
		if cfg.Quarter, err = quarter.Normal(c.quarter); err != nil {
			return nil, err
		}
	}
	return cfg, nil
}

// fileFlags are what can be said about the files of ingest and validate.
type fileFlags struct {
	trust, scale, sheet, dialect, mapping string
	replace                               bool
}

func (f *fileFlags) bind(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.trust, "trust", "", "ODS code of the trust the files are for (default: from the files)")
	fl.StringVar(&f.scale, "scale", "", "answer scale id (default: detected from the answers)")
	fl.StringVar(&f.sheet, "sheet", "", "worksheet to read (default: the one that looks like the data)")
	fl.StringVar(&f.dialect, "dialect", "", "survey tool: "+strings.Join(dialect.Names(), ", ")+" (default: recognised)")
	fl.StringVar(&f.mapping, "mapping", "", "mapping profile name (default: one whose detect headers match)")
	bindReplace(cmd, &f.replace)
}

// bindReplace adds --replace, the confirmation that a resubmission may replace a submission that
// loaded far more rows.
func bindReplace(cmd *cobra.Command, replace *bool) {
	cmd.Flags().BoolVar(replace, "replace", false, "load files that would replace a submission with under half its loaded rows (config key replace)")
}

// sources makes the load of each file from the config's defaults and these flags.
func (f *fileFlags) sources(cfg *config.Config, paths []string) []pipeline.Source {
	var out []pipeline.Source
	for _, p := range paths {
		opt := pipeline.Defaults(cfg)
		opt.Trust, opt.Scale, opt.Sheet, opt.Dialect, opt.Mapping = f.trust, f.scale, f.sheet, f.dialect, f.mapping
		opt.Replace = opt.Replace || f.replace
		out = append(out, pipeline.Source{Path: p, Options: opt})
	}
	return out
}

func (c *common) env(stdout, stderr io.Writer) pipeline.Env {
	bar := progress.New(stdout, c.quiet)
	return pipeline.Env{Log: newLogger(bar.Logs(stderr), c.quiet), Progress: bar}
}
