// Package synth generates a realistic, deterministic synthetic quarter of survey exports for the
// demo and for tests: several NHS trusts across all seven regions, each sending one wide file
// (CSV or Excel) with staff of many professions and archetypes answering every capability, with
// plausible differences between groups and a little of the mess real files carry.
package synth

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/nhs-readiness/readiness/pipeline/framework"
	"github.com/nhs-readiness/readiness/pipeline/vocab"
)

// Options size the generated quarter.
type Options struct {
	Seed         uint64
	Respondents  int    // in all, split unevenly across trusts
	Trusts       int    // at least 7, so that every region has one
	Quarter      string // YYYYQn
	Out          string // folder for the files
	MessyPercent float64
	// Shift moves every respondent's ability (in answer levels); a negative shift makes an
	// earlier, less ready quarter.
	Shift float64
	// Items is how many capabilities each survey asks, spread over the framework; 0 for all.
	Items int
	// Formats cycle over the trusts' files: csv, xlsx, msforms (Excel), qualtrics (CSV).
	// Empty means csv and xlsx.
	Formats []string
}

// Formats are the export formats Generate can write.
var Formats = []string{"csv", "xlsx", "msforms", "qualtrics"}

// File is one generated export.
type File struct {
	Path        string
	Trust       string
	Region      string
	Format      string // csv or xlsx
	Scale       string
	Respondents int
}

// profession weights, roughly the NHS workforce mix, and an ability offset.
var professionMix = []struct {
	code   string
	weight float64
	offset float64
	shown  []string // how the profession is written in files, by chance
}{
	{"nurse", 28, 0, []string{"Nurse", "Registered Nurse", "Staff Nurse", "RN", "nurse", "ANP"}},
	{"doctor", 14, 0.3, []string{"Doctor", "Consultant", "Registrar", "FY1", "GP", "Resident doctor"}},
	{"support_worker", 11, -0.45, []string{"Healthcare support worker", "HCA", "Healthcare Assistant"}},
	{"admin_clerical", 10, -0.35, []string{"Administrative and clerical", "Admin", "Medical secretary"}},
	{"manager", 5, 0.1, []string{"Manager", "Service Manager", "Senior manager"}},
	{"midwife", 3, -0.05, []string{"Midwife", "Registered midwife"}},
	{"physiotherapist", 4, 0.2, []string{"Physiotherapist", "Physio", "PT"}},
	{"occupational_therapist", 3, 0.15, []string{"Occupational Therapist", "OT"}},
	{"paramedic", 3, 0.2, []string{"Paramedic"}},
	{"radiographer", 3, 0.3, []string{"Radiographer", "Diagnostic radiographer"}},
	{"pharmacist", 3, 0.25, []string{"Pharmacist", "Clinical pharmacist"}},
	{"slt", 1.5, 0.15, []string{"Speech and language therapist", "SALT", "SLT"}},
	{"dietitian", 1.5, 0.1, []string{"Dietitian", "Dietician"}},
	{"odp", 1, 0.1, []string{"ODP", "Operating department practitioner"}},
	{"podiatrist", 1, 0.1, []string{"Podiatrist", "Chiropodist"}},
	{"healthcare_scientist", 2, 0.45, []string{"Healthcare scientist", "Clinical scientist"}},
	{"digital_it", 2.5, 0.55, []string{"IT", "Digital lead", "Software developer"}},
	{"data_analyst", 2, 0.6, []string{"Data analyst", "Information analyst"}},
	{"data_scientist", 0.8, 0.8, []string{"Data scientist"}},
	{"clinical_informatician", 0.7, 0.75, []string{"Clinical informatician", "CCIO"}},
}

// archetype mixes (S, D, C, E, U) by kind of profession.
var archetypeMix = map[string][5]float64{
	"clinical":    {0.01, 0.05, 0.02, 0.07, 0.85},
	"support":     {0, 0.01, 0, 0.03, 0.96},
	"manager":     {0.15, 0.5, 0, 0.05, 0.30},
	"data":        {0, 0.05, 0.55, 0.30, 0.10},
	"digital":     {0, 0.12, 0.30, 0.48, 0.10},
	"informatics": {0.05, 0.30, 0.20, 0.40, 0.05},
	"science":     {0, 0.05, 0.30, 0.30, 0.35},
}

func archetypeKind(code string) string {
	switch code {
	case "support_worker", "admin_clerical":
		return "support"
	case "manager":
		return "manager"
	case "data_analyst", "data_scientist":
		return "data"
	case "digital_it":
		return "digital"
	case "clinical_informatician":
		return "informatics"
	case "healthcare_scientist":
		return "science"
	}
	return "clinical"
}

var archetypeCodes = []string{"S", "D", "C", "E", "U"}

// archetype written as in real files.
var archetypeShown = map[string][]string{
	"S": {"Shapers", "Shaper"}, "D": {"Drivers", "Driver"}, "C": {"Creators", "Creator"},
	"E": {"Embedders", "Embedder"}, "U": {"Users", "User", "users"},
}

