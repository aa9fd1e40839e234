package server

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestHostKeyCreatedOnce0600(t *testing.T) {
	p := filepath.Join(t.TempDir(), "data", HostKeyFile)
	s1, _, created, err := HostKey(p)
	if err != nil || !created {
		t.Fatalf("first: created=%v err=%v", created, err)
	}
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fi.Mode().Perm(), os.FileMode(0o600); got != want {
		t.Errorf("mode = %v, want %v", got, want)
	}
	s2, _, created, err := HostKey(p)
	if err != nil || created {
		t.Fatalf("second: created=%v err=%v", created, err)
	}
	if Fingerprint(s1.PublicKey()) != Fingerprint(s2.PublicKey()) {
		t.Error("the host key changed between starts")
	}
}

func TestParseAdminKeys(t *testing.T) {
	good := "# admins\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEhH5mAk0n2sOqcsGgZ6oMqs7wFqJwF3sWbqQwPqkK6D lan@laptop\n\n"
	keys, err := ParseAdminKeys("admins", []byte(good))
	if err != nil || len(keys) != 1 {
		t.Fatalf("keys=%d err=%v", len(keys), err)
	}
	_, err = ParseAdminKeys("admins", []byte(good+"ssh-ed25519 garbage\n"))
	if err == nil || !strings.Contains(err.Error(), "admins:4:") {
		t.Errorf("bad line: err = %v, want it at line 4", err)
	}
	if _, err := ParseAdminKeys("admins", []byte("# none\n")); err == nil {
		t.Error("a file without keys was accepted")
	}
}

func TestLimiterGrowingWait(t *testing.T) {
	now := time.Date(2025, 1, 1, 8, 0, 0, 0, time.UTC)
	l := NewLimiter(func() time.Time { return now })
	for i := 0; i < 5; i++ {
		if d := l.Fail("a"); d != 0 {
			t.Fatalf("free try %d: wait %v", i+1, d)
		}
	}
	want := []time.Duration{2 * time.Second, 4 * time.Second, 8 * time.Second}
	for _, w := range want {
		if got := l.Fail("a"); got != w {
			t.Errorf("wait = %v, want %v", got, w)
		}
	}
	if got := l.Wait("b"); got != 0 {
		t.Errorf("another address waits %v", got)
	}
	if got := l.Wait("a"); got != 8*time.Second {
		t.Errorf("wait(a) = %v, want 8s", got)
	}
	for range 30 {
		l.Fail("a")
	}
	if got := l.Wait("a"); got != l.MaxWait {
		t.Errorf("capped wait = %v, want %v", got, l.MaxWait)
	}
	now = now.Add(l.MaxWait + l.Forget + time.Second)
	if got := l.Fails("a"); got != 0 {
		t.Errorf("fails after a quiet while = %d, want 0", got)
	}
}

func TestSeatsTakeover(t *testing.T) {
	s := NewSeats()
	var kickedBy string
	a := s.Claim("AAA111", "10.0.0.1", func(by string) { kickedBy = by })
	b := s.Claim("AAA111", "10.0.0.2", nil)
	if kickedBy != "10.0.0.2" || a.Live() || !b.Live() {
		t.Errorf("kickedBy=%q a.Live=%v b.Live=%v", kickedBy, a.Live(), b.Live())
	}
	a.Release()
	if !s.Connected("AAA111") || s.Count() != 1 {
		t.Error("releasing the old seat freed the new one")
	}
	b.Release()
	if s.Count() != 0 {
		t.Error("seat not released")
	}
}
