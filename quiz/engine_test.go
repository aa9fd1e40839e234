package quiz

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"parquiz/questions"
)

func TestFlowAndTiming(t *testing.T) {
	rc := round(Classic, 2)
	rc.ReadTime = 5 * time.Second
	r := newRig(t, Config{Rounds: []RoundConfig{rc}}, 3)
	r.must(r.e.StartRound(Note{}))
	r.must(r.e.NextQuestion(Note{}))
	s := r.e.BoardSnapshot()
	if s.Phase != PhaseReading || s.Question.Options != nil {
		t.Fatalf("reading: phase %s, options %v; want reading without options", s.Phase, s.Question.Options)
	}
	ref := s.Question.Ref
	if _, err := r.e.Submit(context.Background(), "TS01", ref, questions.Response{Choices: []int{0}}); !errors.Is(err, ErrNotOpen) {
		t.Fatalf("answer while reading: got %v, want ErrNotOpen", err)
	}
	r.clock.Advance(5 * time.Second)
	r.must(r.e.Tick())
	if got := r.e.Phase(); got != PhaseOpen {
		t.Fatalf("after read time: got %s, want open", got)
	}
	k := r.key()
	rec, err := r.answer("ts01", ref, k, 3*time.Second) // codes are case-insensitive
	r.must(err)
	if rec.Elapsed != 3*time.Second || rec.Code != "TS01" {
		t.Errorf("receipt: got %+v", rec)
	}
	if _, err := r.answer("TS01", ref, wrong(k), 0); !errors.Is(err, ErrAlreadyAnswered) {
		t.Errorf("double answer: got %v, want ErrAlreadyAnswered", err)
	}
	if _, err := r.answer("XX99", ref, k, 0); !errors.Is(err, ErrUnknownContestant) {
		t.Errorf("unknown: got %v", err)
	}
	if _, err := r.answer("TS02", QuestionRef{0, 1}, k, 0); !errors.Is(err, ErrNotOpen) {
		t.Errorf("other question: got %v, want ErrNotOpen", err)
	}
	if _, err := r.e.Submit(context.Background(), "TS02", ref, questions.Response{Choices: []int{9}}); !errors.Is(err, ErrBadResponse) {
		t.Errorf("bad option: got %v, want ErrBadResponse", err)
	}
	// exactly at the deadline is late (grace 0); the submit itself closes the question
	r.clock.Set(r.e.HostSnapshot().Question.Deadline)
	if _, err := r.answer("TS02", ref, k, 0); !errors.Is(err, ErrTooLate) {
		t.Fatalf("at deadline: got %v, want ErrTooLate", err)
	}
	if got := r.e.Phase(); got != PhaseClosed {
		t.Fatalf("after deadline: got %s, want closed", got)
	}
	r.must(r.e.Reveal(Note{}))
	r.must(r.e.ShowStandings(Note{}))
	if got := r.standing("TS01"); got.Points != 10 || got.Correct != 1 || got.Time != 3*time.Second || got.Rank != 1 {
		t.Errorf("TS01: got %+v", got)
	}
	r.must(r.e.NextQuestion(Note{}))
	r.clock.Advance(time.Hour)
	r.must(r.e.Tick()) // opens, then closes at the deadline
	if got := r.e.Phase(); got != PhaseClosed {
		t.Fatalf("after an hour: got %s, want closed", got)
	}
	r.must(r.e.Reveal(Note{}))
	r.must(r.e.NextQuestion(Note{})) // no question left: the round ends
	if got := r.e.Phase(); got != PhaseRoundEnd {
		t.Fatalf("got %s, want round_end", got)
	}
	r.must(r.e.End(Note{}))
	want := []EventKind{EvRoundStarted, EvQuestionReading, EvQuestionOpened, EvAnswerAccepted, EvClosed, EvRevealed, EvStandings,
		EvQuestionReading, EvQuestionOpened, EvClosed, EvRevealed, EvRoundEnded, EvContestEnded}
	got := r.pub.kinds()
	var gotNoCount []EventKind
	for _, k := range got {
		if k != EvAnswerCount {
			gotNoCount = append(gotNoCount, k)
		}
	}
	if fmt.Sprint(gotNoCount) != fmt.Sprint(want) {
		t.Errorf("events:\n got %v\nwant %v", gotNoCount, want)
	}
	if ev := r.pub.find(EvAnswerAccepted); len(ev) != 1 || ev[0].To != "TS01" {
		t.Errorf("answer accepted must go to TS01 only: %+v", ev)
	}
}

