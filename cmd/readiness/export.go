package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/nhs-readiness/readiness/pipeline/export"
	"github.com/nhs-readiness/readiness/pipeline/warehouse"
	"github.com/spf13/cobra"
)

func newExport(stdout, stderr io.Writer) *cobra.Command {
	var c common
	var dir string
	cmd := &cobra.Command{
		Use:   "export --parquet DIR",
		Short: "Write the warehouse as a Parquet lake, partitioned by quarter and region",
		Long: `export writes the warehouse's facts (submissions, respondents, responses, rejects) and views
(v_respondents, v_respondent_domain, v_respondent_subdomain) as Parquet under DIR, partitioned
Hive-style by quarter and region (DIR/respondents/quarter=2026Q3/region_code=E40000003/data.parquet),
with the framework and vocabularies under DIR/reference/, for DuckDB, Spark, Trino or BigQuery.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if dir == "" {
				return errors.New("give --parquet DIR")
			}
			cfg, err := c.load()
			if err != nil {
				return err
			}
			wh, err := warehouse.OpenReadOnly(cmd.Context(), c.findWarehouse(cfg, newLogger(stderr, c.quiet)))
			if err != nil {
				return err
			}
			defer wh.Close()
			sum, err := export.Lake(cmd.Context(), wh, dir)
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "Lake: %d datasets, %d files, %d rows in %s\n", sum.Datasets, sum.Files, sum.Rows, dir)
			return nil
		},
	}
	c.bind(cmd)
	cmd.Flags().StringVar(&dir, "parquet", "", "folder of the Parquet lake")
	return cmd
}
