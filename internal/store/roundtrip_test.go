package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"parquiz/questions"
	"parquiz/quiz"
)

// TestEveryRecordKindRoundTrips plays a contest that uses every journal
// operation through the store, then checks the loaded journal equals what
// the engine wrote and that a resumed engine has the same results.
func TestEveryRecordKindRoundTrips(t *testing.T) {
	ctx := context.Background()
	s, err := Open(filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var roster []quiz.Contestant
	for _, c := range []string{"A", "B", "C"} {
		roster = append(roster, quiz.Contestant{Code: c, Name: "Thí sinh " + c, Unit: "Đơn vị " + c, Block: "Khối 1", PublicKey: "ssh-ed25519 AAAA" + c})
	}
	cfg := quiz.Config{Title: "Hội thi đủ thao tác", Grace: 100 * time.Millisecond, Rounds: []quiz.RoundConfig{
		{Title: "Tốc độ", Kind: quiz.Speed, TimeLimit: 20 * time.Second, ReadTime: 3 * time.Second, Points: 1000, StreakStep: 100, StreakCap: 500,
			Shuffle: quiz.ShuffleContestant, Draw: questions.DrawSpec{Count: 2, Seed: 5}},
		{Title: "Rung chuông vàng", Kind: quiz.Elimination, TimeLimit: 10 * time.Second, Points: 10, Revives: 1, EndWhenLeft: 1,
			Draw: questions.DrawSpec{Count: 3, Seed: 6}},
		{Title: "Dự đoán", Kind: quiz.Prediction, TimeLimit: 30 * time.Second, Target: quiz.TargetHost, Inline: []questions.Question{
			{Text: "Bao nhiêu thí sinh?", Kind: questions.KindNumeric, Number: questions.Numeric{Value: 3}, Topic: "Dự đoán", Difficulty: 2}}},
	}}
	plan, err := quiz.Prepare(ctx, cfg, roster, fakeBank{})
	if err != nil {
		t.Fatal(err)
	}
	id, err := s.Create(ctx, plan)
	if err != nil {
		t.Fatal(err)
	}
	clock := quiz.NewManualClock(time.Date(2025, 6, 20, 8, 0, 0, 0, time.UTC))
	j := s.Journal(id)
	mem := &quiz.MemJournal{}
	e, err := quiz.New(plan, quiz.Options{Clock: clock, Journal: tee{j, mem}, MarkEvery: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	n := func(reason string) quiz.Note { return quiz.Note{By: "MC Hoàng", Reason: reason} }
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	key := func() int { return e.HostSnapshot().Question.Key.Correct[0] }
	ans := func(code string, c int) {
		t.Helper()
		ref := e.HostSnapshot().Question.Ref
		_, err := e.Submit(ctx, code, ref, questions.Response{Choices: []int{c}})
		must(err)
	}
	tick := func(d time.Duration) { clock.Advance(d); must(e.Tick()) }

	must(e.AddContestant(quiz.Contestant{Code: "D", Name: "Thí sinh muộn", Unit: "Đơn vị A"}, n("đăng ký muộn")))
	must(e.StartRound(n("")))
	must(e.NextQuestion(n("")))
	tick(3 * time.Second) // open
	tick(2 * time.Second) // mark
	ans("A", key())
	must(e.Pause(n("mất điện")))
	tick(time.Minute)
	must(e.Resume(n("")))
	must(e.Extend(5*time.Second, n("")))
	ans("B", (key()+1)%4)
	tick(30 * time.Second) // close at the deadline
	must(e.Reveal(n("")))
	must(e.ShowStandings(n("")))
	must(e.AcceptAnswer(quiz.QuestionRef{Round: 0, Question: 0}, questions.Response{Choices: []int{(key() + 1) % 4}}, n("đáp án B cũng đúng")))
	must(e.NextQuestion(n("")))
	tick(3 * time.Second)
	ans("C", key())
	must(e.CloseNow(n("")))
	must(e.Reveal(n("")))
	must(e.Override(quiz.QuestionRef{Round: 0, Question: 1}, "C", false, n("nhắc bài")))
	must(e.Void(quiz.QuestionRef{Round: 0, Question: 0}, n("câu hỏi sai")))
	must(e.NextQuestion(n(""))) // round end
	must(e.StartRound(n("")))
	must(e.NextQuestion(n("")))
	ans("A", key())
	must(e.CloseNow(n("")))
	must(e.Reveal(n("")))
	must(e.Revive([]string{"B"}, n("lỗi mạng")))
	must(e.Kick("C", n("vi phạm")))
	must(e.Readmit("C", n("đã xác minh")))
	must(e.Revive(nil, n("cứu trợ")))
	must(e.EndRound(n("kết thúc sớm")))
	must(e.StartRound(n("")))
	must(e.NextQuestion(n("")))
	v := 2.0
	_, err = e.Submit(ctx, "A", quiz.QuestionRef{Round: 2, Question: 0}, questions.Response{Number: &v})
	must(err)
	must(e.CloseNow(n("")))
	must(e.Reveal(n("")))
	must(e.SetTarget(2, 4, n("số thí sinh theo biên bản")))
	must(e.End(n("")))
	must(j.Close())

	ops := map[quiz.Op]bool{}
	for _, r := range mem.Records() {
		ops[r.Op] = true
	}
	for _, op := range []quiz.Op{quiz.OpStartRound, quiz.OpNext, quiz.OpOpen, quiz.OpPause, quiz.OpResume, quiz.OpExtend, quiz.OpClose,
		quiz.OpReveal, quiz.OpStandings, quiz.OpVoid, quiz.OpAccept, quiz.OpOverride, quiz.OpRevive, quiz.OpKick, quiz.OpReadmit,
		quiz.OpTarget, quiz.OpEndRound, quiz.OpEnd, quiz.OpAnswer, quiz.OpAdd, quiz.OpMark} {
		if !ops[op] {
			t.Errorf("the script never journaled %s", op)
		}
	}
	_, recs, err := s.Load(ctx, id)
	must(err)
	if got, want := jsonOf(t, recs), jsonOf(t, mem.Records()); got != want {
		t.Fatalf("journal round trip differs:\n got %s\nwant %s", got, want)
	}
	e2, j2, err := s.Resume(ctx, id, quiz.Options{Clock: clock})
	must(err)
	defer j2.Close()
	if got, want := jsonOf(t, e2.Results()), jsonOf(t, e.Results()); got != want {
		t.Errorf("results after resume differ:\n got %s\nwant %s", got, want)
	}
	if e2.Phase() != quiz.PhaseEnded {
		t.Errorf("phase after resume: %s", e2.Phase())
	}
}
