package quiz

import (
	"strings"
	"testing"
)

// A negative count in mix is named as such, not as a bad difficulty.
func TestMixNegativeCount(t *testing.T) {
	_, err := ParseConfig("c.yaml", []byte("title: T\nrounds:\n  - kind: classic\n    time: 10s\n    draw:\n      mix: {dễ: -3, khó: 2}\n"))
	ces := ConfigErrors(err)
	if len(ces) != 1 || ces[0].Key != "contest.err.mix_count_named" || ces[0].Line != 6 || ces[0].Field != "rounds[1].draw.mix" {
		t.Fatalf("got %v, want one mix_count error on line 6", err)
	}
	msg := ces[0].Error()
	if strings.Contains(msg, "not a difficulty") || !strings.Contains(msg, "-3") || !strings.Contains(msg, "dễ") {
		t.Errorf("message %q must name the count -3 of dễ, not call it a bad difficulty", msg)
	}
	// the plan's own check, for mixes built in code
	cfg := Config{Title: "T", Rounds: []RoundConfig{round(Classic, 1)}}
	cfg.Rounds[0].Draw.Count = 0
	cfg.Rounds[0].Draw.Mix = map[int]int{1: -3, 3: 5}
	ces = ConfigErrors(cfg.Validate())
	found := false
	for _, ce := range ces {
		if ce.Key == "contest.err.mix_count" {
			found = true
		}
		if ce.Key == "contest.err.difficulty" {
			t.Errorf("a negative count reported as a bad difficulty: %v", ce)
		}
	}
	if !found {
		t.Errorf("no mix_count error in %v", ces)
	}
}
