package quiz

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"parquiz/questions"
)

// fakeBank draws from a generated pool: question i is single choice with
// the correct option at i%4 (or truefalse / numeric when asked for).
type fakeBank struct{ pool []questions.Question }

func newFakeBank(n int) *fakeBank {
	b := &fakeBank{}
	for i := 0; i < n; i++ {
		q := questions.Question{
			Text: fmt.Sprintf("Câu hỏi số %d về cải cách hành chính?", i), Kind: questions.KindSingle,
			Topic: "CCHC/Một cửa", Difficulty: 1 + i%3, Source: "Nghị quyết 76/NQ-CP", Explanation: fmt.Sprintf("Giải thích %d", i),
		}
		for j := 0; j < 4; j++ {
			q.Choices = append(q.Choices, questions.Choice{Text: fmt.Sprintf("Phương án %d-%d", i, j), Correct: j == i%4})
		}
		q.Normalize()
		b.pool = append(b.pool, q)
		tf := questions.Question{Text: fmt.Sprintf("Nhận định số %d đúng hay sai?", i), Kind: questions.KindTrueFalse,
			Truth: i%2 == 0, Topic: "CCHC/Thủ tục", Difficulty: 1 + i%3}
		tf.Normalize()
		b.pool = append(b.pool, tf)
		nu := questions.Question{Text: fmt.Sprintf("Bao nhiêu %d?", i), Kind: questions.KindNumeric,
			Number: questions.Numeric{Value: float64(100 + i)}, Topic: "CCHC/Số liệu", Difficulty: 2}
		nu.Normalize()
		b.pool = append(b.pool, nu)
	}
	return b
}

func (b *fakeBank) Draw(_ context.Context, spec questions.DrawSpec) ([]questions.Question, error) {
	kinds := spec.Kinds
	if len(kinds) == 0 {
		kinds = []questions.Kind{questions.KindSingle}
	}
	var out []questions.Question
	for _, q := range b.pool {
		if len(out) == spec.Total() {
			break
		}
		if slices.Contains(kinds, q.Kind) && !slices.Contains(spec.Exclude, q.Hash) {
			out = append(out, q)
		}
	}
	if len(out) < spec.Total() {
		return nil, fmt.Errorf("only %d of %d", len(out), spec.Total())
	}
	return out, nil
}

var t0 = time.Date(2025, 6, 20, 8, 0, 0, 0, time.UTC)

func roster(n int) []Contestant {
	units := []string{"Sở Nội vụ", "Sở Tư pháp", "UBND huyện Diên Khánh", "Sở Tài chính"}
	var out []Contestant
	for i := 0; i < n; i++ {
		out = append(out, Contestant{Code: fmt.Sprintf("TS%02d", i+1), Name: fmt.Sprintf("Nguyễn Văn %d", i+1), Unit: units[i%len(units)]})
	}
	return out
}

func round(kind RoundKind, n int) RoundConfig {
	r := RoundConfig{Title: string(kind), Kind: kind, TimeLimit: 30 * time.Second, Shuffle: ShuffleNone,
		Draw: questions.DrawSpec{Count: n, Seed: 7}, Points: 10}
	switch kind {
	case Speed:
		r.Points, r.StreakStep, r.StreakCap = 1000, 100, 500
	case Elimination:
		r.Revives, r.EndWhenLeft = 1, 1
	case Prediction:
		r.Points, r.Target = 0, TargetHost
		r.Draw.Kinds = []questions.Kind{questions.KindNumeric}
	}
	return r
}

// recorder is a Publisher that keeps events.
type recorder struct {
	mu  sync.Mutex
	evs []Event
}

func (r *recorder) Publish(e Event) { r.mu.Lock(); r.evs = append(r.evs, e); r.mu.Unlock() }

func (r *recorder) kinds() []EventKind {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []EventKind
	for _, e := range r.evs {
		out = append(out, e.Kind)
	}
	return out
}

func (r *recorder) find(k EventKind) []Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Event
	for _, e := range r.evs {
		if e.Kind == k {
			out = append(out, e)
		}
	}
	return out
}

type rig struct {
	t     *testing.T
	e     *Engine
	clock *ManualClock
	j     *MemJournal
	pub   *recorder
	plan  *Plan
}

func newRig(t *testing.T, cfg Config, n int) *rig {
	t.Helper()
	if cfg.Title == "" {
		cfg.Title = "Hội thi thử"
	}
	plan, err := Prepare(context.Background(), cfg, roster(n), newFakeBank(60))
	if err != nil {
		t.Fatal(err)
	}
	r := &rig{t: t, clock: NewManualClock(t0), j: &MemJournal{}, pub: &recorder{}, plan: plan}
	r.e, err = New(plan, Options{Clock: r.clock, Journal: r.j, Publisher: r.pub})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (r *rig) must(err error) {
	r.t.Helper()
	if err != nil {
		r.t.Fatal(err)
	}
}

// open starts the next question (and the round when needed) and returns its ref.
func (r *rig) open() QuestionRef {
	r.t.Helper()
	ph := r.e.Phase()
	if ph == PhaseLobby || ph == PhaseRoundEnd {
		r.must(r.e.StartRound(Note{}))
	}
	r.must(r.e.NextQuestion(Note{}))
	s := r.e.HostSnapshot()
	if s.Phase == PhaseReading {
		r.clock.Set(s.Question.OpensAt)
		r.must(r.e.Tick())
		s = r.e.HostSnapshot()
	}
	if s.Phase != PhaseOpen {
		r.t.Fatalf("phase %s, want open", s.Phase)
	}
	return s.Question.Ref
}

// key returns the correct original option of the current question.
func (r *rig) key() int {
	return r.e.HostSnapshot().Question.Key.Correct[0]
}

func (r *rig) answer(code string, ref QuestionRef, choice int, after time.Duration) (Receipt, error) {
	r.clock.Advance(after)
	return r.e.Submit(context.Background(), code, ref, questions.Response{Choices: []int{choice}})
}

func (r *rig) finish() {
	r.t.Helper()
	r.must(r.e.CloseNow(Note{}))
	r.must(r.e.Reveal(Note{}))
}

func (r *rig) standing(code string) Standing {
	for _, s := range r.e.Standings() {
		if s.Contestant.Code == code {
			return s
		}
	}
	r.t.Fatalf("%s not in standings", code)
	return Standing{}
}

func wrong(k int) int { return (k + 1) % 4 }
