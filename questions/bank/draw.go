package bank

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"

	"parquiz/questions"
)

// ErrNotEnough is wrapped (by a *NotEnoughError) when the bank holds fewer
// matching questions than a draw asks for.
var ErrNotEnough = errors.New("not enough questions in the bank")

// NotEnoughError says which part of a draw could not be filled.
type NotEnoughError struct {
	Difficulty int // 0 when the spec asked for Count questions of any difficulty
	Want, Have int // asked for, available (after Exclude)
	Spec       questions.DrawSpec
}

func (e *NotEnoughError) Error() string {
	what := "questions of any difficulty"
	if e.Difficulty != 0 {
		what = fmt.Sprintf("questions of difficulty %d", e.Difficulty)
	}
	return fmt.Sprintf("%s: asked for %d %s (sets %s, topics %s, kinds %s), the bank has %d that are not excluded",
		ErrNotEnough, e.Want, what, list(e.Spec.Sets), list(e.Spec.Topics), list(e.Spec.Kinds), e.Have)
}

// Unwrap makes errors.Is(err, ErrNotEnough) true.
func (e *NotEnoughError) Unwrap() error { return ErrNotEnough }

func list[T ~string](xs []T) string {
	if len(xs) == 0 {
		return "any"
	}
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = string(x)
	}
	return strings.Join(s, ", ")
}

// Draw picks questions for a round: for each difficulty of spec.Mix (or
// spec.Count of any difficulty when Mix is empty), that many distinct
// questions from the sets, topics (prefixes, as Filter.Topic) and kinds of
// the spec, never one whose hash is in spec.Exclude.
//
// The result is ordered by difficulty (ascending), then in draw order, and
// depends only on the bank's content and the spec: the same bank and spec
// (with its Seed) always give the same questions in the same order. The
// random source is a PCG seeded from spec.Seed.
//
// How it stays fast on a large bank: questions are grouped by (set, topic,
// kind, difficulty), each with a dense rank in its group (kept by Import).
// Draw reads the small group table, numbers the candidates 0..n-1 across the
// matching groups, picks random numbers without repeats (a sparse
// Fisher–Yates), skips excluded ones, and fetches each pick by (group, rank)
// through the unique index, so it never reads every candidate id.
func (b *Bank) Draw(ctx context.Context, spec questions.DrawSpec) ([]questions.Question, error) {
	// mix maps difficulty → count; difficulty 0 stands for "any" (Count).
	mix := map[int]int{0: spec.Count}
	if spec.Count < 0 {
		return nil, fmt.Errorf("draw: count %d is negative", spec.Count)
	}
	if len(spec.Mix) > 0 {
		mix = spec.Mix
		for d, n := range mix {
			if d < questions.Easy || d > questions.Hard {
				return nil, fmt.Errorf("draw: difficulty %d is not 1 (easy), 2 (medium) or 3 (hard)", d)
			}
			if n < 0 {
				return nil, fmt.Errorf("draw: %d questions of difficulty %d is negative", n, d)
			}
		}
	}
	diffs := make([]int, 0, len(mix))
	for d := range mix {
		diffs = append(diffs, d)
	}
	sort.Ints(diffs)

	// One read transaction: the groups, ranks and rows all come from the
	// same snapshot even if an import commits meanwhile.
	tx, err := b.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("draw: %w", err)
	}
	defer tx.Rollback()

	groups, err := drawGroups(ctx, tx, spec)
	if err != nil {
		return nil, fmt.Errorf("draw: %w", err)
	}
	excluded, err := excludedRanks(ctx, tx, spec.Exclude)
	if err != nil {
		return nil, fmt.Errorf("draw: %w", err)
	}

	rng := newRand(spec.Seed)
	var picks []pick
	for _, d := range diffs {
		want := mix[d]
		if want == 0 {
			continue
		}
		// Candidates of this difficulty, numbered across their groups.
		var gs []drawGroup
		var starts []int
		total := 0
		for _, g := range groups {
			if d == 0 || g.difficulty == d {
				gs = append(gs, g)
				starts = append(starts, total)
				total += g.n
			}
		}
		// Excluded candidates, as sorted global numbers.
		var ex []int
		for gi, g := range gs {
			for _, r := range excluded[g.id] {
				ex = append(ex, starts[gi]+r)
			}
		}
		slices.Sort(ex)
		avail := total - len(ex)
		if avail < want {
			return nil, &NotEnoughError{Difficulty: d, Want: want, Have: avail, Spec: spec}
		}
		for _, p := range sample(rng, avail, want) {
			g := skipExcluded(p, ex)
			gi := sort.Search(len(starts), func(i int) bool { return starts[i] > g }) - 1
			picks = append(picks, pick{group: gs[gi].id, rank: g - starts[gi]})
		}
	}
	// One query for all picks, in pick order; each row is one seek on the
	// (group_id, draw_rank) unique index.
	pickArg := make([][2]int64, len(picks))
	for i, p := range picks {
		pickArg[i] = [2]int64{p.group, int64(p.rank)}
	}
	arg, err := json.Marshal(pickArg)
	if err != nil {
		return nil, fmt.Errorf("draw: %w", err)
	}
	out, err := loadQuestions(ctx, tx, "SELECT "+questionCols+` FROM json_each(?) AS p
		JOIN questions q ON q.group_id = p.value->>0 AND q.draw_rank = p.value->>1
		ORDER BY p.key`, string(arg))
	if err != nil {
		return nil, fmt.Errorf("draw: %w", err)
	}
	if len(out) != len(picks) {
		// Only a broken draw index (ranks not dense) can cause this.
		return nil, fmt.Errorf("draw: found %d of %d drawn questions; the bank's draw index is damaged", len(out), len(picks))
	}
	return out, nil
}

