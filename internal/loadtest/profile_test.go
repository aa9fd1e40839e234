package loadtest_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"testing"
	"time"

	"parquiz/internal/i18n"
	"parquiz/internal/loadtest"
)

// TestProfileHall is not a test but a profiling harness for the load
// figures in BENCHMARKS.md: with PARQUIZ_PROFILE=DIR it runs N
// (PARQUIZ_PROFILE_N, default 1000) contestants against the real server in
// this process and writes DIR/heap_lobby.prof (heap after GC with every
// contestant in the lobby), DIR/goroutine_lobby.txt and DIR/cpu.prof (from
// one second after start-round to every answer stored; with
// PARQUIZ_PROFILE_NOANSWER=1 nobody answers), and logs the runtime's memory
// figures. The client side runs in the same process, so read the profiles
// by the server's packages (internal/server, internal/tui/live, bubbletea,
// lipgloss, charmbracelet/ssh).
//
//	PARQUIZ_PROFILE=/tmp/prof go test -run TestProfileHall -v ./internal/loadtest/
func TestProfileHall(t *testing.T) {
	dir := os.Getenv("PARQUIZ_PROFILE")
	if dir == "" {
		t.Skip("set PARQUIZ_PROFILE=DIR to profile a hall")
	}
	n := 1000
	gcs, _ := strconv.Atoi(os.Getenv("PARQUIZ_PROFILE_GCS"))
	gcs = max(gcs, 1)
	if v, err := strconv.Atoi(os.Getenv("PARQUIZ_PROFILE_N")); err == nil && v > 0 {
		n = v
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name string, f func(*os.File) error) {
		out, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer out.Close()
		if err := f(out); err != nil {
			t.Fatal(err)
		}
	}
	mem := func(when string, base *runtime.MemStats) runtime.MemStats {
		for range gcs {
			runtime.GC()
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		if base != nil {
			per := func(a, b uint64) float64 { return (float64(a) - float64(b)) / float64(n) / 1024 }
			t.Logf("%s: goroutines %d; per session: heap in use %.1f KiB, stacks %.1f KiB, heap objects %.0f",
				when, runtime.NumGoroutine(), per(ms.HeapInuse, base.HeapInuse), per(ms.StackInuse, base.StackInuse),
				(float64(ms.HeapObjects)-float64(base.HeapObjects))/float64(n))
		}
		return ms
	}
	addr, codes, admin := startParquiz(t, n)
	base := mem("empty", nil)
	g0 := runtime.NumGoroutine()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	host, err := loadtest.DialHost(addr, admin, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer host.Close()
	answer, answerExpect := "a", "Đã chốt đáp án"
	answersDone := func(ctx context.Context) (bool, error) {
		st, err := host.Status(ctx)
		return st.Answered == n, err
	}
	if os.Getenv("PARQUIZ_PROFILE_NOANSWER") != "" { // profile the broadcast alone
		answer, answerExpect, answersDone = "", "", nil
	}
	res, err := loadtest.Run(ctx, loadtest.Config{
		Addr: addr, N: n, Ramp: 2 * time.Second, Timeout: time.Minute, Hold: time.Millisecond,
		Expect: i18n.VI.T("live.login.title"), Codes: codes, LoginExpect: "Xin chào",
		Prepare: func(ctx context.Context) error {
			mem("lobby", &base)
			t.Logf("lobby: %.1f goroutines per session (client side included)", float64(runtime.NumGoroutine()-g0)/float64(n))
			write("heap_lobby.prof", func(f *os.File) error { return pprof.Lookup("heap").WriteTo(f, 0) })
			write("goroutine_lobby.txt", func(f *os.File) error { return pprof.Lookup("goroutine").WriteTo(f, 1) })
			if _, err := host.Run(ctx, "start-round"); err != nil {
				return err
			}
			time.Sleep(time.Second) // the round intro reaches every screen first
			f, err := os.Create(filepath.Join(dir, "cpu.prof"))
			if err != nil {
				return err
			}
			t.Cleanup(func() { pprof.StopCPUProfile(); f.Close() })
			return pprof.StartCPUProfile(f)
		},
		Broadcast:       func(ctx context.Context) error { _, err := host.Run(ctx, "next"); return err },
		BroadcastExpect: "Câu 1/2",
		AnswerKeys:      answer, AnswerExpect: answerExpect, AnswersDone: answersDone,
	})
	if err != nil {
		t.Fatal(err)
	}
	pprof.StopCPUProfile()
	mem("open", &base)
	write("heap_open.prof", func(f *os.File) error { return pprof.Lookup("heap").WriteTo(f, 0) })
	t.Logf("first frame %s; login %s; broadcast %s; answer %s; all stored %s; errors %v",
		res.FirstFrame, res.Login, res.Broadcast, res.Answer, res.AllAnswered, res.SortedErrors())
}
