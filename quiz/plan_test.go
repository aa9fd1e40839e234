package quiz

import (
	"context"
	"errors"
	"testing"

	"parquiz/questions"
)

func TestDrawRoundsReportsEveryRound(t *testing.T) {
	big := round(Classic, 500)
	cfg := Config{Title: "T", Rounds: []RoundConfig{round(Classic, 5), big, round(Speed, 5), big}}
	qs, err := DrawRounds(context.Background(), cfg, newFakeBank(60))
	if !errors.Is(err, ErrNotEnoughQuestions) {
		t.Fatalf("got %v, want ErrNotEnoughQuestions", err)
	}
	var re *RoundError
	if !errors.As(err, &re) || re.Round != 1 {
		t.Errorf("first failing round: %+v", re)
	}
	if len(qs) != 4 || len(qs[0]) != 5 || qs[1] != nil || len(qs[2]) != 5 || qs[3] != nil {
		t.Errorf("rounds drawn: %d", len(qs))
	}
	// later rounds never repeat a question of an earlier one
	seen := map[string]bool{}
	for _, r := range qs {
		for _, q := range r {
			if seen[q.Hash] {
				t.Errorf("question drawn twice: %s", q.Text)
			}
			seen[q.Hash] = true
		}
	}
}

func TestPlanValidate(t *testing.T) {
	cfg := Config{Title: "T", Rounds: []RoundConfig{round(Classic, 2)}}
	good, err := Prepare(context.Background(), cfg, roster(3), newFakeBank(10))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		edit func(p *Plan)
		key  string
	}{
		{"empty roster", func(p *Plan) { p.Roster = nil }, "contest.err.roster_empty"},
		{"duplicate code (case, spaces)", func(p *Plan) { p.Roster[1].Code = " ts01 " }, "contest.err.roster_dup"},
		{"no name", func(p *Plan) { p.Roster[2].Name = " " }, "contest.err.roster_name"},
		{"missing questions", func(p *Plan) { p.Rounds[0] = p.Rounds[0][:1] }, "contest.err.questions"},
		{"broken question", func(p *Plan) { p.Rounds[0][0].Choices = nil }, "contest.err.question_bad"},
		{"short answer in speed", func(p *Plan) {
			p.Config.Rounds[0].Kind = Speed
			p.Rounds[0][0] = questions.Question{Text: "Viết tắt?", Kind: questions.KindShort, Accepted: []string{"CCHC"}, Topic: "T", Difficulty: 1}
		}, "contest.err.choices_kind"},
	}
	for _, tt := range tests {
		p := *good
		p.Roster = append([]Contestant(nil), good.Roster...)
		p.Rounds = [][]questions.Question{append([]questions.Question(nil), good.Rounds[0]...)}
		p.Config.Rounds = append([]RoundConfig(nil), good.Config.Rounds...)
		tt.edit(&p)
		err := p.Validate()
		found := false
		for _, ce := range ConfigErrors(err) {
			if ce.Key == tt.key {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: got %v, want %s", tt.name, err, tt.key)
		}
		if _, err := New(&p, Options{}); !errors.Is(err, ErrConfig) {
			t.Errorf("%s: New must refuse the plan: %v", tt.name, err)
		}
	}
}
