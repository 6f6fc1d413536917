package heatmap

import "fmt"

// Dimension is something a heatmap's rows can be: a way of grouping respondents. One definition
// drives the heatmap queries (Column is pasted into queries/heatmaps/cells_*.sql and
// analytics/capability_gaps.sql as {{group_key}}), the specs of the run (Heatmaps) and the HTML
// report's filters and redrawn heatmaps (Interactive).
type Dimension struct {
	Name   string // key, e.g. "profession"
	Title  string // row heading, e.g. "Profession"
	Phrase string // in titles: "Readiness by <phrase> and domain"
	// Column is an SQL expression over a stored cube's columns (quarter, trust_code, region_code,
	// profession_code, archetype_code) giving a respondent's group; a constant of the code,
	// never input.
	Column string
	// Labels is the dimension of v_groups whose labels and order the rows take (default Name).
	Labels string
	// Heatmaps: the run has its own heatmaps of this dimension by domain and by sub-domain, which
	// the HTML report's filters redraw.
	Heatmaps bool
	// Coarse: a grouping of another dimension's groups (staff groups of professions). Its figures
	// are published only where they let no withheld figure of the finer groups be worked out, so
	// they cost the finer ones nothing (disclosure.Offer).
	Coarse bool
}

// LabelSet is the v_groups dimension the rows are labelled from.
func (d Dimension) LabelSet() string {
	if d.Labels == "" {
		return d.Name
	}
	return d.Labels
}

var dimensions []Dimension

// StaffGroupColumn is a respondent's NHS staff group: their profession's (professions.staff_group).
const StaffGroupColumn = "(SELECT sg FROM (SELECT staff_group AS sg, profession_code AS pc FROM professions) WHERE pc = profession_code)"

// The built-in dimensions. Trust heatmaps are drawn per region (TrustSpec), not for the nation.
func init() {
	for _, d := range []Dimension{
		{Name: "profession", Title: "Profession", Phrase: "profession", Column: "profession_code", Heatmaps: true},
		{Name: "region", Title: "Region", Phrase: "NHS England region", Column: "region_code", Heatmaps: true},
		{Name: "archetype", Title: "Archetype", Phrase: "archetype", Column: "archetype_code", Heatmaps: true},
		{Name: "staff_group", Title: "Staff group", Phrase: "NHS staff group", Column: StaffGroupColumn, Heatmaps: true, Coarse: true},
		{Name: "trust", Title: "Trust", Phrase: "trust", Column: "trust_code"},
	} {
		Register(d)
	}
}

// Register adds a dimension; with Heatmaps it gets domain and sub-domain heatmaps in every run.
// It panics on a duplicate name, which is a defect of the code that registers it.
func Register(d Dimension) {
	if _, ok := DimensionByName(d.Name); ok {
		panic(fmt.Sprintf("heatmap: dimension %q registered twice", d.Name))
	}
	dimensions = append(dimensions, d)
	if d.Heatmaps {
		DomainSpecs = append(DomainSpecs, Spec{Name: d.Name + "_domain", Title: "Readiness by " + d.Phrase + " and domain",
			Kind: KindDomain, Dimension: d.Name, RowTitle: d.Title, ColTitle: "Domain"})
		SubdomainSpecs = append(SubdomainSpecs, Spec{Name: d.Name + "_subdomain", Title: "Readiness by " + d.Phrase + " and sub-domain",
			Kind: KindSubdomain, Dimension: d.Name, RowTitle: d.Title, ColTitle: "Sub-domain"})
	}
}

// Unregister removes a dimension and its specs (for tests that register one of their own).
func Unregister(name string) {
	keep := dimensions[:0]
	for _, d := range dimensions {
		if d.Name != name {
			keep = append(keep, d)
		}
	}
	dimensions = keep
	drop := func(specs []Spec) []Spec {
		out := specs[:0]
		for _, s := range specs {
			if s.Dimension != name {
				out = append(out, s)
			}
		}
		return out
	}
	DomainSpecs, SubdomainSpecs = drop(DomainSpecs), drop(SubdomainSpecs)
}

// Dimensions lists the registered dimensions in order.
func Dimensions() []Dimension { return append([]Dimension(nil), dimensions...) }

// DimensionByName finds a registered dimension.
func DimensionByName(name string) (Dimension, bool) {
	for _, d := range dimensions {
		if d.Name == name {
			return d, true
		}
	}
	return Dimension{}, false
}
