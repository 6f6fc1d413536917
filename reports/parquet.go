package reports

import (
	"os"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/nhs-readiness/readiness/pipeline/heatmap"
	"github.com/nhs-readiness/readiness/pipeline/parquetfile"
)

func init() {
	RegisterFormat(Format{Name: "parquet", Order: 6, Write: withTrends(perHeatmap("parquet", WriteParquet), oneFile(TrendsParquetFile, WriteTrendsParquet))})
}

// TrendsParquetFile is the trends' long rows, written with the Parquet format.
const TrendsParquetFile = "trends.parquet"

// parquetSchema is the long rows of a heatmap, as the heatmap query returns them: the CSV's
// columns with the rows' and columns' report order. A suppressed cell has no value, interval, n
// or answers; the unknown group has no row key.
var parquetSchema = arrow.NewSchema([]arrow.Field{
	{Name: "quarter", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "row_key", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "row_label", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "row_order", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: "col_key", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "col_label", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "col_order", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: "col_group", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "n", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: "answers", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: "value", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "mean_level", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "ci_low", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "ci_high", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "suppressed", Type: arrow.FixedWidthTypes.Boolean, Nullable: true},
	{Name: "suppression", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "flags", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "previous", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "change_pp", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "change_low", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "change_high", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "reference", Type: arrow.BinaryTypes.String, Nullable: true},
}, nil)

// WriteParquet writes a heatmap's long rows (the same values as its CSV, suppressed cells
// without values or counts) as Parquet.
func WriteParquet(path string, h *heatmap.Heatmap) error {
	return writeParquet(path, parquetSchema, func(c *columnsOf) {
		for r := range h.Rows {
			for _, x := range h.Cells[r] {
				c.str(0, h.Quarter)
				c.str(1, x.RowKey)
				c.str(2, x.RowLabel)
				c.int(3, x.RowOrder, false)
				c.str(4, x.ColKey)
				c.str(5, x.ColLabel)
				c.int(6, x.ColOrder, false)
				c.str(7, x.ColGroup)
				c.int(8, x.N, x.Suppressed)
				c.int(9, x.Answers, x.Suppressed)
				c.num(10, x.Value)
				c.num(11, x.MeanLevel)
				c.num(12, x.CILow)
				c.num(13, x.CIHigh)
				c.bool(14, x.Suppressed)
				c.str(15, x.Suppression)
				c.str(16, x.Flags)
				c.num(17, x.Previous)
				c.num(18, x.ChangePP)
				c.num(19, x.ChangeLow)
				c.num(20, x.ChangeHigh)
				c.str(21, h.Rows[r].Reference)
			}
		}
	})
}

// trendsSchema is the trends' long rows, the columns of trends.csv.
var trendsSchema = arrow.NewSchema([]arrow.Field{
	{Name: "dimension", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "group_key", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "group", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "domain", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "domain_name", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "quarter", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "value", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "n", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: "ci_low", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "ci_high", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "suppressed", Type: arrow.FixedWidthTypes.Boolean, Nullable: true},
	{Name: "gap", Type: arrow.FixedWidthTypes.Boolean, Nullable: true},
}, nil)

// WriteTrendsParquet writes the trends' long rows (trends.csv's values) as Parquet: a gap has no
// value and n 0, a suppressed point no value or n.
func WriteTrendsParquet(path string, d *Data) error {
	return writeParquet(path, trendsSchema, func(c *columnsOf) {
		for _, t := range d.Trends {
			for _, p := range t.Points {
				c.str(0, t.Dimension)
				c.str(1, t.GroupKey)
				c.str(2, t.Group)
				c.str(3, t.Area)
				c.str(4, t.AreaName)
				c.str(5, p.Quarter)
				c.num(6, p.Value)
				c.int(7, p.N, p.Suppressed)
				c.num(8, p.CILow)
				c.num(9, p.CIHigh)
				c.bool(10, p.Suppressed)
				c.bool(11, p.Gap)
			}
		}
	})
}

// columnsOf appends values to a record's columns by position; "" and nil are nulls.
type columnsOf struct{ b *array.RecordBuilder }

func (c *columnsOf) str(i int, s string) {
	if s == "" {
		c.b.Field(i).(*array.StringBuilder).AppendNull()
		return
	}
	c.b.Field(i).(*array.StringBuilder).Append(s)
}

func (c *columnsOf) num(i int, v *float64) {
	if v == nil {
		c.b.Field(i).(*array.Float64Builder).AppendNull()
		return
	}
	c.b.Field(i).(*array.Float64Builder).Append(*v)
}

func (c *columnsOf) int(i int, v int64, null bool) {
	if null {
		c.b.Field(i).(*array.Int64Builder).AppendNull()
		return
	}
	c.b.Field(i).(*array.Int64Builder).Append(v)
}

func (c *columnsOf) bool(i int, v bool) { c.b.Field(i).(*array.BooleanBuilder).Append(v) }

// writeParquet builds one record of a schema with fill and writes it as a Parquet file.
func writeParquet(path string, schema *arrow.Schema, fill func(*columnsOf)) error {
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	fill(&columnsOf{b: b})
	rec := b.NewRecordBatch()
	defer rec.Release()
	rdr, err := array.NewRecordReader(schema, []arrow.RecordBatch{rec})
	if err != nil {
		return err
	}
	defer rdr.Release()
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	_, err = parquetfile.Write(rdr, f) // closes f
	return err
}
