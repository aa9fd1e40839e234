//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly || windows

package db

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestHelperServeLock is not a test: run by holdInChild in a child
// process, it takes the serve lock of $PARQUIZ_TEST_LOCK_DB, says
// "locked" and waits until its standard input closes or it is killed.
func TestHelperServeLock(t *testing.T) {
	path := os.Getenv("PARQUIZ_TEST_LOCK_DB")
	if path == "" {
		t.Skip("helper process")
	}
	var err error
	switch os.Getenv("PARQUIZ_TEST_LOCK_KIND") {
	case "bank":
		_, err = BankWrite(path)
	default:
		_, err = LockServe(path, Serving{Contest: 7, Title: "Hội thi thử"})
	}
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(3)
	}
	fmt.Println("locked")
	bufio.NewReader(os.Stdin).ReadString('\n')
	os.Exit(0)
}

// holdInChild starts a second process that holds kind ("serve" or "bank")
// on the database at path, and returns it once it holds it.
func holdInChild(t *testing.T, path, kind string) (*exec.Cmd, func()) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperServeLock$")
	cmd.Env = append(os.Environ(), "PARQUIZ_TEST_LOCK_DB="+path, "PARQUIZ_TEST_LOCK_KIND="+kind)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if strings.TrimSpace(line) != "locked" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("child did not take the %s lock: %q", kind, line)
	}
	stop := func() {
		stdin.Close()
		cmd.Wait()
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd, stop
}

func TestServeLockRefusesBankWritesOfOtherProcesses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "contest.db")
	_, stop := holdInChild(t, path, "serve")

	release, err := BankWrite(path)
	var se *ServedError
	if !errors.As(err, &se) || !errors.Is(err, ErrServed) {
		if release != nil {
			release()
		}
		t.Fatalf("bank write while another process serves: err = %v, want a *ServedError", err)
	}
	if se.Serving.Contest != 7 || se.Serving.Title != "Hội thi thử" || se.Serving.PID == os.Getpid() || se.Serving.PID == 0 {
		t.Errorf("refusal names %+v, want contest 7 of the child process", se.Serving)
	}
	if got := ServedBy(path); got == nil || got.Serving.Contest != 7 {
		t.Errorf("ServedBy = %v, want contest 7", got)
	}
	if _, err := LockServe(path, Serving{}); !errors.As(err, &se) {
		t.Errorf("a second serve on the same database: err = %v, want a *ServedError", err)
	}

	stop() // serve stops: its lock goes with it
	release, err = BankWrite(path)
	if err != nil {
		t.Fatalf("bank write after serve stopped: %v", err)
	}
	release()
	if got := ServedBy(path); got != nil {
		t.Errorf("ServedBy after serve stopped = %v", got)
	}
}

func TestServeLockDiesWithItsProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "contest.db")
	child, _ := holdInChild(t, path, "serve")
	if ServedBy(path) == nil {
		t.Fatal("the child's lock is not seen")
	}
	if err := child.Process.Kill(); err != nil { // kill -9: no cleanup runs
		t.Fatal(err)
	}
	child.Wait()
	if data, _ := os.ReadFile(ServingPath(path)); len(data) == 0 {
		t.Error("the killed process's lock file is empty; the test wants a stale one")
	}
	l, err := LockServe(path, Serving{Contest: 8})
	if err != nil {
		t.Fatalf("serve after kill -9 of the previous one: %v", err)
	}
	defer l.Release()
	// in the process that serves, bank writes go on (serve loads the
	// default bank before its contest starts)
	release, err := BankWrite(path)
	if err != nil {
		t.Fatalf("bank write inside the serving process: %v", err)
	}
	release()
}

func TestServeWaitsForABankWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "contest.db")
	_, stop := holdInChild(t, path, "bank")
	if _, err := LockServe(path, Serving{}); !errors.Is(err, ErrBankBusy) {
		t.Fatalf("serve while another process imports: err = %v, want ErrBankBusy", err)
	}
	// two bank writers do not exclude each other
	release, err := BankWrite(path)
	if err != nil {
		t.Fatalf("second bank writer: %v", err)
	}
	release()
	stop()
	deadline := time.Now().Add(5 * time.Second)
	for {
		l, err := LockServe(path, Serving{Contest: 1})
		if err == nil {
			fi, _ := os.Stat(ServingPath(path))
			if fi.Mode().Perm() != PrivateFile {
				t.Errorf("lock file mode %v, want 0600", fi.Mode().Perm())
			}
			l.Release()
			l.Release() // twice is harmless
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve after the import ended: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if data, _ := os.ReadFile(ServingPath(path)); len(data) != 0 {
		t.Errorf("released lock file still says %q", data)
	}
}