func TestGraceAndAllowChange(t *testing.T) {
	rc := round(Classic, 1)
	rc.AllowChange = true
	r := newRig(t, Config{Grace: 500 * time.Millisecond, Rounds: []RoundConfig{rc}}, 2)
	ref := r.open()
	k := r.key()
	_, err := r.answer("TS01", ref, wrong(k), time.Second)
	r.must(err)
	rec, err := r.answer("TS01", ref, k, time.Second)
	r.must(err)
	if !rec.Changed || rec.Elapsed != 2*time.Second {
		t.Errorf("changed answer: got %+v", rec)
	}
	r.clock.Set(t0.Add(30*time.Second + 400*time.Millisecond)) // within grace
	_, err = r.answer("TS02", ref, k, 0)
	r.must(err)
	r.clock.Advance(100 * time.Millisecond) // deadline + grace
	if _, err := r.answer("TS02", ref, k, 0); !errors.Is(err, ErrTooLate) {
		t.Errorf("after grace: got %v, want ErrTooLate", err)
	}
	r.must(r.e.Reveal(Note{}))
	if got := r.standing("TS01").Points; got != 10 {
		t.Errorf("TS01 changed to correct: got %d points, want 10", got)
	}
}

func TestPauseResumeExtend(t *testing.T) {
	r := newRig(t, Config{Rounds: []RoundConfig{round(Speed, 1)}}, 1)
	ref := r.open()
	r.clock.Advance(10 * time.Second)
	r.must(r.e.Pause(Note{Reason: "mất điện"}))
	if err := r.e.Pause(Note{}); !errors.Is(err, ErrInvalidAction) {
		t.Errorf("pause twice: got %v", err)
	}
	s := r.e.HostSnapshot()
	if !s.Paused || s.Question.Remaining != 20*time.Second || !s.Question.Deadline.IsZero() {
		t.Errorf("paused: paused=%v remaining=%v deadline=%v", s.Paused, s.Question.Remaining, s.Question.Deadline)
	}
	if _, err := r.answer("TS01", ref, r.key(), 0); !errors.Is(err, ErrNotOpen) {
		t.Errorf("answer while paused: got %v, want ErrNotOpen", err)
	}
	r.clock.Advance(time.Hour) // a long pause: the deadline does not pass
	r.must(r.e.Tick())
	r.must(r.e.Resume(Note{}))
	r.must(r.e.Extend(5*time.Second, Note{}))
	s = r.e.HostSnapshot()
	if s.Question.Remaining != 25*time.Second {
		t.Errorf("after resume+extend: remaining %v, want 25s", s.Question.Remaining)
	}
	rec, err := r.answer("TS01", ref, r.key(), 2*time.Second)
	r.must(err)
	if rec.Elapsed != 12*time.Second {
		t.Errorf("elapsed excludes the pause: got %v, want 12s", rec.Elapsed)
	}
	r.finish()
	if got, want := r.standing("TS01").Points, SpeedPoints(12*time.Second, 30*time.Second, 1000); got != want {
		t.Errorf("points: got %d, want %d", got, want)
	}
}

