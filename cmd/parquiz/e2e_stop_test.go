package main

import (
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServeSIGTERMRestoresEveryTerminal stops the real server with SIGTERM
// while OpenSSH clients in tmux are in the alternate screen with mouse
// reporting on: every client's terminal must come back (normal screen,
// cursor shown, mouse off) with the closing message, serve must exit 0
// and say what it saved, and the next start resumes with the answer kept.
func TestServeSIGTERMRestoresEveryTerminal(t *testing.T) {
	c := newSSHContest(t)
	c.start("--contest", c.contest, "--roster", c.roster)
	// each client runs under a shell that stays after ssh exits, so the
	// terminal it left behind can be read (tmux reports no cursor state
	// for a dead pane)
	open := func(w, user string) {
		client := strings.Join(append([]string{"ssh", "-tt"}, c.sshBase...), " ") +
			" -o PubkeyAuthentication=no -o PreferredAuthentications=keyboard-interactive " + user + "@127.0.0.1"
		cmd := "sh -c '" + client + "; echo; echo ssh-exit=$?; sleep 120'"
		if exec.Command("tmux", "-S", c.sock, "has-session", "-t", "e2e").Run() != nil {
			c.tmux("-f", "/dev/null", "new-session", "-d", "-s", "e2e", "-x", "100", "-y", "30", "-n", w, cmd)
			return
		}
		c.tmux("new-window", "-d", "-t", "e2e", "-n", w, cmd)
	}
	open("p1", "play")
	c.waitScreen("p1", "Nhập mã dự thi")
	c.send("p1", "KX7ARM")
	c.tmux("send-keys", "-t", "e2e:p1", "Enter")
	c.waitScreen("p1", "Đang chờ ban tổ chức")
	open("p2", "play") // stays at the code prompt
	c.waitScreen("p2", "Nhập mã dự thi")
	open("board", "board")
	c.waitScreen("board", "Hội thi thử")
	c.host("start-round")
	c.host("next")
	c.waitScreen("p1", "Cơ quan nào tham mưu")
	c.answer("p1", "b")
	modes := func(w string) string {
		return strings.TrimSpace(c.tmux("display-message", "-p", "-t", "e2e:"+w, "#{alternate_on} #{cursor_flag} #{mouse_any_flag}"))
	}
	if got := modes("p1"); got != "1 0 1" {
		t.Fatalf("before the stop p1 is %q, want the alternate screen, cursor hidden, mouse on (\"1 0 1\")", got)
	}

	if err := c.srv.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- c.srv.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("serve after SIGTERM: %v, want exit status 0", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop within 20 s of SIGTERM")
	}
	for _, w := range []string{"p1", "p2", "board"} {
		waitFor(t, w+" closed", func() bool { return strings.Contains(c.screen(w), "ssh-exit=") })
		if got := modes(w); got != "0 1 0" {
			t.Errorf("%s after the stop: %q, want the normal screen, cursor shown, mouse off (\"0 1 0\")", w, got)
		}
		if s := c.screen(w); !strings.Contains(s, "Máy chủ đang dừng") || !strings.Contains(s, "mã cũ") || !strings.Contains(s, "ssh-exit=0") {
			t.Errorf("%s does not show the closing message:\n%s", w, s)
		}
	}
	out := c.out.String()
	for _, want := range []string{"Đã dừng máy chủ", "Đã lưu:", "trong đó 1 câu trả lời"} {
		if !strings.Contains(out, want) {
			t.Errorf("serve's stop message lacks %q:\n%s", want, out)
		}
	}

	c.start("--resume", "1")
	st := c.host("status", "--json")
	for _, want := range []string{`"state":"open"`, `"paused":true`, `"answered":1`} {
		if !strings.Contains(st, want) {
			t.Errorf("after SIGTERM and --resume, status lacks %s:\n%s", want, st)
		}
	}
}
