package bank

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"parquiz/questions"
)

// Keys in bank_meta of the default bank's version and of the content
// hashes it consisted of (newline-separated), written by UpdateDefault.
const (
	metaDefaultVersion = "default_version"
	metaDefaultHashes  = "default_hashes"
)

// DefaultUpdate is what UpdateDefault changed.
type DefaultUpdate struct {
	Added   int // questions of the new version not in the bank before
	Removed int // questions of an earlier version that the new one dropped or reworded
}

// Changed reports whether the bank changed.
func (u DefaultUpdate) Changed() bool { return u.Added > 0 || u.Removed > 0 }

// UpdateDefault brings the default questions in the bank in line with the
// shipped version, so that a question corrected in a new release of
// parquiz is corrected in a database created by an older one. It does
// nothing when version is the one recorded with the database (one query)
// or when the default bank was never loaded (EnsureDefault loads it; call
// UpdateDefault after it). Otherwise, in one transaction, it removes the
// questions of the earlier version that the new one no longer has (a
// reworded question has a new content hash: the old wording goes, the new
// comes), adds the new ones and records version.
//
// Only default questions are removed: those whose hashes were recorded
// with the earlier version or, for a database loaded before versions were
// recorded, those in DefaultSet. Questions an organiser imported stay.
// Contests already stored keep their sealed copies of the questions they
// drew.
func (b *Bank) UpdateDefault(ctx context.Context, version string, load Loader) (DefaultUpdate, error) {
	var u DefaultUpdate
	if load == nil || version == "" {
		return u, nil
	}
	if current, ok, err := metaValue(ctx, b.db, metaDefaultVersion); err != nil || (ok && current == version) {
		return u, err
	}
	if loaded, err := metaExists(ctx, b.db, metaDefault); err != nil || !loaded {
		return u, err
	}
	qs, err := load()
	if err != nil {
		return u, fmt.Errorf("load the default question bank: %w", err)
	}
	for i := range qs {
		if qs[i].Set == "" {
			qs[i].Set = DefaultSet
		}
	}
	clean, err := prepare(qs)
	if err != nil {
		return u, fmt.Errorf("the default question bank: %w", err)
	}
	keep := make(map[string]bool, len(clean))
	for _, q := range clean {
		keep[q.Hash] = true
	}

	tx, err := b.db.BeginTx(ctx, nil)
	if err != nil {
		return u, fmt.Errorf("update the default question bank: %w", err)
	}
	defer tx.Rollback()
	// Another process may have updated it between the check and BEGIN
	// IMMEDIATE; look again inside.
	if current, ok, err := metaValue(ctx, tx, metaDefaultVersion); err != nil || (ok && current == version) {
		return u, err
	}
	old, err := oldDefaultIDs(ctx, tx)
	if err != nil {
		return u, fmt.Errorf("update the default question bank: %w", err)
	}
	groups := map[int64]bool{}
	for hash, q := range old {
		if keep[hash] {
			continue
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM questions WHERE id = ?`, q.id); err != nil {
			return u, fmt.Errorf("update the default question bank: %w", err)
		}
		groups[q.group] = true
		u.Removed++
	}
	for g := range groups {
		if err := renumber(ctx, tx, g); err != nil {
			return u, fmt.Errorf("update the default question bank: %w", err)
		}
	}
	res, err := importTx(ctx, tx, clean)
	if err != nil {
		return u, fmt.Errorf("update the default question bank: %w", err)
	}
	u.Added = res.Imported
	if err := recordDefault(ctx, tx, version, clean); err != nil {
		return u, fmt.Errorf("update the default question bank: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return u, fmt.Errorf("update the default question bank: %w", err)
	}
	return u, nil
}

// recordDefault records, inside tx, the version of the default bank and
// the content hashes of its questions qs.
func recordDefault(ctx context.Context, tx *sql.Tx, version string, qs []questions.Question) error {
	seen := make(map[string]bool, len(qs))
	hashes := make([]string, 0, len(qs))
	for _, q := range qs {
		if !seen[q.Hash] {
			seen[q.Hash] = true
			hashes = append(hashes, q.Hash)
		}
	}
	for k, v := range map[string]string{metaDefaultVersion: version, metaDefaultHashes: strings.Join(hashes, "\n")} {
		if _, err := tx.ExecContext(ctx, `INSERT INTO bank_meta (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, v); err != nil {
			return err
		}
	}
	return nil
}

type questionRef struct{ id, group int64 }

// oldDefaultIDs finds the questions of the default bank as it was: by the
// hashes recorded with its version, or, when none were recorded, by set.
func oldDefaultIDs(ctx context.Context, tx *sql.Tx) (map[string]questionRef, error) {
	recorded, ok, err := metaValue(ctx, tx, metaDefaultHashes)
	if err != nil {
		return nil, err
	}
	var rows *sql.Rows
	if ok {
		rows, err = tx.QueryContext(ctx, `SELECT hash, id, group_id FROM questions
			WHERE hash IN (SELECT value FROM json_each(?))`, jsonArray(strings.Split(recorded, "\n")))
	} else {
		rows, err = tx.QueryContext(ctx, `SELECT hash, id, group_id FROM questions WHERE set_name = ?`, DefaultSet)
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]questionRef{}
	for rows.Next() {
		var h string
		var r questionRef
		if err := rows.Scan(&h, &r.id, &r.group); err != nil {
			return nil, err
		}
		out[h] = r
	}
	return out, rows.Err()
}

// renumber makes the draw ranks of group g dense again (0..n-1, in their
// old order) after questions were removed from it, and updates its count:
// Draw picks the k-th question of a group by rank.
func renumber(ctx context.Context, tx *sql.Tx, g int64) error {
	// Move the ranks out of the way first: (group_id, draw_rank) is unique
	// and SQLite checks it row by row.
	if _, err := tx.ExecContext(ctx, `UPDATE questions SET draw_rank = -1 - draw_rank WHERE group_id = ?`, g); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE questions SET draw_rank = r.rank
		FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY draw_rank DESC) - 1 AS rank FROM questions WHERE group_id = ?) AS r
		WHERE questions.id = r.id`, g); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE draw_groups SET n = (SELECT count(*) FROM questions WHERE group_id = ?) WHERE id = ?`, g, g)
	return err
}

func metaValue(ctx context.Context, q queryer, key string) (string, bool, error) {
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM bank_meta WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("question bank: %w", err)
	}
	return v, true, nil
}

// jsonArray encodes strings that need no escaping (hex hashes) as a JSON
// array for json_each.
func jsonArray(ss []string) string {
	return `["` + strings.Join(ss, `","`) + `"]`
}
