package live

import (
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"parquiz/internal/i18n"
	"parquiz/internal/server"
	"parquiz/quiz"
)

// drain runs cmd and the commands its messages lead to, feeding every
// message to m. Commands that do not finish within a short time (ticks,
// waits on an empty subscription) are abandoned.
func drain(t *testing.T, m tea.Model, cmd tea.Cmd) tea.Model {
	t.Helper()
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0 && steps < 200; steps++ {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		ch := make(chan tea.Msg, 1)
		go func() { ch <- c() }()
		var msg tea.Msg
		select {
		case msg = <-ch:
		case <-time.After(150 * time.Millisecond):
			continue
		}
		switch msg := msg.(type) {
		case tea.BatchMsg:
			queue = append(queue, msg...)
			continue
		case nil, tickMsg, clockMsg, loginIdleMsg:
			continue
		}
		var next tea.Cmd
		m, next = m.Update(msg)
		queue = append(queue, next)
	}
	return m
}

func key(s string) tea.KeyMsg {
	switch s {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

func typeText(t *testing.T, m tea.Model, s string) tea.Model {
	for _, r := range s {
		m, _ = m.Update(key(string(r)))
	}
	return m
}

func screen(m tea.Model) string { return ansi.Strip(m.View()) }

func newTestContestant(a *App, seats *server.Seats, lim *server.Limiter) (*contestant, *resources) {
	res := &resources{}
	sess := &server.Session{Role: server.RolePlay, Remote: "10.0.0.7", Renderer: lipgloss.NewRenderer(nil), Lang: i18n.VI, Seats: seats, Limiter: lim}
	return newContestant(a, sess, res), res
}

// TestContestantWrongCodesAreLimited: wrong codes make this connection
// wait (1 s, 2 s, 4 s, 8 s) and close it after the fifth; a right code
// typed during the wait waits too; another connection from the same
// address (a hall behind one NAT) gets in at once.
func TestContestantWrongCodesAreLimited(t *testing.T) {
	a, clk, _ := testContest(t, 2)
	lim := server.NewLimiter(clk.Now)
	m, _ := newTestContestant(a, server.NewSeats(), lim)
	var tm tea.Model = m
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	for i := 1; i <= 4; i++ {
		tm = typeText(t, tm, "WRONG"+strconv.Itoa(i))
		tm, _ = tm.Update(key("enter"))
		if got, want := screen(tm), "Còn "+strconv.Itoa(5-i)+" lần thử"; !strings.Contains(got, want) {
			t.Fatalf("try %d: screen lacks %q:\n%s", i, want, got)
		}
		if i == 1 {
			// the right code during this connection's wait waits too
			tm = typeText(t, tm, "AAA111")
			tm, _ = tm.Update(key("enter"))
			if got := screen(tm); tm.(*contestant).stage != stLogin || !strings.Contains(got, "chờ") {
				t.Fatalf("a code during the wait was checked:\n%s", got)
			}
			tm.(*contestant).code.Reset()
		}
		clk.Advance(time.Duration(1<<(i-1)) * time.Second)
	}
	tm = typeText(t, tm, "WRONG5")
	tm, _ = tm.Update(key("enter"))
	if got := tm.(*contestant).stage; got != stClosed {
		t.Errorf("after 5 wrong codes stage = %v, want closed", got)
	}
	if got := screen(tm); !strings.Contains(got, "Đã nhập sai 5 lần") {
		t.Errorf("closed screen:\n%s", got)
	}
	if got, want := lim.Fails("10.0.0.7"), 5; got != want {
		t.Errorf("limiter fails = %d, want %d", got, want)
	}
	// another connection from the same address is not made to wait
	m2, _ := newTestContestant(a, server.NewSeats(), lim)
	tm = typeText(t, m2, "AAA111")
	tm, _ = tm.Update(key("enter"))
	if got := tm.(*contestant).stage; got != stPlay {
		t.Errorf("right code on another connection: stage = %v, want play:\n%s", got, screen(tm))
	}
}

func TestContestantPlaysAQuestion(t *testing.T) {
	a, clk, _ := testContest(t, 2)
	seats := server.NewSeats()
	a.Seats = seats
	m, res := newTestContestant(a, seats, nil)
	defer res.close()
	var tm tea.Model = m
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	tm = typeText(t, tm, "aaa-111")
	tm, cmd := tm.Update(key("enter"))
	tm = drain(t, tm, cmd)
	got := screen(tm)
	for _, want := range []string{"Nguyễn Văn An", "Sở Nội vụ", "Đang chờ ban tổ chức", "Đã có 1 thí sinh"} {
		if !strings.Contains(got, want) {
			t.Errorf("lobby lacks %q:\n%s", want, got)
		}
	}
	note := quiz.Note{By: "test"}
	if err := a.Engine.StartRound(note); err != nil {
		t.Fatal(err)
	}
	if err := a.Engine.NextQuestion(note); err != nil {
		t.Fatal(err)
	}
	tm = drain(t, tm, tm.(*contestant).waitEvent())
	got = screen(tm)
	for _, want := range []string{"Câu hỏi 1 về cải cách", "A. ", "D. Phương án 4", "⏱  20s"} {
		if !strings.Contains(got, want) {
			t.Errorf("question screen lacks %q:\n%s", want, got)
		}
	}
	for _, leak := range []string{"✓", "Đáp án", "Giải thích 1"} {
		if strings.Contains(got, leak) {
			t.Errorf("question screen shows %q before the reveal:\n%s", leak, got)
		}
	}
	clk.Advance(3 * time.Second)
	tm, cmd = tm.Update(key("a"))
	if got := screen(tm); !strings.Contains(got, "Đang lưu đáp án: A. Phương án 1") || strings.Contains(got, "Đã chốt") {
		t.Errorf("the answer must show as saving until its commit returns:\n%s", got)
	}
	tm = drain(t, tm, cmd)
	if got := screen(tm); !strings.Contains(got, "Đã chốt đáp án: A. Phương án 1") {
		t.Errorf("answer not locked after its commit:\n%s", got)
	}
	// a second key changes nothing
	tm, cmd = tm.Update(key("b"))
	if cmd != nil {
		t.Error("a second answer was sent")
	}
	if err := a.Engine.CloseNow(note); err != nil {
		t.Fatal(err)
	}
	if err := a.Engine.Reveal(note); err != nil {
		t.Fatal(err)
	}
	tm = drain(t, tm, tm.(*contestant).waitEvent())
	got = screen(tm)
	for _, want := range []string{"Chính xác! +10 điểm", "Đáp án: A. Phương án 1", "Giải thích 1", "Nguồn: Nghị quyết 76/NQ-CP", "Hạng 1/3 · 10 điểm"} {
		if !strings.Contains(got, want) {
			t.Errorf("reveal lacks %q:\n%s", want, got)
		}
	}
}

func TestContestantTakeoverAndReconnectKeepsAnswer(t *testing.T) {
	a, clk, _ := testContest(t, 2)
	seats := server.NewSeats()
	a.Seats = seats
	note := quiz.Note{By: "test"}
	a.Engine.StartRound(note)
	a.Engine.NextQuestion(note)
	m1, res1 := newTestContestant(a, seats, nil)
	var t1 tea.Model = typeText(t, m1, "BBB222")
	t1, cmd := t1.Update(key("enter"))
	t1 = drain(t, t1, cmd)
	clk.Advance(2 * time.Second)
	t1, cmd = t1.Update(key("2"))
	t1 = drain(t, t1, cmd)
	// the same code logs in again (another machine): the seat moves
	m2, res2 := newTestContestant(a, seats, nil)
	defer res2.close()
	var t2 tea.Model = typeText(t, m2, "BBB222")
	t2, cmd = t2.Update(key("enter"))
	t2 = drain(t, t2, cmd)
	if m1.seat.Live() {
		t.Error("the first seat is still live after the takeover")
	}
	t1, _ = t1.Update(takenOverMsg{by: "10.0.0.8"})
	if got := screen(t1); !strings.Contains(got, "vừa đăng nhập từ một máy khác (10.0.0.8)") {
		t.Errorf("old screen does not say it was taken over:\n%s", got)
	}
	res1.close()
	if got, want := seats.Count(), 1; got != want {
		t.Errorf("seats = %d, want %d (closing the old session must not free the new seat)", got, want)
	}
	// the new screen shows the answer given before
	if got := screen(t2); !strings.Contains(got, "Đã chốt đáp án: B. Phương án 2") {
		t.Errorf("reconnected screen lacks the earlier answer:\n%s", got)
	}
	_, cmd = t2.Update(key("c"))
	if cmd != nil {
		t.Error("reconnected contestant could answer twice")
	}
}
