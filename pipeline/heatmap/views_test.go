package heatmap_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/nhs-readiness/readiness/pipeline/heatmap"
)

// The views of every region (and every profession) computed together are the heatmaps filtered
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
	if len(keys["region"]) < 2 || len(keys["profession"]) < 2 {
		t.Fatalf("the hand-made warehouse has regions %v and professions %v", keys["region"], keys["profession"])
	}
	suppressed := map[string]int{}
	for _, threshold := range []int{2, 3} {
		for _, s := range append(append([]heatmap.Spec{}, heatmap.DomainSpecs...), heatmap.SubdomainSpecs...) {
			for _, by := range []string{"region", "profession"} {
				if s.Dimension == by {
					continue
				}
				views, err := heatmap.ComputeViews(ctx, db, s, threshold, by, keys[by])
				if err != nil {
					t.Fatal(err)
				}
				if len(views) != len(keys[by]) {
					t.Errorf("%s by %s: %d views, want %d", s.Name, by, len(views), len(keys[by]))
				}
				for _, k := range keys[by] {
					f := s
					if by == "region" {
						f.Region = k
					} else {
						f.Profession = k
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
	if _, err := heatmap.ComputeViews(ctx, db, heatmap.Spec{Name: "x", Kind: heatmap.KindDomain, Region: "E40000005"}, 3, "region", nil); err == nil {
		t.Error("views by region of a heatmap filtered by region: no error")
	}
}
