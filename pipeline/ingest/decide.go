package ingest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/nhs-readiness/readiness/pipeline/quarter"
	"github.com/nhs-readiness/readiness/pipeline/warehouse"
	"github.com/nhs-readiness/readiness/queries"
)

// decideQuarter applies the one rule for a file's quarter (README, "Trust and quarter"): the
// file's own (its name, or its Quarter column) when it gives one, and the two must agree; an
// explicit override for this input (inputs[].quarter) is applied and noted; the run's quarter
// (--quarter, or quarter: in the config) only fills in for a file that gives none, and never
// relabels a file that says otherwise.
func decideQuarter(ctx context.Context, tx *warehouse.Tx, name string, opt Options, res *Result) (string, error) {
	var fromName, fromColumn string
	if q, ok := quarter.Find(name); ok {
		fromName = q.String()
	}
	var col sql.NullString
	if err := tx.QueryRow(ctx, queries.StagedQuarter).Scan(&col); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("ingest %s: %w", name, err)
	}
	if q, ok := quarter.Find(col.String); ok {
		fromColumn = q.String()
	}
	if fromName != "" && fromColumn != "" && fromName != fromColumn {
		return "", fmt.Errorf("%w %s: the file's name says quarter %s but its Quarter column says %s; correct one of them "+
			"(or give this input's quarter in the config to override both)", ErrRefused, name, fromName, fromColumn)
	}
	own := fromName
	if own == "" {
		own = fromColumn
	}
	if opt.Quarter != "" {
		q, err := quarter.Normal(opt.Quarter)
		if err != nil {
			return "", fmt.Errorf("%w %s: %v", ErrRefused, name, err)
		}
		if own != "" && own != q {
			res.note("quarter %s given for this input overrides the file's own %s", q, own)
		}
		return q, nil
	}
	if own != "" {
		if opt.QuarterDefault != "" && opt.QuarterDefault != own {
			res.note("the file is for %s (its %s), not the run's quarter %s; it is loaded as %s", own, map[bool]string{true: "name", false: "Quarter column"}[fromName != ""], opt.QuarterDefault, own)
		}
		return own, nil
	}
	if opt.QuarterDefault != "" {
		return quarter.Normal(opt.QuarterDefault)
	}
	return "", fmt.Errorf("%w %s: cannot tell which quarter the file is for: put it in the file name (e.g. survey_2026Q3.csv), add a Quarter column, or give --quarter (or quarter in the config)", ErrRefused, name)
}

// decideTrust applies the one rule for a file's trust: the file's own (the trusts its Trust
// column names, or an ODS code in its name such as RJ1_2026Q3.csv), which must agree; an
// explicit trust for this input (--trust, inputs[].trust) is applied, and noted when the file
// says otherwise. A Trust column naming several trusts makes a submission per trust (the caller
// splits the file: trusts returns them all).
func decideTrust(ctx context.Context, tx *warehouse.Tx, name string, opt Options, res *Result) (trust string, several []string, err error) {
	fromName, err := trustInName(ctx, tx, name)
	if err != nil {
		return "", nil, err
	}
	column, err := tx.Strings(ctx, queries.StagedTrusts)
	if err != nil {
		return "", nil, fmt.Errorf("ingest %s: %w", name, err)
	}
	if opt.Trust != "" {
		var code string
		err := tx.QueryRow(ctx, queries.TrustByAlias, opt.Trust).Scan(&code)
		if errors.Is(err, sql.ErrNoRows) {
			return "", nil, fmt.Errorf("%w %s: trust %q is not a known organisation; add it to an organisations file named in the config", ErrRefused, name, opt.Trust)
		}
		if err != nil {
			return "", nil, fmt.Errorf("ingest %s: %w", name, err)
		}
		for _, own := range append(column, fromName) {
			if own != "" && own != code {
				res.note("trust %s given for this input overrides the file's own %s", code, own)
				break
			}
		}
		return code, nil, nil
	}
	switch {
	case len(column) > 1:
		return "", column, nil
	case len(column) == 1 && fromName != "" && column[0] != fromName:
		return "", nil, fmt.Errorf("%w %s: the file's name says trust %s but its Trust column says %s; correct one of them "+
			"(or give --trust, or this input's trust in the config, to override both)", ErrRefused, name, fromName, column[0])
	case len(column) == 1:
		return column[0], nil, nil
	case fromName != "":
		res.note("trust %s taken from the file's name", fromName)
		return fromName, nil, nil
	}
	return "", nil, nil
}

// trustInName finds the one ODS code of a known organisation among the parts of a file's name
// (split at anything but letters and digits); "" for none or several.
func trustInName(ctx context.Context, tx *warehouse.Tx, name string) (string, error) {
	base := strings.TrimSuffix(name, filepath.Ext(name))
	found := ""
	for _, part := range strings.FieldsFunc(base, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len(part) < 3 || len(part) > 5 {
			continue
		}
		var code string
		err := tx.QueryRow(ctx, queries.OrganisationCode, part).Scan(&code)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("ingest %s: %w", name, err)
		}
		if found != "" && found != code {
			return "", nil // two codes: the name does not say
		}
		found = code
	}
	return found, nil
}

func decideScale(ctx context.Context, tx *warehouse.Tx, name, given string) (string, error) {
	if given != "" {
		var n int
		if err := tx.QueryRow(ctx, queries.ScaleExists, given).Scan(&n); err != nil {
			return "", fmt.Errorf("ingest %s: %w", name, err)
		}
		if n == 0 {
			return "", fmt.Errorf("%w %s: scale %q is not in the scales vocabulary", ErrRefused, name, given)
		}
		return given, nil
	}
	var id string
	var matched int
	err := tx.QueryRow(ctx, queries.DetectScale).Scan(&id, &matched)
	if errors.Is(err, sql.ErrNoRows) {
		var letter, header, values string
		if err := tx.QueryRow(ctx, queries.UnplacedAnswers).Scan(&letter, &header, &values); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return "", fmt.Errorf("ingest %s: %w", name, err)
		}
		where := ""
		if letter != "" {
			where = fmt.Sprintf(" (column %s, %s, holds '%s')", letter, header, values)
		}
		return "", fmt.Errorf("%w %s: no answer in the file matches a known answer scale%s; give the scale with --scale "+
			"(or scale: for this input in the config), or add the wordings to a scales file named in the config", ErrRefused, name, where)
	}
	if err != nil {
		return "", fmt.Errorf("ingest %s: detect scale: %w", name, err)
	}
	return id, nil
}
