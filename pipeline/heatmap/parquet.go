package heatmap

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"io"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/duckdb/duckdb-go/v2"
)

// WriteParquet writes a heatmap's long rows (the same query and values as Compute, suppressed
// cells without values) to w as Parquet, straight from the query's Arrow record batches.
func WriteParquet(ctx context.Context, db *sql.DB, spec Spec, p Params, w io.Writer) error {
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
		rdr, err := ar.QueryContext(ctx, Query(spec), args(spec, p)...)
		if err != nil {
			return fmt.Errorf("heatmap %s: %w", spec.Name, err)
		}
		defer rdr.Release()
		// The Parquet writer closes a writer that can be closed; the caller owns w.
		return writeBatches(rdr, struct{ io.Writer }{w})
	})
}

func writeBatches(rdr array.RecordReader, w io.Writer) error {
	props := parquet.NewWriterProperties(parquet.WithCompression(compress.Codecs.Zstd))
	fw, err := pqarrow.NewFileWriter(rdr.Schema(), w, props, pqarrow.DefaultWriterProps())
	if err != nil {
		return fmt.Errorf("parquet: %w", err)
	}
	for rdr.Next() {
		if err := fw.WriteBuffered(rdr.RecordBatch()); err != nil {
			fw.Close()
			return fmt.Errorf("parquet: %w", err)
		}
	}
	if err := rdr.Err(); err != nil {
		fw.Close()
		return err
	}
	return fw.Close()
}