func TestInvalidActionsChangeNothing(t *testing.T) {
	r := newRig(t, Config{Rounds: []RoundConfig{round(Classic, 1), round(Elimination, 2)}}, 2)
	type step struct {
		name string
		do   func() error
		want error
	}
	lobby := []step{
		{"reveal in lobby", func() error { return r.e.Reveal(Note{}) }, ErrInvalidAction},
		{"next in lobby", func() error { return r.e.NextQuestion(Note{}) }, ErrInvalidAction},
		{"pause in lobby", func() error { return r.e.Pause(Note{}) }, ErrInvalidAction},
		{"close in lobby", func() error { return r.e.CloseNow(Note{}) }, ErrInvalidAction},
		{"standings in lobby", func() error { return r.e.ShowStandings(Note{}) }, ErrInvalidAction},
		{"revive in classic", func() error { return r.e.Revive(nil, Note{}) }, ErrInvalidAction},
		{"kick without reason", func() error { return r.e.Kick("TS01", Note{}) }, ErrReasonRequired},
		{"kick unknown", func() error { return r.e.Kick("ZZ", Note{Reason: "x"}) }, ErrUnknownContestant},
		{"void unplayed", func() error { return r.e.Void(QuestionRef{0, 0}, Note{Reason: "x"}) }, ErrInvalidAction},
		{"void no such", func() error { return r.e.Void(QuestionRef{5, 0}, Note{Reason: "x"}) }, ErrNoSuchQuestion},
		{"end early without reason", func() error { return r.e.End(Note{}) }, ErrReasonRequired},
		{"target of classic", func() error { return r.e.SetTarget(0, 3, Note{Reason: "x"}) }, ErrInvalidAction},
		{"extend in lobby", func() error { return r.e.Extend(time.Second, Note{}) }, ErrInvalidAction},
		{"add duplicate", func() error { return r.e.AddContestant(Contestant{Code: "ts01", Name: "A"}, Note{Reason: "x"}) }, ErrInvalidAction},
	}
	open := []step{
		{"reveal while open", func() error { return r.e.Reveal(Note{}) }, ErrInvalidAction},
		{"next while open", func() error { return r.e.NextQuestion(Note{}) }, ErrInvalidAction},
		{"start round while open", func() error { return r.e.StartRound(Note{}) }, ErrInvalidAction},
		{"void the open question", func() error { return r.e.Void(QuestionRef{0, 0}, Note{Reason: "x"}) }, ErrInvalidAction},
		{"end while open", func() error { return r.e.End(Note{Reason: "x"}) }, ErrInvalidAction},
		{"end round while open", func() error { return r.e.EndRound(Note{Reason: "x"}) }, ErrInvalidAction},
		{"resume not paused", func() error { return r.e.Resume(Note{}) }, ErrInvalidAction},
		{"extend by zero", func() error { return r.e.Extend(0, Note{}) }, ErrInvalidAction},
	}
	closed := []step{
		{"override without reason", func() error { return r.e.Override(QuestionRef{0, 0}, "TS01", true, Note{}) }, ErrReasonRequired},
		{"override with no answer", func() error { return r.e.Override(QuestionRef{0, 0}, "TS02", true, Note{Reason: "x"}) }, ErrInvalidAction},
		{"accept without reason", func() error {
			return r.e.AcceptAnswer(QuestionRef{0, 0}, questions.Response{Choices: []int{1}}, Note{})
		}, ErrReasonRequired},
		{"accept a bad response", func() error {
			return r.e.AcceptAnswer(QuestionRef{0, 0}, questions.Response{Choices: []int{7}}, Note{Reason: "x"})
		}, ErrBadResponse},
		{"next before reveal", func() error { return r.e.NextQuestion(Note{}) }, ErrInvalidAction},
	}
	check := func(steps []step) {
		for _, s := range steps {
			before, _ := json.Marshal(r.e.HostSnapshot())
			seq := r.e.Seq()
			err := s.do()
			if !errors.Is(err, s.want) {
				t.Errorf("%s: got %v, want %v", s.name, err, s.want)
			}
			after, _ := json.Marshal(r.e.HostSnapshot())
			if r.e.Seq() != seq || string(before) != string(after) {
				t.Errorf("%s changed the state", s.name)
			}
		}
	}
	check(lobby)
	ref := r.open()
	check(open)
	_, err := r.answer("TS01", ref, 0, time.Second)
	r.must(err)
	r.must(r.e.CloseNow(Note{}))
	check(closed)
	if n := len(r.j.Records()); int64(n) != r.e.Seq() {
		t.Errorf("journal has %d records, engine seq %d", n, r.e.Seq())
	}
}

func TestKickReadmitAdd(t *testing.T) {
	r := newRig(t, Config{Rounds: []RoundConfig{round(Classic, 2)}}, 3)
	eligible := func(want int) {
		t.Helper()
		if s := r.e.HostSnapshot(); s.Eligible != want {
			t.Errorf("eligible: got %d, want %d", s.Eligible, want)
		}
	}
	ref := r.open()
	eligible(3) // counted (and remembered) before the kick
	r.must(r.e.Kick("TS02", Note{Reason: "sai thiết bị"}))
	if _, err := r.answer("TS02", ref, r.key(), 0); !errors.Is(err, ErrKicked) {
		t.Errorf("kicked answers: got %v, want ErrKicked", err)
	}
	if s := r.e.HostSnapshot(); s.Eligible != 2 {
		t.Errorf("eligible: got %d, want 2", s.Eligible)
	}
	r.must(r.e.Readmit("TS02", Note{Reason: "đã kiểm tra"}))
	eligible(3)
	_, err := r.answer("TS02", ref, r.key(), 0)
	r.must(err)
	r.must(r.e.AddContestant(Contestant{Code: "TS99", Name: "Trần Thị Mới", Unit: "Sở Y tế"}, Note{Reason: "đăng ký muộn"}))
	eligible(4)
	_, err = r.answer("TS99", ref, r.key(), 0)
	r.must(err)
	r.finish()
	if len(r.e.Standings()) != 4 || r.standing("TS99").Points != 10 {
		t.Errorf("late contestant: %+v", r.e.Standings())
	}
	r.must(r.e.Kick("TS01", Note{Reason: "vi phạm quy chế"}))
	for _, s := range r.e.Standings() {
		if s.Contestant.Code == "TS01" {
			t.Errorf("a kicked contestant is left out of the standings")
		}
	}
}

