// Package mapping decides what each column of a survey file is: a capability statement (or a
// whole sub-domain or domain, when a survey asks at that grain), a respondent field, a column to
// drop, or unmapped. It tries, in order: an explicit mapping profile, the survey tool's own
// bookkeeping columns, a capability id in the header, other id forms (6.1.2, Q_6_1_2), the
// respondent fields' usual names, and a fuzzy match of the header's text to the statements.
package mapping

import (
	"fmt"
	"strings"

	"github.com/nhs-readiness/readiness/pipeline/framework"
	"github.com/nhs-readiness/readiness/pipeline/sheet"
	"github.com/nhs-readiness/readiness/pipeline/vocab"
)

// Column roles.
const (
	RoleCapability    = "capability"     // answers to one capability (or area) per row
	RoleRespondentID  = "respondent_id"  // staff or response id: pseudonymised
	RoleProfession    = "profession"     //
	RoleRegion        = "region"         //
	RoleTrust         = "trust"          //
	RoleArchetype     = "archetype"      //
	RoleQuarter       = "quarter"        //
	RoleCapabilityRef = "capability_ref" // long layout: which capability the row is about
	RoleAnswer        = "answer"         // long layout: the row's answer
	RoleIgnored       = "ignored"        // survey bookkeeping (timestamps, durations) or free text: dropped
	RolePersonal      = "personal"       // names, emails, phone numbers, IP addresses: dropped
	RoleUnmapped      = "unmapped"
)

// How a column was mapped.
const (
	ByProfile = "profile"
	ByDialect = "dialect"
	ByID      = "id"
	ByHeader  = "header"
	ByText    = "text"
)

// Column is one column and what the pipeline makes of it.
type Column struct {
	Index        int
	Letter       string
	Header       string // the header as the sender sees it (first header row)
	Text         string // the text it was mapped by (several header rows joined, for some tools)
	Role         string
	CapabilityID string // for a capability column about one statement
	AreaID       string // for a capability column: the area it is about
	MappedBy     string
	Confidence   float64 // for a column mapped by its text: the similarity to the statement (0-1)
	Warning      string  // something the sender should check about the column (another maps to the same capability)
	Suggestion   string  // for an unmapped column: the closest capability, when there is one
}

// Options for Map.
type Options struct {
	Profile *Profile                           // explicit mappings; nil for none
	Hint    func(folded string) (string, bool) // the survey tool's own columns; nil for none
	// FuzzyThreshold is the similarity (0-1) a header needs to map to a statement by its text.
	FuzzyThreshold float64
}

// DefaultFuzzyThreshold is the default similarity for mapping a header to a statement by text.
const DefaultFuzzyThreshold = 0.7

// Mapper maps headers against one framework.
type Mapper struct {
	fw      *framework.Framework
	ids     map[string]int
	matcher *matcher
}

// New prepares a Mapper for a framework.
func New(fw *framework.Framework) *Mapper {
	return &Mapper{fw: fw, ids: fw.StatementIndex(), matcher: newMatcher(fw)}
}

// Map decides the role of each column. texts holds the text to map each column by; headers the
// first header row as the sender sees it (for messages).
func (m *Mapper) Map(headers, texts []string, opt Options) []Column {
	if opt.FuzzyThreshold <= 0 {
		opt.FuzzyThreshold = DefaultFuzzyThreshold
	}
	cols := make([]Column, len(texts))
	for i, text := range texts {
		h := text
		if i < len(headers) && strings.TrimSpace(headers[i]) != "" {
			h = headers[i] // a matrix sub-column's first header cell is blank: it is shown by its text
		}
		c := Column{Index: i, Letter: sheet.ColumnLetter(i), Header: strings.TrimSpace(h), Text: strings.TrimSpace(text), Role: RoleUnmapped}
		m.mapOne(&c, opt)
		cols[i] = c
	}
	// Two columns about one capability (or one area): both load, a person's first answer counts,
	// and the second column says which column it repeats.
	first := map[string]int{}
	for i, c := range cols {
		if c.Role != RoleCapability {
			continue
		}
		key := c.CapabilityID
		if key == "" {
			key = c.AreaID
		}
		if j, ok := first[key]; ok {
			cols[i].Warning = fmt.Sprintf("column %s (%s) is about %s too; where a person answered both, the answer in column %s counts",
				cols[j].Letter, cols[j].Header, key, cols[j].Letter)
			continue
		}
		first[key] = i
	}
	// A respondent field named twice: the first column counts, later ones are left unmapped.
	seen := map[string]bool{}
	for i, c := range cols {
		switch c.Role {
		case RoleRespondentID, RoleProfession, RoleRegion, RoleTrust, RoleArchetype, RoleQuarter, RoleCapabilityRef, RoleAnswer:
			if seen[c.Role] {
				cols[i].Role, cols[i].MappedBy = RoleUnmapped, ""
				cols[i].Suggestion = "a second " + strings.ReplaceAll(c.Role, "_", " ") + " column; only the first is used"
			}
			seen[c.Role] = true
		}
	}
	return cols
}