// newRand is the draw's random source: a PCG seeded from seed (the second
// word is a fixed mix of it, so seeds 0 and 1 do not start alike).
func newRand(seed int64) *rand.Rand {
	s := uint64(seed)
	return rand.New(rand.NewPCG(s, s^0x9e3779b97f4a7c15))
}

type drawGroup struct {
	id         int64
	difficulty int
	n          int
}

type pick struct {
	group int64
	rank  int
}

// drawGroups returns the non-empty groups matching the spec's sets, topics
// and kinds, in id order (a fixed order for a given bank).
func drawGroups(ctx context.Context, tx *sql.Tx, spec questions.DrawSpec) ([]drawGroup, error) {
	var conds []string
	var args []any
	if len(spec.Sets) > 0 {
		var or []string
		for _, s := range spec.Sets {
			or = append(or, "set_name = ?")
			args = append(args, questions.CleanLine(s))
		}
		conds = append(conds, "("+strings.Join(or, " OR ")+")")
	}
	if len(spec.Topics) > 0 {
		var or []string
		for _, t := range spec.Topics {
			c, a := topicCond(questions.CleanTopic(t))
			or = append(or, c)
			args = append(args, a...)
		}
		conds = append(conds, "("+strings.Join(or, " OR ")+")")
	}
	if len(spec.Kinds) > 0 {
		var or []string
		for _, k := range spec.Kinds {
			or = append(or, "kind = ?")
			args = append(args, strings.ToLower(strings.TrimSpace(string(k))))
		}
		conds = append(conds, "("+strings.Join(or, " OR ")+")")
	}
	q := "SELECT id, difficulty, n FROM draw_groups WHERE n > 0"
	if len(conds) > 0 {
		q += " AND " + strings.Join(conds, " AND ")
	}
	rows, err := tx.QueryContext(ctx, q+" ORDER BY id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []drawGroup
	for rows.Next() {
		var g drawGroup
		if err := rows.Scan(&g.id, &g.difficulty, &g.n); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// excludedRanks maps group id → ranks of the questions whose hashes are in
// hashes (hashes not in the bank are ignored).
func excludedRanks(ctx context.Context, tx *sql.Tx, hashes []string) (map[int64][]int, error) {
	out := map[int64][]int{}
	if len(hashes) == 0 {
		return out, nil
	}
	arg, err := json.Marshal(hashes)
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT group_id, draw_rank FROM questions WHERE hash IN (SELECT value FROM json_each(?))`, string(arg))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var g int64
		var r int
		if err := rows.Scan(&g, &r); err != nil {
			return nil, err
		}
		out[g] = append(out[g], r)
	}
	return out, rows.Err()
}

// sample returns k distinct numbers from 0..n-1 in random order: a
// Fisher–Yates shuffle of the first k places of a virtual array, with only
// the swapped places stored, so it costs O(k) whatever n is.
func sample(rng *rand.Rand, n, k int) []int {
	swapped := make(map[int]int, 2*k)
	at := func(i int) int {
		if v, ok := swapped[i]; ok {
			return v
		}
		return i
	}
	out := make([]int, k)
	for i := range k {
		j := i + rng.IntN(n-i)
		out[i] = at(j)
		swapped[j] = at(i)
	}
	return out
}

// skipExcluded maps p, a number among the candidates that are not
// excluded, to its number among all candidates; ex is sorted.
func skipExcluded(p int, ex []int) int {
	g := p
	for _, e := range ex {
		if e > g {
			break
		}
		g++
	}
	return g
}
