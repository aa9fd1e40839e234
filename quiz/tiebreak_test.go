package quiz

import (
	"context"
	"fmt"
	"testing"
	"time"

	"parquiz/questions"
)

func TestTieBreakChain(t *testing.T) {
	cfg := Config{TieBreak: DefaultTieBreak, Rounds: []RoundConfig{round(Classic, 2), round(Prediction, 1)}}
	r := newRig(t, cfg, 7)
	name := map[string]string{"A": "TS01", "B": "TS02", "C": "TS03", "D": "TS04", "E": "TS05", "F": "TS06", "G": "TS07"}
	at := func(ref QuestionRef, who string, choice int, offset time.Duration) {
		t.Helper()
		r.clock.Set(r.e.HostSnapshot().Question.OpensAt.Add(offset))
		_, err := r.e.Submit(context.Background(), name[who], ref, questions.Response{Choices: []int{choice}})
		r.must(err)
	}
	ref := r.open()
	k := r.key()
	at(ref, "A", k, time.Second)
	at(ref, "B", k, time.Second)
	at(ref, "C", k, time.Second)
	at(ref, "D", k, 2*time.Second)
	at(ref, "E", k, 2*time.Second)
	at(ref, "F", k, 2*time.Second)
	at(ref, "G", wrong(k), time.Second)
	r.finish()
	r.must(r.e.NextQuestion(Note{}))
	ref = QuestionRef{0, 1}
	k = r.key()
	at(ref, "D", wrong(k), 10*time.Second)
	at(ref, "E", wrong(k), 20*time.Second)
	at(ref, "F", wrong(k), 20*time.Second)
	r.finish()
	r.must(r.e.NextQuestion(Note{})) // round end
	ref = r.open()                   // prediction round
	for who, v := range map[string]float64{"A": 101, "B": 95} {
		n := v
		_, err := r.e.Submit(context.Background(), name[who], ref, questions.Response{Number: &n})
		r.must(err)
	}
	r.finish()
	if err := r.e.SetTarget(1, 100, Note{}); err == nil {
		t.Fatalf("a target needs a reason")
	}
	r.must(r.e.SetTarget(1, 100, Note{Reason: "số thí sinh trả lời đúng tất cả, theo biên bản"}))

	var got []string
	for _, s := range r.e.Standings() {
		got = append(got, fmt.Sprintf("%s:%d:%v:%s", s.Contestant.Code, s.Rank, s.Tied, s.Decided))
	}
	want := []string{
		"TS01:1:false:",           // A: best prediction
		"TS02:2:false:prediction", // B: same score, prediction further
		"TS03:3:false:prediction", // C: no prediction (below any), 1 s total
		"TS04:4:false:time",       // D: 2 s total
		"TS05:5:true:last_answer", // E: 2 s, last answer later than D
		"TS06:5:true:",            // F: same as E in everything → tied
		"TS07:7:false:score",      // G: no points
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("standings:\n got %v\nwant %v", got, want)
	}
	st := r.e.Standings()
	if st[0].Distance == nil || *st[0].Distance != 1 || st[1].Prediction == nil || *st[1].Prediction != 95 {
		t.Errorf("prediction fields: %+v %+v", st[0], st[1])
	}
}

func TestTieBreakCustomChain(t *testing.T) {
	// correct count before score: a wrong guess with negative marking vs none
	rc := round(Classic, 1)
	rc.Penalty = 5
	r := newRig(t, Config{TieBreak: []TieKey{TieCorrect, TieScore}, Rounds: []RoundConfig{rc}}, 3)
	ref := r.open()
	_, err := r.answer("TS01", ref, wrong(r.key()), time.Second)
	r.must(err)
	r.finish()
	st := r.e.Standings()
	if st[0].Contestant.Code == "TS01" || st[2].Contestant.Code != "TS01" || st[2].Decided != TieScore || !st[0].Tied {
		t.Errorf("custom chain: %+v", st)
	}
}

func TestPredictionTargets(t *testing.T) {
	tests := []struct {
		target TargetKind
		want   float64 // target; 2 of 3 answered round 1, 1 of them correctly
	}{
		{TargetParticipants, 2},
		{TargetPerfect, 1},
		{TargetKey, 100}, // the fake bank's first numeric question: 100
	}
	for _, tt := range tests {
		p := round(Prediction, 1)
		p.Target = tt.target
		r := newRig(t, Config{Rounds: []RoundConfig{round(Classic, 1), p}}, 3)
		ref := r.open()
		k := r.key()
		_, _ = r.answer("TS01", ref, k, time.Second)
		_, _ = r.answer("TS02", ref, wrong(k), time.Second)
		r.finish()
		r.must(r.e.NextQuestion(Note{}))
		ref = r.open()
		v := 3.0
		_, err := r.e.Submit(context.Background(), "TS03", ref, questions.Response{Number: &v})
		r.must(err)
		r.finish()
		s := r.e.HostSnapshot()
		if s.Rounds[1].Target == nil || *s.Rounds[1].Target != tt.want {
			t.Errorf("%s: target %v, want %v", tt.target, deref(s.Rounds[1].Target), tt.want)
			continue
		}
		var d *float64
		for _, row := range r.e.Standings() {
			if row.Contestant.Code == "TS03" {
				d = row.Distance
			}
		}
		if d == nil || *d != abs(3-tt.want) {
			t.Errorf("%s: distance %v", tt.target, d)
		}
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

func deref(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}
