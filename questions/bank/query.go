package bank

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"parquiz/questions"
)

// queryer is what reading needs: a *sql.DB or a *sql.Tx.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// where builds the WHERE clause for f (without Limit and Offset).
func where(f questions.Filter) (string, []any) {
	var conds []string
	var args []any
	if f.Set != "" {
		conds = append(conds, "set_name = ?")
		args = append(args, questions.CleanLine(f.Set))
	}
	if t := questions.CleanTopic(f.Topic); t != "" {
		c, a := topicCond(t)
		conds = append(conds, c)
		args = append(args, a...)
	}
	if f.Kind != "" {
		conds = append(conds, "kind = ?")
		args = append(args, strings.ToLower(strings.TrimSpace(string(f.Kind))))
	}
	if f.Difficulty != 0 {
		conds = append(conds, "difficulty = ?")
		args = append(args, f.Difficulty)
	}
	if s := questions.SearchKey(f.Search); s != "" {
		// instr, not LIKE: no wildcards to escape in what people type.
		conds = append(conds, "instr(search, ?) > 0")
		args = append(args, s)
	}
	if len(conds) == 0 {
		return "1", nil
	}
	return strings.Join(conds, " AND "), args
}

// topicCond matches topic t and its sub-topics. The range test ('/' is
// followed by '0' in byte order) is exact, case-sensitive and uses the index,
// where LIKE would fold ASCII case and need escaping.
func topicCond(t string) (string, []any) {
	return "(topic = ? OR (topic >= ? AND topic < ?))", []any{t, t + "/", t + "0"}
}

// List returns the questions matching f, complete with options, accepted
// answers and tags, ordered by topic then id. When f.Search has
// diacritics ("đoàn"), the questions that contain it with those
// diacritics come first ("Đoàn thanh niên" before "giai đoạn"), each
// group in that order; Limit and Offset apply to the ranked list.
func (b *Bank) List(ctx context.Context, f questions.Filter) ([]questions.Question, error) {
	w, args := where(f)
	if exact := exactKey(f.Search); exact != "" {
		out, err := b.listRanked(ctx, f, w, args, exact)
		if err != nil {
			return nil, fmt.Errorf("list questions: %w", err)
		}
		return out, nil
	}
	q := "SELECT " + questionCols + " FROM questions q WHERE " + w + " ORDER BY topic, id"
	if f.Limit > 0 || f.Offset > 0 {
		lim := f.Limit
		if lim <= 0 {
			lim = -1 // SQLite: no limit
		}
		q += " LIMIT ? OFFSET ?"
		args = append(args, lim, max(f.Offset, 0))
	}
	out, err := loadQuestions(ctx, b.db, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list questions: %w", err)
	}
	return out, nil
}

// exactKey is the search folded with its diacritics kept (questions.FoldKey)
// when it has any (or đ), that is when the diacritic-insensitive match
// finds more than was typed; else "".
func exactKey(search string) string {
	k := questions.FoldKey(search)
	if k == "" || k == questions.SearchKey(search) {
		return ""
	}
	return k
}

// HasDiacritics reports whether a search has diacritics (or đ), so that
// List ranks the questions containing it exactly first.
func HasDiacritics(search string) bool { return exactKey(search) != "" }

// ExactMatch reports whether q's title, stem, options or source contain
// search with its diacritics (case, spacing and Unicode form aside): the
// questions List ranks first for a search with diacritics.
func ExactMatch(q *questions.Question, search string) bool {
	k := questions.FoldKey(search)
	if k == "" {
		return false
	}
	parts := make([]string, 0, len(q.Choices)+3)
	parts = append(parts, q.Title, q.Text, q.Source)
	for _, c := range q.Choices {
		parts = append(parts, c.Text)
	}
	return strings.Contains(questions.FoldKey(strings.Join(parts, "\x1f")), k)
}

