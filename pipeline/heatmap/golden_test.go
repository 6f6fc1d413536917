package heatmap_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/nhs-readiness/readiness/pipeline/heatmap"
	"github.com/nhs-readiness/readiness/pipeline/warehouse"
	"github.com/nhs-readiness/readiness/pipeline/warehouse/warehousetest"
)

func handWarehouse(t *testing.T) *warehouse.Warehouse {
	t.Helper()
	return warehousetest.HandMade(t)
}

// cells renders a heatmap's row as "label: cells", a cell being its value to three places (a
// change: signed percentage points to one place), "*" suppressed, "-" empty; columns without any
// respondent in the whole heatmap are left out, so that the figures stay readable.
func cells(h *heatmap.Heatmap) string {
	used := map[int]bool{}
	for _, row := range h.Cells {
		for j, c := range row {
			if !c.Empty() {
				used[j] = true
			}
		}
	}
	var rows []string
	for i, r := range h.Rows {
		var out []string
		for j, c := range h.Cells[i] {
			if !used[j] {
				continue
			}
			switch {
			case c.Suppressed:
				out = append(out, "*")
			case c.Empty():
				out = append(out, "-")
			case h.Change && c.ChangePP != nil:
				out = append(out, fmt.Sprintf("%+.1f", *c.ChangePP))
			case h.Change:
				out = append(out, "n/a")
			default:
				out = append(out, fmt.Sprintf("%.3f", *c.Value))
			}
		}
		rows = append(rows, r.Label+": "+strings.Join(out, " "))
	}
	return strings.Join(rows, " | ")
}

