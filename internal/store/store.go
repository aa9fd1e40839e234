// Package store keeps contests in parquiz's SQLite file: the sealed plan
// (configuration, roster, drawn questions copied out of the bank), and the
// journal of every state change and accepted answer. It rebuilds an engine
// from the journal after a restart (Resume).
//
// Durability: the database runs in WAL mode with synchronous=FULL (see
// internal/db.DSN), so a committed transaction is on disk before COMMIT
// returns and survives a power cut; with NORMAL the last commits could be
// lost. The engine acknowledges an answer only after its journal record
// is committed. To keep up with a thousand answers in a second despite one
// fsync per commit, Journal commits in groups: one writer goroutine takes
// every record waiting and commits them in one transaction.
package store

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"parquiz/internal/db"
	"parquiz/quiz"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Migrations returns the store's migrations (component "store").
func Migrations() fs.FS {
	sub, _ := fs.Sub(migrations, "migrations")
	return sub
}

// ErrNotFound: no such contest.
var ErrNotFound = errors.New("contest not found")

// Store reads and writes contests.
type Store struct {
	db    *sql.DB
	owned bool
}

// Open opens (creating if needed) the database at path and migrates it.
func Open(path string) (*Store, error) {
	d, err := db.Open(path)
	if err != nil {
		return nil, err
	}
	s, err := New(d)
	if err != nil {
		d.Close()
		return nil, err
	}
	s.owned = true
	return s, nil
}

// New uses an open database (shared with the bank) and migrates it.
func New(d *sql.DB) (*Store, error) {
	if err := db.Migrate(context.Background(), d, "store", Migrations()); err != nil {
		return nil, err
	}
	return &Store{db: d}, nil
}

// DB returns the database.
func (s *Store) DB() *sql.DB { return s.db }

// Close closes the database if Open opened it.
func (s *Store) Close() error {
	if s.owned {
		return s.db.Close()
	}
	return nil
}

// Contest is one stored contest.
type Contest struct {
	ID        int64
	Title     string
	CreatedAt time.Time
	Records   int64     // journal length
	LastAt    time.Time // time of the last journal record (zero if none)
	Ended     bool      // the host ended it
}

// Create stores a new contest from plan: the plan itself, the roster and
// every drawn question (sealed), in one transaction.
func (s *Store) Create(ctx context.Context, plan *quiz.Plan) (int64, error) {
	if err := plan.Validate(); err != nil {
		return 0, err
	}
	body, err := json.Marshal(plan)
	if err != nil {
		return 0, fmt.Errorf("store contest: %w", err)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("store contest: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `INSERT INTO contests(title, plan) VALUES(?, ?)`, plan.Config.Title, string(body))
	if err != nil {
		return 0, fmt.Errorf("store contest: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	for _, c := range plan.Roster {
		if _, err := tx.ExecContext(ctx, `INSERT INTO contest_roster(contest_id, code, name, unit, block, public_key) VALUES(?,?,?,?,?,?)`,
			id, c.Code, c.Name, c.Unit, c.Block, c.PublicKey); err != nil {
			return 0, fmt.Errorf("store roster %s: %w", c.Code, err)
		}
	}
	for ri, qs := range plan.Rounds {
		for pos, q := range qs {
			qb, err := json.Marshal(q)
			if err != nil {
				return 0, err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO contest_questions(contest_id, round, position, seed, hash, bank_id, question) VALUES(?,?,?,?,?,?,?)`,
				id, ri, pos, plan.Config.Rounds[ri].Draw.Seed, q.Hash, q.ID, string(qb)); err != nil {
				return 0, fmt.Errorf("store question %d/%d: %w", ri+1, pos+1, err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("store contest: %w", err)
	}
	return id, nil
}

// Contests lists the stored contests, newest first.
func (s *Store) Contests(ctx context.Context) ([]Contest, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT c.id, c.title, c.created_at,
		(SELECT count(*) FROM contest_journal j WHERE j.contest_id = c.id),
		COALESCE((SELECT at FROM contest_journal j WHERE j.contest_id = c.id ORDER BY seq DESC LIMIT 1), ''),
		EXISTS(SELECT 1 FROM contest_journal j WHERE j.contest_id = c.id AND j.op = ?)
		FROM contests c ORDER BY c.id DESC`, string(quiz.OpEnd))
	if err != nil {
		return nil, fmt.Errorf("list contests: %w", err)
	}
	defer rows.Close()
	var out []Contest
	for rows.Next() {
		var c Contest
		var created, last string
		if err := rows.Scan(&c.ID, &c.Title, &created, &c.Records, &last, &c.Ended); err != nil {
			return nil, err
		}
		c.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
		if last != "" {
			c.LastAt, _ = time.Parse(time.RFC3339Nano, last)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Load reads a contest's plan and journal.
func (s *Store) Load(ctx context.Context, id int64) (*quiz.Plan, []quiz.Record, error) {
	var body string
	err := s.db.QueryRowContext(ctx, `SELECT plan FROM contests WHERE id = ?`, id).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, fmt.Errorf("contest %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("load contest %d: %w", id, err)
	}
	var plan quiz.Plan
	if err := json.Unmarshal([]byte(body), &plan); err != nil {
		return nil, nil, fmt.Errorf("load contest %d: %w", id, err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT record FROM contest_journal WHERE contest_id = ? ORDER BY seq`, id)
	if err != nil {
		return nil, nil, fmt.Errorf("load journal %d: %w", id, err)
	}
	defer rows.Close()
	var recs []quiz.Record
	for rows.Next() {
		var rb string
		if err := rows.Scan(&rb); err != nil {
			return nil, nil, err
		}
		var rec quiz.Record
		if err := json.Unmarshal([]byte(rb), &rec); err != nil {
			return nil, nil, fmt.Errorf("load journal %d: %w", id, err)
		}
		recs = append(recs, rec)
	}
	return &plan, recs, rows.Err()
}

// Start stores plan as a new contest and returns a fresh engine journaling
// into it. Close the returned Journal after the engine is no longer used.
func (s *Store) Start(ctx context.Context, plan *quiz.Plan, opts quiz.Options) (int64, *quiz.Engine, *Journal, error) {
	id, err := s.Create(ctx, plan)
	if err != nil {
		return 0, nil, nil, err
	}
	j := s.Journal(id)
	opts.Journal = j
	e, err := quiz.New(plan, opts)
	if err != nil {
		j.Close()
		return 0, nil, nil, err
	}
	return id, e, j, nil
}

// Resume rebuilds contest id's engine from its journal (an open question
// comes back paused) and keeps journaling into it.
func (s *Store) Resume(ctx context.Context, id int64, opts quiz.Options) (*quiz.Engine, *Journal, error) {
	plan, recs, err := s.Load(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	j := s.Journal(id)
	opts.Journal = j
	e, err := quiz.Restore(plan, recs, opts)
	if err != nil {
		j.Close()
		return nil, nil, fmt.Errorf("resume contest %d: %w", id, err)
	}
	return e, j, nil
}
