// Package practice keeps the results of practice sessions played on this
// computer and the player's name, in parquiz's SQLite file (migration
// component "practice"), and answers the best-scores table of the home
// screen.
package practice

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"parquiz/internal/db"
	"parquiz/questions"
)

//go:embed migrations/*.sql
var migrations embed.FS

// ErrInvalid is wrapped by Save when a result cannot be stored as given.
var ErrInvalid = errors.New("invalid practice result")

// Result is one finished practice session.
type Result struct {
	ID         int64
	Name       string
	Score      float64 // points earned: the sum of each question's grade (0..1)
	Max        float64 // points possible: one per question
	Correct    int     // questions answered fully right
	Total      int     // questions asked
	Duration   time.Duration
	Topics     []string // the topics chosen; empty means all
	Difficulty int      // 0 = any
	At         time.Time
}

// Percent is Score as a share of Max, 0..100.
func (r Result) Percent() float64 {
	if r.Max <= 0 {
		return 0
	}
	return 100 * r.Score / r.Max
}

// Store saves practice results. It is safe for concurrent use.
type Store struct{ db *sql.DB }

// Open applies the practice migrations to d and returns the store.
func Open(ctx context.Context, d *sql.DB) (*Store, error) {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx, d, "practice", sub); err != nil {
		return nil, err
	}
	return &Store{db: d}, nil
}

const nameKey = "player_name"

// Name returns the remembered player name, "" when none was saved.
func (s *Store) Name(ctx context.Context) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM practice_settings WHERE key = ?`, nameKey).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read the practice name: %w", err)
	}
	return v, nil
}

// SetName remembers name (NFC, spaces collapsed) for the next session.
func (s *Store) SetName(ctx context.Context, name string) error {
	name = questions.CleanLine(name)
	if name == "" {
		return fmt.Errorf("%w: the name is empty", ErrInvalid)
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO practice_settings(key, value) VALUES(?, ?)
		ON CONFLICT(key) DO UPDATE SET value = excluded.value`, nameKey, name)
	if err != nil {
		return fmt.Errorf("save the practice name: %w", err)
	}
	return nil
}

// Save stores r (its name in NFC) and returns its id.
func (s *Store) Save(ctx context.Context, r Result) (int64, error) {
	r.Name = questions.CleanLine(r.Name)
	switch {
	case r.Name == "":
		return 0, fmt.Errorf("%w: the name is empty", ErrInvalid)
	case r.Total <= 0 || r.Max <= 0:
		return 0, fmt.Errorf("%w: no question was asked", ErrInvalid)
	case r.Score < 0 || r.Score > r.Max || r.Correct < 0 || r.Correct > r.Total:
		return 0, fmt.Errorf("%w: score %v/%v, correct %d/%d", ErrInvalid, r.Score, r.Max, r.Correct, r.Total)
	}
	if r.At.IsZero() {
		r.At = time.Now()
	}
	topics := make([]string, len(r.Topics))
	for i, t := range r.Topics {
		topics[i] = questions.CleanTopic(t)
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO practice_results
		(name, score, max_score, correct, total, duration_ms, topics, difficulty, finished_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.Name, r.Score, r.Max, r.Correct, r.Total, r.Duration.Milliseconds(),
		strings.Join(topics, "; "), r.Difficulty, r.At.UTC().Format(time.RFC3339Nano))
	if err != nil {
		return 0, fmt.Errorf("save the practice result: %w", err)
	}
	return res.LastInsertId()
}

// Best returns up to limit results, best first: the highest share of
// points, then the shortest time, then the earliest. It ranks runs of
// every length together; the home screen uses Totals and BestOf, which
// rank like with like.
func (s *Store) Best(ctx context.Context, limit int) ([]Result, error) {
	return s.best(ctx, 0, limit)
}

// BestOf returns up to limit results of runs of total questions, best
// first: the highest share of points, then the shortest time, then the
// earliest. A 5-question run is never ranked against a 10-question one.
func (s *Store) BestOf(ctx context.Context, total, limit int) ([]Result, error) {
	if total <= 0 {
		return nil, nil
	}
	return s.best(ctx, total, limit)
}

// Totals lists the lengths (questions asked) of the stored runs, the
// length of the latest run first, then the others from the longest down.
func (s *Store) Totals(ctx context.Context) ([]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT total FROM practice_results GROUP BY total
		ORDER BY max(id) = (SELECT max(id) FROM practice_results) DESC, total DESC`)
	if err != nil {
		return nil, fmt.Errorf("read the practice lengths: %w", err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var n int
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("read the practice lengths: %w", err)
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

func (s *Store) best(ctx context.Context, total, limit int) ([]Result, error) {
	if limit <= 0 {
		limit = 10
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, score, max_score, correct, total,
		duration_ms, topics, difficulty, finished_at FROM practice_results
		WHERE ? = 0 OR total = ?
		ORDER BY score / max_score DESC, duration_ms, id LIMIT ?`, total, total, limit)
	if err != nil {
		return nil, fmt.Errorf("read the best scores: %w", err)
	}
	defer rows.Close()
	var out []Result
	for rows.Next() {
		var r Result
		var ms int64
		var topics, at string
		if err := rows.Scan(&r.ID, &r.Name, &r.Score, &r.Max, &r.Correct, &r.Total, &ms, &topics, &r.Difficulty, &at); err != nil {
			return nil, fmt.Errorf("read the best scores: %w", err)
		}
		r.Duration = time.Duration(ms) * time.Millisecond
		if topics != "" {
			r.Topics = strings.Split(topics, "; ")
		}
		r.At, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, r)
	}
	return out, rows.Err()
}
