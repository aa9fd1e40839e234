package live

import (
	"io"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"parquiz/internal/server"
	"parquiz/quiz"
)

// loggedIn is a contestant logged in as AAA111 on an 80×24 screen, its
// snapshot applied.
func loggedIn(t *testing.T, a *App) (*contestant, *resources) {
	t.Helper()
	a.Seats = server.NewSeats()
	m, res := newTestContestant(a, a.Seats, nil)
	t.Cleanup(res.close)
	m.Init()
	var tm tea.Model = m
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	tm = typeText(t, tm, "AAA111")
	tm, cmd := tm.Update(key("enter"))
	drain(t, tm, cmd)
	if m.stage != stPlay || !m.have {
		t.Fatalf("not logged in: stage %v, snapshot %v", m.stage, m.have)
	}
	return m, res
}

// update feeds the snapshot of the engine's current state, as an event
// would.
func update(t *testing.T, m *contestant) {
	t.Helper()
	s, err := m.app.Engine.SnapshotFor(m.me.Code)
	if err != nil {
		t.Fatal(err)
	}
	m.Update(eventMsg{ev: quiz.Event{Kind: quiz.EvQuestionOpened}, snap: &s})
}

// TestContestantQuestionCacheFollowsSizeAndQuestion: the question's
// rendered text and options are kept between repaints, and made again for
// a new width and for the next question.
func TestContestantQuestionCacheFollowsSizeAndQuestion(t *testing.T) {
	a, _, _ := testContest(t, 2)
	m, _ := loggedIn(t, a)
	n := openFirst(t, a)
	update(t, m)
	if got, want := screen(m), "Câu hỏi 1 về cải cách hành chính?"; !strings.Contains(got, want) {
		t.Fatalf("question 1 at 80 columns lacks %q:\n%s", want, got)
	}
	first := m.qc
	m.View()
	if m.qc != first {
		t.Error("a repaint at the same size made the question again")
	}
	m.Update(tea.WindowSizeMsg{Width: 30, Height: 24})
	got := screen(m)
	if strings.Contains(got, "Câu hỏi 1 về cải cách hành chính?") || !strings.Contains(got, "Câu hỏi 1 về cải cách") {
		t.Errorf("question 1 at 30 columns is not wrapped again:\n%s", got)
	}
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	a.Engine.CloseNow(n)
	a.Engine.Reveal(n)
	if err := a.Engine.NextQuestion(n); err != nil {
		t.Fatal(err)
	}
	update(t, m)
	got = screen(m)
	if !strings.Contains(got, "Câu hỏi 2 về cải cách hành chính?") || strings.Contains(got, "Câu hỏi 1") {
		t.Errorf("the next question does not replace the first:\n%s", got)
	}
}

// TestContestantCountdownRepaints: the shown seconds follow the clock
// although the screen is kept between messages, a clock message of an
// older run is ignored, and the clock follows the phase (lobby: the
// number connected; open: the countdown; revealed: none).
func TestContestantCountdownRepaints(t *testing.T) {
	a, clk, _ := testContest(t, 2)
	m, _ := loggedIn(t, a)
	if m.clock != clockLobby {
		t.Errorf("lobby clock = %v, want %v", m.clock, clockLobby)
	}
	n := quiz.Note{By: "test"}
	a.Engine.StartRound(n)
	a.Engine.NextQuestion(n)
	update(t, m)
	if m.clock != clockCountdown {
		t.Errorf("open question clock = %v, want %v", m.clock, clockCountdown)
	}
	if got, want := screen(m), "⏱  20s"; !strings.Contains(got, want) {
		t.Fatalf("screen lacks %q:\n%s", want, got)
	}
	clk.Advance(3 * time.Second)
	m.Update(clockMsg{m.clockSeq.Load()})
	if got, want := screen(m), "⏱  17s"; !strings.Contains(got, want) {
		t.Errorf("after 3 s the screen lacks %q:\n%s", want, got)
	}
	clk.Advance(time.Second)
	if got, want := screen(m), "⏱  16s"; !strings.Contains(got, want) {
		t.Errorf("a repaint without a message does not follow the clock; lacks %q:\n%s", want, got)
	}
	if _, cmd := m.Update(clockMsg{m.clockSeq.Load() - 1}); cmd != nil {
		t.Error("a clock message of an older run did something")
	}
	a.Engine.CloseNow(n)
	a.Engine.Reveal(n)
	update(t, m)
	if m.clock != clockNone {
		t.Errorf("revealed clock = %v, want none", m.clock)
	}
	if m.snap.Standings != nil {
		t.Error("the reveal keeps the standings table, which it does not show")
	}
	if err := a.Engine.ShowStandings(n); err != nil {
		t.Fatal(err)
	}
	update(t, m)
	if got := screen(m); !strings.Contains(got, "Nguyễn Văn An") || !strings.Contains(got, "Trần Thị Bình") {
		t.Errorf("standings lack the contestants:\n%s", got)
	}
}

