package live

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"parquiz/questions"
	"parquiz/quiz"
)

// testHub is a minimal fan-out for tests: a buffered channel per
// subscriber, private events only to their contestant and to hosts.
type testHub struct {
	mu   sync.Mutex
	subs map[*testSub]bool
}

type testSub struct {
	h    *testHub
	code string
	host bool
	c    chan quiz.Event
	once sync.Once
}

func newTestHub() *testHub { return &testHub{subs: map[*testSub]bool{}} }

func (h *testHub) Publish(e quiz.Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.subs {
		if e.To != "" && !s.host && e.To != s.code {
			continue
		}
		select {
		case s.c <- e:
		default:
			delete(h.subs, s)
			close(s.c)
		}
	}
}

func (h *testHub) Subscribe(code string, host bool) Events {
	s := &testSub{h: h, code: code, host: host, c: make(chan quiz.Event, 64)}
	h.mu.Lock()
	h.subs[s] = true
	h.mu.Unlock()
	return s
}

func (h *testHub) Count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}

func (s *testSub) C() <-chan quiz.Event { return s.c }
func (s *testSub) Close() {
	s.h.mu.Lock()
	defer s.h.mu.Unlock()
	if s.h.subs[s] {
		delete(s.h.subs, s)
		close(s.c)
	}
}

var t0 = time.Date(2025, 6, 20, 8, 0, 0, 0, time.UTC)

// testContest is an engine with a classic round of n single-choice
// questions (option i%4 of question i is right), three contestants, a
// manual clock and a test hub.
func testContest(t testing.TB, n int) (*App, *quiz.ManualClock, *testHub) {
	t.Helper()
	var qs []questions.Question
	for i := 0; i < n; i++ {
		q := questions.Question{Text: fmt.Sprintf("Câu hỏi %d về cải cách hành chính?", i+1), Kind: questions.KindSingle,
			Topic: "CCHC", Difficulty: 1, Source: "Nghị quyết 76/NQ-CP", Explanation: fmt.Sprintf("Giải thích %d", i+1)}
		for j := 0; j < 4; j++ {
			q.Choices = append(q.Choices, questions.Choice{Text: fmt.Sprintf("Phương án %d", j+1), Correct: j == i%4})
		}
		q.Normalize()
		qs = append(qs, q)
	}
	cfg := quiz.Config{Title: "Hội thi CCHC 2025", TieBreak: quiz.DefaultTieBreak, Units: quiz.UnitRule{Method: quiz.UnitSum},
		Rounds: []quiz.RoundConfig{{Title: "Khởi động", Kind: quiz.Classic, TimeLimit: 20 * time.Second, Shuffle: quiz.ShuffleNone, Points: 10, Draw: questions.DrawSpec{Count: n}}}}
	plan := &quiz.Plan{Config: cfg, Rounds: [][]questions.Question{qs}, Roster: []quiz.Contestant{
		{Code: "AAA111", Name: "Nguyễn Văn An", Unit: "Sở Nội vụ"},
		{Code: "BBB222", Name: "Trần Thị Bình", Unit: "Sở Tư pháp"},
		{Code: "CCC333", Name: "Lê Văn Cường", Unit: "Sở Nội vụ"},
	}}
	clk := quiz.NewManualClock(t0)
	h := newTestHub()
	e, err := quiz.New(plan, quiz.Options{Clock: clk, Journal: &quiz.MemJournal{}, Publisher: h})
	if err != nil {
		t.Fatal(err)
	}
	return &App{Engine: e, Subscribe: h.Subscribe, Now: clk.Now}, clk, h
}