func TestSnapshotNeverLeaksTheKey(t *testing.T) {
	r := newRig(t, Config{Rounds: []RoundConfig{round(Classic, 1)}}, 2)
	ref := r.open()
	host := r.e.HostSnapshot()
	if host.Question.Key == nil || host.Distribution == nil {
		t.Fatalf("host must see the key and the distribution")
	}
	leaks := func(label string, v any) {
		t.Helper()
		b, _ := json.Marshal(v)
		s := string(b)
		if strings.Contains(s, `"key"`) || strings.Contains(s, `"correct":true`) || strings.Contains(s, "Giải thích") || strings.Contains(s, `"distribution"`) {
			t.Errorf("%s leaks the key before reveal: %s", label, s)
		}
	}
	me, err := r.e.SnapshotFor("TS01")
	r.must(err)
	leaks("contestant", me)
	leaks("board", r.e.BoardSnapshot())
	for _, ev := range r.pub.evs {
		leaks("event "+string(ev.Kind), ev)
	}
	_, err = r.answer("TS01", ref, r.key(), time.Second)
	r.must(err)
	me, _ = r.e.SnapshotFor("TS01")
	leaks("contestant after answering", me)
	if me.Me.Answer == nil || me.Me.Answer.Result != nil {
		t.Errorf("own answer without result before reveal: %+v", me.Me.Answer)
	}
	r.must(r.e.CloseNow(Note{}))
	me, _ = r.e.SnapshotFor("TS01")
	leaks("contestant after close", me)
	r.must(r.e.Reveal(Note{}))
	me, _ = r.e.SnapshotFor("TS01")
	if me.Question.Key == nil || me.Distribution == nil || me.Me.Answer.Result == nil || !me.Me.Answer.Result.Correct {
		t.Errorf("after reveal the contestant sees key, distribution and own result: %+v", me)
	}
	if me.Me.Standing.Rank != 1 || me.Me.Of != 2 {
		t.Errorf("own place: %+v of %d", me.Me.Standing, me.Me.Of)
	}
	if _, err := r.e.SnapshotFor("nobody"); !errors.Is(err, ErrUnknownContestant) {
		t.Errorf("unknown code: %v", err)
	}
}

func TestShuffle(t *testing.T) {
	rc := round(Classic, 3)
	rc.Shuffle = ShuffleContestant
	r := newRig(t, Config{Rounds: []RoundConfig{rc}}, 12)
	ref := r.open()
	orders := map[string]bool{}
	for i := 1; i <= 12; i++ {
		code := fmt.Sprintf("TS%02d", i)
		a, _ := r.e.SnapshotFor(code)
		b, _ := r.e.SnapshotFor(code)
		if fmt.Sprint(a.Question.Options) != fmt.Sprint(b.Question.Options) {
			t.Fatalf("order not stable for %s", code)
		}
		var idx []int
		for j, o := range a.Question.Options {
			idx = append(idx, o.Index)
			if o.Letter != questions.Letter(j) {
				t.Errorf("letter %s at %d", o.Letter, j)
			}
		}
		orders[fmt.Sprint(idx)] = true
	}
	if len(orders) < 2 {
		t.Errorf("per-contestant shuffle gave one order to everyone")
	}
	// the answer is stored as the original index: pick the correct option by its text
	snap, _ := r.e.SnapshotFor("TS05")
	host := r.e.HostSnapshot()
	correctText := r.plan.Rounds[0][0].Choices[host.Question.Key.Correct[0]].Text
	for _, o := range snap.Question.Options {
		if o.Text == correctText {
			_, err := r.e.Submit(context.Background(), "TS05", ref, questions.Response{Choices: []int{o.Index}})
			r.must(err)
		}
	}
	r.finish()
	if got := r.standing("TS05").Points; got != 10 {
		t.Errorf("shuffled correct answer: got %d points, want 10", got)
	}
	all := order(ShuffleAll, 7, ref, "TS01", 4)
	if fmt.Sprint(all) != fmt.Sprint(order(ShuffleAll, 7, ref, "TS02", 4)) {
		t.Errorf("shuffle all must give one order")
	}
}