// listRanked is List for a search with diacritics: it reads the texts of
// every match (one query), puts the exact matches first, cuts Offset and
// Limit, then loads only the questions kept.
func (b *Bank) listRanked(ctx context.Context, f questions.Filter, w string, args []any, exact string) ([]questions.Question, error) {
	rows, err := b.db.QueryContext(ctx, `SELECT q.id, q.title || char(31) || q.text || char(31) || q.source || char(31) ||
		coalesce((SELECT group_concat(c.text, char(31)) FROM choices c WHERE c.question_id = q.id), '')
		FROM questions q WHERE `+w+" ORDER BY topic, id", args...)
	if err != nil {
		return nil, err
	}
	var first, rest []int64
	for rows.Next() {
		var id int64
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			rows.Close()
			return nil, err
		}
		if strings.Contains(questions.FoldKey(text), exact) {
			first = append(first, id)
		} else {
			rest = append(rest, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ids := append(first, rest...)
	if off := max(f.Offset, 0); off < len(ids) {
		ids = ids[off:]
	} else {
		ids = nil
	}
	if f.Limit > 0 && f.Limit < len(ids) {
		ids = ids[:f.Limit]
	}
	if len(ids) == 0 {
		return []questions.Question{}, nil
	}
	idArg, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	qs, err := loadQuestions(ctx, b.db, "SELECT "+questionCols+" FROM questions q WHERE q.id IN (SELECT value FROM json_each(?))", string(idArg))
	if err != nil {
		return nil, err
	}
	pos := make(map[int64]int, len(ids))
	for i, id := range ids {
		pos[id] = i
	}
	slices.SortFunc(qs, func(a, b questions.Question) int { return pos[a.ID] - pos[b.ID] })
	return qs, nil
}

// Count returns how many questions match f (Limit and Offset ignored).
func (b *Bank) Count(ctx context.Context, f questions.Filter) (int, error) {
	w, args := where(f)
	var n int
	if err := b.db.QueryRowContext(ctx, "SELECT count(*) FROM questions WHERE "+w, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count questions: %w", err)
	}
	return n, nil
}

// Get returns the question with the given id, or an error wrapping
// ErrNotFound.
func (b *Bank) Get(ctx context.Context, id int64) (questions.Question, error) {
	qs, err := loadQuestions(ctx, b.db, "SELECT "+questionCols+" FROM questions q WHERE id = ?", id)
	if err != nil {
		return questions.Question{}, fmt.Errorf("get question %d: %w", id, err)
	}
	if len(qs) == 0 {
		return questions.Question{}, fmt.Errorf("question %d: %w", id, ErrNotFound)
	}
	return qs[0], nil
}

// Hashes returns the content hashes of the questions matching f.
func (b *Bank) Hashes(ctx context.Context, f questions.Filter) ([]string, error) {
	w, args := where(f)
	rows, err := b.db.QueryContext(ctx, "SELECT hash FROM questions WHERE "+w+" ORDER BY topic, id", args...)
	if err != nil {
		return nil, fmt.Errorf("question hashes: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// TopicCount is a topic and how many questions it holds (not counting its
// sub-topics, which have their own rows).
type TopicCount struct {
	Topic string `json:"topic"`
	Count int    `json:"count"`
}

// Topics lists every topic in the bank with its number of questions,
// sorted by topic in Vietnamese order (CompareTopics).
func (b *Bank) Topics(ctx context.Context) ([]TopicCount, error) {
	tc, err := b.counts(ctx, "topic")
	slices.SortStableFunc(tc, func(x, y TopicCount) int { return CompareTopics(x.Topic, y.Topic) })
	return tc, err
}

var (
	collMu sync.Mutex // a Collator keeps buffers: one caller at a time
	coll   = collate.New(language.Vietnamese)
)

// CompareText orders two strings as a Vietnamese reader expects
// (golang.org/x/text/collate, language.Vietnamese): "Câu" < "Chỉ" <
// "Chương" < "Dân" < "Đề" < "Đoàn", where code points would put "Chương"
// first and every "Đ" after "Z". Strings the collation finds equal are
// ordered by code point, so the order is total.
func CompareText(a, b string) int {
	collMu.Lock()
	c := coll.CompareString(a, b)
	collMu.Unlock()
	if c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

// CompareTopics orders topic paths part by part with CompareText, so a
// topic comes right before its sub-topics ("CCHC", "CCHC/Một cửa",
// "CCHC2").
func CompareTopics(a, b string) int {
	pa, pb := strings.Split(a, "/"), strings.Split(b, "/")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		if c := CompareText(pa[i], pb[i]); c != 0 {
			return c
		}
	}
	return len(pa) - len(pb)
}

// SetCount is a set and how many questions it holds.
type SetCount struct {
	Set   string `json:"set"`
	Count int    `json:"count"`
}

// Sets lists every set in the bank with its number of questions, sorted by
// name in Vietnamese order (CompareText).
func (b *Bank) Sets(ctx context.Context) ([]SetCount, error) {
	tc, err := b.counts(ctx, "set_name")
	if err != nil {
		return nil, err
	}
	out := make([]SetCount, len(tc))
	for i, t := range tc {
		out[i] = SetCount{Set: t.Topic, Count: t.Count}
	}
	slices.SortStableFunc(out, func(x, y SetCount) int { return CompareText(x.Set, y.Set) })
	return out, nil
}

func (b *Bank) counts(ctx context.Context, col string) ([]TopicCount, error) {
	rows, err := b.db.QueryContext(ctx, "SELECT "+col+", count(*) FROM questions GROUP BY 1 ORDER BY 1")
	if err != nil {
		return nil, fmt.Errorf("count by %s: %w", col, err)
	}
	defer rows.Close()
	var out []TopicCount
	for rows.Next() {
		var t TopicCount
		if err := rows.Scan(&t.Topic, &t.Count); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Stats counts the questions matching f by topic, difficulty, kind and set.
func (b *Bank) Stats(ctx context.Context, f questions.Filter) (questions.Stats, error) {
	st := questions.Stats{
		ByTopic:      map[string]int{},
		ByDifficulty: map[int]int{},
		ByKind:       map[questions.Kind]int{},
		BySet:        map[string]int{},
	}
	w, args := where(f)
	rows, err := b.db.QueryContext(ctx, "SELECT topic, difficulty, kind, set_name, count(*) FROM questions WHERE "+w+
		" GROUP BY topic, difficulty, kind, set_name", args...)
	if err != nil {
		return st, fmt.Errorf("bank stats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var topic, kind, set string
		var diff, n int
		if err := rows.Scan(&topic, &diff, &kind, &set, &n); err != nil {
			return st, fmt.Errorf("bank stats: %w", err)
		}
		st.Total += n
		st.ByTopic[topic] += n
		st.ByDifficulty[diff] += n
		st.ByKind[questions.Kind(kind)] += n
		st.BySet[set] += n
	}
	return st, rows.Err()
}

// questionCols are the columns loadQuestions scans, of "questions q".
const questionCols = `q.id, q.hash, q.kind, q.title, q.text, q.topic, q.difficulty, q.explanation, q.source, q.set_name,
	q.truth, q.num_value, q.num_tol, q.num_min, q.num_max, q.num_range, q.true_feedback, q.false_feedback`

// loadQuestions runs query (selecting questionCols) and fills in each
// question's options, accepted answers and tags with one query per table,
// whatever the number of questions.
func loadQuestions(ctx context.Context, db queryer, query string, args ...any) ([]questions.Question, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	var out []questions.Question
	for rows.Next() {
		var q questions.Question
		var kind string
		if err := rows.Scan(&q.ID, &q.Hash, &kind, &q.Title, &q.Text, &q.Topic, &q.Difficulty, &q.Explanation,
			&q.Source, &q.Set, &q.Truth, &q.Number.Value, &q.Number.Tolerance, &q.Number.Min, &q.Number.Max,
			&q.Number.IsRange, &q.TrueFeedback, &q.FalseFeedback); err != nil {
			rows.Close()
			return nil, err
		}
		q.Kind = questions.Kind(kind)
		out = append(out, q)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	byID := make(map[int64]*questions.Question, len(out))
	ids := make([]int64, len(out))
	for i := range out {
		byID[out[i].ID] = &out[i]
		ids[i] = out[i].ID
	}
	// One JSON array parameter instead of a variable-length IN list: any
	// number of ids, one prepared statement.
	idArg, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	const in = " WHERE question_id IN (SELECT value FROM json_each(?)) ORDER BY question_id, pos"
	err = eachRow(ctx, db, "SELECT question_id, text, correct, weight, feedback FROM choices"+in, string(idArg), func(r *sql.Rows) error {
		var id int64
		var c questions.Choice
		if err := r.Scan(&id, &c.Text, &c.Correct, &c.Weight, &c.Feedback); err != nil {
			return err
		}
		q := byID[id]
		q.Choices = append(q.Choices, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, db, "SELECT question_id, text FROM accepted"+in, string(idArg), func(r *sql.Rows) error {
		var id int64
		var a string
		if err := r.Scan(&id, &a); err != nil {
			return err
		}
		q := byID[id]
		q.Accepted = append(q.Accepted, a)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, db, "SELECT question_id, tag FROM tags"+in, string(idArg), func(r *sql.Rows) error {
		var id int64
		var t string
		if err := r.Scan(&id, &t); err != nil {
			return err
		}
		q := byID[id]
		q.Tags = append(q.Tags, t)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func eachRow(ctx context.Context, db queryer, query string, arg any, fn func(*sql.Rows) error) error {
	rows, err := db.QueryContext(ctx, query, arg)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
