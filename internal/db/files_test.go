//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package db

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"testing/fstest"
)

// withUmask runs the test under umask 022, what most systems give users.
func withUmask(t *testing.T) {
	old := syscall.Umask(0o022)
	t.Cleanup(func() { syscall.Umask(old) })
}

func perm(t *testing.T, path string) os.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

func TestOpenCreatesPrivateFiles(t *testing.T) {
	withUmask(t)
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o777); err != nil { // a shared folder, like /tmp
		t.Fatal(err)
	}
	path := filepath.Join(dir, "rehearsal.db")
	d, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := Migrate(context.Background(), d, "t", fstest.MapFS{"001_t.sql": {Data: []byte(`CREATE TABLE t(v TEXT);`)}}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Exec(`INSERT INTO t VALUES ('mã dự thi')`); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if got := perm(t, p); got != PrivateFile {
			t.Errorf("%s: mode %v, want 0600", filepath.Base(p), got)
		}
	}
}

func TestOpenTightensAnExistingDatabase(t *testing.T) {
	withUmask(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "old.db")
	d, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	d.Exec(`CREATE TABLE t(v)`)
	d.Close()
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if _, err := os.Stat(p); err == nil {
			os.Chmod(p, 0o644) // made by an older parquiz
		}
	}
	var mu sync.Mutex
	var told []string
	OnTighten = func(p string, old os.FileMode) {
		mu.Lock()
		defer mu.Unlock()
		if old == 0o644 {
			told = append(told, filepath.Base(p))
		}
	}
	defer func() { OnTighten = nil }()
	d, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	if got := perm(t, path); got != PrivateFile {
		t.Errorf("existing database: mode %v after Open, want 0600", got)
	}
	if len(told) == 0 || told[0] != "old.db" {
		t.Errorf("OnTighten was told %v, want old.db first", told)
	}
	if err := MkdirPrivate(filepath.Join(dir, "contests")); err != nil {
		t.Fatal(err)
	}
	os.Chmod(filepath.Join(dir, "contests"), 0o755)
	if err := MkdirPrivate(filepath.Join(dir, "contests")); err != nil {
		t.Fatal(err)
	}
	if got := perm(t, filepath.Join(dir, "contests")); got != PrivateDir {
		t.Errorf("folder: mode %v, want 0700", got)
	}
}