func TestElimination(t *testing.T) {
	rc := round(Elimination, 5)
	rc.EndWhenLeft = 1
	r := newRig(t, Config{Rounds: []RoundConfig{rc}}, 4)
	// q1: TS01, TS02 right; TS03 wrong; TS04 silent → TS03, TS04 out
	ref := r.open()
	k := r.key()
	for code, c := range map[string]int{"TS01": k, "TS02": k, "TS03": wrong(k)} {
		_, err := r.answer(code, ref, c, time.Second)
		r.must(err)
	}
	r.finish()
	if ev := r.pub.find(EvEliminated); len(ev) != 1 || fmt.Sprint(ev[0].Codes) != "[TS03 TS04]" {
		t.Fatalf("eliminated: %+v", ev)
	}
	ref = r.open()
	if _, err := r.answer("TS03", ref, r.key(), 0); !errors.Is(err, ErrEliminated) {
		t.Errorf("eliminated answers: got %v", err)
	}
	if s := r.e.HostSnapshot(); s.Eligible != 2 || s.Round.Alive != 2 {
		t.Errorf("eligible %d alive %d, want 2 2", s.Eligible, s.Round.Alive)
	}
	me, _ := r.e.SnapshotFor("TS03")
	if !me.Me.Eliminated {
		t.Errorf("TS03 sees itself eliminated")
	}
	// q2: both wrong → nobody left
	r.finish()
	if s := r.e.HostSnapshot(); s.Round.Alive != 0 {
		t.Fatalf("alive %d, want 0", s.Round.Alive)
	}
	// revive all (cứu trợ) once
	r.must(r.e.Revive(nil, Note{Reason: "cứu trợ"}))
	if err := r.e.Revive(nil, Note{Reason: "again"}); !errors.Is(err, ErrNoRevives) && !errors.Is(err, ErrInvalidAction) {
		t.Errorf("second revive all: got %v", err)
	}
	if s := r.e.HostSnapshot(); s.Round.Alive != 4 || s.Round.RevivesLeft != 0 {
		t.Fatalf("after revive: alive %d revives left %d", s.Round.Alive, s.Round.RevivesLeft)
	}
	// q3: only TS04 right → one left → the round ends at next
	ref = r.open()
	_, err := r.answer("TS04", ref, r.key(), time.Second)
	r.must(err)
	r.finish()
	if err := r.e.Revive([]string{"TS01"}, Note{}); !errors.Is(err, ErrReasonRequired) {
		t.Errorf("named revive without reason: %v", err)
	}
	r.must(r.e.NextQuestion(Note{}))
	if got := r.e.Phase(); got != PhaseRoundEnd {
		t.Fatalf("one left: got %s, want round_end", got)
	}
	st, _ := r.e.RoundStandings(0)
	if st[0].Contestant.Code != "TS04" || st[0].Eliminated || st[1].Decided != TieSurvival {
		t.Errorf("winner: %+v", st[0])
	}
	// voiding q2 (everyone wrong) recomputes: TS01 and TS02 were never out at q2
	r.must(r.e.Void(QuestionRef{0, 1}, Note{Reason: "câu hỏi sai đáp án"}))
	rs, _ := r.e.RoundStandings(0)
	alive := 0
	for _, s := range rs {
		if !s.Eliminated {
			alive++
		}
	}
	if alive != 1 {
		t.Errorf("after void: %d alive, want 1 (TS04; the revive came after q2 and q3 eliminated the rest)", alive)
	}
}

func TestNamedRevive(t *testing.T) {
	r := newRig(t, Config{Rounds: []RoundConfig{round(Elimination, 3)}}, 3)
	ref := r.open()
	_, err := r.answer("TS01", ref, r.key(), time.Second)
	r.must(err)
	_, err = r.answer("TS02", ref, r.key(), time.Second)
	r.must(err)
	r.finish()
	if err := r.e.Revive([]string{"TS01"}, Note{Reason: "x"}); !errors.Is(err, ErrInvalidAction) {
		t.Errorf("reviving someone alive: %v", err)
	}
	r.must(r.e.Revive([]string{"ts03"}, Note{Reason: "lỗi kết nối, ban giám khảo xác nhận"}))
	ref = r.open()
	_, err = r.answer("TS03", ref, r.key(), time.Second)
	r.must(err)
}

