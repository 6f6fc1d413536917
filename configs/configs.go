// Package configs embeds the default framework, vocabularies and configuration, so that the
// readiness binary works on its own; a user's file named in the config overrides them.
package configs

import "embed"

// FS holds framework.yaml, readiness.yaml, vocabularies/*.yaml and mappings/*.yaml.
//
//go:embed framework.yaml readiness.yaml vocabularies/*.yaml mappings/*.yaml
var FS embed.FS

// DefaultConfig is the embedded default configuration file, read before a user's config.
const DefaultConfig = "readiness.yaml"
