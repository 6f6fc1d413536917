package main

import (
	"io"

	"github.com/spf13/cobra"
)

func newRoot(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:           "readiness",
		Short:         "Readiness heatmaps from NHS staff surveys against the AI and Digital Healthcare Technologies Capability Framework",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(newDemo(stdout, stderr), newRun(stdout, stderr), newIngest(stdout, stderr), newReport(stdout, stderr), newPacks(stdout, stderr),
		newFramework(stdout), newTemplate(stdout), newValidate(stdout, stderr), newSQL(stdin, stdout, stderr), newExport(stdout, stderr), newSynth(stdout))
	return root
}
