//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// serveProc is a real `parquiz serve --headless` process.
type serveProc struct {
	cmd *exec.Cmd
	out *syncBuf
}

func startServe(t *testing.T, bin, db string, args ...string) *serveProc {
	t.Helper()
	p := &serveProc{out: &syncBuf{}}
	p.cmd = exec.Command(bin, append([]string{"--db", db, "serve", "--listen", "127.0.0.1:0", "--headless"}, args...)...)
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.cmd.Process.Kill(); p.cmd.Wait() })
	waitFor(t, "serve to start", func() bool { return strings.Contains(p.out.String(), "play@") })
	return p
}

func (p *serveProc) stop(t *testing.T) {
	t.Helper()
	p.cmd.Process.Signal(os.Interrupt)
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve: %v\n%s", err, p.out.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("serve did not stop\n%s", p.out.String())
	}
}

func run1(t *testing.T, bin string, args ...string) (int, string) {
	t.Helper()
	out, err := exec.Command(bin, args...).CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), string(out)
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0, string(out)
}

// TestImportRefusedWhileServed runs serve and the bank commands as separate
// processes on one database: an import (and a second serve) is refused
// while a contest is served, naming it; reading and backing up go on; once
// serve stops, or is killed with -9, the import goes through.
func TestImportRefusedWhileServed(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := binary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "data", "parquiz.db")
	q := writeFile(t, dir, "q.txt", "Cơ quan nào tham mưu cho UBND tỉnh về cải cách hành chính?\nA. Sở Tài chính\nB. Sở Nội vụ\nANSWER: B\n")
	contest := writeFile(t, dir, "contest.yaml", "title: Hội thi thử\nrounds:\n  - kind: classic\n    time: 30s\n    draw: {count: 1, kinds: [single]}\n")
	roster := writeFile(t, dir, "roster.csv", "code,name,unit\nKX7ARM,Nguyễn Văn An,Sở Nội vụ\n")

	srv := startServe(t, bin, db, "--contest", contest, "--roster", roster)
	code, out := run1(t, bin, "--db", db, "bank", "import", q, "--format", "aiken")
	if code != 1 || !strings.Contains(out, "không nhập câu hỏi vào cơ sở dữ liệu "+db) ||
		!strings.Contains(out, "hội thi số 1 (Hội thi thử, tiến trình ") || !strings.Contains(out, "hãy nhập vào một --db khác, hoặc dừng hội thi trước") {
		t.Errorf("import while contest 1 is served: exit %d\n%s", code, out)
	}
	if code, out := run1(t, bin, "--lang", "en", "--db", db, "bank", "import", q, "--format", "aiken"); code != 1 ||
		!strings.Contains(out, "an import into the contest's database "+db+" is refused while contest 1 (Hội thi thử") {
		t.Errorf("import while served, in English: exit %d\n%s", code, out)
	}
	if code, out := run1(t, bin, "--db", db, "bank", "list", "--limit", "1"); code != 0 {
		t.Errorf("bank list while served: exit %d\n%s", code, out)
	}
	if code, out := run1(t, bin, "--db", db, "bank", "import", q, "--format", "aiken", "--dry-run"); code != 0 {
		t.Errorf("import --dry-run (writes only a copy) while served: exit %d\n%s", code, out)
	}
	if code, out := run1(t, bin, "--db", db, "backup", "-o", filepath.Join(dir, "during.db")); code != 0 {
		t.Errorf("backup while served: exit %d\n%s", code, out)
	}
	second := exec.Command(bin, "--db", db, "serve", "--listen", "127.0.0.1:0", "--headless", "--resume", "1")
	if out, err := second.CombinedOutput(); err == nil || !strings.Contains(string(out), "không tổ chức được: hội thi số 1") {
		t.Errorf("a second serve of the same database: %v\n%s", err, out)
	}
	srv.stop(t)
	if code, out := run1(t, bin, "--db", db, "bank", "import", q, "--format", "aiken"); code != 0 {
		t.Errorf("import after serve stopped: exit %d\n%s", code, out)
	}

	// kill -9 leaves the lock file behind, not the lock
	srv = startServe(t, bin, db, "--resume", "1")
	if code, _ := run1(t, bin, "--db", db, "bank", "import", q, "--format", "aiken"); code != 1 {
		t.Errorf("import while the resumed contest is served: exit %d", code)
	}
	srv.cmd.Process.Kill()
	srv.cmd.Wait()
	if code, out := run1(t, bin, "--db", db, "bank", "import", q, "--format", "aiken"); code != 0 {
		t.Errorf("import after kill -9 of serve: exit %d\n%s", code, out)
	}
}

