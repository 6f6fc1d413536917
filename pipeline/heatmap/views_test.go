package heatmap_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/nhs-readiness/readiness/pipeline/heatmap"
)

// The views of every region (and every profession, and every trust) computed together are the heatmaps filtered
// by each in turn, cell for cell, suppression included: each view is protected on its own.
func TestViewsTogetherAsOneByOne(t *testing.T) {
	db := handWarehouse(t)
	ctx := context.Background()
	ex, err := heatmap.Explorer(ctx, db, 3, "2026Q3", false)
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string][]string{}
	for _, r := range ex.Regions {
		keys["region"] = append(keys["region"], r.Key)
	}
	for _, p := range ex.Professions {
		keys["profession"] = append(keys["profession"], p.Key)
	}
	trusts, err := heatmap.PackTrusts(ctx, db, "2026Q3")
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range trusts {
		keys["trust"] = append(keys["trust"], tr.Code)
	}
	if len(keys["region"]) < 2 || len(keys["profession"]) < 2 || len(keys["trust"]) < 2 {
		t.Fatalf("the hand-made warehouse has regions %v, professions %v and trusts %v", keys["region"], keys["profession"], keys["trust"])
	}
	suppressed := map[string]int{}
	for _, threshold := range []int{2, 3} {
		for _, s := range append(append([]heatmap.Spec{}, heatmap.DomainSpecs...), heatmap.SubdomainSpecs...) {
			for _, by := range []string{"region", "profession", "trust"} {
				if s.Dimension == by {
					continue
				}
				views, err := heatmap.ComputeViews(ctx, db, s, heatmap.Params{Threshold: threshold}, by, keys[by])
				if err != nil {
					t.Fatal(err)
				}
				if len(views) != len(keys[by]) {
					t.Errorf("%s by %s: %d views, want %d", s.Name, by, len(views), len(keys[by]))
				}
				for _, k := range keys[by] {
					f := s
					switch by {
					case "region":
						f.Region = k
					case "profession":
						f.Profession = k
					default:
						f.Trust = k
					}
					want, err := heatmap.ComputeQuarters(ctx, db, f, threshold)
					if err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(views[k], want) {
						t.Errorf("%s, %s %s, threshold %d: together\n%+v\none by one\n%+v", s.Name, by, k, threshold, views[k], want)
					}
					for _, h := range want {
						for _, row := range h.Cells {
							for _, c := range row {
								if c.Suppressed {
									suppressed[c.Suppression]++
								}
							}
						}
					}
				}
			}
		}
	}
	// The comparison covers withheld cells of both kinds.
	if suppressed["primary"] == 0 || suppressed["secondary"] == 0 {
		t.Errorf("suppressed cells compared: %v; want primary and secondary ones", suppressed)
	}
	if _, err := heatmap.ComputeViews(ctx, db, heatmap.Spec{Name: "x", Kind: heatmap.KindDomain, Region: "E40000005"}, heatmap.Params{Threshold: 3}, "region", nil); err == nil {
		t.Error("views by region of a heatmap filtered by region: no error")
	}
}

// The trusts' staff group heatmaps from one query are those computed one trust at a time, for one
// quarter, a trust without respondents in it included (an empty grid).
func TestStaffGroupsAsOneByOne(t *testing.T) {
	db := handWarehouse(t)
	ctx := context.Background()
	trusts, err := heatmap.PackTrusts(ctx, db, "2026Q3")
	if err != nil {
		t.Fatal(err)
	}
	trusts = append(trusts, heatmap.PackTrust{Code: "RXX", Name: "No such trust"})
	for _, threshold := range []int{2, 3} {
		p := heatmap.Params{Quarter: "2026Q3", Threshold: threshold}
		got, err := heatmap.StaffGroups(ctx, db, trusts, p)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(trusts) {
			t.Fatalf("%d heatmaps for %d trusts", len(got), len(trusts))
		}
		for i, tr := range trusts {
			want, err := heatmap.Compute(ctx, db, heatmap.StaffGroupSpec(tr.Code, tr.Name), p)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got[i], want) {
				t.Errorf("%s, threshold %d: together\n%+v\none by one\n%+v", tr.Code, threshold, got[i], want)
			}
		}
	}
}
