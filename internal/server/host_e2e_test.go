package server_test

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"

	"parquiz/quiz"
)

// row is the first screen line that contains s ("" if none).
func (tm *term) row(s string) string {
	for _, l := range strings.Split(tm.screen(), "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}

// waitRow waits until the screen line holding s also holds every want.
func (tm *term) waitRow(s string, want ...string) {
	tm.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		l := tm.row(s)
		ok := l != ""
		for _, w := range want {
			ok = ok && strings.Contains(l, w)
		}
		if ok {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	tm.t.Fatalf("the line with %q never showed %q:\n%s", s, want, tm.screen())
}

// lacks fails if the screen shows any of leaks.
func (tm *term) lacks(what string, leaks ...string) {
	tm.t.Helper()
	got := tm.screen()
	for _, l := range leaks {
		if strings.Contains(got, l) {
			tm.t.Errorf("%s: the screen shows %q:\n%s", what, l, got)
		}
	}
}

// quit ends an interactive session with ctrl+c and waits for it to close.
// Bubble Tea reads input in order, so every key sent before has been
// handled by then.
func (tm *term) quit() {
	tm.t.Helper()
	tm.send("\x03")
	select {
	case <-tm.done:
	case <-time.After(10 * time.Second):
		tm.t.Fatalf("the session did not end on ctrl+c:\n%s", tm.screen())
	}
}

// hostKeys are every key the host console acts on (and the y that
// confirms), without the ones a contestant answers with (a–d, 1–4, enter).
// Bubble Tea v1 reads a chunk of plain characters as ONE key message
// ("snp…" matches no binding), so each key is followed by shift+tab, an
// escape sequence that ends it and that no screen binds. The same bytes
// sent to a host session do start the round, open a question, pause it…
var hostKeys = func() string {
	var b strings.Builder
	for _, k := range "snp+=rtvKMRVoTeExqy" {
		b.WriteString(string(k) + "\x1b[Z")
	}
	return b.String()
}()

// TestHostConsoleOverSSH drives a contest from the host console over a
// real SSH session with a PTY: the roster's connection state, start round,
// next, the question with its key and the live answer count, pause,
// resume and +10 s, close, reveal, a void that insists on a reason, and
// the early end with its reason — checking the engine and the screens
// after each step. A contestant typing the host's keys changes nothing.
func TestHostConsoleOverSSH(t *testing.T) {
	f := start(t, "")
	e := f.app.Engine
	h := f.open(t, "host", f.admin)
	h.waitFor("Điều khiển — Hội thi CCHC")
	h.waitFor("Sảnh chờ: nhấn s để bắt đầu vòng 1.")
	h.waitRow("AAA111", "Nguyễn Văn An (Sở Nội vụ)", "·")
	h.waitRow("BBB222", "Trần Thị Bình (Sở Tư pháp)", "·")
	h.waitFor("0/2 kết nối")

	// a contestant connects: the roster shows it
	a := f.open(t, "play", nil)
	a.waitFor("Nhập mã dự thi")
	a.send("AAA111\r")
	a.waitFor("Đang chờ ban tổ chức")
	h.waitRow("AAA111", "●")
	h.waitFor("1/2 kết nối")
	if strings.Contains(h.row("BBB222"), "●") {
		t.Errorf("BBB222 shown connected:\n%s", h.screen())
	}

	// a second contestant types every host key in the lobby: nothing
	// happens to the contest
	b := f.open(t, "play", nil)
	b.waitFor("Nhập mã dự thi")
	b.send("BBB222\r")
	b.waitFor("Đang chờ ban tổ chức")
	seq := e.Seq()
	b.send(hostKeys)
	b.quit()
	if got := e.Seq(); got != seq || e.Phase() != quiz.PhaseLobby {
		t.Fatalf("host keys on a contestant screen changed the contest: seq %d→%d, phase %s", seq, got, e.Phase())
	}

	// s: start the round
	h.send("s")
	waitUntil(t, func() bool { return e.Phase() == quiz.PhaseRoundIntro }, "round intro after s")
	h.waitFor("Vòng 1: Khởi động")
	h.waitFor("✓ start-round")

	// n: the first question, with its key, on the host's screen only
	h.send("n")
	waitUntil(t, func() bool { return e.Phase() == quiz.PhaseOpen }, "question open after n")
	h.waitFor("Câu hỏi 1 về một cửa?")
	h.waitFor("Đáp án: A. Phương án 1")
	h.waitFor("0/2 đã trả lời")
	a.waitFor("Câu hỏi 1 về một cửa?")
	a.lacks("contestant during the question", "Đáp án", "Vì thế.")

	// the answer count rises when the contestant answers
	a.send("a")
	a.waitFor("Đã chốt đáp án: A. Phương án 1")
	h.waitFor("1/2 đã trả lời")
	h.waitRow("AAA111", "✓ ")
	if s := e.HostSnapshot(); s.Answered != 1 || s.Eligible != 2 {
		t.Errorf("engine: answered %d/%d, want 1/2", s.Answered, s.Eligible)
	}

	// another contestant in the open question types the host keys
	// (none of them answers): still nothing changes
	b = f.open(t, "play", nil)
	b.waitFor("Nhập mã dự thi")
	b.send("BBB222\r")
	b.waitFor("Câu hỏi 1 về một cửa?")
	seq = e.Seq()
	deadline := e.HostSnapshot().Question.Deadline
	b.send(hostKeys)
	b.quit()
	if s := e.HostSnapshot(); e.Seq() != seq || s.Phase != quiz.PhaseOpen || s.Paused || !s.Question.Deadline.Equal(deadline) || s.Answered != 1 {
		t.Fatalf("host keys on a contestant screen changed the question: seq %d→%d, %s paused=%v deadline %v→%v answered %d",
			seq, e.Seq(), s.Phase, s.Paused, deadline, s.Question.Deadline, s.Answered)
	}

	// p pauses, p resumes, + gives 10 more seconds
	h.send("p")
	waitUntil(t, func() bool { return e.HostSnapshot().Paused }, "paused after p")
	h.waitFor("đang trả lời · tạm dừng")
	h.send("p")
	waitUntil(t, func() bool { return !e.HostSnapshot().Paused }, "running after the second p")
	deadline = e.HostSnapshot().Question.Deadline
	h.send("+")
	waitUntil(t, func() bool { return e.HostSnapshot().Question.Deadline.Sub(deadline) == 10*time.Second }, "10 s more after +")

	// c closes, r reveals
	h.send("c")
	waitUntil(t, func() bool { return e.Phase() == quiz.PhaseClosed }, "closed after c")
	h.waitFor("hết giờ")
	h.send("r")
	waitUntil(t, func() bool { return e.Phase() == quiz.PhaseRevealed }, "revealed after r")
	h.waitFor("Phân bố: A:1  B:0  C:0  D:0")
	h.waitRow("AAA111", "     10    1")
	a.waitFor("Chính xác! +10 điểm")

	// v asks for a reason; Enter alone is refused and voids nothing
	h.send("v")
	h.waitFor("Hủy câu 1 (không tính điểm)?")
	h.send("\r")
	h.waitFor("Cần nhập lý do.")
	if e.HostSnapshot().Question.Voided {
		t.Fatal("voided without a reason")
	}
	h.send("đề sai nguồn\r")
	waitUntil(t, func() bool { return e.HostSnapshot().Question.Voided }, "question voided")
	h.waitFor("✓ void 1 — đề sai nguồn")
	h.waitFor("· đã hủy")
	h.waitRow("AAA111", "      0    1")
	for _, c := range e.HostSnapshot().Contestants {
		if c.Points != 0 {
			t.Errorf("after the void %s has %d points", c.Contestant.Code, c.Points)
		}
	}

	// E ends the contest early: a reason is required, Esc cancels
	h.send("E")
	h.waitFor("Kết thúc hội thi trước khi hết các vòng? Nhập lý do:")
	h.send("\x1b")
	h.waitFor("đã hủy thao tác")
	if e.Phase() != quiz.PhaseRevealed {
		t.Fatalf("Esc did not cancel the end: phase %s", e.Phase())
	}
	h.send("E")
	h.waitFor("Kết thúc hội thi trước khi hết các vòng? Nhập lý do:")
	h.send("\r")
	h.waitFor("Cần nhập lý do.")
	h.send("hết giờ thi\r")
	waitUntil(t, func() bool { return e.Phase() == quiz.PhaseEnded }, "contest ended")
	h.waitFor("Hội thi đã kết thúc: x xuất kết quả")
	a.waitFor("Hội thi đã kết thúc")

	// the contestant leaves: the roster shows it
	a.quit()
	h.waitRow("AAA111", "·")
	h.waitFor("0/2 kết nối")
}

// TestHostWithoutAdminKeyInteractive: `ssh -t host@…` with a key that is
// not an admin key is refused before any console starts (TestRefusals
// covers the same without a PTY).
func TestHostWithoutAdminKeyInteractive(t *testing.T) {
	f := start(t, "")
	c, err := f.dial(t, "host", f.player)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	emu := vt.NewSafeEmulator(80, 24)
	var errb bytes.Buffer
	s.Stdout, s.Stderr = emu, &errb
	in, _ := s.StdinPipe()
	go io.Copy(in, emu)
	if err := s.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := s.Shell(); err != nil {
		t.Fatal(err)
	}
	err = s.Wait()
	if ee, ok := err.(*gossh.ExitError); !ok || ee.ExitStatus() != 1 {
		t.Errorf("exit: %v, want status 1", err)
	}
	if got := errb.String(); !strings.Contains(got, "host@ chỉ dành cho khóa SSH trong --admin-keys") {
		t.Errorf("stderr %q lacks the refusal", got)
	}
	if f.hub.Len() != 0 {
		t.Errorf("a refused host subscribed to the contest's events (%d subscriptions)", f.hub.Len())
	}
}
