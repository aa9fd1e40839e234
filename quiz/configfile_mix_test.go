package quiz

import (
	"errors"
	"os"
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

// A file far larger than any contest file is refused before it is read,
// with a message that says how large it is.
func TestConfigFileTooBig(t *testing.T) {
	p := t.TempDir() + "/contest.yaml"
	big := strings.Repeat("# chú thích\n", MaxConfigSize/10)
	if err := os.WriteFile(p, []byte("title: T\n"+big), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := ReadConfigFile(p)
	ces := ConfigErrors(err)
	if len(ces) != 1 || ces[0].Key != "contest.err.too_big" || !errors.Is(err, ErrConfig) {
		t.Fatalf("got %v, want one too_big error", err)
	}
	if _, err := ParseConfig("c.yaml", []byte("title: T\n"+big)); len(ConfigErrors(err)) != 1 {
		t.Errorf("ParseConfig of a too large file: %v", err)
	}
	small := t.TempDir() + "/ok.yaml"
	os.WriteFile(small, []byte("title: T\nrounds:\n  - kind: classic\n    time: 10s\n    draw: {count: 2}\n"), 0o600)
	if data, err := ReadConfigFile(small); err != nil || len(data) == 0 {
		t.Errorf("a small file: %v", err)
	}
}
