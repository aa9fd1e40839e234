package quiz

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"

	"parquiz/questions"
)

// dump is the observable state of an engine: everything the host and the
// result sheets see.
func dump(t *testing.T, e *Engine) string {
	t.Helper()
	b, err := json.Marshal(struct {
		Host    Snapshot
		Results Results
	}{e.HostSnapshot(), e.Results()})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// replay applies records to a fresh engine without Restore's safety pause.
func replay(t *testing.T, plan *Plan, clock Clock, recs []Record) *Engine {
	t.Helper()
	e, err := newEngine(plan, Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range recs {
		if _, err := e.st.apply(rec); err != nil {
			t.Fatalf("replay %d %s: %v", rec.Seq, rec.Op, err)
		}
		if _, err := e.cst.apply(rec); err != nil {
			t.Fatalf("replay %d %s: %v", rec.Seq, rec.Op, err)
		}
	}
	return e
}

// randomStep does one random thing to the contest: a host action, an
// answer, or time passing.
func randomStep(rng *rand.Rand, r *rig, codes []string) {
	ctx := context.Background()
	note := Note{By: "host", Reason: "lý do"}
	if rng.IntN(5) == 0 {
		note.Reason = "" // overrides must then be refused
	}
	ref := func() QuestionRef {
		s := r.e.HostSnapshot()
		if s.Question != nil && rng.IntN(4) > 0 {
			return s.Question.Ref
		}
		return QuestionRef{rng.IntN(4), rng.IntN(3)}
	}
	code := codes[rng.IntN(len(codes))]
	switch n := rng.IntN(100); {
	case n < 35:
		s, _ := r.e.SnapshotFor(code)
		var resp questions.Response
		if s.Question != nil {
			switch s.Question.Kind {
			case questions.KindNumeric:
				v := float64(rng.IntN(200))
				resp.Number = &v
			case questions.KindTrueFalse:
				b := rng.IntN(2) == 0
				resp.Bool = &b
			default:
				resp.Choices = []int{rng.IntN(5)}
			}
		}
		_, _ = r.e.Submit(ctx, code, ref(), resp)
	case n < 50:
		r.clock.Advance(time.Duration(rng.IntN(8000)) * time.Millisecond)
		_ = r.e.Tick()
	case n < 60:
		_ = r.e.NextQuestion(note)
	case n < 64:
		_ = r.e.StartRound(note)
	case n < 70:
		_ = r.e.CloseNow(note)
	case n < 76:
		_ = r.e.Reveal(note)
	case n < 79:
		_ = r.e.ShowStandings(note)
	case n < 81:
		_ = r.e.Pause(note)
	case n < 83:
		_ = r.e.Resume(note)
	case n < 84:
		_ = r.e.Extend(time.Duration(rng.IntN(10)+1)*time.Second, note)
	case n < 86:
		_ = r.e.Void(ref(), note)
	case n < 88:
		_ = r.e.AcceptAnswer(ref(), questions.Response{Choices: []int{rng.IntN(4)}}, note)
	case n < 90:
		_ = r.e.Override(ref(), code, rng.IntN(2) == 0, note)
	case n < 92:
		if rng.IntN(2) == 0 {
			_ = r.e.Revive(nil, note)
		} else {
			_ = r.e.Revive([]string{code}, note)
		}
	case n < 94:
		if rng.IntN(2) == 0 {
			_ = r.e.Kick(code, note)
		} else {
			_ = r.e.Readmit(code, note)
		}
	case n < 95:
		_ = r.e.SetTarget(3, float64(rng.IntN(10)), note)
	case n < 97:
		_ = r.e.EndRound(note)
	case n < 98:
		_ = r.e.AddContestant(Contestant{Code: "LATE" + code, Name: "Lê Văn Muộn", Unit: "Sở Y tế"}, note)
	default:
		if rng.IntN(10) == 0 {
			_ = r.e.End(note)
		}
	}
}

// TestReplayProperty plays random sequences and requires, after every
// step, that replaying the journal gives the identical state, and that
// Restore (resume after a kill at that moment) succeeds with an open
// question paused with the time it had left.
func TestReplayProperty(t *testing.T) {
	classic := round(Classic, 3)
	classic.ReadTime = 2 * time.Second
	classic.AllowChange = true
	classic.Shuffle = ShuffleContestant
	classic.Draw.Kinds = []questions.Kind{questions.KindSingle, questions.KindTrueFalse}
	cfg := Config{Grace: 200 * time.Millisecond, Rounds: []RoundConfig{classic, round(Speed, 2), round(Elimination, 3), round(Prediction, 1)}}
	steps := 250
	if testing.Short() {
		steps = 80
	}
	for seed := uint64(1); seed <= 4; seed++ {
		rng := rand.New(rand.NewPCG(seed, 99))
		r := newRig(t, cfg, 5)
		codes := []string{"TS01", "TS02", "TS03", "TS04", "TS05"}
		for i := 0; i < steps; i++ {
			randomStep(rng, r, codes)
			recs := r.j.Records()
			live := dump(t, r.e)
			if got := dump(t, replay(t, r.plan, r.clock, recs)); got != live {
				t.Fatalf("seed %d step %d: replay differs\nlive   %s\nreplay %s", seed, i, live, got)
			}
			// resume after a kill now
			j := &MemJournal{}
			for _, rec := range recs {
				j.Append(rec)
			}
			re, err := Restore(r.plan, recs, Options{Clock: r.clock, Journal: j})
			if err != nil {
				t.Fatalf("seed %d step %d: restore: %v", seed, i, err)
			}
			ls, rs := r.e.HostSnapshot(), re.HostSnapshot()
			if ls.Phase != rs.Phase && !(ls.Phase == PhaseClosed && (rs.Phase == PhaseOpen || rs.Phase == PhaseReading)) {
				// a live question may have closed at Tick time; the restored one
				// stops where the journal stopped
				if !(rs.Phase == PhaseClosed && (ls.Phase == PhaseOpen || ls.Phase == PhaseReading)) {
					t.Fatalf("seed %d step %d: phase live %s, restored %s", seed, i, ls.Phase, rs.Phase)
				}
			}
			if (rs.Phase == PhaseOpen || rs.Phase == PhaseReading) && !rs.Paused {
				t.Fatalf("seed %d step %d: a restored open question must be paused", seed, i)
			}
			if rs.Answered != ls.Answered || len(rs.Standings) != len(ls.Standings) {
				t.Fatalf("seed %d step %d: restored answers %d standings %d, live %d %d", seed, i, rs.Answered, len(rs.Standings), ls.Answered, len(ls.Standings))
			}
			for k := range rs.Standings {
				if rs.Standings[k].Points != ls.Standings[k].Points || rs.Standings[k].Contestant != ls.Standings[k].Contestant {
					t.Fatalf("seed %d step %d: standings differ after restore", seed, i)
				}
			}
		}
	}
}

// TestRestoreOpenQuestion: killed while a question is open, the contest
// comes back paused with the time left at the last journal record, and
// goes on once the host resumes.
func TestRestoreOpenQuestion(t *testing.T) {
	for _, kill := range []string{"lobby", "round_intro", "reading", "open", "paused", "closed", "revealed", "standings", "round_end", "ended"} {
		rc := round(Classic, 2)
		rc.ReadTime = 4 * time.Second
		r := newRig(t, Config{Rounds: []RoundConfig{rc}}, 2)
		var ref QuestionRef
		switch kill {
		case "lobby":
		case "round_intro":
			r.must(r.e.StartRound(Note{}))
		case "reading":
			r.must(r.e.StartRound(Note{}))
			r.must(r.e.NextQuestion(Note{}))
			r.clock.Advance(time.Second)
			r.must(r.e.Tick())
		default:
			ref = r.open()
			_, err := r.answer("TS01", ref, r.key(), 10*time.Second)
			r.must(err)
			switch kill {
			case "paused":
				r.must(r.e.Pause(Note{}))
			case "closed":
				r.must(r.e.CloseNow(Note{}))
			case "revealed":
				r.finish()
			case "standings":
				r.finish()
				r.must(r.e.ShowStandings(Note{}))
			case "ended":
				r.finish()
				r.must(r.e.End(Note{Reason: "dừng sớm"}))
			case "round_end":
				r.finish()
				r.must(r.e.NextQuestion(Note{}))
				r.finish()
				r.must(r.e.NextQuestion(Note{}))
			}
		}
		before := r.e.HostSnapshot()
		r.clock.Advance(3 * time.Minute) // the machine is down for a while
		j := &MemJournal{}
		recs := r.j.Records()
		for _, rec := range recs {
			j.Append(rec)
		}
		e, err := Restore(r.plan, recs, Options{Clock: r.clock, Journal: j})
		if err != nil {
			t.Fatalf("%s: %v", kill, err)
		}
		s := e.HostSnapshot()
		if s.Phase != before.Phase {
			t.Errorf("%s: phase %s, want %s", kill, s.Phase, before.Phase)
		}
		switch kill {
		case "open", "paused":
			want := 20 * time.Second // 30 s limit, last record (the answer) 10 s in
			if !s.Paused || s.Question.Remaining != want {
				t.Errorf("%s: paused=%v remaining=%v, want paused with %v", kill, s.Paused, s.Question.Remaining, want)
			}
			if err := e.Resume(Note{}); err != nil {
				t.Fatal(err)
			}
			r.clock.Advance(5 * time.Second)
			if _, err := e.Submit(context.Background(), "TS01", ref, questions.Response{Choices: []int{0}}); err == nil {
				t.Errorf("%s: the answer before the kill must still count as given", kill)
			}
			rec, err := e.Submit(context.Background(), "TS02", ref, questions.Response{Choices: []int{0}})
			if err != nil || rec.Elapsed != 15*time.Second {
				t.Errorf("%s: answer after resume: %v elapsed %v, want 15s", kill, err, rec.Elapsed)
			}
		case "reading":
			// 1 s passed since the last record (no checkpoint yet): the read time restarts from there
			if !s.Paused || s.Question.Remaining != 4*time.Second {
				t.Errorf("reading: paused=%v remaining=%v, want 4s", s.Paused, s.Question.Remaining)
			}
		}
		if got, want := s.Answered, before.Answered; got != want {
			t.Errorf("%s: answers %d, want %d", kill, got, want)
		}
		if n := len(j.Records()); int64(n) != e.Seq() {
			t.Errorf("%s: the safety pause must be journaled (%d records, seq %d)", kill, n, e.Seq())
		}
	}
}

// TestTickMarks: while open, Tick writes checkpoints so a resume loses at
// most MarkEvery of the clock.
func TestTickMarks(t *testing.T) {
	r := newRig(t, Config{Rounds: []RoundConfig{round(Classic, 1)}}, 1)
	r.open()
	for i := 0; i < 10; i++ {
		r.clock.Advance(time.Second)
		r.must(r.e.Tick())
	}
	marks := 0
	for _, rec := range r.j.Records() {
		if rec.Op == OpMark {
			marks++
		}
	}
	if marks != 5 {
		t.Errorf("marks: got %d, want 5 (every 2 s)", marks)
	}
	e, err := Restore(r.plan, r.j.Records(), Options{Clock: r.clock, Journal: &MemJournal{}})
	r.must(err)
	if got := e.HostSnapshot().Question.Remaining; got != 20*time.Second {
		t.Errorf("remaining after restore: got %v, want 20s", got)
	}
}