// TestFilesArePrivate runs a contest and exports its results under umask
// 022 in a folder anyone may read, and checks the mode of every file
// parquiz wrote.
func TestFilesArePrivate(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := binary(t)
	old := syscall.Umask(0o022) // the children inherit it
	defer syscall.Umask(old)
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "rehearsal.db")
	contest := writeFile(t, dir, "contest.yaml", "title: Tổng duyệt\nrounds:\n  - kind: classic\n    time: 30s\n    draw: {count: 1, kinds: [single]}\n")
	roster := writeFile(t, dir, "roster.csv", "code,name,unit\nKX7ARM,Nguyễn Văn An,Sở Nội vụ\n")
	srv := startServe(t, bin, db, "--contest", contest, "--roster", roster)
	waitFor(t, "results.json", func() bool {
		_, err := os.Stat(filepath.Join(dir, "contests", "rehearsal-1-tong-duyet", "results.json"))
		return err == nil
	})
	// SQLite made these while serve runs (and removes them when it stops)
	for _, p := range []string{db + "-wal", db + "-shm"} {
		if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s while serving: %v %v, want mode 0600", filepath.Base(p), fi, err)
		}
	}
	if code, out := run1(t, bin, "--db", db, "backup", "-o", filepath.Join(dir, "backup.db")); code != 0 {
		t.Fatalf("backup: exit %d\n%s", code, out)
	}
	srv.stop(t)
	for _, format := range []string{"csv", "xlsx"} {
		if code, out := run1(t, bin, "--db", db, "results", "--format", format, "-o", filepath.Join(dir, "ket-qua."+format)); code != 0 {
			t.Fatalf("results %s: exit %d\n%s", format, code, out)
		}
	}
	if code, out := run1(t, bin, "--db", db, "bank", "export", "-o", filepath.Join(dir, "bank.json")); code != 0 {
		t.Fatalf("bank export: exit %d\n%s", code, out)
	}
	if code, out := run1(t, bin, "roster", "codes", "-n", "3", "-o", filepath.Join(dir, "codes.csv")); code != 0 {
		t.Fatalf("roster codes: exit %d\n%s", code, out)
	}
	mine := map[string]bool{"contest.yaml": true, "roster.csv": true} // the test's own
	seen := 0
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			t.Error(err)
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		if rel == "." || mine[rel] {
			return nil
		}
		want := os.FileMode(0o600)
		if fi.IsDir() {
			want = 0o700
		}
		if fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", rel, fi.Mode().Perm(), want)
		}
		seen++
		t.Logf("%v %s", fi.Mode(), rel)
		return nil
	})
	for _, want := range []string{"rehearsal.db", "rehearsal.db.serving", "backup.db", "contests/rehearsal-1-tong-duyet/results.json", "ket-qua.csv", "ket-qua_don_vi.csv", "ket-qua.xlsx", "bank.json", "codes.csv"} {
		if _, err := os.Stat(filepath.Join(dir, want)); err != nil {
			t.Errorf("%s was not written: %v", want, err)
		}
	}
	if seen < 12 {
		t.Errorf("only %d files and folders checked", seen)
	}
	// a database an older parquiz left world-readable is tightened
	os.Chmod(db, 0o644)
	if code, out := run1(t, bin, "--db", db, "bank", "stats"); code != 0 || !strings.Contains(out, "đã thu hẹp quyền của "+db+" từ 0644 xuống 0600") {
		t.Errorf("bank stats on a 0644 database: exit %d\n%s", code, out)
	}
	if fi, _ := os.Stat(db); fi.Mode().Perm() != 0o600 {
		t.Errorf("database left %v", fi.Mode().Perm())
	}
}
