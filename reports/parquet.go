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
	RegisterFormat(Format{Name: "parquet", Order: 6, Write: perHeatmap("parquet", WriteParquet)})
}

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
	b := array.NewRecordBuilder(memory.DefaultAllocator, parquetSchema)
	defer b.Release()
	str := func(i int, s string) {
		if s == "" {
			b.Field(i).(*array.StringBuilder).AppendNull()
			return
		}
		b.Field(i).(*array.StringBuilder).Append(s)
	}
	num := func(i int, v *float64) {
		if v == nil {
			b.Field(i).(*array.Float64Builder).AppendNull()
			return
		}
		b.Field(i).(*array.Float64Builder).Append(*v)
	}
	count := func(i int, c heatmap.Cell, v int64) {
		if c.Suppressed {
			b.Field(i).(*array.Int64Builder).AppendNull()
			return
		}
		b.Field(i).(*array.Int64Builder).Append(v)
	}
	for r := range h.Rows {
		for _, c := range h.Cells[r] {
			str(0, h.Quarter)
			str(1, c.RowKey)
			str(2, c.RowLabel)
			b.Field(3).(*array.Int64Builder).Append(c.RowOrder)
			str(4, c.ColKey)
			str(5, c.ColLabel)
			b.Field(6).(*array.Int64Builder).Append(c.ColOrder)
			str(7, c.ColGroup)
			count(8, c, c.N)
			count(9, c, c.Answers)
			num(10, c.Value)
			num(11, c.MeanLevel)
			num(12, c.CILow)
			num(13, c.CIHigh)
			b.Field(14).(*array.BooleanBuilder).Append(c.Suppressed)
			str(15, c.Suppression)
			str(16, c.Flags)
			num(17, c.Previous)
			num(18, c.ChangePP)
			num(19, c.ChangeLow)
			num(20, c.ChangeHigh)
			str(21, h.Rows[r].Reference)
		}
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	rdr, err := array.NewRecordReader(parquetSchema, []arrow.RecordBatch{rec})
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
