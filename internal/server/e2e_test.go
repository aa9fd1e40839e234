package server_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"

	"parquiz/internal/hub"
	"parquiz/internal/i18n"
	"parquiz/internal/server"
	"parquiz/internal/tui/live"
	"parquiz/questions"
	"parquiz/quiz"
)

type fixture struct {
	addr   string
	srv    *server.Server
	app    *live.App
	hub    *hub.Hub
	admin  gossh.Signer
	player gossh.Signer
}

func newSigner(t *testing.T) gossh.Signer {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func start(t *testing.T, boardPassword string) *fixture {
	t.Helper()
	return startWith(t, boardPassword, nil)
}

// startWith is start with a change to the server's configuration.
func startWith(t *testing.T, boardPassword string, change func(*server.Config)) *fixture {
	t.Helper()
	var qs []questions.Question
	for i := 0; i < 3; i++ {
		q := questions.Question{Text: fmt.Sprintf("Câu hỏi %d về một cửa?", i+1), Kind: questions.KindSingle, Topic: "CCHC", Difficulty: 1,
			Source: "Nghị định 61/2018/NĐ-CP", Explanation: "Vì thế."}
		for j := 0; j < 4; j++ {
			q.Choices = append(q.Choices, questions.Choice{Text: fmt.Sprintf("Phương án %d", j+1), Correct: j == i%4})
		}
		q.Normalize()
		qs = append(qs, q)
	}
	plan := &quiz.Plan{
		Config: quiz.Config{Title: "Hội thi CCHC", TieBreak: quiz.DefaultTieBreak, Units: quiz.UnitRule{Method: quiz.UnitSum},
			Rounds: []quiz.RoundConfig{{Title: "Khởi động", Kind: quiz.Classic, TimeLimit: time.Minute, Shuffle: quiz.ShuffleNone, Points: 10, Draw: questions.DrawSpec{Count: 3}}}},
		Rounds: [][]questions.Question{qs},
		Roster: []quiz.Contestant{{Code: "AAA111", Name: "Nguyễn Văn An", Unit: "Sở Nội vụ"}, {Code: "BBB222", Name: "Trần Thị Bình", Unit: "Sở Tư pháp"}},
	}
	h := hub.New(64)
	e, err := quiz.New(plan, quiz.Options{Journal: &quiz.MemJournal{}, Publisher: h})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{hub: h, admin: newSigner(t), player: newSigner(t)}
	f.app = &live.App{Engine: e, Subscribe: live.HubSubscriber(h), Lang: i18n.VI}
	cfg := server.Config{HostKeyPath: filepath.Join(t.TempDir(), "hk"), AdminKeys: []gossh.PublicKey{f.admin.PublicKey()},
		BoardPassword: boardPassword, App: f.app, Lang: i18n.VI}
	if change != nil {
		change(&cfg)
	}
	srv, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	f.app.Seats = srv.Seats
	f.srv = srv
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f.addr = l.Addr().String()
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return f
}

// dial connects as user with a key (nil: keyboard-interactive with answers).
func (f *fixture) dial(t *testing.T, user string, key gossh.Signer, answers ...string) (*gossh.Client, error) {
	auth := []gossh.AuthMethod{gossh.KeyboardInteractive(func(_, _ string, q []string, _ []bool) ([]string, error) {
		out := make([]string, len(q))
		for i := range out {
			if i < len(answers) {
				out[i] = answers[i]
			}
		}
		return out, nil
	})}
	if key != nil {
		auth = append([]gossh.AuthMethod{gossh.PublicKeys(key)}, auth...)
	}
	return gossh.Dial("tcp", f.addr, &gossh.ClientConfig{User: user, Auth: auth, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
}

// run runs a command (no PTY) and returns stdout, stderr and the exit status.
func (f *fixture) run(t *testing.T, user string, key gossh.Signer, cmd string) (string, string, int) {
	t.Helper()
	c, err := f.dial(t, user, key)
	if err != nil {
		t.Fatalf("dial %s: %v", user, err)
	}
	defer c.Close()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	s.Stdout, s.Stderr = &out, &errb
	if cmd == "" {
		err = s.Shell()
		if err == nil {
			err = s.Wait()
		}
	} else {
		err = s.Run(cmd)
	}
	code := 0
	if ee, ok := err.(*gossh.ExitError); ok {
		code = ee.ExitStatus()
	} else if err != nil {
		t.Fatalf("%s %q: %v", user, cmd, err)
	}
	return out.String(), errb.String(), code
}

func TestRefusals(t *testing.T) {
	f := start(t, "")
	cases := []struct {
		name, user string
		key        gossh.Signer
		cmd, want  string
	}{
		{"unknown user", "bob", nil, "", "không có vai trò \"bob\""},
		{"command as play", "play", f.player, "status", "vai trò play không chạy được lệnh"},
		{"command as board", "board", nil, "status", "vai trò board không chạy được lệnh"},
		// the key offered and refused is named; without one, say so
		{"host without admin key", "host", f.player, "status", "khóa bạn đưa ra (" + server.Fingerprint(f.player.PublicKey()) + ") không có trong đó"},
		{"host keyboard-interactive", "host", nil, "", "máy của bạn không đưa ra khóa nào"},
		{"play without a pty", "play", nil, "", "cần một terminal: kết nối bằng ssh -t"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errOut, code := f.run(t, c.user, c.key, c.cmd)
			if code != 1 || !strings.Contains(errOut, c.want) {
				t.Errorf("exit %d, stderr %q; want 1 and %q", code, errOut, c.want)
			}
		})
	}
	t.Run("sftp subsystem", func(t *testing.T) {
		c, err := f.dial(t, "play", nil)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		s, _ := c.NewSession()
		stderr, _ := s.StderrPipe()
		if err := s.RequestSubsystem("sftp"); err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(stderr)
		if !strings.Contains(string(got), "không có dịch vụ \"sftp\"") {
			t.Errorf("sftp: stderr %q", got)
		}
	})
	t.Run("port forwarding", func(t *testing.T) {
		c, err := f.dial(t, "play", nil)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		_, err = c.Dial("tcp", "127.0.0.1:22")
		if err == nil || !strings.Contains(err.Error(), "không cho chuyển tiếp cổng") {
			t.Errorf("direct-tcpip: err = %v", err)
		}
		if _, err := c.Listen("tcp", "127.0.0.1:0"); err == nil {
			t.Error("remote forwarding was accepted")
		}
	})
}

func TestHostCommands(t *testing.T) {
	f := start(t, "")
	out, errOut, code := f.run(t, "host", f.admin, "status --json")
	if code != 0 {
		t.Fatalf("status: exit %d: %s", code, errOut)
	}
	var res struct {
		OK     bool
		Status live.Status
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("status --json: %v: %q", err, out)
	}
	if got, want := res.Status.State, quiz.PhaseLobby; got != want {
		t.Errorf("state = %q, want %q", got, want)
	}
	if _, _, code := f.run(t, "host", f.admin, "start-round"); code != 0 {
		t.Fatalf("start-round: exit %d", code)
	}
	out, _, code = f.run(t, "host", f.admin, "next")
	if code != 0 || !strings.Contains(out, "ok: next") || !strings.Contains(out, "câu 1/3") {
		t.Errorf("next: exit %d, %q", code, out)
	}
	out, _, _ = f.run(t, "host", f.admin, "status --json")
	json.Unmarshal([]byte(out), &res)
	if res.Status.State != quiz.PhaseOpen || res.Status.Question != 1 || res.Status.Deadline == nil || res.Status.Remaining <= 0 {
		t.Errorf("status after next = %+v", res.Status)
	}
	_, errOut, code = f.run(t, "host", f.admin, "reveal")
	if code != 1 || !strings.Contains(errOut, "không thực hiện được") {
		t.Errorf("reveal while open: exit %d, %q", code, errOut)
	}
	_, errOut, code = f.run(t, "host", f.admin, "void 1")
	if code != 1 || !strings.Contains(errOut, "cần lý do") {
		t.Errorf("void without reason: exit %d, %q", code, errOut)
	}
	f.run(t, "host", f.admin, "close")
	out, errOut, code = f.run(t, "host", f.admin, "void 1 --reason 'câu hỏi sai nguồn'")
	if code != 0 || !strings.Contains(out, "void 1 — câu hỏi sai nguồn") {
		t.Errorf("void: exit %d, %q %q", code, out, errOut)
	}
	_, _, code = f.run(t, "host", f.admin, "frobnicate")
	if code != 2 {
		t.Errorf("unknown command: exit %d, want 2", code)
	}
}

func TestBoardPassword(t *testing.T) {
	f := start(t, "máy chiếu")
	if _, err := f.dial(t, "board", nil, "sai"); err == nil {
		t.Error("wrong board password accepted")
	}
	c, err := f.dial(t, "board", nil, "máy chiếu")
	if err != nil {
		t.Fatalf("right board password: %v", err)
	}
	c.Close()
	// the same words typed in decomposed form (NFD, as some input methods send)
	c, err = f.dial(t, "board", nil, "ma\u0301y chie\u0302\u0301u")
	if err != nil {
		t.Fatalf("board password in NFD: %v", err)
	}
	c.Close()
}

// term is an interactive session rendered by a terminal emulator.
type term struct {
	t    *testing.T
	c    *gossh.Client
	s    *gossh.Session
	in   io.WriteCloser
	emu  *vt.SafeEmulator
	done chan struct{}
}

func (f *fixture) open(t *testing.T, user string, key gossh.Signer) *term {
	t.Helper()
	c, err := f.dial(t, user, key)
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	in, _ := s.StdinPipe()
	emu := vt.NewSafeEmulator(80, 24)
	s.Stdout = emu
	go io.Copy(in, emu) // the emulator's replies go back to the server
	if err := s.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := s.Shell(); err != nil {
		t.Fatal(err)
	}
	tm := &term{t: t, c: c, s: s, in: in, emu: emu, done: make(chan struct{})}
	go func() { s.Wait(); close(tm.done) }()
	t.Cleanup(func() { c.Close() })
	return tm
}

func (tm *term) screen() string { return ansi.Strip(tm.emu.Render()) }

func (tm *term) waitFor(want string) {
	tm.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Contains(tm.screen(), want) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	tm.t.Fatalf("screen never showed %q:\n%s", want, tm.screen())
}

func (tm *term) send(s string) { io.WriteString(tm.in, s) }

func TestContestantOverSSH(t *testing.T) {
	f := start(t, "")
	a := f.open(t, "play", nil)
	a.waitFor("Nhập mã dự thi")
	a.send("aaa111\r")
	a.waitFor("Đang chờ ban tổ chức")
	a.waitFor("Nguyễn Văn An")
	if got, want := f.srv.Seats.Count(), 1; got != want {
		t.Errorf("seats = %d, want %d", got, want)
	}
	board := f.open(t, "board", nil)
	board.waitFor("Hội thi CCHC")

	f.run(t, "host", f.admin, "start-round")
	f.run(t, "host", f.admin, "next")
	a.waitFor("Câu hỏi 1 về một cửa?")
	board.waitFor("Câu hỏi 1 về một cửa?")
	a.send("a")
	a.waitFor("Đã chốt đáp án: A. Phương án 1")

	// disconnect mid-question, reconnect: the answer is still there
	a.c.Close()
	<-a.done
	waitUntil(t, func() bool { return f.srv.Seats.Count() == 0 }, "seat released after disconnect")
	a2 := f.open(t, "play", nil)
	a2.waitFor("Nhập mã dự thi")
	a2.send("AAA111\r")
	a2.waitFor("Đã chốt đáp án: A. Phương án 1")
	a2.send("b")

	f.run(t, "host", f.admin, "close")
	f.run(t, "host", f.admin, "reveal")
	a2.waitFor("Chính xác! +10 điểm")
	a2.waitFor("Hạng 1/2 · 10 điểm")
	board.waitFor("✓ A. Phương án 1")
	board.waitFor("1 (100%)")

	// takeover: a second login with the same code
	a3 := f.open(t, "play", nil)
	a3.waitFor("Nhập mã dự thi")
	a3.send("AAA111\r")
	a3.waitFor("Chính xác! +10 điểm")
	a2.waitFor("vừa đăng nhập từ một máy khác")

	// cleanup: every subscription goes with its session
	a2.c.Close()
	a3.c.Close()
	board.c.Close()
	waitUntil(t, func() bool { return f.hub.Len() == 0 && f.srv.Sessions() == 0 }, "subscriptions and sessions released")
}

func waitUntil(t *testing.T, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("timed out waiting: %s", what)
}

// TestSessionEndsWhileConnectionLives: two boards on one SSH connection
// (OpenSSH ControlMaster does this); closing one session must end its
// program and subscription although the connection stays up (wish v1's
// stock middleware spins on the closed window channel instead).
func TestSessionEndsWhileConnectionLives(t *testing.T) {
	f := start(t, "")
	c, err := f.dial(t, "board", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	open := func() *gossh.Session {
		s, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		s.Stdout = io.Discard
		if err := s.RequestPty("xterm", 24, 80, gossh.TerminalModes{}); err != nil {
			t.Fatal(err)
		}
		if err := s.Shell(); err != nil {
			t.Fatal(err)
		}
		return s
	}
	s1, s2 := open(), open()
	waitUntil(t, func() bool { return f.hub.Len() == 2 && f.srv.Sessions() == 2 }, "two board sessions")
	s1.Close()
	waitUntil(t, func() bool { return f.hub.Len() == 1 && f.srv.Sessions() == 1 }, "one session left after closing the other")
	s2.Close()
	waitUntil(t, func() bool { return f.hub.Len() == 0 && f.srv.Sessions() == 0 }, "no session left")
}
