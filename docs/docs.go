// Package docs holds the project's written documentation. It embeds the metric's description,
// metrics.md, so that the HTML report's methodology section is generated from the same text the
// repository publishes and the two cannot drift apart.
package docs

import _ "embed"

// Metrics is docs/metrics.md: how readiness, a heatmap cell, change and disclosure control are
// computed.
//
//go:embed metrics.md
var Metrics []byte
