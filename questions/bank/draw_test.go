package bank

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"parquiz/questions"
)

var (
	drawBankOnce sync.Once
	drawBankB    *Bank
	drawBankErr  error
)

// drawBank has 300 generated questions in set "gen" (100 per difficulty,
// topics "Chủ đề 0".."Chủ đề 9" each with sub-topics) imported in two
// batches, so groups grow across imports, plus the sample questions. It is
// built once and shared: the draw tests only read it.
func drawBank(t *testing.T) *Bank {
	t.Helper()
	drawBankOnce.Do(func() {
		var dir string
		if dir, drawBankErr = os.MkdirTemp("", "parquiz-draw-"); drawBankErr != nil {
			return
		}
		cleanups = append(cleanups, func() { os.RemoveAll(dir) })
		if drawBankB, drawBankErr = Open(filepath.Join(dir, "draw.db")); drawBankErr != nil {
			return
		}
		cleanups = append(cleanups, func() { drawBankB.Close() })
		for _, batch := range [][]questions.Question{genQuestions(120, 0, "gen"), genQuestions(180, 120, "gen"), sampleQuestions()} {
			if _, drawBankErr = drawBankB.Import(context.Background(), batch); drawBankErr != nil {
				return
			}
		}
	})
	if drawBankErr != nil {
		t.Fatal(drawBankErr)
	}
	return drawBankB
}

func hashesOf(qs []questions.Question) []string {
	out := make([]string, len(qs))
	for i, q := range qs {
		out[i] = q.Hash
	}
	return out
}

