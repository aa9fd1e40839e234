package bank

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"parquiz/questions"
)

// ImportResult says what an import did.
type ImportResult struct {
	Imported   int `json:"imported"`
	Duplicates int `json:"duplicates"` // already in the bank, or repeated in the batch
}

// ErrInvalidQuestion is wrapped when Import refuses a batch because one of
// its questions does not validate; the error names the question's index.
var ErrInvalidQuestion = errors.New("invalid question in batch")

// Import stores qs in one transaction. Each question is normalised and
// validated again (readers do it too; the bank does not trust its callers);
// if any question is invalid, or anything fails, nothing is stored.
// Questions whose content hash is already in the bank, or earlier in qs,
// are skipped and counted as duplicates. The ids of stored questions are
// not returned; use List or Get.
func (b *Bank) Import(ctx context.Context, qs []questions.Question) (ImportResult, error) {
	clean, err := prepare(qs)
	if err != nil {
		return ImportResult{}, err
	}
	tx, err := b.db.BeginTx(ctx, nil)
	if err != nil {
		return ImportResult{}, fmt.Errorf("import: %w", err)
	}
	defer tx.Rollback() // no-op after Commit
	res, err := importTx(ctx, tx, clean)
	if err != nil {
		return ImportResult{}, err
	}
	if err := tx.Commit(); err != nil {
		return ImportResult{}, fmt.Errorf("import: %w", err)
	}
	return res, nil
}

// prepare returns normalised, validated copies of qs (the caller's slices
// are not modified) or an error naming the first invalid question.
func prepare(qs []questions.Question) ([]questions.Question, error) {
	out := make([]questions.Question, len(qs))
	var errs []error
	for i, q := range qs {
		q.Choices = slices.Clone(q.Choices)
		q.Tags = slices.Clone(q.Tags)
		q.Accepted = slices.Clone(q.Accepted)
		q.ID = 0
		q.Normalize()
		if err := q.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("%w: question %d (%q): %w", ErrInvalidQuestion, i+1, short(q.Text), err))
			if len(errs) >= 20 {
				break
			}
		}
		out[i] = q
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

func short(s string) string {
	return ansi.Truncate(questions.CleanLine(s), 60, "…")
}

type groupKey struct {
	set, topic string
	kind       questions.Kind
	difficulty int
}

type group struct {
	id    int64
	n     int
	dirty bool
}

