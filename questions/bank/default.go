package bank

import (
	"context"
	"fmt"
	"strconv"

	"parquiz/questions"
)

// DefaultSet is the set name of the PAR questions shipped inside parquiz.
const DefaultSet = "par-default"

// Loader returns the questions of the shipped default bank (questions/par's
// Load). It is passed in so that the bank does not depend on the shipped
// content and tests can load their own.
type Loader func() ([]questions.Question, error)

const metaDefault = "default_loaded"

// EnsureDefault loads the default questions (into the set DefaultSet when
// they name none) the first time it runs on a database, in one transaction, and records that it
// did; later calls do nothing, even if those questions were removed since.
// loaded reports whether this call loaded them. Every command that opens
// the bank calls it first, so a fresh machine starts with the PAR bank.
func (b *Bank) EnsureDefault(ctx context.Context, load Loader) (loaded bool, res ImportResult, err error) {
	return b.EnsureDefaultVersion(ctx, "", load)
}

// EnsureDefaultVersion is EnsureDefault that also records version with the
// questions it loads, so that UpdateDefault(version) has nothing to do
// afterwards (an empty version records none).
func (b *Bank) EnsureDefaultVersion(ctx context.Context, version string, load Loader) (loaded bool, res ImportResult, err error) {
	if load == nil {
		return false, res, nil
	}
	done, err := metaExists(ctx, b.db, metaDefault)
	if err != nil || done {
		return false, res, err
	}
	qs, err := load()
	if err != nil {
		return false, res, fmt.Errorf("load the default question bank: %w", err)
	}
	for i := range qs {
		if qs[i].Set == "" {
			qs[i].Set = DefaultSet
		}
	}
	clean, err := prepare(qs)
	if err != nil {
		return false, res, fmt.Errorf("the default question bank: %w", err)
	}
	tx, err := b.db.BeginTx(ctx, nil)
	if err != nil {
		return false, res, fmt.Errorf("load the default question bank: %w", err)
	}
	defer tx.Rollback()
	// Another process may have loaded it between the check and BEGIN
	// IMMEDIATE (which takes the write lock); look again inside.
	if done, err := metaExists(ctx, tx, metaDefault); err != nil || done {
		return false, res, err
	}
	if res, err = importTx(ctx, tx, clean); err != nil {
		return false, ImportResult{}, fmt.Errorf("load the default question bank: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO bank_meta (key, value) VALUES (?, ?)`, metaDefault, strconv.Itoa(res.Imported)); err != nil {
		return false, ImportResult{}, fmt.Errorf("load the default question bank: %w", err)
	}
	if version != "" {
		if err := recordDefault(ctx, tx, version, clean); err != nil {
			return false, ImportResult{}, fmt.Errorf("load the default question bank: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return false, ImportResult{}, fmt.Errorf("load the default question bank: %w", err)
	}
	return true, res, nil
}

func metaExists(ctx context.Context, q queryer, key string) (bool, error) {
	_, ok, err := metaValue(ctx, q, key)
	return ok, err
}
