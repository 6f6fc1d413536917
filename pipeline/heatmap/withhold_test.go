package heatmap

import "testing"

// A withheld cell keeps no figure, and a change whose previous quarter is withheld keeps neither
// the change nor its interval: the interval's middle is the change.
func TestWithheldCellKeepsNoFigure(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	full := func() Cell {
		return Cell{N: 40, Answers: 90, Value: f(0.5), MeanLevel: f(2), CILow: f(0.4), CIHigh: f(0.6), Flags: "unknown_archetype",
			Previous: f(0.3), ChangePP: f(20), ChangeLow: f(5), ChangeHigh: f(35)}
	}
	c := full()
	withhold(&c, "complementary")
	if c.N != 0 || c.Answers != 0 || c.Value != nil || c.MeanLevel != nil || c.CILow != nil || c.CIHigh != nil || c.Flags != "" ||
		c.Previous != nil || c.ChangePP != nil || c.ChangeLow != nil || c.ChangeHigh != nil || !c.Suppressed {
		t.Errorf("withheld cell keeps %+v", c)
	}
	c = full()
	dropChange(&c)
	if c.Previous != nil || c.ChangePP != nil || c.ChangeLow != nil || c.ChangeHigh != nil || c.Value == nil {
		t.Errorf("a change without its previous quarter keeps %+v", c)
	}
}
