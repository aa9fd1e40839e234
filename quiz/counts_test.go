package quiz

import "testing"

func TestAnswerCounts(t *testing.T) {
	r := newRig(t, Config{Rounds: []RoundConfig{round(Classic, 1)}}, 3)
	if a, e := r.e.AnswerCounts(); a != 0 || e != 0 {
		t.Fatalf("lobby: %d/%d, want 0/0", a, e)
	}
	r.must(r.e.StartRound(Note{}))
	r.must(r.e.NextQuestion(Note{}))
	ref := r.e.BoardSnapshot().Question.Ref
	if a, e := r.e.AnswerCounts(); a != 0 || e != 3 {
		t.Fatalf("open: %d/%d, want 0/3", a, e)
	}
	_, err := r.answer("TS01", ref, r.key(), 0)
	r.must(err)
	if a, e := r.e.AnswerCounts(); a != 1 || e != 3 {
		t.Fatalf("one answer: %d/%d, want 1/3", a, e)
	}
	s := r.e.BoardSnapshot()
	if a, _ := r.e.AnswerCounts(); a != s.Answered {
		t.Fatalf("AnswerCounts %d disagrees with the snapshot's %d", a, s.Answered)
	}
	r.must(r.e.CloseNow(Note{}))
	if a, e := r.e.AnswerCounts(); a != 0 || e != 0 {
		t.Fatalf("closed: %d/%d, want 0/0", a, e)
	}
}