// bonus in a domain for an archetype: Creators and Embedders ahead in data and AI, Drivers in
// implementation and human factors, Shapers in ethics and regulation.
func bonus(archetype, domain string) float64 {
	switch {
	case (archetype == "C" || archetype == "E") && (domain == "5" || domain == "6"):
		return 0.7
	case archetype == "D" && (domain == "1" || domain == "4"):
		return 0.55
	case archetype == "S" && (domain == "3" || domain == "4"):
		return 0.5
	}
	return 0
}

// domainOffset: staff are least confident in AI and data.
var domainOffset = map[string]float64{"1": 0.15, "2": 0.25, "3": -0.1, "4": 0.05, "5": -0.2, "6": -0.55}

// Generate writes the files of one quarter and returns them in order.
func Generate(ctx context.Context, fw *framework.Framework, v *vocab.Vocabularies, opt Options) ([]File, error) {
	if opt.Trusts < len(v.Regions) {
		return nil, fmt.Errorf("synth: %d trusts cannot cover %d regions", opt.Trusts, len(v.Regions))
	}
	if opt.Respondents < opt.Trusts {
		return nil, fmt.Errorf("synth: %d respondents for %d trusts", opt.Respondents, opt.Trusts)
	}
	trusts := pickTrusts(v, opt.Trusts)
	for i := len(trusts); i < opt.Trusts; i++ { // more trusts than the vocabulary knows: made up
		trusts = append(trusts, syntheticTrust(i, v))
	}
	if len(opt.Formats) == 0 {
		opt.Formats = []string{"csv", "xlsx"}
	}
	for _, f := range opt.Formats {
		if !slices.Contains(Formats, f) {
			return nil, fmt.Errorf("synth: format %q is not one of %s", f, strings.Join(Formats, ", "))
		}
	}
	statements := fw.Statements
	if opt.Items > 0 && opt.Items < len(statements) {
		picked := make([]framework.Statement, opt.Items)
		for i := range picked {
			picked[i] = fw.Statements[i*len(fw.Statements)/opt.Items]
		}
		statements = picked
	}
	if err := os.MkdirAll(opt.Out, 0o755); err != nil {
		return nil, fmt.Errorf("synth: %w", err)
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x5eed))
	// Uneven trust sizes that add up to the total.
	weights := make([]float64, len(trusts))
	sum := 0.0
	for i := range weights {
		weights[i] = 0.6 + rng.Float64()
		sum += weights[i]
	}
	regionOffset := map[string]float64{}
	for i, r := range v.Regions {
		regionOffset[r.Code] = []float64{-0.05, 0, 0.05, -0.1, 0.12, 0.08, -0.02}[i%7]
	}
	var files []File
	left := opt.Respondents
	for i, o := range trusts {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		n := int(math.Round(float64(opt.Respondents) * weights[i] / sum))
		if i == len(trusts)-1 || n > left {
			n = left
		}
		left -= n
		format := opt.Formats[i%len(opt.Formats)]
		scale := "confidence5"
		if i%4 == 3 {
			scale = "agreement5"
		}
		tf := trustFile{org: o, format: format, scale: scale, n: n, rng: rand.New(rand.NewPCG(opt.Seed, uint64(i+1))),
			statements: statements, regionOffset: regionOffset[o.Region] + opt.Shift, messy: opt.MessyPercent / 100, quarter: opt.Quarter, index: i}
		rows := tf.rows()
		ext := map[string]string{"csv": "csv", "xlsx": "xlsx", "msforms": "xlsx", "qualtrics": "csv"}[format]
		name := fmt.Sprintf("%s_%s_%s.%s", o.Code, slug(o.Name), opt.Quarter, ext)
		if format == "msforms" || format == "qualtrics" {
			name = fmt.Sprintf("%s_%s_%s_%s.%s", o.Code, slug(o.Name), format, opt.Quarter, ext)
		}
		path := filepath.Join(opt.Out, name)
		var err error
		switch format {
		case "csv":
			err = writeCSV(path, rows)
		case "xlsx":
			err = writeXLSX(path, o.Name, opt.Quarter, rows)
		case "msforms":
			err = writeXLSXPlain(path, msForms(rows, statements))
		case "qualtrics":
			err = writeCSV(path, qualtrics(rows, statements, fw.Statements))
		}
		if err != nil {
			return nil, fmt.Errorf("synth %s: %w", name, err)
		}
		files = append(files, File{Path: path, Trust: o.Code, Region: o.Region, Format: format, Scale: scale, Respondents: n})
	}
	return files, nil
}

// pickTrusts takes trusts region by region in turn, so that every region has at least one.
func pickTrusts(v *vocab.Vocabularies, n int) []vocab.Organisation {
	byRegion := map[string][]vocab.Organisation{}
	for _, o := range v.Organisations {
		byRegion[o.Region] = append(byRegion[o.Region], o)
	}
	var out []vocab.Organisation
	for round := 0; len(out) < n; round++ {
		added := false
		for _, r := range v.Regions {
			if round < len(byRegion[r.Code]) && len(out) < n {
				out = append(out, byRegion[r.Code][round])
				added = true
			}
		}
		if !added {
			break
		}
	}
	return out
}

