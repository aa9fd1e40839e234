package practice

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"parquiz/internal/db"
)

func openStore(t *testing.T) *Store {
	t.Helper()
	d, err := db.Open(filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	s, err := Open(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	// A second Open must find the migration applied and change nothing.
	if _, err := Open(context.Background(), d); err != nil {
		t.Fatalf("second Open: %v", err)
	}
	return s
}

func TestNameIsRememberedInNFC(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	got, err := s.Name(ctx)
	if err != nil || got != "" {
		t.Fatalf("Name on a new DB = %q, %v; want empty", got, err)
	}
	nfd := "Nguye\u0302\u0303n  Va\u0306n An " // NFD, extra spaces
	if err := s.SetName(ctx, nfd); err != nil {
		t.Fatal(err)
	}
	if err := s.SetName(ctx, nfd); err != nil { // upsert
		t.Fatal(err)
	}
	got, _ = s.Name(ctx)
	if want := "Nguyễn Văn An"; got != want {
		t.Errorf("Name = %q, want %q", got, want)
	}
	if err := s.SetName(ctx, "   "); !errors.Is(err, ErrInvalid) {
		t.Errorf("SetName(blank) = %v, want ErrInvalid", err)
	}
}

func TestBestOrdersByShareThenTime(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	at := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, r := range []Result{
		{Name: "Lan", Score: 8, Max: 10, Correct: 8, Total: 10, Duration: 90 * time.Second},
		{Name: "Minh", Score: 4.5, Max: 5, Correct: 4, Total: 5, Duration: 60 * time.Second, Topics: []string{"CCHC/Một cửa"}, Difficulty: 2},
		{Name: "Hà", Score: 8, Max: 10, Correct: 8, Total: 10, Duration: 70 * time.Second},
	} {
		r.At = at
		if _, err := s.Save(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	best, err := s.Best(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(best) != 2 {
		t.Fatalf("got %d results, want 2", len(best))
	}
	if best[0].Name != "Minh" || best[1].Name != "Hà" {
		t.Errorf("order = %s, %s; want Minh, Hà", best[0].Name, best[1].Name)
	}
	m := best[0]
	if m.Percent() != 90 || m.Duration != time.Minute || m.Difficulty != 2 || len(m.Topics) != 1 || m.Topics[0] != "CCHC/Một cửa" || !m.At.Equal(at) {
		t.Errorf("round trip = %+v", m)
	}
}

func TestSaveRejectsBadResultsAndStoresNothing(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	for _, r := range []Result{
		{Name: "", Score: 1, Max: 1, Correct: 1, Total: 1},
		{Name: "An", Score: 0, Max: 0, Correct: 0, Total: 0},
		{Name: "An", Score: 3, Max: 2, Correct: 1, Total: 2},
		{Name: "An", Score: 1, Max: 2, Correct: 3, Total: 2},
	} {
		if _, err := s.Save(ctx, r); !errors.Is(err, ErrInvalid) {
			t.Errorf("Save(%+v) = %v, want ErrInvalid", r, err)
		}
	}
	best, err := s.Best(ctx, 10)
	if err != nil || len(best) != 0 {
		t.Errorf("Best = %v, %v; want nothing", best, err)
	}
}

// Runs of different lengths are ranked apart: a perfect 5-question run
// does not push a 9/10 off the 10-question table.
func TestBestOfRanksLikeWithLike(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	if got, err := s.Totals(ctx); err != nil || len(got) != 0 {
		t.Fatalf("Totals on a new DB = %v, %v", got, err)
	}
	for _, r := range []Result{
		{Name: "Lan", Score: 9, Max: 10, Correct: 9, Total: 10, Duration: 90 * time.Second},
		{Name: "Minh", Score: 5, Max: 5, Correct: 5, Total: 5, Duration: 40 * time.Second},
		{Name: "Hà", Score: 9.5, Max: 10, Correct: 9, Total: 10, Duration: 120 * time.Second},
		{Name: "Tú", Score: 14, Max: 20, Correct: 14, Total: 20, Duration: 300 * time.Second},
		{Name: "Bảo", Score: 3, Max: 5, Correct: 3, Total: 5, Duration: 30 * time.Second},
	} {
		if _, err := s.Save(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	// The latest run was of 5 questions: its length first, then longest down.
	totals, err := s.Totals(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{5, 20, 10}; !slices.Equal(totals, want) {
		t.Errorf("Totals = %v, want %v", totals, want)
	}
	ten, err := s.BestOf(ctx, 10, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(ten) != 2 || ten[0].Name != "Hà" || ten[1].Name != "Lan" {
		t.Errorf("BestOf(10) = %+v, want Hà, Lan", ten)
	}
	five, _ := s.BestOf(ctx, 5, 5)
	if len(five) != 2 || five[0].Name != "Minh" || five[1].Name != "Bảo" {
		t.Errorf("BestOf(5) = %+v, want Minh, Bảo", five)
	}
	if none, _ := s.BestOf(ctx, 0, 5); len(none) != 0 {
		t.Errorf("BestOf(0) = %+v", none)
	}
	// Best still ranks everything together (the perfect 5 first).
	all, _ := s.Best(ctx, 10)
	if len(all) != 5 || all[0].Name != "Minh" {
		t.Errorf("Best = %+v", all)
	}
}
