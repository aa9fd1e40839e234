package live

import (
	"fmt"
	"testing"
	"time"

	"parquiz/internal/hub"
	"parquiz/questions"
	"parquiz/quiz"
)

var t0 = time.Date(2025, 6, 20, 8, 0, 0, 0, time.UTC)

// testContest is an engine with a classic round of n single-choice
// questions (option i%4 of question i is right), three contestants, a
// manual clock and the real hub.
func testContest(t testing.TB, n int) (*App, *quiz.ManualClock, *hub.Hub) {
	t.Helper()
	return contestApp(t, contestSpec{title: "Hội thi CCHC 2025", text: "Câu hỏi %d về cải cách hành chính?", source: "Nghị quyết 76/NQ-CP"}, n,
		[]quiz.Contestant{
			{Code: "AAA111", Name: "Nguyễn Văn An", Unit: "Sở Nội vụ"},
			{Code: "BBB222", Name: "Trần Thị Bình", Unit: "Sở Tư pháp"},
			{Code: "CCC333", Name: "Lê Văn Cường", Unit: "Sở Nội vụ"},
		})
}

// contestSpec names what a test contest shows: its title, the stem of
// question i (a format with one %d) and the source every question cites.
type contestSpec struct{ title, text, source string }

// contestApp is an engine with one classic round of n single-choice
// questions, 20 s and 10 points each (option i%4 of question i is right),
// for roster, on a manual clock, publishing to a real hub.
func contestApp(t testing.TB, spec contestSpec, n int, roster []quiz.Contestant) (*App, *quiz.ManualClock, *hub.Hub) {
	t.Helper()
	return contestAppJournal(t, spec, n, roster, &quiz.MemJournal{})
}

// contestAppJournal is contestApp journaling into j.
func contestAppJournal(t testing.TB, spec contestSpec, n int, roster []quiz.Contestant, j quiz.Journal) (*App, *quiz.ManualClock, *hub.Hub) {
	t.Helper()
	var qs []questions.Question
	for i := 0; i < n; i++ {
		q := questions.Question{Text: fmt.Sprintf(spec.text, i+1), Kind: questions.KindSingle,
			Topic: "CCHC", Difficulty: 1, Source: spec.source, Explanation: fmt.Sprintf("Giải thích %d", i+1)}
		for j := 0; j < 4; j++ {
			q.Choices = append(q.Choices, questions.Choice{Text: fmt.Sprintf("Phương án %d", j+1), Correct: j == i%4})
		}
		q.Normalize()
		qs = append(qs, q)
	}
	cfg := quiz.Config{Title: spec.title, TieBreak: quiz.DefaultTieBreak, Units: quiz.UnitRule{Method: quiz.UnitSum},
		Rounds: []quiz.RoundConfig{{Title: "Khởi động", Kind: quiz.Classic, TimeLimit: 20 * time.Second, Shuffle: quiz.ShuffleNone, Points: 10, Draw: questions.DrawSpec{Count: n}}}}
	plan := &quiz.Plan{Config: cfg, Rounds: [][]questions.Question{qs}, Roster: roster}
	clk := quiz.NewManualClock(t0)
	h := hub.New(64)
	e, err := quiz.New(plan, quiz.Options{Clock: clk, Journal: j, Publisher: h})
	if err != nil {
		t.Fatal(err)
	}
	return &App{Engine: e, Subscribe: HubSubscriber(h), Now: clk.Now}, clk, h
}
