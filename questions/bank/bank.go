// Package bank is parquiz's question bank on SQLite: it stores questions
// (with their options, accepted answers and tags), imports batches of them
// all-or-nothing with duplicates found by content hash, lists, searches and
// counts them, and draws reproducible sets of questions for a round.
//
// The bank shares the one parquiz database file with the contest store; its
// tables are created by the embedded migrations under migrations/, recorded
// for the component "bank".
//
// Invariant Draw relies on: the questions of each draw group (same set,
// topic, kind and difficulty) have ranks 0..n-1 and draw_groups.n is n.
// Import keeps it inside its transaction; any future code that deletes or
// moves questions must renumber the group in the same transaction.
package bank

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"

	"parquiz/internal/db"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations are the bank's schema migrations, for db.Migrate.
func Migrations() fs.FS {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		panic(err) // the embedded directory is fixed at build time
	}
	return sub
}

// ErrNotFound is returned when a question id is not in the bank.
var ErrNotFound = errors.New("question not found")

// Bank is the question bank on an SQLite database.
type Bank struct {
	db    *sql.DB
	owned bool // Open created db, so Close closes it
}

// Open opens (creating if needed) the database at path and applies the
// bank's migrations. Close releases it.
func Open(path string) (*Bank, error) {
	d, err := db.Open(path)
	if err != nil {
		return nil, err
	}
	b, err := New(d)
	if err != nil {
		d.Close()
		return nil, err
	}
	b.owned = true
	return b, nil
}

// New wraps an already open parquiz database (see internal/db.Open),
// applying the bank's migrations. Close does not close d.
func New(d *sql.DB) (*Bank, error) {
	if err := db.Migrate(context.Background(), d, "bank", Migrations()); err != nil {
		return nil, fmt.Errorf("question bank: %w", err)
	}
	return &Bank{db: d}, nil
}

// DB returns the underlying database.
func (b *Bank) DB() *sql.DB { return b.db }

// Close closes the database if Open opened it.
func (b *Bank) Close() error {
	if b.owned {
		return b.db.Close()
	}
	return nil
}
