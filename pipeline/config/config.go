// Package config reads the readiness configuration with viper: the embedded defaults
// (configs/readiness.yaml), then the user's YAML file, then READINESS_* environment variables.
// Command-line flags are applied by the commands on top.
package config

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/viper"

	"github.com/nhs-readiness/readiness/configs"
	"github.com/nhs-readiness/readiness/pipeline/vocab"
	"github.com/nhs-readiness/readiness/reports"
)

// Input is one entry of the inputs list: a path or glob and what is known about its files.
type Input struct {
	Path    string `mapstructure:"path"`
	Trust   string `mapstructure:"trust"`
	Quarter string `mapstructure:"quarter"`
	Scale   string `mapstructure:"scale"`
	Sheet   string `mapstructure:"sheet"`
	Dialect string `mapstructure:"dialect"`
	Mapping string `mapstructure:"mapping"`
	Replace bool   `mapstructure:"replace"` // load this input's files even where they replace a submission with far more rows
}

// Config is the whole configuration.
type Config struct {
	Framework     string      `mapstructure:"framework"`
	Vocabularies  vocab.Files `mapstructure:"vocabularies"` // user files that add to or replace the embedded entries
	Out           string      `mapstructure:"out"`
	Warehouse     string      `mapstructure:"warehouse"`
	Quarter       string      `mapstructure:"quarter"`
	Inputs        []Input     `mapstructure:"inputs"`
	UnknownValues string      `mapstructure:"unknown_values"`
	Replace       bool        `mapstructure:"replace"`     // every resubmission may replace one with far more rows (--replace)
	MultiTrust    string      `mapstructure:"multi_trust"` // a file with rows of several trusts: split (a submission per trust) or refuse
	Suppression   struct {
		Threshold int `mapstructure:"threshold"`
	} `mapstructure:"suppression"`
	PseudonymKey string   `mapstructure:"pseudonym_key"`
	Formats      []string `mapstructure:"formats"`
	Mappings     []string `mapstructure:"mappings"`
	Mapping      struct {
		FuzzyThreshold float64 `mapstructure:"fuzzy_threshold"`
	} `mapstructure:"mapping"`
	Analysis struct {
		FocusDomains []string `mapstructure:"focus_domains"`
		GapsTop      int      `mapstructure:"gaps_top"`
	} `mapstructure:"analysis"`
	Limits struct {
		MaxCells int64 `mapstructure:"max_cells"`
		MaxBytes int64 `mapstructure:"max_bytes"`
	} `mapstructure:"limits"`

	// File is the user's config file, if any.
	File string `mapstructure:"-"`
	// PackTrusts are the trusts (ODS codes) whose packs the packs format writes (readiness packs
	// --trust); empty: every trust of the quarter.
	PackTrusts []string `mapstructure:"-"`
}

// DefaultOut is the output folder when none is configured.
const DefaultOut = "readiness-out"

// EmbeddedPrefix marks a file inside the binary, e.g. "embedded:framework.yaml".
const EmbeddedPrefix = "embedded:"

// Load reads the defaults, then the user's file (when path is not empty), then the environment,
// then the overrides (key=value, from --set flags; dotted keys such as suppression.threshold).
// Relative paths of inputs, the framework and vocabulary files given in a file are taken relative
// to that file's folder; out and warehouse are relative to the working directory.
func Load(path string, overrides ...string) (*Config, error) {
	v := viper.New()
	v.SetConfigType("yaml")
	def, err := configs.FS.ReadFile(configs.DefaultConfig)
	if err != nil {
		return nil, fmt.Errorf("config: embedded defaults: %w", err)
	}
	if err := v.ReadConfig(bytes.NewReader(def)); err != nil {
		return nil, fmt.Errorf("config: embedded defaults: %w", err)
	}
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("config: %w", err)
		}
		if err := checkKeys(data); err != nil {
			return nil, fmt.Errorf("config %s: %w", path, err)
		}
		if err := v.MergeConfig(bytes.NewReader(data)); err != nil {
			return nil, fmt.Errorf("config %s: %w", path, err)
		}
	}
	v.SetEnvPrefix("READINESS")
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	v.AutomaticEnv()
	for _, o := range overrides {
		key, val, ok := strings.Cut(o, "=")
		key = strings.ToLower(strings.TrimSpace(key))
		if !ok || key == "" {
			return nil, fmt.Errorf("config: --set %q: write it as key=value", o)
		}
		if p := unknownKey(key); p != "" || !v.IsSet(key) {
			if p == "" {
				p = fmt.Sprintf("unknown key '%s'", key)
			}
			return nil, fmt.Errorf("config: --set %q: %s", o, p)
		}
		v.Set(key, val)
	}
	var c Config
	if err := v.Unmarshal(&c); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	c.File = path
	if path != "" {
		base := filepath.Dir(path)
		for i := range c.Inputs {
			c.Inputs[i].Path = relativeTo(base, c.Inputs[i].Path)
		}
		if !strings.HasPrefix(c.Framework, EmbeddedPrefix) {
			c.Framework = relativeTo(base, c.Framework)
		}
		for _, list := range []*[]string{&c.Mappings, &c.Vocabularies.Archetypes, &c.Vocabularies.Regions, &c.Vocabularies.Professions,
			&c.Vocabularies.Organisations, &c.Vocabularies.Scales} {
			for i := range *list {
				(*list)[i] = relativeTo(base, (*list)[i])
			}
		}
	}
	return &c, c.Validate()
}

func relativeTo(base, p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(base, p)
}

// Validate checks values that have a fixed set of choices.
func (c *Config) Validate() error {
	var probs []string
	if c.UnknownValues != "keep" && c.UnknownValues != "reject" {
		probs = append(probs, fmt.Sprintf("unknown_values is %q; use keep or reject", c.UnknownValues))
	}
	if c.MultiTrust != "split" && c.MultiTrust != "refuse" {
		probs = append(probs, fmt.Sprintf("multi_trust is %q; use split or refuse", c.MultiTrust))
	}
	if c.Suppression.Threshold < 1 {
		probs = append(probs, fmt.Sprintf("suppression.threshold is %d; it must be 1 or more", c.Suppression.Threshold))
	}
	for _, f := range c.Formats {
		if _, ok := reports.FormatByName(f); !ok {
			probs = append(probs, fmt.Sprintf("formats: %q is not a report format (%s)", f, strings.Join(reports.FormatNames(), ", ")))
		}
	}
	for i, in := range c.Inputs {
		if in.Path == "" {
			probs = append(probs, fmt.Sprintf("inputs[%d] has no path", i))
		}
	}
	if t := c.Mapping.FuzzyThreshold; t <= 0 || t > 1 {
		probs = append(probs, fmt.Sprintf("mapping.fuzzy_threshold is %v; it must be above 0 and at most 1", t))
	}
	if c.Analysis.GapsTop < 1 {
		probs = append(probs, fmt.Sprintf("analysis.gaps_top is %d; it must be 1 or more", c.Analysis.GapsTop))
	}
	if c.Limits.MaxCells <= 0 || c.Limits.MaxBytes <= 0 {
		probs = append(probs, "limits.max_cells and limits.max_bytes must be positive")
	}
	if c.Out == "" {
		probs = append(probs, "out is empty")
	}
	if len(probs) > 0 {
		return fmt.Errorf("config: %s", strings.Join(probs, "; "))
	}
	return nil
}

// WarehousePath is the warehouse file: the configured one, or readiness.duckdb in the output folder.
func (c *Config) WarehousePath() string {
	if c.Warehouse != "" {
		return c.Warehouse
	}
	return filepath.Join(c.Out, "readiness.duckdb")
}