type trustFile struct {
	org          vocab.Organisation
	format       string
	scale        string
	n            int
	rng          *rand.Rand
	statements   []framework.Statement
	regionOffset float64
	messy        float64
	quarter      string
	index        int
}

var labels = map[string][]string{
	"confidence5": {"Not at all confident", "Slightly confident", "Somewhat confident", "Very confident", "Extremely confident"},
	"agreement5":  {"Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"},
}

// rows returns the header and data rows of one trust's export.
func (t *trustFile) rows() [][]string {
	header := []string{"Response ID", "Completion time", "Email", "Profession", "Trust", "Archetype"}
	for _, s := range t.statements {
		header = append(header, "["+s.ID+"] "+s.Text)
	}
	out := [][]string{header}
	totalWeight := 0.0
	for _, p := range professionMix {
		totalWeight += p.weight
	}
	trustShown := t.org.Code
	if t.index%3 == 1 {
		trustShown = t.org.Name
	}
	for r := 0; r < t.n; r++ {
		// Profession by weight.
		x := t.rng.Float64() * totalWeight
		pi := 0
		for x > professionMix[pi].weight && pi < len(professionMix)-1 {
			x -= professionMix[pi].weight
			pi++
		}
		p := professionMix[pi]
		mix := archetypeMix[archetypeKind(p.code)]
		y, ai := t.rng.Float64(), 0
		for ai < 4 && y > mix[ai] {
			y -= mix[ai]
			ai++
		}
		arch := archetypeCodes[ai]
		theta := p.offset + t.regionOffset + t.rng.NormFloat64()*0.75
		shownProf := p.shown[t.rng.IntN(len(p.shown))]
		shownArch := archetypeShown[arch][t.rng.IntN(len(archetypeShown[arch]))]
		if t.rng.Float64() < t.messy {
			shownProf = misspell(shownProf, t.rng)
		}
		id := fmt.Sprintf("%s-%05d", t.org.Code, r+1)
		when := fmt.Sprintf("%s-%02d-%02d %02d:%02d", quarterYear(t.quarter), quarterMonth(t.quarter)+t.rng.IntN(3), 1+t.rng.IntN(28), 8+t.rng.IntN(10), t.rng.IntN(60))
		row := []string{id, when, fmt.Sprintf("staff%05d@example.nhs.uk", r+1), shownProf, trustShown, shownArch}
		for _, s := range t.statements {
			if t.rng.Float64() < 0.04 { // skipped
				row = append(row, "")
				continue
			}
			domain := strings.SplitN(s.Area, ".", 2)[0]
			raw := 2.1 + theta + bonus(arch, domain) + domainOffset[domain] - 0.6*float64(s.Level-1) + t.rng.NormFloat64()*0.85
			level := int(math.Max(0, math.Min(4, math.Round(raw))))
			row = append(row, labels[t.scale][level])
		}
		if t.rng.Float64() < t.messy/3 { // an answer off the scale
			row[6+t.rng.IntN(len(t.statements))] = "Not sure"
		}
		out = append(out, row)
	}
	return out
}

// syntheticTrust makes up the i-th trust beyond the vocabulary's: code Z followed by two
// characters, in the regions in turn.
func syntheticTrust(i int, v *vocab.Vocabularies) vocab.Organisation {
	const digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	code := "Z" + string(digits[(i/36)%36]) + string(digits[i%36])
	r := v.Regions[i%len(v.Regions)]
	return vocab.Organisation{Code: code, Name: "Synthetic Trust " + code, Region: r.Code}
}

// SyntheticOrganisations returns the made-up trusts Generate uses beyond the vocabulary's, for
// an organisations file that lets them load.
func SyntheticOrganisations(v *vocab.Vocabularies, trusts int) []vocab.Organisation {
	var out []vocab.Organisation
	for i := len(pickTrusts(v, trusts)); i < trusts; i++ {
		out = append(out, syntheticTrust(i, v))
	}
	return out
}

func misspell(s string, rng *rand.Rand) string {
	typos := []string{"Physio therapist", "Staff nurce", "Pharmasist", "Paramedik", "Docter", "Mid wife"}
	return typos[rng.IntN(len(typos))]
}

func quarterYear(q string) string { return q[:4] }

func quarterMonth(q string) int { return 3*int(q[5]-'1') + 1 }

// Summary counts files by format and region, for messages.
func Summary(files []File) string {
	regions := map[string]bool{}
	formats := map[string]int{}
	total := 0
	for _, f := range files {
		regions[f.Region] = true
		formats[f.Format]++
		total += f.Respondents
	}
	keys := make([]string, 0, len(formats))
	for k := range formats {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%d %s", formats[k], k)
	}
	return fmt.Sprintf("%d files (%s) from %d trusts in %d regions, %d respondents",
		len(files), strings.Join(parts, ", "), len(files), len(regions), total)
}
