// Package export writes query results as Parquet straight from DuckDB's Arrow record batches, and
// the warehouse as a Hive-partitioned Parquet lake (by quarter and region) that DuckDB, Spark,
// Trino or BigQuery can read when a national series outgrows one machine.
package export

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/duckdb/duckdb-go/v2"

	"github.com/nhs-readiness/readiness/queries"
)

// WithArrow runs a query through the DuckDB driver's Arrow interface on one connection and hands
// its record batches to fn. Values in a batch live only as long as the batch.
func WithArrow(ctx context.Context, db *sql.DB, query string, args []any, fn func(array.RecordReader) error) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		dconn, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		ar, err := duckdb.NewArrowFromConn(dconn)
		if err != nil {
			return err
		}
		rdr, err := ar.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rdr.Release()
		return fn(rdr)
	})
}

// QueryParquet runs a query through the DuckDB driver's Arrow interface and writes its record
// batches to w as Parquet (zstd). It returns the number of rows written.
func QueryParquet(ctx context.Context, db *sql.DB, query string, args []any, w io.Writer) (int64, error) {
	var rows int64
	err := WithArrow(ctx, db, query, args, func(rdr array.RecordReader) error {
		var err error
		// The Parquet writer closes a writer that can be closed; the caller owns w.
		rows, err = writeBatches(rdr, struct{ io.Writer }{w})
		return err
	})
	return rows, err
}

func writeBatches(rdr array.RecordReader, w io.Writer) (int64, error) {
	props := parquet.NewWriterProperties(parquet.WithCompression(compress.Codecs.Zstd))
	fw, err := pqarrow.NewFileWriter(rdr.Schema(), w, props, pqarrow.DefaultWriterProps())
	if err != nil {
		return 0, fmt.Errorf("parquet: %w", err)
	}
	var n int64
	for rdr.Next() {
		rec := rdr.RecordBatch()
		if err := fw.WriteBuffered(rec); err != nil {
			fw.Close()
			return n, fmt.Errorf("parquet: %w", err)
		}
		n += rec.NumRows()
	}
	if err := rdr.Err(); err != nil {
		fw.Close()
		return n, err
	}
	return n, fw.Close()
}

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
func Lake(ctx context.Context, db *sql.DB, dir string) (Summary, error) {
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
			n, err := writeFile(ctx, db, filepath.Join(dir, "reference", name+".parquet"), d.SQL, nil)
			if err != nil {
				return sum, fmt.Errorf("export %s: %w", name, err)
			}
			sum.Files++
			sum.Rows += n
			continue
		}
		if err := lakeDataset(ctx, db, dir, d, &sum); err != nil {
			return sum, fmt.Errorf("export %s: %w", d.Name, err)
		}
	}
	return sum, nil
}

// lakeDataset writes one partitioned dataset, a file per distinct partition value.
func lakeDataset(ctx context.Context, db *sql.DB, dir string, d Dataset, sum *Summary) error {
	// The partition columns are names from the embedded SQL files, never from input.
	cols := strings.Join(d.Partition, ", ")
	source := "(" + strings.TrimSpace(stripComments(d.SQL)) + ") AS src"
	rows, err := db.QueryContext(ctx, "SELECT DISTINCT "+cols+" FROM "+source+" ORDER BY ALL")
	if err != nil {
		return err
	}
	var parts [][]any
	for rows.Next() {
		vals := make([]any, len(d.Partition))
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			rows.Close()
			return err
		}
		parts = append(parts, vals)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var where []string
	for i, c := range d.Partition {
		where = append(where, fmt.Sprintf("%s IS NOT DISTINCT FROM $%d", c, i+1))
	}
	query := "SELECT * EXCLUDE (" + cols + ") FROM " + source + " WHERE " + strings.Join(where, " AND ")
	for _, vals := range parts {
		segs := []string{dir, d.Name}
		for i, c := range d.Partition {
			segs = append(segs, c+"="+segment(vals[i]))
		}
		n, err := writeFile(ctx, db, filepath.Join(append(segs, "data.parquet")...), query, vals)
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

func writeFile(ctx context.Context, db *sql.DB, path, query string, args []any) (int64, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return 0, err
	}
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	n, err := QueryParquet(ctx, db, query, args, f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
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