func (m *Mapper) mapOne(c *Column, opt Options) {
	key := vocab.Fold(c.Text)
	if opt.Profile != nil {
		if target, ok := opt.Profile.lookup(c.Text); ok {
			m.apply(c, target, ByProfile)
			return
		}
	}
	if opt.Hint != nil {
		if role, ok := opt.Hint(key); ok {
			c.Role, c.MappedBy = role, ByDialect
			return
		}
	}
	parts := variants(c.Text) // the whole text first, then its parts ("Q1 — What is your profession?")
	if id, ok := m.canonicalID(c.Text); ok {
		s := m.fw.Statements[m.ids[id]]
		c.Role, c.CapabilityID, c.AreaID, c.MappedBy = RoleCapability, id, s.Area, ByID
		return
	}
	if mt := canonicalPattern.FindStringSubmatch(c.Text); mt != nil {
		c.Suggestion = fmt.Sprintf("%s-L%s-%s is not a capability id of this framework (see readiness framework)", mt[1], mt[2], mt[3])
		return
	}
	if area, ok := m.areaID(c.Text); ok {
		c.Role, c.AreaID, c.MappedBy = RoleCapability, area, ByID
		return
	}
	for _, part := range parts {
		if role, ok := headerRoles[vocab.Fold(part)]; ok {
			c.Role, c.MappedBy = role, ByHeader
			return
		}
	}
	if key == "" {
		c.Role = RoleIgnored
		return
	}
	best, second := m.matcher.best(c.Text)
	switch {
	case best.score >= opt.FuzzyThreshold && best.score-second.score >= 0.05:
		s := m.fw.Statements[best.index]
		c.Role, c.CapabilityID, c.AreaID, c.MappedBy, c.Confidence = RoleCapability, s.ID, s.Area, ByText, best.score
	case best.score >= 0.35:
		s := m.fw.Statements[best.index]
		c.Suggestion = fmt.Sprintf("closest capability: %s %q (similarity %.2f)", s.ID, s.Text, best.score)
	}
}

// apply sets a column from a profile's target: a capability id, an area id or a role.
func (m *Mapper) apply(c *Column, target, by string) {
	c.MappedBy = by
	if i, ok := m.ids[target]; ok {
		c.Role, c.CapabilityID, c.AreaID = RoleCapability, target, m.fw.Statements[i].Area
		return
	}
	if a := m.fw.Area(target); a != nil {
		c.Role, c.AreaID = RoleCapability, a.ID
		return
	}
	if target == "ignore" {
		c.Role = RoleIgnored
		return
	}
	c.Role = target // validated when the profile was loaded
}

// Resolve maps a value naming a capability (a long file's capability column): a statement id in
// any recognised form, an area id, or a statement's text. It returns the capability id (empty for
// an area) and the area.
func (m *Mapper) Resolve(value string) (capabilityID, areaID string, ok bool) {
	v := strings.TrimSpace(value)
	if id, ok := m.canonicalID(v); ok {
		return id, m.fw.Statements[m.ids[id]].Area, true
	}
	if a := m.fw.Area(strings.Trim(v, "[] ")); a != nil {
		return "", a.ID, true
	}
	if area, ok := m.areaID(v); ok {
		return "", area, true
	}
	best, second := m.matcher.best(v)
	if best.score >= DefaultFuzzyThreshold && best.score-second.score >= 0.05 {
		s := m.fw.Statements[best.index]
		return s.ID, s.Area, true
	}
	return "", "", false
}

// headerRoles maps folded header texts to respondent-field and drop roles.
var headerRoles = map[string]string{}

func init() {
	for role, names := range map[string][]string{
		RoleRespondentID: {"respondent id", "response id", "responseid", "id", "staff id", "staff number", "employee id",
			"employee number", "assignment number", "esr number", "person id", "learner id", "user id", "participant id",
			"learner", "staff no"},
		RoleProfession: {"profession", "your profession", "what is your profession", "job role", "role", "occupation",
			"professional group", "profession group", "job title", "staff role", "professional role", "what is your role"},
		RoleRegion: {"region", "nhs region", "nhs england region", "nhse region", "your region"},
		RoleTrust: {"trust", "organisation", "organization", "trust code", "ods code", "organisation code",
			"org code", "employer", "trust name", "organisation name", "your organisation", "your trust",
			"trust ods code", "organisation ods code", "which trust do you work for"},
		RoleArchetype: {"archetype", "ai archetype", "digital archetype", "main archetype", "primary archetype",
			"your archetype", "which archetype best describes your role", "archetype code"},
		RoleQuarter: {"quarter", "survey quarter", "reporting quarter", "period"},
		RoleCapabilityRef: {"capability id", "capability", "capability statement", "competency", "competency id",
			"statement id", "framework capability", "framework statement", "skill"},
		RoleAnswer: {"level", "self assessed level", "self assessment level", "rating", "self rating", "score",
			"proficiency", "confidence", "confidence level", "answer", "response"},
		RolePersonal: {"name", "full name", "first name", "last name", "surname", "forename", "email", "email address",
			"e mail", "e mail address", "work email", "phone", "phone number", "telephone", "mobile", "ip address",
			"ipaddress", "recipientemail", "recipientfirstname", "recipientlastname", "recipient email",
			"recipient first name", "recipient last name", "date of birth", "nhs number", "postcode", "learner name"},
		RoleIgnored: {"start time", "completion time", "last modified time", "timestamp", "start date", "end date",
			"submitted", "submission date", "date", "duration", "duration in seconds", "progress", "finished",
			"status", "recorded date", "recordeddate", "startdate", "enddate", "comments", "comment",
			"any other comments", "free text", "notes", "other", "assessed on", "assessment date", "completed",
			"completed on", "date completed", "last updated", "evidence"},
	} {
		for _, n := range names {
			headerRoles[n] = role
		}
	}
}

// Roles are the role names a profile may map a column to, besides a capability or area id.
var Roles = []string{RoleRespondentID, RoleProfession, RoleRegion, RoleTrust, RoleArchetype, RoleQuarter,
	RoleCapabilityRef, RoleAnswer, RolePersonal, RoleIgnored, "ignore"}
