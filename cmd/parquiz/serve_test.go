package main

import (
	"context"
	"net"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"parquiz/quiz"
)

func TestBoardPasswordPrecedence(t *testing.T) {
	file := quiz.Config{BoardPassword: "tệp"}
	tests := []struct {
		name    string
		flagSet bool
		flag    string
		env     string
		want    string
	}{
		{"the contest file", false, "", "", "tệp"},
		{"the environment overrides the file", false, "", "môi trường", "môi trường"},
		{"the flag overrides both", true, "cờ", "môi trường", "cờ"},
		{"an empty flag turns it off", true, "", "môi trường", ""},
	}
	for _, tt := range tests {
		if got := boardPassword(tt.flagSet, tt.flag, tt.env, file); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
	if got := boardPassword(false, "", "", quiz.Config{}); got != "" {
		t.Errorf("nothing set: got %q", got)
	}
}

// TestServeBoardPasswordFromContestFile runs `parquiz serve` in-process on
// a loopback port: the contest file's board_password is asked of board@,
// contestants are not asked, and a resumed contest is still protected.
func TestServeBoardPasswordFromContestFile(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the SSH server")
	}
	t.Setenv("PARQUIZ_BOARD_PASSWORD", "")
	dir := t.TempDir()
	db := filepath.Join(dir, "data", "parquiz.db")
	contest := writeFile(t, dir, "contest.yaml", "title: Hội thi thử\nboard_password: \"máy chiếu\"\nrounds:\n  - kind: classic\n    time: 30s\n    draw: {count: 1, kinds: [single]}\n")
	roster := writeFile(t, dir, "roster.csv", "code,name,unit\nKX7ARM,Nguyễn Văn An,Sở Nội vụ\n")

	serve := func(args ...string) (addr string, stop func()) {
		t.Helper()
		ctx, cancel := context.WithCancel(context.Background())
		var out syncBuf
		root := newRoot(&App{})
		root.SetArgs(append([]string{"--lang", "en", "--db", db, "serve", "--listen", "127.0.0.1:0", "--headless"}, args...))
		root.SetOut(&out)
		root.SetErr(&out)
		done := make(chan error, 1)
		go func() { done <- root.ExecuteContext(ctx) }()
		stop = func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("serve: %v\n%s", err, out.String())
				}
			case <-time.After(10 * time.Second):
				t.Errorf("serve did not stop\n%s", out.String())
			}
		}
		port := regexp.MustCompile(`ssh -p (\d+) board@`)
		var m []string
		waitFor(t, "serve to listen", func() bool {
			select {
			case err := <-done:
				t.Fatalf("serve ended: %v\n%s", err, out.String())
			default:
			}
			m = port.FindStringSubmatch(out.String())
			return m != nil
		})
		if !regexp.MustCompile(`board@ is protected by a password`).MatchString(out.String()) {
			t.Errorf("serve does not say the board is protected:\n%s", out.String())
		}
		return net.JoinHostPort("127.0.0.1", m[1]), stop
	}
	dial := func(addr, user, pw string) error {
		cfg := &gossh.ClientConfig{
			User: user,
			Auth: []gossh.AuthMethod{
				gossh.KeyboardInteractive(func(_, _ string, qs []string, _ []bool) ([]string, error) {
					ans := make([]string, len(qs))
					for i := range ans {
						ans[i] = pw
					}
					return ans, nil
				}),
			},
			HostKeyCallback: gossh.InsecureIgnoreHostKey(),
			Timeout:         5 * time.Second,
		}
		c, err := gossh.Dial("tcp", addr, cfg)
		if err == nil {
			c.Close()
		}
		return err
	}
	check := func(addr string) {
		t.Helper()
		if err := dial(addr, "board", "sai"); err == nil {
			t.Error("board@ with a wrong password was let in")
		}
		if err := dial(addr, "board", ""); err == nil {
			t.Error("board@ without a password was let in")
		}
		if err := dial(addr, "board", "máy chiếu"); err != nil {
			t.Errorf("board@ with the contest file's password: %v", err)
		}
		if err := dial(addr, "play", ""); err != nil {
			t.Errorf("play@ was asked for the board password: %v", err)
		}
	}

	addr, stop := serve("--contest", contest, "--roster", roster)
	check(addr)
	stop()
	// the password is kept with the stored contest: --resume without the
	// contest file still asks for it
	addr, stop = serve("--resume", "1")
	check(addr)
	stop()
}
