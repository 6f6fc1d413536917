package mapping_test

import (
	"testing"

	"github.com/nhs-readiness/readiness/configs"
	"github.com/nhs-readiness/readiness/pipeline/framework"
	"github.com/nhs-readiness/readiness/pipeline/fwimport"
	"github.com/nhs-readiness/readiness/pipeline/mapping"
	"github.com/nhs-readiness/readiness/pipeline/vocab"
)

// officialStyle are the statements of testdata/framework/headings_as_rows.csv (written in the
// official framework's style), with the embedded summary's statement on the same topic ("" when
// the summary has none): the truth the fuzzy matcher is measured against.
var officialStyle = []struct{ text, id, summary string }{
	{"I can describe how digital tools are introduced into my team's everyday work", "1-L1-01", "1-L1-01"},
	{"I know where to find my organisation's guidance on approved digital systems", "1-L1-02", ""},
	{"I can plan the steps needed to bring a new digital system into my service", "1-L2-01", "1-L2-02"},
	{"I can record observations accurately in an electronic patient record", "2.1-L1-01", "2.1-L1-02"},
	{"I recognise when a patient cannot use digital services and can offer another route to care", "2.1-L1-02", "2.1-L1-03"},
	{"I can weigh the benefits of a digital technology against the risks it brings to patients", "3.1-L2-01", ""},
	{"I can lead a team through the adoption of a new digital way of working", "4.1.2-L3-01", "4.1.2-L3-01"},
	{"I know the main sources of health and care data and how they may lawfully be used", "5.1.1-L1-01", "5.1.1-L1-01"},
	{"I can explain in plain terms what artificial intelligence is", "6-L1-01", "6-L1-01"},
	{"I can name everyday examples of AI outside health and care", "6-L1-02", "6-L1-01"},
	{"I can explain why a machine learning model needs separate data for training and for testing", "6.1-L2-01", "6.1-L2-01"},
	{"I can judge whether a language model's output is reliable enough for my clinical task", "6.1-L3-01", ""},
}

// rates maps every official-style header and counts columns mapped right, wrong and not at all.
func rates(fw *framework.Framework, truth func(i int) string) (right, wrong, unmapped int, conf []float64) {
	var texts []string
	for _, s := range officialStyle {
		texts = append(texts, s.text)
	}
	cols := mapping.New(fw).Map(texts, texts, mapping.Options{FuzzyThreshold: mapping.DefaultFuzzyThreshold})
	for i, c := range cols {
		switch {
		case c.Role != mapping.RoleCapability:
			unmapped++
		case c.CapabilityID == truth(i):
			right++
			conf = append(conf, c.Confidence)
		default:
			wrong++
		}
	}
	return right, wrong, unmapped, conf
}

// With the imported framework, a survey whose headers quote its statements word for word maps
// every column to the right capability; against the embedded summaries, the matcher maps some
// right, leaves the rest unmapped, and a wrong match is rarer than a miss. The figures are in the
// closing note of the framework issue.
func TestOfficialWordingMapping(t *testing.T) {
	base, _ := framework.LoadFS(configs.FS, "framework.yaml")
	v, _ := vocab.Load(configs.FS, vocab.Files{})
	var arch []fwimport.Archetype
	for _, a := range v.Archetypes {
		arch = append(arch, fwimport.Archetype{Code: a.Code, Name: a.Name})
	}
	res, err := fwimport.Import("../../testdata/framework/headings_as_rows.csv", fwimport.Options{Base: base, Archetypes: arch})
	if err != nil {
		t.Fatal(err)
	}
	right, wrong, unmapped, conf := rates(res.Framework, func(i int) string { return officialStyle[i].id })
	t.Logf("with the imported framework: %d right, %d wrong, %d unmapped (similarities %v)", right, wrong, unmapped, conf)
	if right != len(officialStyle) {
		t.Errorf("with the imported framework: %d right, %d wrong, %d unmapped; want all %d right", right, wrong, unmapped, len(officialStyle))
	}
	for _, c := range conf {
		if c != 1 {
			t.Errorf("a word-for-word header's similarity is %v, want 1", c)
		}
	}
	right, wrong, unmapped, conf = rates(base, func(i int) string { return officialStyle[i].summary })
	t.Logf("against the embedded summaries: %d right, %d wrong, %d unmapped (similarities of the right ones %v)", right, wrong, unmapped, conf)
	if wrong >= unmapped && wrong > 0 {
		t.Errorf("against the embedded summaries: %d wrong, %d unmapped: a wrong match must be rarer than a miss", wrong, unmapped)
	}
}
