package queries

// BaselineVersion is the migration whose end state schema/baseline.sql creates.
const BaselineVersion = 6

// The embedded SQL files that Go code runs, by what they do. Folders read as a listing
// (schema/, normalise/, export/, examples/) are not named here.
var (
	baseline = name("schema/baseline.sql")

	// Migrations' own bookkeeping.
	MigrateExists      = name("migrate/exists.sql")
	MigrateCreateTable = name("migrate/create_table.sql")
	MigrateRecord      = name("migrate/record.sql")
	MigrateVersion     = name("migrate/version.sql")

	// Repair on open.
	RepairConsistent  = name("repair/consistent.sql")
	RepairAnswers     = name("repair/answers.sql")
	RepairRespondents = name("repair/respondents.sql")
	RepairRejects     = name("repair/rejects.sql")

	// The warehouse's own tables, by name (pipeline/warehouse/tables.go).
	TableList              = name("tables/list.sql")
	TableRemoveSubmission  = name("tables/remove_submission.sql")
	TableRemoveUncommitted = name("tables/remove_uncommitted.sql")

	// Reference data.
	ClearReference     = name("load/clear_reference.sql")
	ReferenceMeta      = name("load/reference_meta.sql")
	ReferenceFramework = name("load/reference_framework.sql")
	NumberTargets      = name("load/targets.sql")

	// One load.
	InsertCells       = name("load/insert_cells.sql")
	StagedQuarter     = name("load/staged_quarter.sql")
	TrustByAlias      = name("load/trust_by_alias.sql")
	OrganisationCode  = name("load/organisation_code.sql")
	StagedTrusts      = name("load/staged_trusts.sql")
	ScaleExists       = name("load/scale_exists.sql")
	DetectScale       = name("load/detect_scale.sql")
	UnplacedAnswers   = name("load/unplaced_answers.sql")
	SameContent       = name("load/same_content.sql")
	QuarterFrameworks = name("load/quarter_frameworks.sql")
	RecordFramework   = name("load/record_framework.sql")
	PreviousForTrust  = name("load/previous_for_trust.sql")
	PreviousForFile   = name("load/previous_for_file.sql")
	NextSubmission    = name("load/next_submission.sql")
	StageSettings     = name("load/stage_settings.sql")
	StageSubmission   = name("load/stage_submission.sql")
	Counts            = name("load/counts.sql")
	RecordSubmission  = name("load/record_submission.sql")
	StaleCubes        = name("load/stale_cubes.sql")
	Fingerprint       = name("load/reference_fingerprint.sql")
	RefreshCubes      = name("load/refresh_cubes.sql")
	Staging           = name("load/staging.sql")
	ProblemsCount     = name("load/problems_count.sql")
	Problems          = name("load/problems.sql")
	Threads           = name("load/threads.sql")

	// A file with several trusts, loaded as a submission per trust.
	SplitSave    = name("load/split_save.sql")
	SplitGroups  = name("load/split_groups.sql")
	SplitCurrent = name("load/split_current.sql")
	SplitPart    = name("load/split_part.sql")
	SplitDrop    = name("load/split_drop.sql")

	// Heatmaps: the pieces a heatmap query is put together from (pipeline/heatmap).
	HeatmapQuery                 = name("heatmaps/heatmap.sql")
	HeatmapCellsDomain           = name("heatmaps/cells_domain.sql")
	HeatmapCellsSubdomain        = name("heatmaps/cells_subdomain.sql")
	HeatmapCellsProfessionRegion = name("heatmaps/cells_profession_region.sql")
	HeatmapPrimary               = name("heatmaps/disclosure_primary.sql")
	HeatmapSecondary             = name("heatmaps/disclosure_secondary.sql")
	HeatmapGrid                  = name("heatmaps/grid.sql")
	HeatmapChange                = name("heatmaps/change.sql")

	// Analyses.
	CapabilityGaps  = name("analytics/capability_gaps.sql")
	LevelProfile    = name("analytics/level_profile.sql")
	Coverage        = name("analytics/coverage.sql")
	DomainReadiness = name("analytics/domain_readiness.sql")

	// Look-ups for the reports.
	Framework            = name("views/framework.sql")
	QuarterTotals        = name("views/quarter_totals.sql")
	Submissions          = name("views/submissions.sql")
	QuartersUpTo         = name("views/quarters_upto.sql")
	RegionsUpTo          = name("views/regions_upto.sql")
	ProfessionsUpTo      = name("views/professions_upto.sql")
	RegionsInQuarter     = name("views/regions_in_quarter.sql")
	TrustsInQuarter      = name("views/trusts_in_quarter.sql")
	SubmissionsInQuarter = name("views/submissions_in_quarter.sql")
	DomainName           = name("views/domain_name.sql")
	LatestQuarter        = name("views/latest_quarter.sql")
	Quarters             = name("views/quarters.sql")
	Atoms                = name("views/atoms.sql")

	// The Parquet lake.
	LakePartitionValues = name("lake/partition_values.sql")
	LakePartitionRows   = name("lake/partition_rows.sql")
)
