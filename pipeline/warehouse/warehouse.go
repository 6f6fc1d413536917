// Package warehouse owns the DuckDB warehouse: it opens the file (creating a new one from the
// baseline schema, upgrading one written by an earlier release through the numbered migrations),
// repairs what an interrupted load left, loads the framework and vocabularies as reference
// tables, and is the only package that holds a database connection. Other packages run the
// embedded SQL by name (queries.Name) through its methods, load inside its transactions (Tx),
// read results as Arrow record batches, and analysts run their own SQL through it.
package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	_ "github.com/duckdb/duckdb-go/v2" // registers the "duckdb" driver

	"github.com/nhs-readiness/readiness/queries"
)

// Warehouse is an open DuckDB warehouse.
type Warehouse struct {
	db       *sql.DB
	Path     string
	writable bool
	sandbox  bool // an analyst's read-only session: only queries run (see AnalystQuery)
	tables   *tables
	// Repaired is what Open removed of loads that did not commit (see Repair).
	Repaired Repaired
}

// Open opens (creating when needed) the warehouse at path and brings its schema up to date.
// An empty path opens an in-memory warehouse, for tests.
func Open(ctx context.Context, path string) (*Warehouse, error) {
	if path != "" {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, fmt.Errorf("warehouse: %w", err)
		}
		if err := create(ctx, path); err != nil {
			return nil, err
		}
	}
	db, err := sql.Open("duckdb", path)
	if err != nil {
		return nil, openError(path, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, openError(path, err)
	}
	// Checkpoint less often than DuckDB's default (every 16 MB of log): each file's load commits
	// a few megabytes, and checkpointing a large warehouse after nearly every file costs more
	// than the longer log does. Closing the warehouse checkpoints it.
	if _, err := db.ExecContext(ctx, "SET checkpoint_threshold = '1GB'"); err != nil {
		db.Close()
		return nil, fmt.Errorf("warehouse %s: %w", path, err)
	}
	w := &Warehouse{db: db, Path: path, writable: path != ""}
	if err := w.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if w.tables, err = readTables(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	if w.Repaired, err = w.Repair(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := w.refreshStale(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return w, nil
}

// creatingPrefix starts the name of a warehouse being created, beside its final name.
const creatingPrefix = ".creating-"

// create makes a new warehouse whole before it appears under its name: the file is created under
// a temporary name in the same folder, given the baseline schema, checkpointed and closed, then
// renamed into place. A kill at any instant leaves no file under the name (and a temporary one,
// removed by the next create) or the whole empty warehouse: never a file DuckDB cannot open.
// A file of zero bytes under the name (left by an earlier release killed while creating it)
// counts as none.
func create(ctx context.Context, path string) error {
	if st, err := os.Stat(path); err == nil && (st.Size() > 0 || st.IsDir()) {
		return nil
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("warehouse: %w", err)
	}
	if _, err := os.Stat(path + ".wal"); err == nil {
		return nil // a log to replay: let DuckDB open it and say what it finds
	}
	dir, base := filepath.Dir(path), filepath.Base(path)
	if old, _ := filepath.Glob(filepath.Join(dir, creatingPrefix+"*-"+base+"*")); len(old) > 0 {
		for _, f := range old {
			os.Remove(f)
		}
	}
	tmp := filepath.Join(dir, fmt.Sprintf("%s%d-%s", creatingPrefix, os.Getpid(), base))
	os.Remove(tmp)
	os.Remove(tmp + ".wal")
	db, err := sql.Open("duckdb", tmp)
	if err == nil {
		err = db.PingContext(ctx)
	}
	if err != nil {
		return openError(path, err)
	}
	w := &Warehouse{db: db, Path: tmp}
	err = w.Migrate(ctx) // the baseline in one transaction, checkpointed
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		if _, serr := os.Stat(tmp + ".wal"); serr == nil {
			err = fmt.Errorf("the new schema was not checkpointed")
		}
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		os.Remove(tmp + ".wal")
		return fmt.Errorf("warehouse %s: create: %w", path, err)
	}
	return nil
}

// OpenReadOnly opens an existing warehouse for reading only, with DuckDB's access to files other
// than the warehouse turned off and its configuration locked. A warehouse written by an older
// release, or whose stored cubes are out of date, is first brought up to date (opened for
// writing, migrated, its cubes computed, closed): reports read what the newer migrations define.
func OpenReadOnly(ctx context.Context, path string) (*Warehouse, error) {
	return openReadOnly(ctx, path, false)
}

// OpenSandbox opens an existing warehouse for an analyst's SQL (readiness sql without --write):
// read-only as OpenReadOnly, and AnalystQuery runs queries only (SELECT, EXPLAIN, PRAGMA, SHOW,
// DESCRIBE), refusing any other statement before it runs. Together: the warehouse and the files
// beside it stay byte for byte as they were, and no other file is read or written.
func OpenSandbox(ctx context.Context, path string) (*Warehouse, error) {
	return openReadOnly(ctx, path, true)
}

// readOnlyDSN opens a database file read-only, without access to any other file (no COPY, no
// read_csv or read_text, no ATTACH, no extensions) and with its configuration locked (no SET).
const readOnlyDSN = "?access_mode=read_only&enable_external_access=false&lock_configuration=true"

func openReadOnly(ctx context.Context, path string, sandbox bool) (*Warehouse, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("warehouse: %w", err)
	}
	for attempt := 0; ; attempt++ {
		db, err := sql.Open("duckdb", path+readOnlyDSN)
		if err != nil {
			return nil, openError(path, err)
		}
		if err := db.PingContext(ctx); err != nil {
			db.Close()
			return nil, openError(path, err)
		}
		w := &Warehouse{db: db, Path: path, sandbox: sandbox}
		if !sandbox { // an analyst may read any warehouse; the pipeline only one it understands
			if err := w.notNewer(ctx); err != nil {
				db.Close()
				return nil, err
			}
		}
		behind, err := w.behind(ctx)
		if err == nil && !behind {
			var stale []int
			_, stale, err = staleCubes(ctx, w.db)
			behind = len(stale) > 0
		}
		if err == nil && (!behind || attempt > 0) {
			w.tables, err = readTables(ctx, db)
		}
		if err != nil || !behind || attempt > 0 {
			if err != nil {
				db.Close()
				return nil, err
			}
			return w, nil
		}
		db.Close()
		up, err := Open(ctx, path)
		if err != nil {
			return nil, fmt.Errorf("warehouse %s: bring the schema up to date: %w", path, err)
		}
		if err := up.Close(); err != nil {
			return nil, fmt.Errorf("warehouse %s: %w", path, err)
		}
	}
}

// behind reports whether migrations the binary embeds are not applied to the warehouse yet.
func (w *Warehouse) behind(ctx context.Context) (bool, error) {
	current, err := w.Version(ctx)
	if err != nil {
		return false, err
	}
	latest, err := latestVersion()
	return latest > current, err
}

// ErrNewer means the warehouse was written by a newer release of readiness, whose schema this
// one does not know: reading or writing it could misread or damage it.
var ErrNewer = errors.New("the warehouse was written by a newer release of readiness")

// notNewer refuses a warehouse whose schema is newer than every migration this binary embeds.
func (w *Warehouse) notNewer(ctx context.Context) error {
	fresh, err := w.isNew(ctx)
	if err != nil || fresh {
		return err
	}
	current, err := w.Version(ctx)
	if err != nil {
		return err
	}
	latest, err := latestVersion()
	if err != nil {
		return err
	}
	if current > latest {
		return fmt.Errorf("warehouse %s: %w (schema version %d; this release knows up to %d): use that release or a later one", w.Path, ErrNewer, current, latest)
	}
	return nil
}

// latestVersion is the version a warehouse is at once every embedded migration is applied.
func latestVersion() (int, error) {
	migs, err := queries.Migrations()
	if err != nil {
		return 0, err
	}
	latest := queries.BaselineVersion
	if n := len(migs); n > 0 && migs[n-1].Version > latest {
		latest = migs[n-1].Version
	}
	return latest, nil
}

// ErrInUse means another process has the warehouse open for writing.
var ErrInUse = errors.New("the warehouse is in use by another run")

func openError(path string, err error) error {
	if strings.Contains(err.Error(), "Could not set lock") || strings.Contains(err.Error(), "Conflicting lock") {
		return fmt.Errorf("warehouse %s: %w; wait for it to finish and try again (%v)", path, ErrInUse, err)
	}
	return fmt.Errorf("warehouse %s: %w", path, err)
}

// Close closes the warehouse. A writable warehouse is checkpointed first, and a failed
// checkpoint is an error (DuckDB's own checkpoint at close cannot report one): the work is then
// in the log, which the next open replays, and the caller must not report success.
func (w *Warehouse) Close() error {
	var err error
	if w.writable {
		if _, cerr := w.db.Exec("CHECKPOINT"); cerr != nil {
			err = fmt.Errorf("warehouse %s: checkpoint: %w", w.Path, cerr)
		}
	}
	if cerr := w.db.Close(); cerr != nil {
		err = errors.Join(err, fmt.Errorf("warehouse %s: close: %w", w.Path, cerr))
	}
	return err
}

// Migrate brings the schema up to date. A new warehouse is created from the baseline schema in
// one transaction together with its record in schema_migrations, then checkpointed, so that a
// kill at any instant leaves either no schema or all of it, and no DDL waits in the log: DuckDB
// could not replay a log holding migration 0006's ALTER of a table with a CHECK constraint
// ("GetDefaultDatabase with no default database set"; upstream duckdb/duckdb issues 18259 and
// 19712, pull request 21608), which left a first run killed early unopenable. A warehouse of an earlier release
// gets every numbered migration newer than its version, each in a transaction of its own.
func (w *Warehouse) Migrate(ctx context.Context) error {
	migs, err := queries.Migrations()
	if err != nil {
		return err
	}
	fresh, err := w.isNew(ctx)
	if err != nil {
		return err
	}
	if fresh {
		if err := w.apply(ctx, queries.Baseline()); err != nil {
			return err
		}
		if w.Path != "" {
			if _, err := w.db.ExecContext(ctx, "CHECKPOINT"); err != nil {
				return fmt.Errorf("warehouse %s: checkpoint the new schema: %w", w.Path, err)
			}
		}
	}
	if err := w.notNewer(ctx); err != nil {
		return err
	}
	current, err := w.Version(ctx)
	if err != nil {
		return err
	}
	for _, m := range migs {
		if m.Version <= current {
			continue
		}
		if err := w.apply(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// isNew reports whether the warehouse has no schema at all (no schema_migrations table).
func (w *Warehouse) isNew(ctx context.Context) (bool, error) {
	var n int
	err := w.db.QueryRowContext(ctx, queries.MigrateExists.SQL()).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("warehouse: read schema: %w", err)
	}
	return n == 0, nil
}

// apply runs one migration in a transaction together with its row in schema_migrations.
func (w *Warehouse) apply(ctx context.Context, m queries.Migration) (err error) {
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("warehouse: migration %s: %w", m.Name, err)
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, tx.Rollback())
		}
	}()
	if _, err = tx.ExecContext(ctx, queries.MigrateCreateTable.SQL()); err != nil {
		return fmt.Errorf("warehouse: create schema_migrations: %w", err)
	}
	if _, err = tx.ExecContext(ctx, m.SQL); err != nil {
		return fmt.Errorf("warehouse: migration %s: %w", m.Name, err)
	}
	if _, err = tx.ExecContext(ctx, queries.MigrateRecord.SQL(), m.Version, m.Name); err != nil {
		return fmt.Errorf("warehouse: record migration %s: %w", m.Name, err)
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("warehouse: commit migration %s: %w", m.Name, err)
	}
	return nil
}

// Version returns the highest migration applied (0 for a new warehouse).
func (w *Warehouse) Version(ctx context.Context) (int, error) {
	fresh, err := w.isNew(ctx)
	if err != nil || fresh {
		return 0, err
	}
	var v sql.NullInt64
	if err := w.db.QueryRowContext(ctx, queries.MigrateVersion.SQL()).Scan(&v); err != nil {
		return 0, fmt.Errorf("warehouse: read version: %w", err)
	}
	return int(v.Int64), nil
}