func TestVoidAcceptOverride(t *testing.T) {
	rc := round(Classic, 2)
	rc.Penalty = 5
	r := newRig(t, Config{Rounds: []RoundConfig{rc}}, 3)
	ref := r.open()
	k := r.key()
	_, _ = r.answer("TS01", ref, k, time.Second)
	_, _ = r.answer("TS02", ref, wrong(k), time.Second)
	_, _ = r.answer("TS03", ref, wrong(wrong(k)), time.Second)
	r.finish()
	pts := func() [3]int {
		return [3]int{r.standing("TS01").Points, r.standing("TS02").Points, r.standing("TS03").Points}
	}
	if got := pts(); got != [3]int{10, -5, -5} {
		t.Fatalf("with negative marking: got %v", got)
	}
	r.must(r.e.AcceptAnswer(ref, questions.Response{Choices: []int{wrong(k)}}, Note{Reason: "đáp án B cũng đúng theo Nghị định mới"}))
	if got := pts(); got != [3]int{10, 10, -5} {
		t.Errorf("after accept: got %v", got)
	}
	r.must(r.e.Override(ref, "TS03", true, Note{Reason: "lỗi bấm phím, giám khảo xác nhận"}))
	if got := pts(); got != [3]int{10, 10, 10} {
		t.Errorf("after override: got %v", got)
	}
	r.must(r.e.Override(ref, "TS01", false, Note{Reason: "nhắc bài"}))
	if got := pts(); got != [3]int{-5, 10, 10} {
		t.Errorf("after override to wrong: got %v", got)
	}
	r.must(r.e.Void(ref, Note{Reason: "câu hỏi có hai cách hiểu"}))
	if got := pts(); got != [3]int{0, 0, 0} {
		t.Errorf("after void: got %v", got)
	}
	if err := r.e.Void(ref, Note{Reason: "x"}); !errors.Is(err, ErrInvalidAction) {
		t.Errorf("void twice: %v", err)
	}
	if ev := r.pub.find(EvRescored); len(ev) != 4 {
		t.Errorf("rescored events: got %d, want 4", len(ev))
	}
	res := r.e.Results()
	if !res.Questions[0].Voided || res.Questions[0].VoidReason == "" || len(res.Actions) == 0 {
		t.Errorf("results keep the void and its reason: %+v", res.Questions[0])
	}
}

func TestPerDifficultyPoints(t *testing.T) {
	rc := round(Classic, 3)
	rc.PointsByDifficulty = map[int]int{1: 10, 2: 20, 3: 30}
	r := newRig(t, Config{Rounds: []RoundConfig{rc}}, 1)
	want := 0
	for i := 0; i < 3; i++ {
		ref := r.open()
		_, err := r.answer("TS01", ref, r.key(), time.Second)
		r.must(err)
		want += rc.PointsFor(r.plan.Rounds[0][i].Difficulty)
		r.finish()
	}
	if got := r.standing("TS01").Points; got != want || want != 60 {
		t.Errorf("got %d, want %d (60)", got, want)
	}
}

func TestConcurrentSubmits(t *testing.T) {
	r := newRig(t, Config{Rounds: []RoundConfig{round(Classic, 1)}}, 60)
	ref := r.open()
	k := r.key()
	var wg sync.WaitGroup
	errs := make(chan error, 200)
	for i := 1; i <= 60; i++ {
		for try := 0; try < 3; try++ {
			wg.Add(1)
			go func(code string) {
				defer wg.Done()
				_, err := r.e.Submit(context.Background(), code, ref, questions.Response{Choices: []int{k}})
				if err != nil && !errors.Is(err, ErrAlreadyAnswered) {
					errs <- err
				}
			}(fmt.Sprintf("TS%02d", i))
		}
	}
	wg.Add(1)
	go func() { defer wg.Done(); _ = r.e.BoardSnapshot(); _ = r.e.Tick() }()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if s := r.e.HostSnapshot(); s.Answered != 60 {
		t.Errorf("answered: got %d, want 60", s.Answered)
	}
	if got := len(r.pub.find(EvAnswerAccepted)); got != 60 {
		t.Errorf("accepted events: got %d, want 60", got)
	}
}

