package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"parquiz/internal/db"
	"parquiz/questions"
	"parquiz/quiz"
)

// faultRig is a live contest on a real database file, with its first
// question open.
type faultRig struct {
	t    *testing.T
	path string
	st   *Store
	id   int64
	e    *quiz.Engine
	j    *Journal
	plan *quiz.Plan
}

func newFaultRig(t *testing.T, path string, n int) *faultRig {
	t.Helper()
	st, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	plan := testPlan(t, n, 2)
	id, e, j, err := st.Start(context.Background(), plan, quiz.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := &faultRig{t: t, path: path, st: st, id: id, e: e, j: j, plan: plan}
	t.Cleanup(func() { j.Close(); st.Close() })
	if err := e.StartRound(quiz.Note{}); err != nil {
		t.Fatal(err)
	}
	if err := e.NextQuestion(quiz.Note{}); err != nil {
		t.Fatal(err)
	}
	if ph := e.Phase(); ph != quiz.PhaseOpen {
		t.Fatalf("phase %s, want open", ph)
	}
	return r
}

func (r *faultRig) ref() quiz.QuestionRef { return r.e.HostSnapshot().Question.Ref }

func (r *faultRig) submit(code string) error {
	_, err := r.e.Submit(context.Background(), code, r.ref(), questions.Response{Choices: []int{0}})
	return err
}

// stored counts the answers in the journal on disk, read through a
// connection of its own, per code.
func (r *faultRig) stored() map[string]int {
	r.t.Helper()
	d, err := db.Open(r.path)
	if err != nil {
		r.t.Fatal(err)
	}
	defer d.Close()
	rows, err := d.Query(`SELECT code FROM contest_journal WHERE contest_id = ? AND op = 'answer'`, r.id)
	if err != nil {
		r.t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			r.t.Fatal(err)
		}
		out[c]++
	}
	return out
}

// recover retries until storage works again (bounded).
func (r *faultRig) recover() {
	r.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		err := r.e.Retry()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("storage did not recover: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// A write lock held by another connection (a long bank import, a sqlite3
// shell) for longer than BusyTimeout: answers in flight are refused, not
// shown as locked; the question freezes; when the lock goes the contest
// resumes without a restart and every acknowledged answer is on disk once.
func TestHeldWriteLockFreezesAndRecovers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "parquiz.db")
	r := newFaultRig(t, path, 30)
	for i := range 10 {
		if err := r.submit(fmt.Sprintf("TS%04d", i+1)); err != nil {
			t.Fatal(err)
		}
	}
	other, err := db.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 30)
	took := make([]time.Duration, 30)
	for i := 10; i < 30; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			start := time.Now()
			errs[i] = r.submit(fmt.Sprintf("TS%04d", i+1))
			took[i] = time.Since(start)
		}()
	}
	wg.Wait()
	var slowest time.Duration
	for i := 10; i < 30; i++ {
		if !errors.Is(errs[i], quiz.ErrStorage) {
			t.Errorf("answer %d while the lock is held: %v, want ErrStorage", i+1, errs[i])
		}
		slowest = max(slowest, took[i])
	}
	t.Logf("answers refused after at most %v (busy timeout %v)", slowest, BusyTimeout)
	if slowest > BusyTimeout+5*time.Second {
		t.Errorf("an answer waited %v for a held lock", slowest)
	}
	s := r.e.HostSnapshot()
	if s.Fault == nil || s.Answered != 10 || !s.Paused {
		t.Errorf("during the fault: fault %v answered %d paused %v, want a fault, 10, paused", s.Fault, s.Answered, s.Paused)
	}
	if err := r.e.Retry(); !errors.Is(err, quiz.ErrStorage) {
		t.Errorf("retry while the lock is held: %v", err)
	}
	if _, err := conn.ExecContext(context.Background(), `ROLLBACK`); err != nil {
		t.Fatal(err)
	}
	r.recover()
	if err := r.e.Resume(quiz.Note{By: "host"}); err != nil {
		t.Fatal(err)
	}
	for i := 10; i < 30; i++ {
		if err := r.submit(fmt.Sprintf("TS%04d", i+1)); err != nil {
			t.Errorf("answer again after the lock: %v", err)
		}
	}
	got := r.stored()
	for i := range 30 {
		if c := fmt.Sprintf("TS%04d", i+1); got[c] != 1 {
			t.Errorf("%s stored %d times, want 1", c, got[c])
		}
	}
	// what a restart would rebuild is what the engine shows
	r.j.Close()
	e2, j2, err := r.st.Resume(context.Background(), r.id, quiz.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer j2.Close()
	if a, b := e2.HostSnapshot().Answered, r.e.HostSnapshot().Answered; a != b || a != 30 {
		t.Errorf("resumed engine has %d answers, live engine %d, want 30", a, b)
	}
}

// mountTmpfs mounts a small tmpfs (root only) and returns its path.
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here (needs root): %v %s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("umount", "-l", dir).Run() })
	return dir
}

// fill writes a file until the disk is full and returns its path.
func fill(t *testing.T, dir string) string {
	t.Helper()
	p := filepath.Join(dir, "filler")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 64<<10)
	for range 1 << 14 { // bounded: at most 1 GiB
		if _, err := f.Write(buf); err != nil {
			break
		}
	}
	small := make([]byte, 512)
	for range 1 << 10 {
		if _, err := f.Write(small); err != nil {
			break
		}
	}
	return p
}

// A real full disk (a tmpfs): the commit that finds it full is refused
// and the contest freezes; once space is freed a retry resumes it, and
// everything acknowledged is on disk.
func TestFullDiskFreezesAndRecovers(t *testing.T) {
	dir := mountTmpfs(t, "8m")
	path := filepath.Join(dir, "parquiz.db")
	const n = 300
	r := newFaultRig(t, path, n)
	acked := map[string]bool{}
	for i := range 50 {
		code := fmt.Sprintf("TS%04d", i+1)
		if err := r.submit(code); err != nil {
			t.Fatal(err)
		}
		acked[code] = true
	}
	filler := fill(t, dir)
	failedAt := -1
	for i := 50; i < n; i++ {
		code := fmt.Sprintf("TS%04d", i+1)
		err := r.submit(code)
		if err == nil {
			acked[code] = true
			continue
		}
		if !errors.Is(err, quiz.ErrStorage) {
			t.Fatalf("answer %d on a full disk: %v, want ErrStorage", i+1, err)
		}
		failedAt = i
		break
	}
	if failedAt < 0 {
		t.Fatalf("all %d answers committed on a full disk: the test did not fill it", n)
	}
	t.Logf("the disk was full at answer %d", failedAt+1)
	s := r.e.HostSnapshot()
	if s.Fault == nil || s.Answered != len(acked) {
		t.Fatalf("fault %v answered %d, want a fault and %d", s.Fault, s.Answered, len(acked))
	}
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	r.recover()
	if err := r.e.Resume(quiz.Note{By: "host"}); err != nil {
		t.Fatal(err)
	}
	for i := failedAt; i < failedAt+20; i++ {
		code := fmt.Sprintf("TS%04d", i+1)
		if err := r.submit(code); err != nil {
			t.Fatalf("answer after freeing space: %v", err)
		}
		acked[code] = true
	}
	got := r.stored()
	for c := range acked {
		if got[c] != 1 {
			t.Errorf("%s acknowledged, stored %d times", c, got[c])
		}
	}
	if len(got) != len(acked) {
		t.Errorf("%d answers stored, %d acknowledged", len(got), len(acked))
	}
}
