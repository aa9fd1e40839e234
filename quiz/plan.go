package quiz

import (
	"context"

	"parquiz/questions"
)

// Drawer draws questions for a round. The question bank
// (questions/bank.Bank) implements it; tests use a fake.
type Drawer interface {
	Draw(ctx context.Context, spec questions.DrawSpec) ([]questions.Question, error)
}

// Plan is a contest ready to play: its configuration, its roster and the
// questions of every round, drawn once and sealed (copied) so that editing
// the bank later changes nothing. The store keeps it with the journal.
type Plan struct {
	Config Config                 `json:"config"`
	Roster []Contestant           `json:"roster"`
	Rounds [][]questions.Question `json:"rounds"` // Rounds[i] are round i's questions in play order
}

// Prepare checks cfg and roster and draws every round's questions through
// d, excluding questions already drawn by an earlier round. An unsatisfiable
// draw wraps ErrNotEnoughQuestions and names the round.
func Prepare(ctx context.Context, cfg Config, roster []Contestant, d Drawer) (*Plan, error) {
	panic("TODO")
}

// Validate checks a plan before an engine is built from it: a valid config,
// a non-empty roster with unique codes, and questions that fit each round.
func (p *Plan) Validate() error {
	panic("TODO")
}
