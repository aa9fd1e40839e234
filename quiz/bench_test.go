package quiz

import (
	"context"
	"fmt"
	"testing"
	"time"

	"parquiz/questions"
)

// benchRig is a 1,000-contestant contest with one revealed question and
// the next one open (changes allowed, so Submit can be called b.N times).
func benchRig(b *testing.B) (*Engine, QuestionRef) {
	rc := round(Classic, 2)
	rc.AllowChange = true
	plan, err := Prepare(context.Background(), Config{Title: "B", Rounds: []RoundConfig{rc}}, roster(1000), newFakeBank(10))
	if err != nil {
		b.Fatal(err)
	}
	clock := NewManualClock(t0)
	e, err := New(plan, Options{Clock: clock})
	if err != nil {
		b.Fatal(err)
	}
	_ = e.StartRound(Note{})
	_ = e.NextQuestion(Note{})
	for i := 0; i < 1000; i++ {
		_, _ = e.Submit(context.Background(), fmt.Sprintf("TS%02d", i+1), QuestionRef{}, questions.Response{Choices: []int{i % 4}})
	}
	_ = e.CloseNow(Note{})
	_ = e.Reveal(Note{})
	_ = e.NextQuestion(Note{})
	clock.Advance(time.Second)
	return e, QuestionRef{0, 1}
}

// BenchmarkEngineSubmit is the engine's own cost of an answer (in-memory
// journal): what remains when the disk is not the limit.
func BenchmarkEngineSubmit(b *testing.B) {
	e, ref := benchRig(b)
	codes := make([]string, 1000)
	for i := range codes {
		codes[i] = fmt.Sprintf("TS%02d", i+1)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := e.Submit(context.Background(), codes[i%1000], ref, questions.Response{Choices: []int{i % 4}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSnapshotFor is one contestant screen's resync with 1,000 contestants.
func BenchmarkSnapshotFor(b *testing.B) {
	e, _ := benchRig(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := e.SnapshotFor("TS500"); err != nil {
			b.Fatal(err)
		}
	}
}
