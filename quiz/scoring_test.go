package quiz

import (
	"testing"
	"time"
)

func TestSpeedPoints(t *testing.T) {
	tests := []struct {
		name   string
		t      time.Duration
		points int
		want   int
	}{
		{"kahoot example: 2 s of 30 s", 2 * time.Second, 1000, 967},
		{"under half a second is full", 499 * time.Millisecond, 1000, 1000},
		{"half a second is not", 500 * time.Millisecond, 1000, 992},
		{"at the limit: half", 30 * time.Second, 1000, 500},
		{"after the limit (grace): still half", 31 * time.Second, 1000, 500},
		{"double points", 15 * time.Second, 2000, 1500},
		{"zero points", 1 * time.Second, 0, 0},
	}
	for _, tt := range tests {
		if got := SpeedPoints(tt.t, 30*time.Second, tt.points); got != tt.want {
			t.Errorf("%s: got %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestStreakBonus(t *testing.T) {
	for n, want := range []int{0, 0, 100, 200, 300, 400, 500, 500, 500} {
		if got := StreakBonus(n, 100, 500); got != want {
			t.Errorf("streak %d: got %d, want %d", n, got, want)
		}
	}
	if got := StreakBonus(5, 0, 500); got != 0 {
		t.Errorf("no step: got %d", got)
	}
}

// TestSpeedRound plays the Kahoot example through the engine, with streaks.
func TestSpeedRound(t *testing.T) {
	r := newRig(t, Config{Rounds: []RoundConfig{round(Speed, 3)}}, 2)
	// q1: TS01 correct after 2 s (967), TS02 wrong
	ref := r.open()
	k := r.key()
	_, err := r.answer("TS01", ref, k, 2*time.Second)
	r.must(err)
	_, err = r.answer("TS02", ref, wrong(k), 0)
	r.must(err)
	r.finish()
	if got := r.standing("TS01").Points; got != 967 {
		t.Fatalf("after q1: got %d, want 967", got)
	}
	// q2: TS01 correct in 0.2 s: 1000 + streak 2 bonus 100
	r.must(r.e.NextQuestion(Note{}))
	ref = QuestionRef{0, 1}
	_, err = r.answer("TS01", ref, r.key(), 200*time.Millisecond)
	r.must(err)
	r.finish()
	if got := r.standing("TS01").Points; got != 967+1100 {
		t.Fatalf("after q2: got %d, want %d", got, 967+1100)
	}
	res := r.e.Results()
	if got := res.Answers[len(res.Answers)-1].Result.Bonus; got != 100 {
		t.Errorf("bonus: got %d, want 100", got)
	}
}
