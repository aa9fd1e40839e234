package tui

import (
	"bytes"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"parquiz/internal/i18n"
)

func waitFor(t *testing.T, tm *teatest.TestModel, s string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(s)) },
		teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}

// TestPracticeFlow runs the App in a real Bubble Tea program (real clock,
// real 100 ms ticks): start a practice, answer three questions by
// keyboard and one with the mouse, and see the summary.
func TestPracticeFlow(t *testing.T) {
	b := &fakeBank{qs: sampleQuestions()[:4]}
	res := &fakeResults{}
	tm := teatest.NewTestModel(t, New(Config{Bank: b, Results: res, Lang: i18n.VI}), teatest.WithInitialTermSize(80, 24))
	waitFor(t, tm, "Tổ chức hội thi")

	tm.Send(keyMsg("1"))
	waitFor(t, tm, "Bắt đầu")
	// teatest's Type sends bytes one by one, which breaks Vietnamese: send runes.
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("Phạm Thị Lụa")})
	for range 5 {
		tm.Send(keyMsg("down"))
	}
	tm.Send(keyMsg("enter"))
	waitFor(t, tm, "Câu 1/4")

	tm.Send(keyMsg("b")) // single: wrong
	waitFor(t, tm, "Chưa đúng")
	tm.Send(keyMsg("enter"))
	tm.Send(keyMsg("1")) // true/false: Đúng, right
	waitFor(t, tm, "Chính xác")
	tm.Send(keyMsg("enter"))
	tm.Send(keyMsg("a")) // multiple: tick A and C, confirm
	tm.Send(keyMsg("c"))
	tm.Send(keyMsg("enter"))
	tm.Send(keyMsg("enter"))
	waitFor(t, tm, "Câu 4/4")
	// Single, "B. SIPAS" on body row 6: meta, countdown, blank, one-line
	// stem, blank, A, B.
	tm.Send(tea.MouseMsg{X: 6, Y: FrameTop + 6, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	waitFor(t, tm, "Nhấn Enter để xem kết quả")
	tm.Send(keyMsg("enter"))
	// The summary saves in a Cmd; its "saved" line comes with or after the score.
	waitFor(t, tm, "Đã lưu kết quả của Phạm Thị Lụa")

	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(App)
	if fm.Screen() != "summary" {
		t.Fatalf("final screen = %s", fm.Screen())
	}
	if v := fm.top().View(); !bytes.Contains([]byte(v), []byte("Điểm: 3/4 (75%)")) {
		t.Errorf("summary:\n%s", v)
	}
	res.mu.Lock()
	defer res.mu.Unlock()
	if len(res.saved) != 1 || res.saved[0].Correct != 3 || res.saved[0].Name != "Phạm Thị Lụa" {
		t.Errorf("saved = %+v", res.saved)
	}
}
