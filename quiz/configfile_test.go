package quiz

import (
	"context"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"parquiz/questions"
)

func TestParseExample(t *testing.T) {
	data, err := os.ReadFile("../examples/contest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := ParseConfig("contest.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(cfg.Rounds), 4; got != want {
		t.Fatalf("rounds: got %d, want %d", got, want)
	}
	r1, r2, r3, r4 := cfg.Rounds[0], cfg.Rounds[1], cfg.Rounds[2], cfg.Rounds[3]
	if r1.Draw.Mix[questions.Easy] != 5 || r1.Draw.Mix[questions.Medium] != 4 || r1.PointsFor(questions.Hard) != 30 || r1.ReadTime != 5*time.Second || r1.Shuffle != ShuffleContestant {
		t.Errorf("round 1: %+v", r1)
	}
	if r2.Kind != Speed || r2.Points != 1000 || r2.StreakStep != 100 || r2.StreakCap != 500 || len(r2.Draw.Topics) != 2 {
		t.Errorf("round 2: %+v", r2)
	}
	if r3.Kind != Elimination || r3.Revives != 1 || r3.EndWhenLeft != 1 || r3.Line == 0 {
		t.Errorf("round 3: %+v", r3)
	}
	if r4.Kind != Prediction || r4.Target != TargetPerfect || len(r4.Inline) != 1 || r4.Inline[0].Kind != questions.KindNumeric {
		t.Errorf("round 4: %+v", r4)
	}
	if cfg.Units.Method != UnitAverage || len(cfg.TieBreak) != 4 || !strings.Contains(cfg.Title, "cải cách hành chính") {
		t.Errorf("contest: %+v", cfg)
	}
}

func TestParseErrorsNameLineAndField(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string // "line:field:key"
	}{
		{"unknown key", "title: T\nrounds:\n  - kind: classic\n    tme: 30s\n", []string{"4::contest.err.yaml"}},
		{"bad kind and time", "title: T\nrounds:\n  - kind: quiz\n    time: 0s\n    draw: {count: 3}\n", []string{
			"3:rounds[1].kind:contest.err.kind", "4:rounds[1].time:contest.err.time"}},
		{"bad difficulty", "title: T\nrounds:\n  - kind: classic\n    time: 10\n    draw:\n      mix: {rất khó: 2}\n", []string{
			"6:rounds[1].draw.mix:contest.err.difficulty", "5:rounds[1].draw.count:contest.err.count"}},
		{"no title, bad tie-break", "tie_break: [score, luck]\nrounds:\n  - kind: speed\n    time: 10s\n    draw: {count: 2}\n    penalty: 5\n", []string{
			"0:title:contest.err.title", "1:tie_break:contest.err.tiebreak", "6:rounds[1].penalty:contest.err.penalty"}},
		{"prediction without a question", "title: T\nrounds:\n  - kind: prediction\n    time: 30s\n    target: key\n    draw: {count: 2, kinds: [numeric]}\n", []string{
			"3:rounds[1].question:contest.err.prediction"}},
		{"bad duration", "title: T\nrounds:\n  - kind: classic\n    time: soon\n", []string{"4::contest.err.yaml"}},
		{"not yaml", "title: [\n", []string{"1::contest.err.yaml"}},
	}
	for _, tt := range tests {
		_, err := ParseConfig("c.yaml", []byte(tt.yaml))
		if !errors.Is(err, ErrConfig) {
			t.Errorf("%s: got %v, want ErrConfig", tt.name, err)
			continue
		}
		var got []string
		for _, ce := range ConfigErrors(err) {
			got = append(got, strings.Join([]string{strconv.Itoa(ce.Line), ce.Field, ce.Key}, ":"))
			if !strings.HasPrefix(ce.Error(), "c.yaml:") {
				t.Errorf("%s: message without file: %s", tt.name, ce.Error())
			}
		}
		for _, w := range tt.want {
			found := false
			for _, g := range got {
				if g == w {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: missing %s in %v\n%v", tt.name, w, got, err)
			}
		}
	}
}

func TestParseBoardPassword(t *testing.T) {
	base := "title: T\nrounds:\n  - kind: classic\n    time: 10s\n    draw: {count: 2}\n"
	tests := []struct {
		line string
		want string
	}{
		{"", ""},
		{"board_password: \"máy chiếu 2025\"\n", "máy chiếu 2025"},
		{"board_password: \"  may1 \"\n", "may1"},
		{"board_password: 1234\n", "1234"},
		// decomposed (NFD) text from some editors becomes NFC
		{"board_password: \"ma\u0301y\"\n", "máy"},
	}
	for _, tt := range tests {
		cfg, err := ParseConfig("c.yaml", []byte(tt.line+base))
		if err != nil {
			t.Errorf("%q: %v", tt.line, err)
			continue
		}
		if cfg.BoardPassword != tt.want {
			t.Errorf("%q: board password %q, want %q", tt.line, cfg.BoardPassword, tt.want)
		}
	}
	// the results given to the jury never carry it
	cfg, err := ParseConfig("c.yaml", []byte("board_password: bí mật\n"+base))
	if err != nil {
		t.Fatal(err)
	}
	plan, err := Prepare(context.Background(), cfg, roster(2), newFakeBank(10))
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(plan, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := e.Results().Config.BoardPassword; got != "" {
		t.Errorf("results carry the board password %q", got)
	}
	if got := e.Plan().Config.BoardPassword; got != "bí mật" {
		t.Errorf("plan board password = %q", got)
	}
	// a list is not a password: the error names the line
	_, err = ParseConfig("c.yaml", []byte(base+"board_password: [a, b]\n"))
	if ces := ConfigErrors(err); len(ces) != 1 || ces[0].Line != 6 {
		t.Errorf("board_password list: %v", err)
	}
}
