package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/nhs-readiness/readiness/pipeline/outfile"
	"github.com/nhs-readiness/readiness/pipeline/progress"
	"github.com/nhs-readiness/readiness/pipeline/warehouse"
	"github.com/nhs-readiness/readiness/reports"
	"github.com/spf13/cobra"
)

func newSQL(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	var c common
	var format string
	var write bool
	cmd := &cobra.Command{
		Use:   `sql ["QUERY"]`,
		Short: "Run SQL on the warehouse (read-only unless --write)",
		Long: `sql runs a query on the warehouse and prints the result as a table, CSV or JSON, or writes it as
Parquet (--out). Without --write the warehouse is a sandbox: it is opened read-only, only queries
run (SELECT, WITH, EXPLAIN, SHOW, DESCRIBE, PRAGMA), and no file other than the warehouse can be
read or written (no COPY, read_csv, read_text, glob, ATTACH, EXPORT, INSTALL or LOAD; no SET).
With --write the warehouse is opened for writing and every statement DuckDB knows runs, files
included: use it only to change the warehouse on purpose. --out never names the warehouse or a
file beside it (its log or pseudonym key), and is written whole. Errors are shown as DuckDB gives
them. With no query: on a terminal, a prompt reads queries (ending with ;) and keeps
their history for the session (.history, .quit); otherwise the query is read from standard input.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			out := c.out // here --out names the result file, not the output folder of the warehouse
			c.out = ""
			cfg, err := c.load()
			if err != nil {
				return err
			}
			if format != "table" && format != "csv" && format != "json" && format != "parquet" {
				return fmt.Errorf("--format %q: use table, csv, json or parquet", format)
			}
			if format == "parquet" && out == "" {
				return errors.New("--format parquet needs --out FILE")
			}
			path := c.findWarehouse(cfg, newLogger(stderr, c.quiet))
			if out != "" {
				if err := notBeside(out, path); err != nil {
					return err
				}
			}
			open := warehouse.OpenSandbox
			if write {
				open = warehouse.Open
			}
			wh, err := open(cmd.Context(), path)
			if err != nil {
				return err
			}
			query := func(w io.Writer, q string) error { return runQuery(cmd.Context(), wh, q, format, out, w) }
			switch {
			case len(args) == 1:
			case isTerminal(stdin):
				err = repl(cmd.Context(), wh, stdin, stdout, format)
				return errors.Join(err, wh.Close())
			default:
				q, err := io.ReadAll(stdin)
				if err != nil {
					return errors.Join(err, wh.Close())
				}
				if strings.TrimSpace(string(q)) == "" {
					return errors.Join(errors.New("no query: give one as an argument or on standard input"), wh.Close())
				}
				args = []string{string(q)}
			}
			if out == "" || format == "parquet" {
				err = query(stdout, args[0])
			} else {
				err = outfile.Write(out, func(w io.Writer) error { return query(w, args[0]) })
			}
			return errors.Join(err, wh.Close())
		},
	}
	c.bind(cmd)
	cmd.Flags().Lookup("out").Usage = "write the result to this file (required for parquet)"
	cmd.Flags().StringVar(&format, "format", "table", "table, csv, json or parquet")
	cmd.Flags().BoolVar(&write, "write", false, "open the warehouse for writing: every statement runs, files included")
	return cmd
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && progress.IsTerminal(f)
}

func runQuery(ctx context.Context, wh *warehouse.Warehouse, query, format, out string, w io.Writer) error {
	if format == "parquet" {
		var n int64
		err := outfile.Write(out, func(f io.Writer) (err error) {
			n, err = wh.AnalystParquet(ctx, query, f)
			return err
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%d rows written to %s\n", n, out)
		return nil
	}
	rows, err := wh.AnalystQuery(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	return printRows(rows, format, w)
}

// printRows writes a result as an aligned table, CSV (formula-safe) or a JSON array of objects.
func printRows(rows *sql.Rows, format string, w io.Writer) error {
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	var table [][]string
	var objects []map[string]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		if format == "json" {
			obj := map[string]any{}
			for i, c := range cols {
				obj[c] = jsonValue(vals[i])
			}
			objects = append(objects, obj)
			continue
		}
		row := make([]string, len(vals))
		for i, v := range vals {
			row[i] = text(v)
		}
		table = append(table, row)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	switch format {
	case "json":
		if objects == nil {
			objects = []map[string]any{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(objects)
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write(cols)
		for _, r := range table {
			for i := range r {
				r[i] = reports.SafeText(r[i])
			}
			cw.Write(r)
		}
		cw.Flush()
		return cw.Error()
	default:
		tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, strings.Join(cols, "\t"))
		for _, r := range table {
			fmt.Fprintln(tw, strings.Join(r, "\t"))
		}
		tw.Flush()
		fmt.Fprintf(w, "(%d rows)\n", len(table))
		return nil
	}
}

func text(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case []byte:
		return string(x)
	case time.Time:
		return x.Format(time.RFC3339)
	default:
		return fmt.Sprint(x)
	}
}

func jsonValue(v any) any {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case time.Time:
		return x.Format(time.RFC3339)
	default:
		return x
	}
}

// repl reads queries ending with ";" and prints each result; .history lists the session's
// queries, .quit (or end of input) leaves.
func repl(ctx context.Context, wh *warehouse.Warehouse, in io.Reader, out io.Writer, format string) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	var history []string
	var buf strings.Builder
	prompt := func() {
		if buf.Len() == 0 {
			fmt.Fprint(out, "readiness> ")
		} else {
			fmt.Fprint(out, "      ...> ")
		}
	}
	fmt.Fprintln(out, "SQL on the warehouse; end a query with ;  (.history, .quit)")
	prompt()
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if buf.Len() == 0 {
			switch line {
			case ".quit", ".exit", "exit", "quit":
				return nil
			case ".history":
				for i, q := range history {
					fmt.Fprintf(out, "%3d  %s\n", i+1, q)
				}
				prompt()
				continue
			case "":
				prompt()
				continue
			}
		}
		buf.WriteString(line)
		buf.WriteString(" ")
		if strings.HasSuffix(line, ";") {
			q := strings.TrimSpace(buf.String())
			buf.Reset()
			history = append(history, q)
			if err := runQuery(ctx, wh, q, format, "", out); err != nil {
				fmt.Fprintln(out, "Error:", err)
			}
		}
		prompt()
	}
	fmt.Fprintln(out)
	return sc.Err()
}

// notBeside refuses an output file that is the warehouse or one of the files DuckDB and readiness
// keep beside it (its log, its pseudonym key, its temporary folder).
func notBeside(out, warehousePath string) error {
	o, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	w, err := filepath.Abs(warehousePath)
	if err != nil {
		return err
	}
	for _, p := range []string{w, w + ".wal", w + ".key", w + ".tmp"} {
		if o == p || strings.HasPrefix(o, w+".tmp"+string(filepath.Separator)) {
			return fmt.Errorf("--out %s is the warehouse or a file beside it; choose another file", out)
		}
		if a, err := os.Stat(o); err == nil {
			if b, err := os.Stat(p); err == nil && os.SameFile(a, b) {
				return fmt.Errorf("--out %s is the warehouse or a file beside it; choose another file", out)
			}
		}
	}
	return nil
}
