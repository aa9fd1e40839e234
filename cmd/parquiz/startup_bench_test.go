package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/creack/pty"
)

// startToFirstFrame execs the real binary on a pseudo-terminal (100×30,
// TERM=xterm-256color) and returns the time from exec to the moment the
// home screen's menu has been written. It answers the terminal queries a
// real terminal answers (background colour, cursor position) so that
// the colour detection runs as it does for a user. Then it quits the app
// with Ctrl+C.
func startToFirstFrame(tb testing.TB, bin, dbPath string) time.Duration {
	tb.Helper()
	cmd := exec.Command(bin, "--db", dbPath)
	cmd.Env = append(os.Environ(), "TERM=xterm-256color", "LANG=C.UTF-8", "NO_COLOR=", "PARQUIZ_LANG=vi")
	start := time.Now()
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 30, Cols: 100})
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []byte
	buf := make([]byte, 64<<10)
	var took time.Duration
	deadline := time.Now().Add(20 * time.Second)
	for took == 0 {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			tb.Fatalf("no first frame after 20 s; output %q", out)
		}
		n, err := f.Read(buf)
		if err != nil {
			tb.Fatalf("read: %v; output %q", err, out)
		}
		chunk := buf[:n]
		if bytes.Contains(chunk, []byte("\x1b]11;?")) {
			f.Write([]byte("\x1b]11;rgb:0000/0000/0000\x1b\\"))
		}
		if bytes.Contains(chunk, []byte("\x1b[6n")) { // cursor position, termenv's "are you there"
			f.Write([]byte("\x1b[1;1R"))
		}
		out = append(out, chunk...)
		// The last menu entry is drawn: the first frame is on the screen.
		if bytes.Contains(out, []byte("Thoát")) {
			took = time.Since(start)
		}
	}
	f.Write([]byte{3}) // Ctrl+C
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	go func() {
		for {
			if _, err := f.Read(buf); err != nil {
				return
			}
		}
	}()
	select {
	case err := <-done:
		if err != nil {
			tb.Fatalf("parquiz exited with %v", err)
		}
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		tb.Fatal("parquiz did not quit on Ctrl+C")
	}
	return took
}

// BenchmarkStartupExistingDB: exec → first frame on a database that
// already has the default bank (EnsureDefault is one query).
//
//	go test -run '^$' -bench Startup -benchtime 20x ./cmd/parquiz
func BenchmarkStartupExistingDB(b *testing.B) {
	bin := binary(b)
	dbPath := filepath.Join(b.TempDir(), "parquiz.db")
	startToFirstFrame(b, bin, dbPath) // first run creates it
	b.ResetTimer()
	var total time.Duration
	for i := 0; i < b.N; i++ {
		total += startToFirstFrame(b, bin, dbPath)
	}
	b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms-to-first-frame")
}

// BenchmarkStartupFirstRun: exec → first frame on a new database path:
// create the file, migrate, load and index the default PAR bank.
func BenchmarkStartupFirstRun(b *testing.B) {
	bin := binary(b)
	dir := b.TempDir()
	b.ResetTimer()
	var total time.Duration
	for i := 0; i < b.N; i++ {
		total += startToFirstFrame(b, bin, filepath.Join(dir, strconv.Itoa(i), "parquiz.db"))
	}
	b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms-to-first-frame")
}

// TestStartupReachesFirstFrame keeps the pty path of the benchmarks
// working under go test (one run each, no timing asserted).
func TestStartupReachesFirstFrame(t *testing.T) {
	bin := binary(t)
	dbPath := filepath.Join(t.TempDir(), "new", "parquiz.db")
	startToFirstFrame(t, bin, dbPath)
	startToFirstFrame(t, bin, dbPath)
}
