package dialect

import (
	"regexp"
	"strings"

	"github.com/nhs-readiness/readiness/pipeline/mapping"
	"github.com/nhs-readiness/readiness/pipeline/vocab"
)

func init() { Register(Qualtrics{}, 10) }

// Qualtrics is a Qualtrics CSV export, in each version the tool has written:
//   - current (2017 on): a row of short names (StartDate, ..., ResponseId, Q1, Q2_1), a row of
//     question texts, and a row of {"ImportId":"QID1"} JSON;
//   - 2016-era: the same three rows, the third written {'ImportId': 'QID1'} with single quotes;
//   - legacy: a row of V1, V2, ... and Q names, then a row of field names (ResponseID,
//     ResponseSet, Name, ...) and question texts: two header rows.
type Qualtrics struct{}

func (Qualtrics) Name() string   { return "qualtrics" }
func (Qualtrics) Layout() string { return Wide }

func (Qualtrics) Detect(h []string, next [][]string) bool {
	return hasAll(h, "ResponseId") || hasAll(h, "StartDate", "EndDate", "Finished") || importIDRow(next, 1) || legacy(h, next)
}

// importIDRow reports whether row i of next is an ImportId row, in either quoting.
func importIDRow(next [][]string, i int) bool {
	if len(next) <= i {
		return false
	}
	for _, c := range next[i] {
		c = strings.TrimSpace(c)
		if strings.HasPrefix(c, `{"ImportId"`) || strings.HasPrefix(c, `{'ImportId'`) {
			return true
		}
	}
	return false
}

// legacy reports a legacy export: V1, V2, V3 first, and ResponseID under V1.
func legacy(h []string, next [][]string) bool {
	return len(h) > 2 && vocab.Fold(h[0]) == "v1" && vocab.Fold(h[1]) == "v2" && vocab.Fold(h[2]) == "v3" &&
		len(next) > 0 && len(next[0]) > 0 && vocab.Fold(next[0][0]) == "responseid"
}

var vName = regexp.MustCompile(`^[Vv]\d+$`)

// Header joins each short name with its question text ("Q_6_1_2 — I can describe ...") so that
// both an id in the short name and the text can map the column.
func (Qualtrics) Header(h []string, next [][]string) ([]string, int) {
	if len(next) == 0 {
		return h, 0
	}
	skip := 1
	if importIDRow(next, 1) {
		skip = 2
	}
	texts := make([]string, len(h))
	for i, short := range h {
		q := ""
		if i < len(next[0]) {
			q = strings.TrimSpace(next[0][i])
		}
		switch {
		case vName.MatchString(short) && q != "":
			texts[i] = q // a legacy export's system column: its field name is in the second row
		case q == "" || q == short || vocab.Fold(short) == vocab.Fold(q):
			texts[i] = short
		case isBookkeeping(short):
			texts[i] = short
		default:
			texts[i] = short + " — " + q
		}
	}
	return texts, skip
}

func isBookkeeping(short string) bool {
	_, ok := qualtricsHints(vocab.Fold(short))
	return ok
}

var qualtricsHints = hints(map[string][]string{
	mapping.RoleRespondentID: {"ResponseId", "Response ID"},
	mapping.RoleIgnored: {"StartDate", "EndDate", "Status", "Progress", "Duration (in seconds)", "Finished",
		"RecordedDate", "DistributionChannel", "UserLanguage", "Start Date", "End Date", "Response Type",
		"Recorded Date", "Distribution Channel", "User Language", "ResponseSet", "Response Set", "LocationAccuracy"},
	mapping.RolePersonal: {"IPAddress", "IP Address", "RecipientLastName", "RecipientFirstName", "RecipientEmail",
		"ExternalReference", "ExternalDataReference", "LocationLatitude", "LocationLongitude",
		"Recipient Last Name", "Recipient First Name", "Recipient Email", "External Data Reference",
		"Location Latitude", "Location Longitude", "Name", "EmailAddress", "Email Address"},
})

// freeText matches Qualtrics' free-text columns, whose short names end _TEXT (folded: "q5 text").
var freeText = regexp.MustCompile(`^q\d+( \d+)* text( |$)`)

// Hint also drops Qualtrics' free-text columns.
func (Qualtrics) Hint(f string) (string, bool) {
	if freeText.MatchString(f) {
		return mapping.RoleIgnored, true
	}
	return qualtricsHints(f)
}
