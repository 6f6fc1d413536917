package heatmap

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/nhs-readiness/readiness/queries"
)

// windowSecondary is the secondary pass as it was first written, with window functions: the
// definition the grouped pass (queries/heatmaps/disclosure_secondary.sql) must agree with.
const windowSecondary = `pass{{out}}_lines AS (
    SELECT *,
           count(*) FILTER (WHERE suppression IS NOT NULL) OVER (PARTITION BY view_key, quarter, col_key) AS col_suppressed,
           count(*) FILTER (WHERE suppression IS NOT NULL) OVER (PARTITION BY view_key, quarter, row_key) AS row_suppressed,
           row_number() OVER (PARTITION BY view_key, quarter, col_key, suppression IS NOT NULL OR n = 0
                              ORDER BY n, row_order, row_label) AS col_rank,
           row_number() OVER (PARTITION BY view_key, quarter, row_key, suppression IS NOT NULL OR n = 0
                              ORDER BY n, col_order) AS row_rank
    FROM pass{{in}}
),
pass{{out}} AS (
    SELECT * EXCLUDE (col_suppressed, row_suppressed, col_rank, row_rank, suppression),
           coalesce(suppression,
                    CASE WHEN n > 0 AND suppression IS NULL
                              AND ((col_suppressed = 1 AND col_rank = 1)
                                   OR (coalesce($rows_additive, false) AND row_suppressed = 1 AND row_rank = 1))
                         THEN 'secondary' END) AS suppression
    FROM pass{{out}}_lines
)`

// TestSecondaryAsWindows runs the grouped secondary pass and the window one, three passes each
// as heatmap queries do, on random grids (views, quarters, a row without a key, empty cells, rows
// additive or not) and compares every cell's suppression.
func TestSecondaryAsWindows(t *testing.T) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	run := func(pass string, additive bool) []string {
		var passes strings.Builder
		for i := 1; i <= secondaryPasses; i++ {
			r := strings.NewReplacer("{{in}}", strconv.Itoa(i-1), "{{out}}", strconv.Itoa(i))
			passes.WriteString(r.Replace(pass) + ",\n")
		}
		q := "WITH base AS (SELECT * FROM cells),\n" + queries.HeatmapPrimary.Body() + ",\n" + passes.String() +
			fmt.Sprintf("done AS (SELECT * FROM pass%d)\n", secondaryPasses) +
			"SELECT coalesce(view_key, '-') || ' ' || quarter || ' ' || coalesce(row_key, '-') || ' ' || col_key || ' ' || coalesce(suppression, '') FROM done ORDER BY ALL"
		rows, err := db.QueryContext(ctx, q, sql.Named("threshold", 3), sql.Named("rows_additive", additive))
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
		return out
	}
	rng := rand.New(rand.NewPCG(7, 20))
	secondary := 0
	for round := range 60 {
		if _, err := db.ExecContext(ctx, `CREATE OR REPLACE TABLE cells (view_key VARCHAR, quarter VARCHAR, row_key VARCHAR,
			row_label VARCHAR, row_order INTEGER, col_key VARCHAR, col_order INTEGER, n BIGINT)`); err != nil {
			t.Fatal(err)
		}
		var values []string
		for _, view := range []string{"NULL", "'A'", "'B'"} {
			for _, q := range []string{"2026Q2", "2026Q3"} {
				rows, cols := 2+rng.IntN(5), 2+rng.IntN(6)
				for r := range rows {
					key := fmt.Sprintf("'r%d'", r)
					if r == rows-1 && rng.IntN(2) == 0 {
						key = "NULL" // respondents without a value of the dimension
					}
					for c := range cols {
						n := rng.IntN(8)
						if rng.IntN(4) == 0 {
							n = 0
						}
						values = append(values, fmt.Sprintf("(%s, '%s', %s, 'Row %d', %d, 'c%d', %d, %d)", view, q, key, rng.IntN(3), r, c, c, n))
					}
				}
			}
		}
		if _, err := db.ExecContext(ctx, "INSERT INTO cells VALUES "+strings.Join(values, ", ")); err != nil {
			t.Fatal(err)
		}
		for _, additive := range []bool{false, true} {
			grouped, windows := run(queries.HeatmapSecondary.Body(), additive), run(windowSecondary, additive)
			if strings.Join(grouped, "\n") != strings.Join(windows, "\n") {
				for i := range min(len(grouped), len(windows)) {
					if grouped[i] != windows[i] {
						t.Fatalf("round %d, rows additive %v: cell %d is %q grouped, %q with windows", round, additive, i, grouped[i], windows[i])
					}
				}
				t.Fatalf("round %d: %d cells grouped, %d with windows", round, len(grouped), len(windows))
			}
			for _, c := range grouped {
				if strings.HasSuffix(c, " secondary") {
					secondary++
				}
			}
		}
	}
	if secondary < 100 {
		t.Errorf("only %d secondary suppressions in all: the grids test too little", secondary)
	}
	t.Logf("%d secondary suppressions compared", secondary)
}
