package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"parquiz/questions"
	"parquiz/quiz"
)

type fakeBank struct{}

func (fakeBank) Draw(_ context.Context, spec questions.DrawSpec) ([]questions.Question, error) {
	var out []questions.Question
	for i := 0; len(out) < spec.Total(); i++ {
		q := questions.Question{Text: fmt.Sprintf("Câu %d: thủ tục hành chính nào?", i), Kind: questions.KindSingle,
			Topic: "CCHC", Difficulty: 1 + i%3, ID: int64(i + 1)}
		for j := 0; j < 4; j++ {
			q.Choices = append(q.Choices, questions.Choice{Text: fmt.Sprintf("Phương án %d.%d", i, j), Correct: j == i%4})
		}
		q.Normalize()
		if !slices.Contains(spec.Exclude, q.Hash) {
			out = append(out, q)
		}
	}
	return out, nil
}

func testPlan(t testing.TB, n, questionsPerRound int) *quiz.Plan {
	t.Helper()
	var roster []quiz.Contestant
	for i := 0; i < n; i++ {
		roster = append(roster, quiz.Contestant{Code: fmt.Sprintf("TS%04d", i+1), Name: fmt.Sprintf("Nguyễn Văn %d", i+1), Unit: fmt.Sprintf("Đơn vị %d", i%4)})
	}
	cfg := quiz.Config{Title: "Hội thi thử", Rounds: []quiz.RoundConfig{
		{Title: "Vòng 1", Kind: quiz.Classic, TimeLimit: 30 * time.Second, Points: 10, Draw: questions.DrawSpec{Count: questionsPerRound, Seed: 1}},
		{Title: "Vòng 2", Kind: quiz.Speed, TimeLimit: 60 * time.Second, Points: 1000, Draw: questions.DrawSpec{Count: questionsPerRound, Seed: 2}},
	}}
	plan, err := quiz.Prepare(context.Background(), cfg, roster, fakeBank{})
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

// tee journals into the store and keeps a copy to compare with.
type tee struct {
	a quiz.Journal
	b *quiz.MemJournal
}

func (t tee) Append(r quiz.Record) <-chan error { t.b.Append(r); return t.a.Append(r) }
func (t tee) Reset()                            { t.a.Reset(); t.b.Reset() }

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestJournalRoundTripAndResume(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "parquiz.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	plan := testPlan(t, 6, 2)
	id, err := s.Create(ctx, plan)
	if err != nil {
		t.Fatal(err)
	}
	clock := quiz.NewManualClock(time.Date(2025, 6, 20, 8, 0, 0, 0, time.UTC))
	j := s.Journal(id)
	mem := &quiz.MemJournal{}
	e, err := quiz.New(plan, quiz.Options{Clock: clock, Journal: tee{j, mem}})
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(e.StartRound(quiz.Note{By: "MC"}))
	must(e.NextQuestion(quiz.Note{}))
	ref := e.HostSnapshot().Question.Ref
	key := e.HostSnapshot().Question.Key.Correct[0]
	for i := 1; i <= 4; i++ {
		clock.Advance(time.Second)
		code := fmt.Sprintf("TS%04d", i)
		if _, err := e.Submit(ctx, code, ref, questions.Response{Choices: []int{(key + i/3) % 4}}); err != nil {
			t.Fatal(err)
		}
		// acknowledged means committed: a separate connection sees it
		var n int
		if err := s.DB().QueryRow(`SELECT count(*) FROM contest_journal WHERE contest_id=? AND op='answer' AND code=?`, id, code).Scan(&n); err != nil || n != 1 {
			t.Fatalf("answer of %s not committed at ack: n=%d err=%v", code, n, err)
		}
	}
	must(e.Kick("TS0006", quiz.Note{Reason: "vắng mặt"}))
	before := e.HostSnapshot()

	// "kill": the engine and its journal are abandoned; a new process opens the file
	s2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	gotPlan, recs, err := s2.Load(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if jsonOf(t, gotPlan) != jsonOf(t, plan) {
		t.Errorf("the sealed plan changed in the store")
	}
	if jsonOf(t, recs) != jsonOf(t, mem.Records()) {
		t.Errorf("journal round trip:\n got %s\nwant %s", jsonOf(t, recs), jsonOf(t, mem.Records()))
	}
	var nq int
	_ = s2.DB().QueryRow(`SELECT count(*) FROM contest_questions WHERE contest_id=?`, id).Scan(&nq)
	if nq != 4 {
		t.Errorf("sealed questions: got %d rows, want 4", nq)
	}
	clock.Advance(time.Minute)
	e2, j2, err := s2.Resume(ctx, id, quiz.Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	after := e2.HostSnapshot()
	if !after.Paused || after.Question.Remaining != 26*time.Second || after.Answered != before.Answered {
		t.Errorf("resumed: paused %v remaining %v answered %d (want paused, 26s, %d)", after.Paused, after.Question.Remaining, after.Answered, before.Answered)
	}
	if jsonOf(t, after.Contestants) != jsonOf(t, before.Contestants) {
		t.Errorf("contestants differ after resume")
	}
	must(e2.Resume(quiz.Note{Reason: "đã khởi động lại"}))
	if _, err := e2.Submit(ctx, "TS0005", ref, questions.Response{Choices: []int{key}}); err != nil {
		t.Fatal(err)
	}
	must(e2.CloseNow(quiz.Note{}))
	must(e2.Reveal(quiz.Note{}))
	must(j2.Close())
	j.Close()

	// and once more, from the end
	e3, j3, err := s2.Resume(ctx, id, quiz.Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	defer j3.Close()
	if jsonOf(t, e3.Results()) != jsonOf(t, e2.Results()) {
		t.Errorf("results differ after the second resume")
	}
	cs, err := s2.Contests(ctx)
	if err != nil || len(cs) != 1 || cs[0].Records != e3.Seq() || cs[0].Title != "Hội thi thử" || cs[0].Ended {
		t.Errorf("contests: %+v %v (seq %d, not ended)", cs, err, e3.Seq())
	}
	must(e3.End(quiz.Note{Reason: "kết thúc sớm để thử"}))
	if cs, err := s2.Contests(ctx); err != nil || len(cs) != 1 || !cs[0].Ended {
		t.Errorf("after End: contests %+v %v, want it ended", cs, err)
	}
	if _, _, err := s2.Load(ctx, 99); err == nil {
		t.Errorf("loading a missing contest must fail")
	}
}

func TestJournalGroupsCommits(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	id, err := s.Create(context.Background(), testPlan(t, 2, 1))
	if err != nil {
		t.Fatal(err)
	}
	j := s.Journal(id)
	var acks []<-chan error
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 1; i <= 500; i++ {
		acks = append(acks, j.Append(quiz.Record{Seq: int64(i), At: at, Op: quiz.OpMark}))
	}
	for _, a := range acks {
		if err := <-a; err != nil {
			t.Fatal(err)
		}
	}
	j.Close()
	st := j.Stats()
	if st.Records != 500 || st.Commits >= 500 {
		t.Errorf("stats %+v: want 500 records in fewer commits", st)
	}
	if err := <-j.Append(quiz.Record{Seq: 501}); err == nil {
		t.Errorf("append after close must fail")
	}
	// a duplicate seq fails the commit and poisons the journal
	j = s.Journal(id)
	if err := <-j.Append(quiz.Record{Seq: 1, At: at, Op: quiz.OpMark}); err == nil {
		t.Errorf("duplicate seq must fail")
	}
	err = <-j.Append(quiz.Record{Seq: 501, At: at, Op: quiz.OpMark})
	var ce *quiz.CommitError
	if !errors.As(err, &ce) || ce.From != 1 {
		t.Errorf("after a failed commit the journal must refuse, naming the first record not committed: %v", err)
	}
	// once the engine has rolled back, Reset lets records through again
	j.Reset()
	if err := <-j.Append(quiz.Record{Seq: 501, At: at, Op: quiz.OpMark}); err != nil {
		t.Errorf("after Reset: %v", err)
	}
	j.Close()
}
