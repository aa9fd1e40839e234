package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"parquiz/internal/store"
	"parquiz/questions"
	"parquiz/questions/bank"
	"parquiz/quiz"
)

// TestBackupWhileAnswersAreJournalled backs the database up while a
// contest's journal takes answers on another goroutine, then restores the
// backup: its bank and its contest are there, and the contest resumes from
// its journal.
func TestBackupWhileAnswersAreJournalled(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "live.db")
	var rows strings.Builder
	rows.WriteString("code,name,unit\n")
	const n = 300
	for i := range n {
		fmt.Fprintf(&rows, "TS%04d,Thí sinh %d,Đơn vị %d\n", i+1, i+1, i%5)
	}
	contest := writeFile(t, dir, "contest.yaml", "title: Hội thi sao lưu\nrounds:\n  - kind: classic\n    time: 10m\n    draw: {count: 1, kinds: [single]}\n")
	roster := writeFile(t, dir, "roster.csv", rows.String())

	b, err := bank.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := b.EnsureDefault(ctx, defaultQuestions); err != nil {
		t.Fatal(err)
	}
	plan, err := preparePlanFor(ctx, contest, roster, b)
	if err != nil {
		t.Fatal(err)
	}
	bankCount, err := b.Count(ctx, questions.Filter{})
	b.Close()
	if err != nil || bankCount == 0 {
		t.Fatalf("bank: %d questions, %v", bankCount, err)
	}
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	id, eng, journal, err := st.Start(ctx, plan, quiz.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := eng.StartRound(quiz.Note{}); err != nil {
		t.Fatal(err)
	}
	if err := eng.NextQuestion(quiz.Note{}); err != nil {
		t.Fatal(err)
	}
	ref := eng.HostSnapshot().Question.Ref

	// answers arrive, one commit each, while the backup runs
	started := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range n {
			if _, err := eng.Submit(ctx, fmt.Sprintf("TS%04d", i+1), ref, questions.Response{Choices: []int{i % 2}}); err != nil {
				t.Errorf("answer %d: %v", i+1, err)
				return
			}
			if i == 20 {
				close(started)
			}
		}
	}()
	<-started
	out := filepath.Join(dir, "backup.db")
	code, _, stderr := cli(t, "--db", path, "backup", "-o", out)
	wg.Wait()
	if code != 0 {
		t.Fatalf("backup: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "1 contests") || !strings.Contains(stderr, "--resume 1 --db "+out) {
		t.Errorf("backup's report:\n%s", stderr)
	}
	if err := journal.Close(); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(out)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v %v, want mode 0600", fi.Mode(), err)
	}

	// restore: the backup is a database parquiz opens like any other
	bst, err := store.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer bst.Close()
	var inBackup int
	if err := bst.DB().QueryRow(`SELECT count(*) FROM contest_journal WHERE contest_id=? AND op='answer'`, id).Scan(&inBackup); err != nil {
		t.Fatal(err)
	}
	if inBackup < 1 || inBackup > n {
		t.Fatalf("backup holds %d answers, want some of the %d", inBackup, n)
	}
	e2, j2, err := bst.Resume(ctx, id, quiz.Options{})
	if err != nil {
		t.Fatalf("resume from the backup: %v", err)
	}
	defer j2.Close()
	snap := e2.HostSnapshot()
	if e2.Plan().Config.Title != "Hội thi sao lưu" || snap.Answered != inBackup || len(e2.Roster()) != n {
		t.Errorf("resumed from the backup: %q, %d answered (journal has %d), %d contestants", e2.Plan().Config.Title, snap.Answered, inBackup, len(e2.Roster()))
	}
	bb, err := bank.New(bst.DB())
	if err != nil {
		t.Fatal(err)
	}
	if got, err := bb.Count(ctx, questions.Filter{}); err != nil || got != bankCount {
		t.Errorf("bank in the backup: %d questions (%v), want %d", got, err, bankCount)
	}

	// never over an existing file, unless --force
	if code, _, stderr := cli(t, "--db", path, "backup", "-o", out); code != 1 || !strings.Contains(stderr, "--force") {
		t.Errorf("backup onto an existing file: exit %d\n%s", code, stderr)
	}
	if code, _, stderr := cli(t, "--db", path, "backup", "-o", out, "--force"); code != 0 {
		t.Errorf("backup --force: exit %d\n%s", code, stderr)
	}
	if code, _, _ := cli(t, "--db", path, "backup"); code != 2 {
		t.Errorf("backup without -o: exit %d, want 2", code)
	}
	if code, _, stderr := cli(t, "--db", filepath.Join(dir, "none.db"), "backup", "-o", filepath.Join(dir, "x.db")); code != 1 || !strings.Contains(stderr, "there is no database") {
		t.Errorf("backup of a missing database: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "none.db")); err == nil {
		t.Error("backup created the database it was to copy")
	}
}

func TestContestFoldersPerDatabase(t *testing.T) {
	data := t.TempDir()
	a, err := contestFolder(data, filepath.Join(data, "parquiz.db"), 1, "Hội thi CCHC")
	if err != nil {
		t.Fatal(err)
	}
	b, err := contestFolder(data, filepath.Join(data, "rehearsal.db"), 1, "Hội thi CCHC")
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Fatalf("two databases in one folder share %s", a)
	}
	if filepath.Base(a) != "parquiz-1-hoi-thi-cchc" || filepath.Base(b) != "rehearsal-1-hoi-thi-cchc" {
		t.Errorf("folders %s and %s", filepath.Base(a), filepath.Base(b))
	}
	// the same file name in another folder, with the same --data-dir
	other := filepath.Join(t.TempDir(), "parquiz.db")
	c, err := contestFolder(data, other, 1, "Hội thi CCHC")
	if err != nil {
		t.Fatal(err)
	}
	if c == a || !strings.HasPrefix(filepath.Base(c), "parquiz-1-hoi-thi-cchc-") {
		t.Errorf("a second parquiz.db got %s (the first has %s)", c, a)
	}
	// each database finds its own folder again (--resume)
	for _, tc := range []struct{ db, want string }{{filepath.Join(data, "parquiz.db"), a}, {other, c}} {
		if again, err := contestFolder(data, tc.db, 1, "Hội thi CCHC"); err != nil || again != tc.want {
			t.Errorf("%s again: %s %v, want %s", tc.db, again, err, tc.want)
		}
	}
}
