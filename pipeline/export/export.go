// Package export writes the warehouse as a Hive-partitioned Parquet lake (by quarter and region)
// that DuckDB, Spark, Trino or BigQuery can read when a national series outgrows one machine.
package export

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/nhs-readiness/readiness/pipeline/outfile"
	"github.com/nhs-readiness/readiness/pipeline/warehouse"
	"github.com/nhs-readiness/readiness/queries"
)

// Dataset is one table of the lake: its name, its SQL (queries/export/NAME.sql) and the columns
// it is partitioned by, from the file's "-- partition:" line. Reference tables (ref_*.sql) are
// written as one file each under reference/.
type Dataset struct {
	Name      string
	SQL       string
	Partition []string
}

// Datasets lists the lake's tables.
func Datasets() ([]Dataset, error) {
	steps, err := queries.Dir("export")
	if err != nil {
		return nil, err
	}
	var out []Dataset
	for _, s := range steps {
		d := Dataset{Name: s.Name, SQL: s.SQL}
		for _, line := range strings.Split(s.SQL, "\n") {
			if cols, ok := strings.CutPrefix(strings.TrimSpace(line), "-- partition:"); ok {
				for _, c := range strings.Split(cols, ",") {
					d.Partition = append(d.Partition, strings.TrimSpace(c))
				}
			}
		}
		out = append(out, d)
	}
	return out, nil
}

// Summary counts what Lake wrote.
type Summary struct {
	Datasets, Files int
	Rows            int64
}

// Lake writes every dataset under dir: partitioned ones Hive-style
// (NAME/quarter=2026Q3/region_code=E40000003/data.parquet, the partition columns in the path
// only), reference tables as reference/NAME.parquet.
func Lake(ctx context.Context, wh *warehouse.Warehouse, dir string) (Summary, error) {
	var sum Summary
	sets, err := Datasets()
	if err != nil {
		return sum, err
	}
	for _, d := range sets {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		sum.Datasets++
		if len(d.Partition) == 0 {
			name := strings.TrimPrefix(d.Name, "ref_")
			n, err := writeFile(ctx, wh, filepath.Join(dir, "reference", name+".parquet"), d.SQL, nil)
			if err != nil {
				return sum, fmt.Errorf("export %s: %w", name, err)
			}
			sum.Files++
			sum.Rows += n
			continue
		}
		if err := lakeDataset(ctx, wh, dir, d, &sum); err != nil {
			return sum, fmt.Errorf("export %s: %w", d.Name, err)
		}
	}
	return sum, nil
}

// lakeDataset writes one partitioned dataset, a file per distinct partition value.
func lakeDataset(ctx context.Context, wh *warehouse.Warehouse, dir string, d Dataset, sum *Summary) error {
	// The partition columns are names from the embedded SQL files, never from input.
	cols := strings.Join(d.Partition, ", ")
	params := make([]string, len(d.Partition))
	for i := range params {
		params[i] = fmt.Sprintf("$%d", i+1)
	}
	fill := map[string]string{"columns": cols, "source": strings.TrimSpace(stripComments(d.SQL)), "params": strings.Join(params, ", ")}
	var parts [][]any
	err := wh.EachText(ctx, queries.LakePartitionValues.Fill(fill), nil, func(rows *sql.Rows) error {
		vals := make([]any, len(d.Partition))
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		parts = append(parts, vals)
		return nil
	})
	if err != nil {
		return err
	}
	query := queries.LakePartitionRows.Fill(fill)
	for _, vals := range parts {
		segs := []string{dir, d.Name}
		for i, c := range d.Partition {
			segs = append(segs, c+"="+segment(vals[i]))
		}
		n, err := writeFile(ctx, wh, filepath.Join(append(segs, "data.parquet")...), query, vals)
		if err != nil {
			return err
		}
		sum.Files++
		sum.Rows += n
	}
	return nil
}

// segment writes a partition value as a path segment: Hive's name for NULL, the value
// URL-escaped otherwise, so that no value can leave the lake's folder.
func segment(v any) string {
	if v == nil {
		return "__HIVE_DEFAULT_PARTITION__"
	}
	s := url.PathEscape(fmt.Sprint(v))
	if s == "." || s == ".." {
		s = strings.ReplaceAll(s, ".", "%2E")
	}
	return s
}

func writeFile(ctx context.Context, wh *warehouse.Warehouse, path, query string, args []any) (int64, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return 0, err
	}
	var n int64
	err := outfile.Write(path, func(w io.Writer) (err error) {
		n, err = wh.Parquet(ctx, query, args, w)
		return err
	})
	return n, err
}

func stripComments(s string) string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "--") {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}
