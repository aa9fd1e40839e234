package bank

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"parquiz/questions"
)

func loader(f func() []questions.Question) Loader {
	return func() ([]questions.Question, error) { return f(), nil }
}

// defaultV1 is a shipped bank: ten questions over two draw groups.
func defaultV1() []questions.Question {
	var qs []questions.Question
	for i := range 10 {
		q := single(fmt.Sprintf("Câu hỏi mặc định số %d về cải cách hành chính?", i+1), "CCHC", 1+i%2, "Đúng", "Sai", "Không rõ")
		q.Set = ""
		qs = append(qs, q)
	}
	return qs
}

// defaultV2 rewords question 3, drops question 6 and adds one.
func defaultV2() []questions.Question {
	qs := defaultV1()
	qs[2].Text = "Câu hỏi mặc định số 3 (đã sửa lời) về cải cách hành chính?"
	qs = append(qs[:5], qs[6:]...)
	q := single("Câu hỏi mới của phiên bản 2?", "CCHC", 2, "Có", "Không")
	q.Set = ""
	return append(qs, q)
}

func texts(t *testing.T, b *Bank, set string) map[string]bool {
	t.Helper()
	qs, err := b.List(context.Background(), questions.Filter{Set: set})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, q := range qs {
		out[q.Text] = true
	}
	return out
}

// checkRanks requires every draw group's ranks to be exactly 0..n-1 with
// n recorded in draw_groups: Draw depends on it.
func checkRanks(t *testing.T, b *Bank) {
	t.Helper()
	rows, err := b.db.Query(`SELECT g.id, g.n, count(q.id), COALESCE(min(q.draw_rank), 0), COALESCE(max(q.draw_rank), -1)
		FROM draw_groups g LEFT JOIN questions q ON q.group_id = g.id GROUP BY g.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, n, c, lo, hi int
		if err := rows.Scan(&id, &n, &c, &lo, &hi); err != nil {
			t.Fatal(err)
		}
		if n != c || (c > 0 && (lo != 0 || hi != c-1)) {
			t.Errorf("group %d: n=%d, %d questions, ranks %d..%d; want dense 0..%d", id, n, c, lo, hi, c-1)
		}
	}
}

func TestUpdateDefault(t *testing.T) {
	for _, legacy := range []bool{false, true} {
		t.Run(map[bool]string{false: "versioned", true: "loaded before versions"}[legacy], func(t *testing.T) {
			ctx := context.Background()
			b := newBank(t)
			if _, _, err := b.EnsureDefault(ctx, loader(defaultV1)); err != nil {
				t.Fatal(err)
			}
			if !legacy {
				u, err := b.UpdateDefault(ctx, "v1", loader(defaultV1))
				if err != nil || u.Changed() {
					t.Fatalf("recording v1 on a v1 bank = %+v, %v; want no change", u, err)
				}
			}
			// the organiser's own questions, one in a draw group of their own
			mine := []questions.Question{single("Câu hỏi của ban tổ chức?", "CCHC", 1, "A", "B")}
			if _, err := b.Import(ctx, mine); err != nil {
				t.Fatal(err)
			}

			u, err := b.UpdateDefault(ctx, "v2", loader(defaultV2))
			if err != nil {
				t.Fatal(err)
			}
			if want := (DefaultUpdate{Added: 2, Removed: 2}); u != want {
				t.Errorf("update to v2 = %+v, want %+v", u, want)
			}
			got := texts(t, b, DefaultSet)
			want := map[string]bool{}
			for _, q := range defaultV2() {
				want[q.Text] = true
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("default set after the update:\n got %v\nwant %v", got, want)
			}
			if !texts(t, b, "test")["Câu hỏi của ban tổ chức?"] {
				t.Error("the organiser's question was removed")
			}
			checkRanks(t, b)
			// every question of a group can still be drawn
			for d := 1; d <= 2; d++ {
				n, _ := b.Count(ctx, questions.Filter{Set: DefaultSet, Difficulty: d})
				qs, err := b.Draw(ctx, questions.DrawSpec{Sets: []string{DefaultSet}, Mix: map[int]int{d: n}, Seed: 7})
				if err != nil || len(qs) != n {
					t.Errorf("drawing all %d questions of difficulty %d: got %d, %v", n, d, len(qs), err)
				}
			}

			calls := 0
			again := func() ([]questions.Question, error) { calls++; return defaultV2(), nil }
			if u, err := b.UpdateDefault(ctx, "v2", again); err != nil || u.Changed() || calls != 0 {
				t.Errorf("the same version again = %+v, %v, loader called %d times; want nothing done", u, err, calls)
			}
		})
	}
}

func TestUpdateDefaultFailureChangesNothing(t *testing.T) {
	ctx := context.Background()
	b := newBank(t)
	if _, _, err := b.EnsureDefault(ctx, loader(defaultV1)); err != nil {
		t.Fatal(err)
	}
	before := texts(t, b, DefaultSet)
	if _, err := b.UpdateDefault(ctx, "v2", func() ([]questions.Question, error) { return nil, errors.New("hỏng") }); err == nil {
		t.Error("a loader error was ignored")
	}
	bad := defaultV2()
	bad[0].Choices = nil
	if _, err := b.UpdateDefault(ctx, "v2", func() ([]questions.Question, error) { return bad, nil }); err == nil {
		t.Error("an invalid new version was loaded")
	}
	if got := texts(t, b, DefaultSet); fmt.Sprint(got) != fmt.Sprint(before) {
		t.Errorf("a failed update changed the bank:\n got %v\nwant %v", got, before)
	}
	// a database where the default bank was never loaded is left to EnsureDefault
	empty := newBank(t)
	if u, err := empty.UpdateDefault(ctx, "v2", loader(defaultV2)); err != nil || u.Changed() || count(t, empty) != 0 {
		t.Errorf("UpdateDefault on a bank without the default = %+v, %v", u, err)
	}
}

// TestEnsureDefaultVersionRecordsIt: a database loaded with a version has
// nothing to update at that version (no second load on a first run), and
// the hashes it recorded are what a later update removes from.
func TestEnsureDefaultVersionRecordsIt(t *testing.T) {
	ctx := context.Background()
	b := newBank(t)
	if loaded, _, err := b.EnsureDefaultVersion(ctx, "v1", loader(defaultV1)); err != nil || !loaded {
		t.Fatalf("EnsureDefaultVersion = %v, %v", loaded, err)
	}
	calls := 0
	counting := func() ([]questions.Question, error) { calls++; return defaultV1(), nil }
	if u, err := b.UpdateDefault(ctx, "v1", counting); err != nil || u.Changed() || calls != 0 {
		t.Errorf("UpdateDefault(v1) after loading v1 = %+v, %v, loader called %d times; want nothing done", u, err, calls)
	}
	// an organiser's question in the default set's name is not the default's
	own := single("Câu hỏi riêng trong bộ mặc định?", "CCHC", 1, "A", "B")
	own.Set = DefaultSet
	if _, err := b.Import(ctx, []questions.Question{own}); err != nil {
		t.Fatal(err)
	}
	if u, err := b.UpdateDefault(ctx, "v2", loader(defaultV2)); err != nil || u != (DefaultUpdate{Added: 2, Removed: 2}) {
		t.Errorf("UpdateDefault(v2) = %+v, %v; want 2 added, 2 removed", u, err)
	}
	if !texts(t, b, DefaultSet)["Câu hỏi riêng trong bộ mặc định?"] {
		t.Error("an imported question in set par-default was removed: only recorded hashes may go")
	}
	checkRanks(t, b)
}
