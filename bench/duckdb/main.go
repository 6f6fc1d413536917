// Command duckdb runs one SQL file in plain DuckDB, as an analyst with the DuckDB shell would:
// the benchmark's "DuckDB alone" jobs (bench/run.sh). It attaches a readiness warehouse read-only
// for its reference tables (capabilities, vocabulary aliases), replaces DATA_DIR in the SQL with
// the data folder, and writes the result as CSV.
//
//	go build -tags duckdb_arrow -o duckdb-bench ./bench/duckdb
//	duckdb-bench -warehouse W.duckdb -data DIR -sql bench/duckdb_floor.sql -out result.csv
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"strings"

	_ "github.com/duckdb/duckdb-go/v2"
)

func main() {
	warehouse := flag.String("warehouse", "", "readiness warehouse to attach read-only (for reference tables)")
	data := flag.String("data", "", "folder that replaces DATA_DIR in the SQL")
	file := flag.String("sql", "", "SQL file holding one query")
	out := flag.String("out", "", "CSV file to write the result to")
	flag.Parse()
	if err := run(context.Background(), *warehouse, *data, *file, *out); err != nil {
		fmt.Fprintln(os.Stderr, "duckdb-bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, warehouse, data, file, out string) error {
	if file == "" || out == "" {
		return fmt.Errorf("give -sql and -out")
	}
	text, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	query := strings.TrimRight(strings.TrimSpace(strings.ReplaceAll(string(text), "DATA_DIR", data)), ";")
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if warehouse != "" {
		if _, err := db.ExecContext(ctx, fmt.Sprintf("ATTACH '%s' AS wh (READ_ONLY); USE wh", strings.ReplaceAll(warehouse, "'", "''"))); err != nil {
			return fmt.Errorf("attach %s: %w", warehouse, err)
		}
	}
	copy := fmt.Sprintf("COPY (%s) TO '%s' (HEADER, DELIMITER ',')", query, strings.ReplaceAll(out, "'", "''"))
	if _, err := db.ExecContext(ctx, copy); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return nil
}
