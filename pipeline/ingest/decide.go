package ingest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/nhs-readiness/readiness/pipeline/quarter"
	"github.com/nhs-readiness/readiness/pipeline/warehouse"
	"github.com/nhs-readiness/readiness/queries"
)

func decideQuarter(ctx context.Context, tx *warehouse.Tx, name, given string) (string, error) {
	if given != "" {
		q, err := quarter.Normal(given)
		if err != nil {
			return "", fmt.Errorf("%w %s: %v", ErrRefused, name, err)
		}
		return q, nil
	}
	if q, ok := quarter.Find(name); ok {
		return q.String(), nil
	}
	var q sql.NullString
	err := tx.QueryRow(ctx, queries.StagedQuarter).Scan(&q)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("ingest %s: %w", name, err)
	}
	if pq, ok := quarter.Find(q.String); ok {
		return pq.String(), nil
	}
	return "", fmt.Errorf("%w %s: cannot tell which quarter the file is for: give --quarter (or quarter in the config), put it in the file name (e.g. survey_2026Q3.csv), or add a Quarter column", ErrRefused, name)
}

func decideTrust(ctx context.Context, tx *warehouse.Tx, name, given string) (string, error) {
	if given != "" {
		var code string
		err := tx.QueryRow(ctx, queries.TrustByAlias, given).Scan(&code)
		if errors.Is(err, sql.ErrNoRows) {
			return "", fmt.Errorf("%w %s: trust %q is not a known organisation; add it to an organisations file named in the config", ErrRefused, name, given)
		}
		if err != nil {
			return "", fmt.Errorf("ingest %s: %w", name, err)
		}
		return code, nil
	}
	codes, err := tx.Strings(ctx, queries.StagedTrusts)
	if err != nil {
		return "", fmt.Errorf("ingest %s: %w", name, err)
	}
	if len(codes) == 1 {
		return codes[0], nil
	}
	return "", nil // none or several trusts: the submission has no single trust
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
		return "", fmt.Errorf("%w %s: no answer in the file matches a known answer scale; name the scale for this input in the config", ErrRefused, name)
	}
	if err != nil {
		return "", fmt.Errorf("ingest %s: detect scale: %w", name, err)
	}
	return id, nil
}