func compute(t *testing.T, db *warehouse.Warehouse, s heatmap.Spec, quarter string, threshold int) *heatmap.Heatmap {
	t.Helper()
	h, err := heatmap.Compute(context.Background(), db, s, heatmap.Params{Quarter: quarter, Threshold: threshold})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// cells_domain.sql, disclosure and grid.sql.
func TestGoldenDomain(t *testing.T) {
	db := handWarehouse(t)
	cases := []struct {
		spec      heatmap.Spec
		threshold int
		want      string
	}{
		// Doctor 2/3 | (1+.5+0)/3; nurse (1+0+1+0)/4 | (0+1+1+0)/4; physio (1 respondent) is
		// suppressed, and so is the smallest other cell of each column (doctor, 3 < nurse, 4).
		{heatmap.DomainSpecs[0], 3, "Doctor: * * | Nurse: 0.500 0.500 | Physiotherapist: * *"},
		{heatmap.DomainSpecs[0], 1, "Doctor: 0.667 0.500 | Nurse: 0.500 0.500 | Physiotherapist: 1.000 0.000"},
		// London (n3, n4, d3) 2/3 | 1/3; South East (n1, n2, d1, d2, p1) 3/5 | 2.5/5.
		{heatmap.DomainSpecs[1], 3, "London: 0.667 0.333 | South East: 0.600 0.500"},
		// Creators 2/3 | 1/2; Users 1/2 | 1/2; the unknown archetype (p1 alone) suppressed, and
		// Creators (3) with it.
		{heatmap.DomainSpecs[2], 3, "Creators: * * | Users: 0.500 0.500 | Unknown: * *"},
		{heatmap.DomainSpecs[2], 1, "Creators: 0.667 0.500 | Users: 0.500 0.500 | Unknown: 1.000 0.000"},
		// Trusts of London only: RJ1 (n3, n4, d3).
		{heatmap.TrustSpec("E40000003", "London"), 3, "Guy's and St Thomas' NHS Foundation Trust: 0.667 0.333"},
	}
	for _, c := range cases {
		h := compute(t, db, c.spec, "2026Q3", c.threshold)
		if got := cells(h); got != c.want {
			t.Errorf("%s, threshold %d:\n got %s\nwant %s", c.spec.Name, c.threshold, got, c.want)
		}
		if len(h.Cols) != 6 {
			t.Errorf("%s: %d columns, want the 6 domains", c.spec.Name, len(h.Cols))
		}
	}
	// The South East's cells include a respondent of unknown archetype (all capabilities relevant).
	se := compute(t, db, heatmap.DomainSpecs[1], "2026Q3", 3).Cells[1][0]
	// Domain 1 answers in the South East: n1 3; n2 2; d1 3, 1; d2 0, 3; p1 3, 3: 8 answers, levels 18.
	if se.Flags != "unknown_archetype" || se.N != 5 || se.Answers != 8 || math.Abs(*se.MeanLevel-18.0/8) > 1e-9 {
		t.Errorf("South East x domain 1: flags %q n %d answers %d mean level %v", se.Flags, se.N, se.Answers, *se.MeanLevel)
	}
	doctor := compute(t, db, heatmap.DomainSpecs[0], "2026Q3", 3).Cells[0][0]
	if doctor.Suppression != "secondary" || doctor.N != 0 {
		t.Errorf("doctor x domain 1 should be secondary suppressed with no n shown: %+v", doctor)
	}
}

// cells_subdomain.sql: columns are the sub-domains plus each domain's own statements.
func TestGoldenSubdomain(t *testing.T) {
	db := handWarehouse(t)
	// Used columns: "1" (1-L1-01, 1-L3-01), "6, general" (6-L1-01), 6.1 (6.1-L3-02).
	// London: 2/3 | (1+0+0)/3 | d3 alone (primary); South East: 3/5 | (0+1+1+1+0)/5 | d1, d2, p1
	// (1+0+0)/3, suppressed as the only other cell of the 6.1 column.
	h := compute(t, db, heatmap.SubdomainSpecs[1], "2026Q3", 3)
	if got, want := cells(h), "London: 0.667 0.333 * | South East: 0.600 0.600 *"; got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
	var labels []string
	for _, c := range h.Cols {
		labels = append(labels, c.Key)
	}
	if got := strings.Join(labels, " "); got != "1 2.1 2.2 3.1 3.2 4.1 5.1 5.2 6 6.1 6.2 6.3 6.4" {
		t.Errorf("sub-domain columns: %s", got)
	}
	if h.Cols[8].Label != "Artificial intelligence (AI), general" || h.Cols[9].Group != "6" {
		t.Errorf("column 6: %+v, column 6.1: %+v", h.Cols[8], h.Cols[9])
	}
	if s := h.Cells[0][9]; s.Suppression != "primary" || h.Cells[1][9].Suppression != "secondary" {
		t.Errorf("6.1 suppression: London %q, South East %q", s.Suppression, h.Cells[1][9].Suppression)
	}
}

// cells_profession_region.sql: rows and columns both have published totals.
func TestGoldenProfessionRegion(t *testing.T) {
	db := handWarehouse(t)
	spec := heatmap.ProfessionRegionSpec("6", "Artificial intelligence (AI)")
	// Domain 6 by region (London, South East): doctor d3 0 | d1, d2 (1+.5)/2; nurse (1+0)/2 |
	// (0+1)/2; physio - | p1 0.
	if got, want := cells(compute(t, db, spec, "2026Q3", 1)), "Doctor: 0.000 0.750 | Nurse: 0.500 0.500 | Physiotherapist: - 0.000"; got != want {
		t.Errorf("threshold 1:\n got %s\nwant %s", got, want)
	}
	// Threshold 2: doctor/London and physio/South East are primary. Pass 1 protects both columns
	// (doctor/South East, nurse/London); pass 2 the nurse row, left with one suppressed cell.
	if got, want := cells(compute(t, db, spec, "2026Q3", 2)), "Doctor: * * | Nurse: * * | Physiotherapist: - *"; got != want {
		t.Errorf("threshold 2:\n got %s\nwant %s", got, want)
	}
}

// change.sql: percentage points, only where both quarters show a value.
func TestGoldenChange(t *testing.T) {
	db := handWarehouse(t)
	// 2026Q2 regions: London (q2n3, q2n4, q2d3) 2/3 | 2/3; South East (q2n1, q2n2, q2d1, q2d2)
	// 2/4 | 0. So London 0 | 1/3 - 2/3; South East 3/5 - 1/2 | 1/2 - 0.
	h := compute(t, db, heatmap.ChangeOf(heatmap.DomainSpecs[1]), "2026Q3", 3)
	if got, want := cells(h), "London: +0.0 -33.3 | South East: +10.0 +50.0"; got != want {
		t.Errorf("region change:\n got %s\nwant %s", got, want)
	}
	if h.Previous != "2026Q2" || h.Cells[1][5].Previous == nil || *h.Cells[1][5].Previous != 0 {
		t.Errorf("previous quarter %s, South East domain 6 previous %v", h.Previous, h.Cells[1][5].Previous)
	}
	// The interval of a change: difference ± 1.96 √(sd²/n this quarter + sd²/n last quarter).
	// South East domain 6: 2026Q3 readiness 0, 1, 1, .5, 0 (mean .5, sample variance 1/4, se² 1/20);
	// 2026Q2 0, 0, 0, 0 (se² 0): +50 ± 1.96 × √(1/20) × 100 = +50 ± 43.8, so [+6.2, +93.8], significant.
	// South East domain 1: 2026Q3 1, 0, .5, .5, 1 (variance .175, se² .035); 2026Q2 0, 1, 1, 0
	// (variance 1/3, se² 1/12): +10 ± 1.96 × √.118333 × 100 = +10 ± 67.4, not significant.
	// London domain 6: 1/3 against 2/3, each variance 1/3 over 3: -33.3 ± 1.96 × √(2/9) × 100 = ± 92.4, not significant;
	// London domain 1: 1, 0, 1 in both quarters: 0 ± 92.4.
	se := heatmap.Cell{}
	for _, tc := range []struct {
		row, col  int
		low, high float64
		sig       bool
	}{
		{1, 5, 50 - 196*math.Sqrt(1.0/20), 50 + 196*math.Sqrt(1.0/20), true},
		{1, 0, 10 - 196*math.Sqrt(0.035+1.0/12), 10 + 196*math.Sqrt(0.035+1.0/12), false},
		{0, 5, -100.0/3 - 196*math.Sqrt(2.0/9), -100.0/3 + 196*math.Sqrt(2.0/9), false},
		{0, 0, -196 * math.Sqrt(2.0/9), 196 * math.Sqrt(2.0/9), false},
	} {
		se = h.Cells[tc.row][tc.col]
		if se.ChangeLow == nil || math.Abs(*se.ChangeLow-tc.low) > 1e-6 || math.Abs(*se.ChangeHigh-tc.high) > 1e-6 || se.Significant() != tc.sig {
			t.Errorf("%s × %s: interval %v-%v significant %v, want %.2f-%.2f %v", h.Rows[tc.row].Label, h.Cols[tc.col].Label,
				fmtp(se.ChangeLow), fmtp(se.ChangeHigh), se.Significant(), tc.low, tc.high, tc.sig)
		}
	}
	// Professions: nurses 2026Q2 2/4 | 1/4; doctors are suppressed in 2026Q3, so no change.
	if got, want := cells(compute(t, db, heatmap.ChangeOf(heatmap.DomainSpecs[0]), "2026Q3", 3)),
		"Doctor: * * | Nurse: +0.0 +25.0 | Physiotherapist: * *"; got != want {
		t.Errorf("profession change:\n got %s\nwant %s", got, want)
	}
}

// analytics/capability_gaps.sql on the hand-made warehouse: each group's next level per domain.
func TestGoldenGaps(t *testing.T) {
	db := handWarehouse(t)
	gaps, err := heatmap.Gaps(context.Background(), db, "2026Q3", "archetype", 3, 2)
	if err != nil {
		t.Fatal(err)
	}
	// Creators (d1-d3): domain 1 is met by most at both levels (1-L1-01 2/3, 1-L3-01 2/3); in
	// domain 6, 6-L1-01 is met by 2/3 and 6.1-L3-02 by 1/3 (d1 only), so level 3 is next there.
	// Users (n1-n4): 1-L1-01 and 6-L1-01 are each met by 2 of 4, which is not most: both are
	// level 1 at 0.5, by id. The unknown archetype (one respondent) is below the threshold.
	want := []string{"Creators 1 6.1-L3-02 L3 3 0.333", "Users 1 1-L1-01 L1 4 0.500", "Users 2 6-L1-01 L1 4 0.500"}
	if got := gapLines(gaps); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("gaps:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func gapLines(gaps []heatmap.Gap) []string {
	var out []string
	for _, g := range gaps {
		out = append(out, fmt.Sprintf("%s %d %s L%d %d %.3f", g.RowLabel, g.Rank, g.CapabilityID, g.Level, g.N, g.Share))
	}
	return out
}

// The training-priority rule (docs/metrics.md): the lowest level not yet met by most of a group,
// level 4 only for groups badged for it who mostly meet level 3. Four capabilities of domain 1:
//
//	1-L1-01 level 1 SDCEU   1-L2-01 level 2 DEU   1-L3-01 level 3 DCE   1-L4-01 level 4 SD
func TestGoldenTrainingPriorities(t *testing.T) {
	person := func(quarter, id, profession, archetype, trust string, levels ...int) warehousetest.Person {
		return warehousetest.Person{Quarter: quarter, ID: id, Profession: profession, Archetype: archetype, Trust: trust, Levels: levels}
	}
	db := warehousetest.Build(t, []string{"1-L1-01", "1-L2-01", "1-L3-01", "1-L4-01"}, []warehousetest.Person{
		// Drivers (doctors): level 1 met by 4/4, level 2 by 3/4, level 3 by 3/4, level 4 by 1/4
		// (D2): level 4 is next, and they mostly meet level 3, so 1-L4-01 at 0.25.
		person("2026Q3", "d1", "doctor", "D", "RTH", 4, 3, 3, 1),
		person("2026Q3", "d2", "doctor", "D", "RTH", 3, 3, 4, 3),
		person("2026Q3", "d3", "doctor", "D", "RTH", 4, 3, 3, 0),
		person("2026Q3", "d4", "doctor", "D", "RTH", 3, 1, 1, 2),
		// Shapers (managers): level 1 met by 2/3 (s1, s2); levels 2 and 3 are not badged for
		// them; level 4 met by none. The old ranking put 1-L4-01 (0.0) first; now nothing is
		// listed: no level-3 capability of the domain is met by them, so level 4 is not next.
		person("2026Q3", "s1", "manager", "S", "RTH", 3, -1, -1, 0),
		person("2026Q3", "s2", "manager", "S", "RTH", 4, -1, -1, 0),
		person("2026Q3", "s3", "manager", "S", "RTH", 1, -1, -1, 1),
		// Users (nurses): level 1 met by 3/4, level 2 by 1/4 (u2): 1-L2-01 at 0.25.
		person("2026Q3", "u1", "nurse", "U", "RTH", 3, 1, -1, -1),
		person("2026Q3", "u2", "nurse", "U", "RTH", 4, 3, -1, -1),
		person("2026Q3", "u3", "nurse", "U", "RTH", 3, 2, -1, -1),
		person("2026Q3", "u4", "nurse", "U", "RTH", 0, 0, -1, -1),
		// Embedders (support workers), 3 of them, badged for levels 1-3 but not 4: level 1 met by
		// 3/3, level 2 by 2/3, level 3 by 1/3 (e3): 1-L3-01 at 0.333.
		person("2026Q3", "e1", "support_worker", "E", "RTH", 3, 3, 0, -1),
		person("2026Q3", "e2", "support_worker", "E", "RTH", 3, 4, 2, -1),
		person("2026Q3", "e3", "support_worker", "E", "RTH", 4, 1, 3, -1),
	})
	ctx := context.Background()
	gaps, err := heatmap.Gaps(ctx, db, "2026Q3", "archetype", 3, 5)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Drivers 1 1-L4-01 L4 4 0.250", "Embedders 1 1-L3-01 L3 3 0.333", "Users 1 1-L2-01 L2 4 0.250"}
	if got := gapLines(gaps); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("archetype priorities:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// By profession the groups are the same people, so the same priorities, in the professions'
	// order (doctor, nurse, support worker; managers have none).
	gaps, err = heatmap.Gaps(ctx, db, "2026Q3", "profession", 3, 5)
	if err != nil {
		t.Fatal(err)
	}
	want = []string{"Doctor 1 1-L4-01 L4 4 0.250", "Nurse 1 1-L2-01 L2 4 0.250", "Healthcare support worker 1 1-L3-01 L3 3 0.333"}
	if got := gapLines(gaps); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("profession priorities:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// analytics/level_profile.sql.
func TestGoldenLevelProfile(t *testing.T) {
	db := handWarehouse(t)
	prof, err := heatmap.LevelProfile(context.Background(), db, "2026Q3", 3)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, l := range prof {
		v := "-"
		if l.Share != nil {
			v = fmt.Sprintf("%.3f", *l.Share)
		}
		got[l.Domain] += v + " "
	}
	// Highest met level in domain 1: n2, n4 none; n1, n3, d1 level 1; d2, d3, p1 level 3.
	// Domain 6: n1, n4, d3, p1 none; n2, n3, d2 level 1; d1 level 3 (6.1-L3-02).
	if got["1"] != "0.250 0.375 0.000 0.375 0.000 " || got["6"] != "0.500 0.375 0.000 0.125 0.000 " || got["2"] != "- - - - - " {
		t.Errorf("level profile: %v", got)
	}
}

// docs/metrics.md shows an analyst's query for one cell; it must give the heatmap's value.
func TestDocQueryMatchesHeatmap(t *testing.T) {
	db := handWarehouse(t)
	var value float64
	var n int
	err := db.AnalystQueryRow(context.Background(), `SELECT avg(readiness) AS value, count(*) AS n
		FROM v_respondent_domain
		WHERE quarter = '2026Q3' AND profession_code = 'nurse' AND domain_id = '6'`).Scan(&value, &n)
	if err != nil {
		t.Fatal(err)
	}
	h := compute(t, db, heatmap.DomainSpecs[0], "2026Q3", 3)
	cell := h.Cells[1][5] // nurse x domain 6
	if cell.RowKey != "nurse" || cell.ColKey != "6" || *cell.Value != value || cell.N != int64(n) {
		t.Errorf("doc query %v (n %d), heatmap %+v", value, n, cell)
	}
}

// The stored cubes hold exactly their views' rows, also after the framework's badges change (the
// fingerprint changes and the cubes are computed again); the heatmaps read the stored cubes.
func TestStoredCubesMatchViews(t *testing.T) {
	wh := warehousetest.HandMade(t)
	ctx := context.Background()
	same := func(when string) {
		t.Helper()
		for _, c := range []string{"cube_domain", "cube_subdomain", "cube_respondents", "cube_levels", "cube_capabilities"} {
			var rows, diff int
			q := fmt.Sprintf(`SELECT (SELECT count(*) FROM %[1]s),
				(SELECT count(*) FROM ((SELECT * FROM %[1]s EXCEPT ALL SELECT * FROM v_%[1]s) UNION ALL (SELECT * FROM v_%[1]s EXCEPT ALL SELECT * FROM %[1]s)))`, c)
			if err := wh.AnalystQueryRow(ctx, q).Scan(&rows, &diff); err != nil {
				t.Fatal(err)
			}
			if rows == 0 || diff != 0 {
				t.Errorf("%s: %s has %d rows, %d differing from its view", when, c, rows, diff)
			}
		}
		// Every submission's cubes are recorded as computed with the reference data of now.
		var states, current int
		if err := wh.AnalystQueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE fingerprint = (SELECT fingerprint FROM v_reference_fingerprint))
			FROM cube_state`).Scan(&states, &current); err != nil {
			t.Fatal(err)
		}
		if states == 0 || current != states {
			t.Errorf("%s: %d of %d submissions' cubes recorded with the reference data of now", when, current, states)
		}
	}
	same("after loading")
	before := cells(compute(t, wh, heatmap.DomainSpecs[2], "2026Q3", 2)) // archetype x domain

	// Users lose their badge on 1-L1-01: their domain 1 answers no longer count.
	if _, err := wh.AnalystExec(ctx, `DELETE FROM capability_archetypes WHERE archetype_code = 'U' AND capability_id = '1-L1-01'`); err != nil {
		t.Fatal(err)
	}
	if err := wh.RefreshCubes(ctx); err != nil {
		t.Fatal(err)
	}
	same("after a change of badges")
	if after := cells(compute(t, wh, heatmap.DomainSpecs[2], "2026Q3", 2)); after == before {
		t.Errorf("archetype x domain did not follow the change of badges:\n before %s\n after  %s", before, after)
	}
}

func fmtp(v *float64) string {
	if v == nil {
		return "none"
	}
	return fmt.Sprintf("%.2f", *v)
}

// Trends: every group's readiness by domain in each loaded quarter, read from the report's views.
// Regions (threshold 3), from the fixture's table: London domain 1 2/3 then 2/3, domain 6 2/3
// then 1/3; South East domain 1 2/4 then 3/5, domain 6 0 then 1/2. Domains 2 to 5 have no
// answers: gaps in both quarters, never zeros.
func TestGoldenTrends(t *testing.T) {
	db := handWarehouse(t)
	ex, err := heatmap.Explorer(context.Background(), db, 3, "2026Q3", false)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, tr := range heatmap.Trends(ex) {
		if tr.Dimension != "region" {
			continue
		}
		var pts []string
		for _, p := range tr.Points {
			switch {
			case p.Gap:
				pts = append(pts, p.Quarter+" gap")
			case p.Suppressed:
				pts = append(pts, p.Quarter+" *")
			default:
				pts = append(pts, fmt.Sprintf("%s %.3f n=%d", p.Quarter, *p.Value, p.N))
			}
		}
		got[tr.Group+" "+tr.Area] = strings.Join(pts, ", ")
	}
	want := map[string]string{
		"London 1":     "2026Q2 0.667 n=3, 2026Q3 0.667 n=3",
		"London 6":     "2026Q2 0.667 n=3, 2026Q3 0.333 n=3",
		"South East 1": "2026Q2 0.500 n=4, 2026Q3 0.600 n=5",
		"South East 6": "2026Q2 0.000 n=4, 2026Q3 0.500 n=5",
		"London 3":     "2026Q2 gap, 2026Q3 gap",
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("trend %s: %q, want %q", k, got[k], w)
		}
	}
	if len(got) != 12 {
		t.Errorf("%d region trends, want 2 regions x 6 domains", len(got))
	}
}

// The reference rows (references.go): England on the dimension heatmaps, the region as well on
// a trust heatmap, and their change.
func TestGoldenReferences(t *testing.T) {
	db := handWarehouse(t)
	ctx := context.Background()
	specs := []heatmap.Spec{heatmap.DomainSpecs[0], heatmap.ChangeOf(heatmap.DomainSpecs[0]),
		heatmap.TrustSpec("E40000005", "South East"), heatmap.ProfessionRegionSpec("1", "Digital")}
	hs, err := heatmap.ComputeAll(ctx, db, specs, heatmap.Params{Quarter: "2026Q3", Threshold: 3})
	if err != nil {
		t.Fatal(err)
	}
	if err := heatmap.AddReferences(ctx, db, hs, 3); err != nil {
		t.Fatal(err)
	}
	// England 2026Q3, readiness of all 8 respondents: domain 1 (1+0+1+0+0.5+0.5+1+1)/8 = 0.625;
	// domain 6 (0+1+1+0+1+0.5+0+0)/8 = 0.4375. 2026Q2, 7 respondents: domain 1 4/7, domain 6 2/7,
	// so the change is +5.4 pp and +15.2 pp. South East (RTH: n1, n2, d1, d2, p1): domain 1
	// (1+0+0.5+0.5+1)/5 = 0.6, domain 6 (0+1+1+0.5+0)/5 = 0.5.
	last := func(h *heatmap.Heatmap, k int) string {
		c := *h
		c.Rows, c.Cells = h.Rows[len(h.Rows)-k:], h.Cells[len(h.Rows)-k:]
		return cells(&c)
	}
	if got, want := last(hs[0], 1), "England: 0.625 0.438"; got != want || hs[0].OwnRows() != 3 || hs[0].Rows[3].Key != "E92000001" {
		t.Errorf("profession heatmap's England row: %s (own rows %d), want %s", got, hs[0].OwnRows(), want)
	}
	if got, want := last(hs[1], 1), "England: +5.4 +15.2"; got != want {
		t.Errorf("profession change's England row: %s, want %s", got, want)
	}
	if got, want := last(hs[2], 2), "South East (region): 0.600 0.500 | England: 0.625 0.438"; got != want {
		t.Errorf("trust heatmap's references: %s, want %s", got, want)
	}
	if hs[2].Rows[hs[2].OwnRows()].Reference != heatmap.RefRegion || len(hs[3].Rows) != hs[3].OwnRows() {
		t.Errorf("reference kinds: %+v; profession x region rows %+v", hs[2].Rows, hs[3].Rows)
	}
}

// A trust's pack (packs.go), assembled from the protected release: RTH beside the South East
// and England, its trend and its position. RTH and RJ1 are both acute trusts, too few for a
// best, median and worst (MinBenchmark 3), but each has its position.
func TestGoldenPack(t *testing.T) {
	db := handWarehouse(t)
	ctx := context.Background()
	ex, err := heatmap.Explorer(ctx, db, 3, "2026Q3", true)
	if err != nil {
		t.Fatal(err)
	}
	rel := heatmap.Release{Explore: ex, Quarter: "2026Q3", Threshold: 3}
	if _, err := rel.Protect(ctx, db); err != nil {
		t.Fatal(err)
	}
	trusts, err := heatmap.PackTrusts(ctx, db, "2026Q3")
	if err != nil || len(trusts) != 2 || trusts[1].Code != "RTH" || trusts[1].Group != "Acute and acute & community trusts" || trusts[1].RegionName != "South East" {
		t.Fatalf("trusts of 2026Q3: %+v, %v", trusts, err)
	}
	packs := heatmap.Packs(&rel, trusts, trusts[1:], []heatmap.Gap{{RowKey: "RJ1"}, {RowKey: "RTH", CapabilityID: "6.1-L3-02"}})
	if len(packs) != 1 || packs[0].Trust != "RTH" {
		t.Fatalf("%d packs", len(packs))
	}
	p := packs[0]
	// RTH in 2026Q3 is n1, n2, d1, d2 and p1, who are also the whole South East: domain 1
	// (1+0+0.5+0.5+1)/5 = 0.6, domain 6 (0+1+1+0.5+0)/5 = 0.5; England as in TestGoldenReferences.
	if got, want := cells(p.Domain), "Oxford University Hospitals NHS Foundation Trust: 0.600 0.500 | South East (region): 0.600 0.500 | England: 0.625 0.438"; got != want {
		t.Errorf("pack by domain:\n got %s\nwant %s", got, want)
	}
	// RJ1 (n3, n4, d3): domain 1 (1+0+1)/3 = 0.667 above RTH's 0.6; domain 6 (1+0+0)/3 = 0.333 below RTH's 0.5.
	var pos []string
	for _, b := range p.Benchmarks {
		if b.Domain == "1" || b.Domain == "6" {
			pos = append(pos, fmt.Sprintf("%s %.3f %d of %d best %v", b.Domain, *b.Value, b.Rank, b.Trusts, b.Best != nil))
		}
	}
	if got, want := strings.Join(pos, "; "), "1 0.600 2 of 2 best false; 6 0.500 1 of 2 best false"; got != want {
		t.Errorf("position: %s, want %s", got, want)
	}
	// Trend of domain 1: RTH 2026Q2 (q2n1, q2n2, q2d1, q2d2) (0+1+1+0)/4 = 0.5, then 0.6; the South
	// East is the same people; England 4/7, then 0.625.
	var trend []string
	for _, tr := range p.Trends {
		if tr.Area == "1" {
			trend = append(trend, fmt.Sprintf("%s %.3f %.3f", tr.Group, *tr.Points[0].Value, *tr.Points[1].Value))
		}
	}
	if got, want := strings.Join(trend, "; "), "Oxford University Hospitals NHS Foundation Trust 0.500 0.600; South East (region) 0.500 0.600; England 0.571 0.625"; got != want {
		t.Errorf("trend:\n got %s\nwant %s", got, want)
	}
	if len(p.Gaps) != 1 || p.Gaps[0].CapabilityID != "6.1-L3-02" || len(p.Files) != 0 {
		t.Errorf("pack gaps %+v, files %+v", p.Gaps, p.Files)
	}
}

// NHS staff groups publish where their professions are withheld: three allied health professions
// of 2 respondents each are under the threshold (3), but together they are 6 and their staff
// group is published; no single one of them can be worked out from it. One capability,
// 1-L1-01 (domain 1), all Users at RTH:
//
//	doctors d1-d3: 3 3 3 -> 1.0          nurses n1-n4: 3 3 1 0 -> 0.5
//	physiotherapists p1 p2: 3 0; occupational therapists o1 o2: 3 3; paramedics m1 m2: 0 0
//	allied health professionals: (1+0+1+1+0+0)/6 = 0.5
func TestGoldenStaffGroups(t *testing.T) {
	var people []warehousetest.Person
	for _, p := range []struct {
		id, profession string
		level          int
	}{{"d1", "doctor", 3}, {"d2", "doctor", 3}, {"d3", "doctor", 3}, {"n1", "nurse", 3}, {"n2", "nurse", 3}, {"n3", "nurse", 1}, {"n4", "nurse", 0},
		{"p1", "physiotherapist", 3}, {"p2", "physiotherapist", 0}, {"o1", "occupational_therapist", 3}, {"o2", "occupational_therapist", 3},
		{"m1", "paramedic", 0}, {"m2", "paramedic", 0}} {
		people = append(people, warehousetest.Person{Quarter: "2026Q3", ID: p.id, Profession: p.profession, Archetype: "U", Trust: "RTH", Levels: []int{p.level}})
	}
	db := warehousetest.Build(t, []string{"1-L1-01"}, people)
	ctx := context.Background()
	hs, err := heatmap.ComputeAll(ctx, db, heatmap.DomainSpecs, heatmap.Params{Quarter: "2026Q3", Threshold: 3})
	if err != nil {
		t.Fatal(err)
	}
	if err := heatmap.AddReferences(ctx, db, hs, 3); err != nil {
		t.Fatal(err)
	}
	ex, err := heatmap.Explorer(ctx, db, 3, "2026Q3", false)
	if err != nil {
		t.Fatal(err)
	}
	rel := heatmap.Release{Heatmaps: hs, Explore: ex, Quarter: "2026Q3", Threshold: 3}
	res, err := rel.Protect(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]string{}
	for _, h := range hs {
		byName[h.Name] = cells(h)
	}
	if got, want := byName["staff_group_domain"], "HCHS doctors: 1.000 | Nurses and health visitors: 0.500 | Allied health professionals: 0.500 | England: 0.615"; got != want {
		t.Errorf("staff groups:\n got %s\nwant %s", got, want)
	}
	if got, want := byName["profession_domain"], "Doctor: 1.000 | Nurse: 0.500 | Occupational therapist: * | Paramedic: * | Physiotherapist: * | England: 0.615"; got != want {
		t.Errorf("professions:\n got %s\nwant %s", got, want)
	}
	if len(res.Recoverable) != 0 {
		t.Errorf("recoverable: %v", res.Recoverable)
	}
}