func TestJournalFailure(t *testing.T) {
	r := newRig(t, Config{Rounds: []RoundConfig{round(Classic, 1)}}, 2)
	ref := r.open()
	r.j.Fail = errors.New("disk full")
	if _, err := r.answer("TS01", ref, 0, 0); !errors.Is(err, ErrJournal) {
		t.Fatalf("got %v, want ErrJournal", err)
	}
	r.j.Fail = nil
	if err := r.e.CloseNow(Note{}); !errors.Is(err, ErrJournal) {
		t.Errorf("after a failed commit the engine refuses: got %v", err)
	}
	if got := r.pub.find(EvAnswerAccepted); len(got) != 0 {
		t.Errorf("a failed answer was announced")
	}
}

func TestUnits(t *testing.T) {
	// units by roster(8): TS01,05 Sở Nội vụ; TS02,06 Sở Tư pháp; TS03,07 UBND; TS04,08 Sở Tài chính
	tests := []struct {
		rule UnitRule
		want []string // unit:score in order
	}{
		{UnitRule{Method: UnitSum}, []string{"Sở Nội vụ:20", "UBND huyện Diên Khánh:10", "Sở Tư pháp:10", "Sở Tài chính:0"}},
		{UnitRule{Method: UnitAverage}, []string{"Sở Nội vụ:10", "UBND huyện Diên Khánh:5", "Sở Tư pháp:5", "Sở Tài chính:0"}},
		{UnitRule{Method: UnitBestK, K: 1}, []string{"Sở Nội vụ:10", "UBND huyện Diên Khánh:10", "Sở Tư pháp:10", "Sở Tài chính:0"}},
	}
	for _, tt := range tests {
		r := newRig(t, Config{Units: tt.rule, Rounds: []RoundConfig{round(Classic, 1)}}, 8)
		ref := r.open()
		k := r.key()
		for code, c := range map[string]int{"TS01": k, "TS05": k, "TS02": k, "TS03": k, "TS07": wrong(k)} {
			_, err := r.answer(code, ref, c, 0)
			r.must(err)
		}
		r.finish()
		us := r.e.UnitStandings()
		var got []string
		for _, u := range us {
			got = append(got, fmt.Sprintf("%s:%v", u.Unit, u.Score))
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%v:\n got %v\nwant %v", tt.rule, got, tt.want)
		}
		// Tư pháp (1 of 2 took part) and UBND (2 of 2) tie on score: participation decides
		if us[2].Decided != UnitByParticipation || us[1].Participation != 1 || us[2].Participation != 0.5 {
			t.Errorf("%v: participation should decide: %+v", tt.rule, us)
		}
		// best-1: Nội vụ and UBND are level on score and participation: tied
		if tt.rule.Method == UnitBestK && !(us[0].Tied && us[1].Tied && us[0].Rank == 1 && us[1].Rank == 1 && us[2].Rank == 3) {
			t.Errorf("best-1 must tie Nội vụ and UBND: %+v", us)
		}
	}
}

func TestEndNeedsReasonOnlyWhenEarly(t *testing.T) {
	r := newRig(t, Config{Rounds: []RoundConfig{round(Classic, 1), round(Classic, 1)}}, 1)
	r.open()
	r.finish()
	if err := r.e.End(Note{}); !errors.Is(err, ErrReasonRequired) {
		t.Fatalf("a round left: got %v, want ErrReasonRequired", err)
	}
	r.must(r.e.NextQuestion(Note{}))
	r.open()
	r.finish()
	r.must(r.e.End(Note{})) // the last question of the last round is revealed: complete
	if err := r.e.StartRound(Note{}); !errors.Is(err, ErrInvalidAction) {
		t.Errorf("after the end: %v", err)
	}
	// the jury may still correct the result after the end
	r.must(r.e.Void(QuestionRef{1, 0}, Note{Reason: "khiếu nại được chấp nhận"}))
}

