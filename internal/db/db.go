// Package db opens parquiz's single SQLite file and applies the embedded
// migrations of each component (bank, contest store, practice) in order,
// recording them in one schema_migrations table.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver (pure Go, no cgo)
)

// DefaultPath is where parquiz keeps its database when neither --db nor
// PARQUIZ_DB says otherwise: $XDG_DATA_HOME/parquiz/parquiz.db, falling back
// to ~/.local/share/parquiz/parquiz.db.
func DefaultPath() string {
	if p := os.Getenv("PARQUIZ_DB"); p != "" {
		return p
	}
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			home = "."
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "parquiz", "parquiz.db")
}

// DSN builds the modernc DSN with the pragmas every pooled connection runs.
//
// synchronous(FULL): in WAL mode NORMAL may lose the last transactions on a
// power cut (they are in the WAL but not yet fsynced); FULL fsyncs the WAL
// on every commit, so an acknowledged answer survives a power cut. The cost
// is one fsync per commit, which the answer path batches (see store).
// _txlock=immediate: writers take the lock at BEGIN, so two writers never
// deadlock upgrading a read lock (SQLITE_BUSY mid-transaction).
func DSN(path string) string {
	v := url.Values{}
	v.Add("_pragma", "busy_timeout(10000)")
	v.Add("_pragma", "foreign_keys(1)")
	v.Add("_pragma", "journal_mode(WAL)")
	v.Add("_pragma", "synchronous(FULL)")
	v.Set("_txlock", "immediate")
	return "file:" + path + "?" + v.Encode()
}

// Open opens (creating if needed) the database at path, creating its
// directory with mode 0700 and the file with mode 0600; an existing file
// (and its -wal and -shm) more open than that is tightened (see files.go).
func Open(path string) (*sql.DB, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("create the database folder %s: %w", dir, err)
		}
	}
	if err := preparePrivate(path); err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	d, err := sql.Open("sqlite", DSN(path))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if err := d.Ping(); err != nil {
		d.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return d, nil
}

// Migrate applies the migrations in fsys (files named NNN_description.sql,
// applied in numeric order) that are not yet recorded for component, each in
// its own transaction together with its record.
func Migrate(ctx context.Context, d *sql.DB, component string, fsys fs.FS) error {
	var have int
	if err := d.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type='table' AND name='schema_migrations'`).Scan(&have); err != nil {
		return fmt.Errorf("migrate %s: %w", component, err)
	}
	if have == 0 {
		if _, err := d.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		component TEXT NOT NULL,
		version   INTEGER NOT NULL,
		name      TEXT NOT NULL,
		applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
		PRIMARY KEY (component, version))`); err != nil {
			return fmt.Errorf("migrate %s: %w", component, err)
		}
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return fmt.Errorf("migrate %s: %w", component, err)
	}
	type mig struct {
		v    int
		name string
	}
	var migs []mig
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		num, _, _ := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if err != nil {
			return fmt.Errorf("migrate %s: %s does not start with a number", component, e.Name())
		}
		migs = append(migs, mig{v, e.Name()})
	}
	sort.Slice(migs, func(i, j int) bool { return migs[i].v < migs[j].v })
	// Read what is applied first: on a database that is up to date (every
	// open but the first) no write transaction is begun, so opening the
	// bank never queues behind a contest's journal for the write lock.
	applied := map[int]bool{}
	rows, err := d.QueryContext(ctx, `SELECT version FROM schema_migrations WHERE component=?`, component)
	if err != nil {
		return fmt.Errorf("migrate %s: %w", component, err)
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return fmt.Errorf("migrate %s: %w", component, err)
		}
		applied[v] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("migrate %s: %w", component, err)
	}
	for _, m := range migs {
		if applied[m.v] {
			continue
		}
		body, err := fs.ReadFile(fsys, m.name)
		if err != nil {
			return err
		}
		tx, err := d.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		// Checked inside the (immediate) transaction: two processes opening
		// a new database at once would otherwise both apply it, and the
		// second would fail on "table already exists".
		var one int
		err = tx.QueryRowContext(ctx, `SELECT 1 FROM schema_migrations WHERE component=? AND version=?`, component, m.v).Scan(&one)
		if err == nil {
			tx.Rollback()
			continue
		}
		if !errors.Is(err, sql.ErrNoRows) {
			tx.Rollback()
			return fmt.Errorf("migrate %s: %w", component, err)
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migrate %s %s: %w", component, m.name, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(component, version, name) VALUES(?,?,?)`, component, m.v, m.name); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migrate %s %s: %w", component, m.name, err)
		}
	}
	return nil
}
