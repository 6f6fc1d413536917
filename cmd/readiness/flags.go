package main

import (
	"io"
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
		if cfg.Quarter, err = quarter.Normal(c.quarter); err != nil {
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
	fl.StringVar(&f.dialect, "dialect", "", "survey tool: "+strings.Join(dialect.Names(), ", ")+" (default: recognised)")
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
