package live

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"parquiz/internal/i18n"
	"parquiz/internal/server"
	"parquiz/quiz"
)

// gatedJournal commits at once while open; while held, commits wait for
// release; fail makes every commit fail until Reset.
type gatedJournal struct {
	mu      sync.Mutex
	held    bool
	waiting []chan error
	fail    error
	failed  *quiz.CommitError
}

func (j *gatedJournal) Append(rec quiz.Record) <-chan error {
	ch := make(chan error, 1)
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.failed == nil && j.fail != nil {
		j.failed = &quiz.CommitError{From: rec.Seq, Err: j.fail}
	}
	switch {
	case j.failed != nil:
		ch <- j.failed
	case j.held:
		j.waiting = append(j.waiting, ch)
	default:
		ch <- nil
	}
	return ch
}

func (j *gatedJournal) Reset() { j.mu.Lock(); j.failed = nil; j.mu.Unlock() }

func (j *gatedJournal) hold() { j.mu.Lock(); j.held = true; j.mu.Unlock() }

func (j *gatedJournal) release() {
	j.mu.Lock()
	j.held = false
	w := j.waiting
	j.waiting = nil
	j.mu.Unlock()
	for _, ch := range w {
		ch <- nil
	}
}

func (j *gatedJournal) setFail(err error) { j.mu.Lock(); j.fail = err; j.mu.Unlock() }

// The lock line is drawn only after the commit; a failed commit is not
// shown as locked, the question freezes on every screen, the host sees
// the cause, and after recovery the contestant answers again.
func TestLockedOnlyAfterCommitAndStorageFault(t *testing.T) {
	j := &gatedJournal{}
	a, clk, _ := contestAppJournal(t, contestSpec{title: "Hội thi CCHC 2025", text: "Câu hỏi %d về cải cách hành chính?", source: "Nghị quyết 76/NQ-CP"}, 2,
		[]quiz.Contestant{{Code: "AAA111", Name: "Nguyễn Văn An", Unit: "Sở Nội vụ"}, {Code: "BBB222", Name: "Trần Thị Bình", Unit: "Sở Tư pháp"}}, j)
	seats := server.NewSeats()
	a.Seats = seats
	login := func(code string) (tea.Model, *resources) {
		m, res := newTestContestant(a, seats, nil)
		var tm tea.Model = m
		tm, _ = tm.Update(tea.WindowSizeMsg{Width: 90, Height: 30})
		tm = typeText(t, tm, code)
		tm, cmd := tm.Update(key("enter"))
		return drain(t, tm, cmd), res
	}
	an, res1 := login("AAA111")
	defer res1.close()
	binh, res2 := login("BBB222")
	defer res2.close()
	note := quiz.Note{By: "test"}
	if err := a.Engine.StartRound(note); err != nil {
		t.Fatal(err)
	}
	if err := a.Engine.NextQuestion(note); err != nil {
		t.Fatal(err)
	}
	an = drain(t, an, an.(*contestant).waitEvent())
	binh = drain(t, binh, binh.(*contestant).waitEvent())
	clk.Advance(2 * time.Second)

	// the commit is slow: "saving", not "locked", and nothing counted
	j.hold()
	an, cmd := an.Update(key("a"))
	if got := screen(an); !strings.Contains(got, "Đang lưu đáp án: A.") || strings.Contains(got, "Đã chốt") {
		t.Errorf("before the commit the screen must say saving:\n%s", got)
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	time.Sleep(50 * time.Millisecond)
	if s := a.Engine.HostSnapshot(); s.Answered != 0 {
		t.Errorf("host counts %d answers before the commit", s.Answered)
	}
	st := a.StatusOf(a.Engine.HostSnapshot())
	if st.Answered != 0 {
		t.Errorf("status counts %d answers before the commit", st.Answered)
	}
	j.release()
	an, cmd = an.Update(<-done)
	an = drain(t, an, cmd)
	if got := screen(an); !strings.Contains(got, "Đã chốt đáp án: A.") {
		t.Errorf("after the commit the answer must show locked:\n%s", got)
	}

	// the disk fills: Bình's answer is refused and not shown locked
	j.setFail(errors.New("database or disk is full"))
	binh, cmd = binh.Update(key("b"))
	binh = drain(t, binh, cmd)
	got := screen(binh)
	if strings.Contains(got, "Đã chốt") || !strings.Contains(got, "CHƯA được lưu") {
		t.Errorf("a failed commit must not show as locked:\n%s", got)
	}
	if !strings.Contains(got, "Tạm dừng vì sự cố máy chủ") {
		t.Errorf("the contestant does not see the question frozen:\n%s", got)
	}
	// the host console shows the alert with the cause at once
	hres := &resources{}
	defer hres.close()
	var hm tea.Model = newHost(a, lipgloss.NewRenderer(nil), i18n.VI, "test", hres)
	hm, _ = hm.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	hm = drain(t, hm, hm.Init())
	if got := screen(hm); !strings.Contains(got, "LỖI LƯU TRỮ") || !strings.Contains(got, "database or disk is full") {
		t.Errorf("host console lacks the storage alert:\n%s", got)
	}
	st = a.StatusOf(a.Engine.HostSnapshot())
	if st.Storage.Fault == nil || !st.Paused || st.Answered != 1 {
		t.Errorf("status during the fault: %+v", st)
	}
	var out, errOut strings.Builder
	if code := a.runCommand(t.Context(), []string{"status", "--json"}, &out, &errOut); code != 1 || !strings.Contains(out.String(), `"ok":false`) || !strings.Contains(out.String(), `"fault"`) {
		t.Errorf("status --json during the fault: exit %d, %s", code, out.String())
	}
	// storage is back; the host resumes (which retries first)
	j.setFail(nil)
	out.Reset()
	if code := a.runCommand(t.Context(), []string{"resume"}, &out, &errOut); code != 0 {
		t.Fatalf("resume after recovery: exit %d: %s %s", code, out.String(), errOut.String())
	}
	binh = drain(t, binh, binh.(*contestant).waitEvent())
	binh, cmd = binh.Update(key("b"))
	binh = drain(t, binh, cmd)
	if got := screen(binh); !strings.Contains(got, "Đã chốt đáp án: B.") {
		t.Errorf("after recovery the contestant's new answer must lock:\n%s", got)
	}
	if s := a.Engine.HostSnapshot(); s.Answered != 2 || s.Fault != nil {
		t.Errorf("after recovery: answered %d fault %v", s.Answered, s.Fault)
	}
}
