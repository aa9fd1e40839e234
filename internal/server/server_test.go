package server

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