// TestContestantLoginResources: the login prompt and its idle timer go at
// login, the answer input exists only for typed answers, and a session
// closed on the login screen stops its idle timer.
func TestContestantLoginResources(t *testing.T) {
	a, _, _ := testContest(t, 2)
	m, _ := loggedIn(t, a)
	if m.code != nil {
		t.Error("the code prompt is kept after login")
	}
	if m.idle.Stop() {
		t.Error("the login idle timer still runs after login")
	}
	if m.input != nil {
		t.Error("an answer input exists in the lobby")
	}
	m2, res2 := newTestContestant(a, a.Seats, nil)
	m2.Init()
	res2.close()
	if m2.idle.Stop() {
		t.Error("closing the session did not stop the login idle timer")
	}
}

// BenchmarkContestantQuestionView is the cost of one contestant's question
// screen at 80×24 in 256 colours: drawn for a new question (nothing
// cached), repainted after a message or a new second (the question's text
// and options cached), and asked again with nothing changed (the last
// frame).
func BenchmarkContestantQuestionView(b *testing.B) {
	a, _, _ := testContest(b, 2)
	a.Seats = server.NewSeats()
	m, res := newTestContestant(a, a.Seats, nil)
	defer res.close()
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI256)
	m.st = newStyles(r)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m.login(quiz.Contestant{Code: "AAA111", Name: "Nguyễn Văn An", Unit: "Sở Nội vụ"})
	n := quiz.Note{By: "bench"}
	a.Engine.StartRound(n)
	a.Engine.NextQuestion(n)
	s, err := a.Engine.SnapshotFor("AAA111")
	if err != nil {
		b.Fatal(err)
	}
	m.setSnap(s)
	b.Run("new question", func(b *testing.B) {
		for b.Loop() {
			m.qc, m.gen = nil, m.gen+1
			_ = m.View()
		}
	})
	b.Run("repaint", func(b *testing.B) {
		for b.Loop() {
			m.gen++
			_ = m.View()
		}
	})
	b.Run("unchanged", func(b *testing.B) {
		for b.Loop() {
			_ = m.View()
		}
	})
}

// TestContestantAnswerConfirmedByItsEvent: a stored answer asks for no
// snapshot of its own; the engine's EvAnswerAccepted to this contestant
// brings the one that holds the answer.
func TestContestantAnswerConfirmedByItsEvent(t *testing.T) {
	a, _, _ := testContest(t, 2)
	m, _ := loggedIn(t, a)
	openFirst(t, a)
	update(t, m)
	for len(m.sub.C()) > 0 { // the events of the start, already shown
		<-m.sub.C()
	}
	_, submit := m.Update(key("a"))
	if submit == nil {
		t.Fatal("no answer sent")
	}
	if _, cmd := m.Update(submit()); cmd != nil || !m.lock.confirmed {
		t.Fatalf("stored answer: confirmed %v, follow-up command %v (want none)", m.lock.confirmed, cmd != nil)
	}
	msg, ok := m.waitEvent()().(eventMsg)
	if !ok || msg.ev.Kind != quiz.EvAnswerAccepted || msg.snap == nil || msg.snap.Me == nil || msg.snap.Me.Answer == nil {
		t.Fatalf("the answer's event: %+v, want EvAnswerAccepted with a snapshot holding the answer", msg)
	}
	m.Update(msg)
	if got := screen(m); !strings.Contains(got, "Đã chốt đáp án: A. Phương án 1") || !strings.Contains(got, "● A.") {
		t.Errorf("screen after the answer's event:\n%s", got)
	}
}

// openFirst starts the round and opens its first question.
func openFirst(t *testing.T, a *App) quiz.Note {
	t.Helper()
	n := quiz.Note{By: "test"}
	must(t, a.Engine.StartRound(n))
	must(t, a.Engine.NextQuestion(n))
	return n
}
