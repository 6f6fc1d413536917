// Package parquetfile writes Arrow record batches as a Parquet file (zstd): the one Parquet
// writer of the project, used for query results (warehouse), the lake (export) and heatmaps
// (reports).
package parquetfile

import (
	"fmt"
	"io"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// Write writes every record batch of rdr to w as Parquet and returns the rows written. It
// closes w when w can be closed; wrap w to keep it open.
func Write(rdr array.RecordReader, w io.Writer) (int64, error) {
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