func TestDrawMixOrderAndNoRepeats(t *testing.T) {
	ctx := context.Background()
	b := drawBank(t)
	spec := questions.DrawSpec{Sets: []string{"gen"}, Mix: map[int]int{1: 5, 2: 3, 3: 2}, Seed: 42}
	got, err := b.Draw(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 10 {
		t.Fatalf("drew %d, want 10", len(got))
	}
	wantDiff := []int{1, 1, 1, 1, 1, 2, 2, 2, 3, 3}
	seen := map[string]bool{}
	for i, q := range got {
		if q.Difficulty != wantDiff[i] {
			t.Errorf("question %d has difficulty %d, want %d", i, q.Difficulty, wantDiff[i])
		}
		if q.Set != "gen" {
			t.Errorf("question %d from set %q", i, q.Set)
		}
		if seen[q.Hash] {
			t.Errorf("question %q drawn twice", q.Text)
		}
		seen[q.Hash] = true
		if err := q.Validate(); err != nil || q.ID == 0 {
			t.Errorf("drawn question is not complete: %v %+v", err, q)
		}
	}
	// Drawing every question of a difficulty gives each exactly once.
	all, err := b.Draw(ctx, questions.DrawSpec{Sets: []string{"gen"}, Mix: map[int]int{2: 100}, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := b.Hashes(ctx, questions.Filter{Set: "gen", Difficulty: 2})
	gotH := hashesOf(all)
	slices.Sort(gotH)
	slices.Sort(want)
	if !slices.Equal(gotH, want) {
		t.Errorf("drawing all 100 medium questions did not give each once")
	}
}

func TestDrawIsReproducible(t *testing.T) {
	ctx := context.Background()
	b := drawBank(t)
	spec := questions.DrawSpec{Mix: map[int]int{1: 4, 3: 4}, Topics: []string{"Chủ đề 1", "Chủ đề 2"}, Seed: 2024}
	first, err := b.Draw(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		again, err := b.Draw(ctx, spec)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(hashesOf(first), hashesOf(again)) {
			t.Fatal("the same spec and seed drew different questions")
		}
	}
	differ := 0
	for seed := int64(1); seed <= 5; seed++ {
		spec.Seed = seed
		other, err := b.Draw(ctx, spec)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(hashesOf(first), hashesOf(other)) {
			differ++
		}
	}
	if differ != 5 {
		t.Errorf("%d of 5 other seeds drew a different set, want 5", differ)
	}
}

func TestDrawFilters(t *testing.T) {
	ctx := context.Background()
	b := drawBank(t)
	got, err := b.Draw(ctx, questions.DrawSpec{
		Topics: []string{"Chủ đề 3", "Chủ đề 5/Mục 1"}, Kinds: []questions.Kind{questions.KindTrueFalse, questions.KindNumeric},
		Count: 12, Seed: 3,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 12 {
		t.Fatalf("drew %d, want 12", len(got))
	}
	for _, q := range got {
		okTopic := q.Topic == "Chủ đề 5/Mục 1" || len(q.Topic) > len("Chủ đề 3/") && q.Topic[:len("Chủ đề 3/")] == "Chủ đề 3/"
		if !okTopic || (q.Kind != questions.KindTrueFalse && q.Kind != questions.KindNumeric) {
			t.Errorf("drew %q (topic %q, kind %s) outside the spec", q.Text, q.Topic, q.Kind)
		}
	}
	// Count with no Mix draws from every difficulty; sets by name.
	got, err = b.Draw(ctx, questions.DrawSpec{Sets: []string{"mẫu", "khác"}, Count: 6, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 6 {
		t.Errorf("drew %d from the 6 sample questions", len(got))
	}
	got, err = b.Draw(ctx, questions.DrawSpec{Count: 0})
	if err != nil || len(got) != 0 {
		t.Errorf("Count 0 = %d questions, %v", len(got), err)
	}
}

func TestDrawExclude(t *testing.T) {
	ctx := context.Background()
	b := drawBank(t)
	easy, _ := b.Hashes(ctx, questions.Filter{Set: "gen", Difficulty: 1})
	// Exclude all but 5 of the easy questions: the draw must return exactly those 5.
	exclude := append(slices.Clone(easy[5:]), "not-a-hash", easy[7])
	got, err := b.Draw(ctx, questions.DrawSpec{Sets: []string{"gen"}, Mix: map[int]int{1: 5}, Exclude: exclude, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	gotH := hashesOf(got)
	slices.Sort(gotH)
	want := slices.Clone(easy[:5])
	slices.Sort(want)
	if !slices.Equal(gotH, want) {
		t.Errorf("with exclusions drew %v, want %v", gotH, want)
	}
	// Across many seeds with a few exclusions, no excluded question appears.
	ex := map[string]bool{}
	for _, h := range easy[:50] {
		ex[h] = true
	}
	for seed := range int64(30) {
		got, err := b.Draw(ctx, questions.DrawSpec{Sets: []string{"gen"}, Mix: map[int]int{1: 40}, Exclude: easy[:50], Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range got {
			if ex[q.Hash] {
				t.Fatalf("seed %d drew excluded %q", seed, q.Text)
			}
		}
	}
}

func TestDrawNotEnough(t *testing.T) {
	ctx := context.Background()
	b := drawBank(t)
	_, err := b.Draw(ctx, questions.DrawSpec{Topics: []string{"Chủ đề 1"}, Mix: map[int]int{1: 2, 3: 11}, Seed: 1})
	if !errors.Is(err, ErrNotEnough) {
		t.Fatalf("err = %v, want ErrNotEnough", err)
	}
	var ne *NotEnoughError
	if !errors.As(err, &ne) {
		t.Fatalf("err %T is not a *NotEnoughError", err)
	}
	if ne.Difficulty != 3 || ne.Want != 11 || ne.Have != 10 {
		t.Errorf("NotEnoughError = difficulty %d want %d have %d; want 3, 11, 10", ne.Difficulty, ne.Want, ne.Have)
	}
	if msg := err.Error(); !contains(msg, "asked for 11") || !contains(msg, "Chủ đề 1") || !contains(msg, "has 10") {
		t.Errorf("message %q does not say what was asked and what exists", msg)
	}
	easy, _ := b.Hashes(ctx, questions.Filter{Set: "gen", Difficulty: 1})
	_, err = b.Draw(ctx, questions.DrawSpec{Sets: []string{"gen"}, Mix: map[int]int{1: 98}, Exclude: easy[:3]})
	if !errors.As(err, &ne) || ne.Have != 97 {
		t.Errorf("with 3 of 100 excluded: %v, want have 97", err)
	}
	if _, err := b.Draw(ctx, questions.DrawSpec{Sets: []string{"none"}, Count: 1}); !errors.Is(err, ErrNotEnough) {
		t.Errorf("unknown set: %v, want ErrNotEnough", err)
	}
	for _, bad := range []questions.DrawSpec{{Mix: map[int]int{4: 1}}, {Mix: map[int]int{1: -1}}, {Count: -1}} {
		if _, err := b.Draw(ctx, bad); err == nil || errors.Is(err, ErrNotEnough) {
			t.Errorf("%+v: err = %v, want a spec error", bad, err)
		}
	}
}

// Every candidate can be drawn, about equally often: checks the mapping
// from random numbers to groups and ranks over groups of unequal sizes.
func TestDrawCoversEveryCandidate(t *testing.T) {
	ctx := context.Background()
	b := drawBank(t)
	spec := questions.DrawSpec{Sets: []string{"gen"}, Topics: []string{"Chủ đề 4"}, Mix: map[int]int{2: 1}}
	pool, _ := b.Hashes(ctx, questions.Filter{Set: "gen", Topic: "Chủ đề 4", Difficulty: 2})
	hits := map[string]int{}
	const draws = 300
	for seed := range int64(draws) {
		spec.Seed = seed
		got, err := b.Draw(ctx, spec)
		if err != nil {
			t.Fatal(err)
		}
		hits[got[0].Hash]++
	}
	if len(hits) != len(pool) {
		t.Fatalf("%d of %d candidates ever drawn", len(hits), len(pool))
	}
	for h, n := range hits {
		if exp := draws / len(pool); n < exp/3 || n > exp*3 {
			t.Errorf("candidate %s drawn %d times, expected about %d", h[:8], n, exp)
		}
	}
}

func TestSample(t *testing.T) {
	for _, tc := range []struct{ n, k int }{{1, 1}, {5, 5}, {100, 7}, {1 << 40, 40}} {
		got := sample(newRand(1), tc.n, tc.k)
		seen := map[int]bool{}
		for _, v := range got {
			if v < 0 || v >= tc.n || seen[v] {
				t.Fatalf("sample(%d, %d) = %v: out of range or repeated", tc.n, tc.k, got)
			}
			seen[v] = true
		}
		if len(got) != tc.k {
			t.Errorf("sample(%d, %d) gave %d", tc.n, tc.k, len(got))
		}
	}
	if got := fmt.Sprint(skipExcluded(0, []int{0, 1, 3}), skipExcluded(1, []int{0, 1, 3}), skipExcluded(2, []int{0, 1, 3})); got != "2 4 5" {
		t.Errorf("skipExcluded = %s, want 2 4 5", got)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