// importTx inserts already prepared questions inside tx.
func importTx(ctx context.Context, tx *sql.Tx, qs []questions.Question) (ImportResult, error) {
	var res ImportResult
	// A large import writes more pages than SQLite's default 2 MB cache
	// holds; spilling them to the WAL mid-transaction costs a write each.
	// 64 MB is an upper bound on this connection's cache, not an allocation.
	if _, err := tx.ExecContext(ctx, `PRAGMA cache_size = -65536`); err != nil {
		return res, fmt.Errorf("import: %w", err)
	}
	groups, err := loadGroups(ctx, tx)
	if err != nil {
		return res, fmt.Errorf("import: %w", err)
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO questions
		(hash, kind, title, text, search, topic, difficulty, explanation, source, set_name,
		 truth, num_value, num_tol, num_min, num_max, num_range, true_feedback, false_feedback,
		 group_id, draw_rank)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
		ON CONFLICT (hash) DO NOTHING RETURNING id`)
	if err != nil {
		return res, fmt.Errorf("import: %w", err)
	}
	defer ins.Close()
	insGroup, err := tx.PrepareContext(ctx, `INSERT INTO draw_groups (set_name, topic, kind, difficulty) VALUES (?,?,?,?) RETURNING id`)
	if err != nil {
		return res, fmt.Errorf("import: %w", err)
	}
	defer insGroup.Close()
	rows := newRowInserter(tx)
	defer rows.close()

	seen := make(map[string]bool, len(qs))
	for i := range qs {
		q := &qs[i]
		if seen[q.Hash] {
			res.Duplicates++
			continue
		}
		seen[q.Hash] = true
		k := groupKey{q.Set, q.Topic, q.Kind, q.Difficulty}
		g := groups[k]
		if g == nil {
			g = &group{}
			if err := insGroup.QueryRowContext(ctx, k.set, k.topic, string(k.kind), k.difficulty).Scan(&g.id); err != nil {
				return res, fmt.Errorf("import: %w", err)
			}
			groups[k] = g
		}
		var id int64
		err := ins.QueryRowContext(ctx, q.Hash, string(q.Kind), q.Title, q.Text, searchText(q), q.Topic,
			q.Difficulty, q.Explanation, q.Source, q.Set, q.Truth,
			q.Number.Value, q.Number.Tolerance, q.Number.Min, q.Number.Max, q.Number.IsRange,
			q.TrueFeedback, q.FalseFeedback, g.id, g.n).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) { // ON CONFLICT DO NOTHING: already in the bank
			res.Duplicates++
			continue
		}
		if err != nil {
			return res, fmt.Errorf("import question %d: %w", i+1, err)
		}
		g.n++
		g.dirty = true
		if err := rows.insert(ctx, id, q); err != nil {
			return res, fmt.Errorf("import question %d: %w", i+1, err)
		}
		res.Imported++
	}
	for _, g := range groups {
		if g.dirty {
			if _, err := tx.ExecContext(ctx, `UPDATE draw_groups SET n = ? WHERE id = ?`, g.n, g.id); err != nil {
				return res, fmt.Errorf("import: %w", err)
			}
		}
	}
	return res, nil
}

func loadGroups(ctx context.Context, tx *sql.Tx) (map[groupKey]*group, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, set_name, topic, kind, difficulty, n FROM draw_groups`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[groupKey]*group{}
	for rows.Next() {
		var k groupKey
		var g group
		var kind string
		if err := rows.Scan(&g.id, &k.set, &k.topic, &kind, &k.difficulty, &g.n); err != nil {
			return nil, err
		}
		k.kind = questions.Kind(kind)
		out[k] = &g
	}
	return out, rows.Err()
}

// searchText is what Filter.Search is matched against: the folded,
// diacritic-free title, stem, options and source. The parts are joined with
// U+001F (unit separator), which folding keeps and nobody types, so a search
// never matches across two fields; one SearchKey call for the whole text is
// several times faster than one per part.
func searchText(q *questions.Question) string {
	parts := make([]string, 0, len(q.Choices)+3)
	parts = append(parts, q.Title, q.Text)
	for _, c := range q.Choices {
		parts = append(parts, c.Text)
	}
	parts = append(parts, q.Source)
	return questions.SearchKey(strings.Join(parts, "\x1f"))
}

// rowInserter inserts a question's options, accepted answers and tags with
// one multi-row INSERT per table, prepared once per row count: at 10,000
// questions per import, one statement per option would dominate the time.
type rowInserter struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

func newRowInserter(tx *sql.Tx) *rowInserter {
	return &rowInserter{tx: tx, stmts: map[string]*sql.Stmt{}}
}

func (r *rowInserter) close() {
	for _, s := range r.stmts {
		s.Close()
	}
}

func (r *rowInserter) exec(ctx context.Context, table, cols string, ncols, nrows int, args []any) error {
	if nrows == 0 {
		return nil
	}
	key := fmt.Sprintf("%s/%d", table, nrows)
	st := r.stmts[key]
	if st == nil {
		row := "(" + strings.TrimSuffix(strings.Repeat("?,", ncols), ",") + ")"
		q := "INSERT INTO " + table + " (" + cols + ") VALUES " + strings.TrimSuffix(strings.Repeat(row+",", nrows), ",")
		var err error
		if st, err = r.tx.PrepareContext(ctx, q); err != nil {
			return err
		}
		r.stmts[key] = st
	}
	_, err := st.ExecContext(ctx, args...)
	return err
}

func (r *rowInserter) insert(ctx context.Context, id int64, q *questions.Question) error {
	var args []any
	for i, c := range q.Choices {
		args = append(args, id, i, c.Text, c.Correct, c.Weight, c.Feedback)
	}
	if err := r.exec(ctx, "choices", "question_id, pos, text, correct, weight, feedback", 6, len(q.Choices), args); err != nil {
		return err
	}
	args = args[:0]
	for i, a := range q.Accepted {
		args = append(args, id, i, a)
	}
	if err := r.exec(ctx, "accepted", "question_id, pos, text", 3, len(q.Accepted), args); err != nil {
		return err
	}
	args = args[:0]
	for i, t := range q.Tags {
		args = append(args, id, i, t)
	}
	return r.exec(ctx, "tags", "question_id, pos, tag", 3, len(q.Tags), args)
}
