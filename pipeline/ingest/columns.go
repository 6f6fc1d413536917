package ingest

import (
	"regexp"
	"strings"

	"github.com/nhs-readiness/readiness/pipeline/framework"
	"github.com/nhs-readiness/readiness/pipeline/sheet"
	"github.com/nhs-readiness/readiness/pipeline/vocab"
)

// Column roles.
const (
	RoleCapability   = "capability"
	RoleRespondentID = "respondent_id"
	RoleProfession   = "profession"
	RoleRegion       = "region"
	RoleTrust        = "trust"
	RoleArchetype    = "archetype"
	RoleQuarter      = "quarter"
	RoleIgnored      = "ignored"  // known survey bookkeeping (timestamps, durations) or free text
	RolePersonal     = "personal" // names, emails, phone numbers, IP addresses: dropped at ingest
	RoleUnmapped     = "unmapped"
)

// Column is one header cell and what the pipeline makes of it.
type Column struct {
	Index        int
	Letter       string
	Header       string
	Role         string
	CapabilityID string
}

// headerRoles maps folded header texts to respondent-field roles.
var headerRoles = map[string]string{}

func init() {
	for role, names := range map[string][]string{
		RoleRespondentID: {"respondent id", "response id", "responseid", "id", "staff id", "staff number", "employee id",
			"employee number", "assignment number", "esr number", "person id", "learner id", "user id", "participant id"},
		RoleProfession: {"profession", "your profession", "what is your profession", "job role", "role", "occupation",
			"professional group", "profession group", "job title", "staff role", "professional role"},
		RoleRegion: {"region", "nhs region", "nhs england region", "nhse region", "your region"},
		RoleTrust: {"trust", "organisation", "organization", "trust code", "ods code", "organisation code",
			"org code", "employer", "trust name", "organisation name", "your organisation", "your trust"},
		RoleArchetype: {"archetype", "ai archetype", "digital archetype", "main archetype", "primary archetype",
			"your archetype", "which archetype best describes your role"},
		RoleQuarter: {"quarter", "survey quarter", "reporting quarter", "period"},
		RolePersonal: {"name", "full name", "first name", "last name", "surname", "forename", "email", "email address",
			"e mail", "e mail address", "work email", "phone", "phone number", "telephone", "mobile", "ip address",
			"ipaddress", "recipientemail", "recipientfirstname", "recipientlastname", "recipient email",
			"recipient first name", "recipient last name", "date of birth", "nhs number", "postcode"},
		RoleIgnored: {"start time", "completion time", "last modified time", "timestamp", "start date", "end date",
			"submitted", "submission date", "date", "duration", "duration in seconds", "progress", "finished",
			"status", "recorded date", "recordeddate", "startdate", "enddate", "comments", "comment",
			"any other comments", "free text", "notes", "other"},
	} {
		for _, n := range names {
			headerRoles[n] = role
		}
	}
}

// capabilityInHeader finds a capability id such as "6.1-L2-03" (optionally in brackets) in a header.
var capabilityInHeader = regexp.MustCompile(`(?i)(?:^|[^0-9.])(\d(?:\.\d){0,2})-L([1-4])-(\d{1,2})(?:$|[^0-9])`)

// MapColumns decides the role of each header cell: a capability (by an id in the header, or by the
// header being the statement's text), a respondent field, a column to drop, or unmapped.
func MapColumns(header []string, fw *framework.Framework) []Column {
	idx := fw.StatementIndex()
	byText := map[string]string{}
	for _, s := range fw.Statements {
		byText[vocab.Fold(s.Text)] = s.ID
	}
	cols := make([]Column, len(header))
	for i, h := range header {
		c := Column{Index: i, Letter: sheet.ColumnLetter(i), Header: strings.TrimSpace(h), Role: RoleUnmapped}
		key := vocab.Fold(h)
		if m := capabilityInHeader.FindStringSubmatch(h); m != nil {
			id := m[1] + "-L" + m[2] + "-" + twoDigits(m[3])
			if _, ok := idx[id]; ok {
				c.Role, c.CapabilityID = RoleCapability, id
			}
		} else if id, ok := byText[key]; ok {
			c.Role, c.CapabilityID = RoleCapability, id
		} else if role, ok := headerRoles[key]; ok {
			c.Role = role
		} else if key == "" {
			c.Role = RoleIgnored
		}
		cols[i] = c
	}
	// A respondent field named twice: the first column counts, later ones are left out.
	seen := map[string]bool{}
	for i, c := range cols {
		switch c.Role {
		case RoleRespondentID, RoleProfession, RoleRegion, RoleTrust, RoleArchetype, RoleQuarter:
			if seen[c.Role] {
				cols[i].Role = RoleUnmapped
			}
			seen[c.Role] = true
		}
	}
	return cols
}

func twoDigits(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}

// firstOf returns the index of the first column with a role, or -1.
func firstOf(cols []Column, role string) int {
	for _, c := range cols {
		if c.Role == role {
			return c.Index
		}
	}
	return -1
}