// TestShuffledViews: with a per-contestant shuffle the board and the host
// show the bank's order (letters, key text and distribution per original
// option) while each contestant sees and is shown the key in their own
// order; with one shuffle for all, every screen has the same letters.
func TestShuffledViews(t *testing.T) {
	rc := round(Classic, 2)
	rc.Shuffle = ShuffleContestant
	r := newRig(t, Config{Rounds: []RoundConfig{rc}}, 12)
	ref := r.open()
	k := r.key()
	for _, s := range []Snapshot{r.e.BoardSnapshot(), r.e.HostSnapshot()} {
		for j, o := range s.Question.Options {
			if o.Index != j || o.Letter != questions.Letter(j) {
				t.Fatalf("%s: option %d is %s (index %d), want the bank's order", s.Audience, j, o.Letter, o.Index)
			}
		}
	}
	host := r.e.HostSnapshot()
	if got, want := host.Question.Key.Text, questions.Letter(k)+". "+r.plan.Rounds[0][0].Choices[k].Text; got != want {
		t.Errorf("host key = %q, want %q", got, want)
	}
	for _, aud := range []Audience{ForHost, ForBoard} {
		if got := r.plan.OptionOrder(ref, aud, ""); fmt.Sprint(got) != "[0 1 2 3]" {
			t.Errorf("OptionOrder(%s) = %v, want the bank's order", aud, got)
		}
	}
	// everyone answers the option shown with their letter A: the counts
	// land on different original options
	want := make([]int, 4)
	for i := 1; i <= 12; i++ {
		code := fmt.Sprintf("TS%02d", i)
		s, _ := r.e.SnapshotFor(code)
		first := s.Question.Options[0].Index
		if got := r.plan.OptionOrder(ref, ForContestant, code); got[0] != first {
			t.Errorf("OptionOrder(%s) = %v, but the snapshot shows %d first", code, got, first)
		}
		want[first]++
		_, err := r.e.Submit(context.Background(), code, ref, questions.Response{Choices: []int{first}})
		r.must(err)
	}
	r.finish()
	board := r.e.BoardSnapshot()
	for j, o := range board.Question.Options {
		if o.Count != want[j] || board.Distribution[j] != want[j] {
			t.Errorf("board option %s: count %d, distribution %d, want %d", o.Letter, o.Count, board.Distribution[j], want[j])
		}
		if o.Correct != (j == k) {
			t.Errorf("board option %s correct=%v, key is %s", o.Letter, o.Correct, questions.Letter(k))
		}
	}
	if got := board.Question.Key.Text; !strings.HasPrefix(got, questions.Letter(k)+". ") {
		t.Errorf("board key %q does not use the bank's letter %s", got, questions.Letter(k))
	}
	moved := 0
	for i := 1; i <= 12; i++ {
		s, _ := r.e.SnapshotFor(fmt.Sprintf("TS%02d", i))
		var mine string
		for j, o := range s.Question.Options {
			if o.Correct != (o.Index == k) {
				t.Errorf("%s: option %s marked correct=%v", s.Me.Contestant.Code, o.Letter, o.Correct)
			}
			if o.Index == k {
				mine = questions.Letter(j)
			}
		}
		if mine != questions.Letter(k) {
			moved++
		}
		if got := s.Question.Key.Text; !strings.HasPrefix(got, mine+". ") {
			t.Errorf("%s: key %q, want their own letter %s", s.Me.Contestant.Code, got, mine)
		}
	}
	if moved == 0 {
		t.Error("no contestant had the key under another letter")
	}
	// an accepted alternative is marked on the board and added to the key
	r.must(r.e.AcceptAnswer(ref, questions.Response{Choices: []int{wrong(k)}}, Note{Reason: "đề có hai đáp án đúng"}))
	board = r.e.BoardSnapshot()
	if !board.Question.Options[wrong(k)].Correct {
		t.Error("the accepted option is not marked on the board")
	}
	if got, want := board.Question.Key.Text, " | "+questions.Letter(wrong(k))+". "; !strings.Contains(got, want) {
		t.Errorf("board key %q lacks the accepted answer %q", got, want)
	}

	// one shuffle for everyone: the board's letters are the contestants'
	rc.Shuffle = ShuffleAll
	r = newRig(t, Config{Rounds: []RoundConfig{rc}}, 3)
	r.open()
	r.finish()
	b := fmt.Sprint(r.e.BoardSnapshot().Question.Options)
	if c, _ := r.e.SnapshotFor("TS02"); fmt.Sprint(c.Question.Options) != b {
		t.Errorf("shuffle all: board %s, contestant %s", b, fmt.Sprint(c.Question.Options))
	}
	if got, want := r.e.BoardSnapshot().Question.Key.Text, r.e.HostSnapshot().Question.Key.Text; got != want {
		t.Errorf("shuffle all: board key %q, host key %q", got, want)
	}
	for _, o := range r.e.BoardSnapshot().Question.Options {
		if o.Correct && !strings.HasPrefix(r.e.BoardSnapshot().Question.Key.Text, o.Letter+". ") {
			t.Errorf("shuffle all: key %q, but %s is marked correct", r.e.BoardSnapshot().Question.Key.Text, o.Letter)
		}
	}
}
