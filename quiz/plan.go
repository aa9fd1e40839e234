package quiz

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

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

// DrawRounds draws every round's questions through d (inline questions are
// used as given), excluding questions already drawn by an earlier round.
// It tries every round and reports every round that cannot be drawn: each
// such error wraps ErrNotEnoughQuestions (and the drawer's own error) and
// names the round; the result then has nil for those rounds.
func DrawRounds(ctx context.Context, cfg Config, d Drawer) ([][]questions.Question, error) {
	var out [][]questions.Question
	var used []string
	var errs []error
	for i, r := range cfg.Rounds {
		if len(r.Inline) > 0 {
			qs := slices.Clone(r.Inline)
			for j := range qs {
				qs[j].Normalize()
			}
			out = append(out, qs)
			continue
		}
		spec := r.Draw
		spec.Exclude = append(slices.Clone(spec.Exclude), used...)
		qs, err := d.Draw(ctx, spec)
		if err == nil && len(qs) != spec.Total() {
			err = fmt.Errorf("drew %d of %d", len(qs), spec.Total())
		}
		if err != nil {
			errs = append(errs, &RoundError{Round: i, Title: r.Title, Line: r.Line, Err: err})
			out = append(out, nil)
			continue
		}
		for _, q := range qs {
			used = append(used, q.Hash)
		}
		out = append(out, qs)
	}
	return out, errors.Join(errs...)
}

// RoundError is a round whose questions cannot be drawn. It matches
// ErrNotEnoughQuestions and unwraps to the drawer's error too.
type RoundError struct {
	Round int // from 0
	Title string
	Line  int // of the round in the contest file, if known
	Err   error
}

// Error names the round.
func (e *RoundError) Error() string {
	return fmt.Sprintf("round %d (%s): %v: %v", e.Round+1, e.Title, ErrNotEnoughQuestions, e.Err)
}

// Unwrap gives both ErrNotEnoughQuestions and the drawer's error.
func (e *RoundError) Unwrap() []error { return []error{ErrNotEnoughQuestions, e.Err} }

// Prepare checks cfg and roster and draws every round's questions through
// d, excluding questions already drawn by an earlier round. An
// unsatisfiable draw wraps ErrNotEnoughQuestions and names the round.
func Prepare(ctx context.Context, cfg Config, roster []Contestant, d Drawer) (*Plan, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	rounds, err := DrawRounds(ctx, cfg, d)
	if err != nil {
		return nil, err
	}
	p := &Plan{Config: cfg, Roster: slices.Clone(roster), Rounds: rounds}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return p, nil
}

// Validate checks a plan before an engine is built from it: a valid config,
// a non-empty roster with unique codes, and questions that fit each round.
func (p *Plan) Validate() error {
	var errs []error
	if err := p.Config.Validate(); err != nil {
		errs = append(errs, err)
	}
	if len(p.Roster) == 0 {
		errs = append(errs, cfgErr("roster", "contest.err.roster_empty"))
	}
	seen := map[string]bool{}
	for i, c := range p.Roster {
		code := normCode(c.Code)
		switch {
		case code == "":
			errs = append(errs, cfgErr("roster", "contest.err.roster_code", i+1))
		case seen[code]:
			errs = append(errs, cfgErr("roster", "contest.err.roster_dup", c.Code))
		case questions.CleanLine(c.Name) == "":
			errs = append(errs, cfgErr("roster", "contest.err.roster_name", c.Code))
		}
		seen[code] = true
	}
	if len(p.Rounds) != len(p.Config.Rounds) {
		errs = append(errs, cfgErr("rounds", "contest.err.questions", len(p.Rounds), len(p.Rounds), len(p.Config.Rounds)))
		return errors.Join(errs...)
	}
	for i, qs := range p.Rounds {
		r := p.Config.Rounds[i]
		if want := r.want(); want > 0 && len(qs) != want {
			errs = append(errs, cfgErr(roundField(i, "draw"), "contest.err.questions", i+1, len(qs), want))
		}
		for j := range qs {
			q := &qs[j]
			if err := q.Validate(); err != nil {
				errs = append(errs, cfgErr(roundField(i, ""), "contest.err.question_bad", i+1, j+1, err))
				continue
			}
			if r.Kind == Prediction && q.Kind != questions.KindNumeric {
				errs = append(errs, cfgErr(roundField(i, ""), "contest.err.prediction_kind", q.Kind))
			}
			if (r.Kind == Elimination || r.Kind == Speed) && q.Kind == questions.KindShort {
				errs = append(errs, cfgErr(roundField(i, ""), "contest.err.choices_kind", q.Kind))
			}
		}
	}
	return errors.Join(errs...)
}

// want is the number of questions the round plays.
func (r RoundConfig) want() int {
	if len(r.Inline) > 0 {
		return len(r.Inline)
	}
	return r.Draw.Total()
}

func roundField(i int, f string) string {
	s := fmt.Sprintf("rounds[%d]", i+1)
	if f != "" {
		s += "." + f
	}
	return s
}

// Validate checks the configuration and fills nothing in (ParseConfig
// applies the defaults). Every problem is a *ConfigError joined into one
// error.
func (c *Config) Validate() error {
	var errs []error
	add := func(e *ConfigError) { errs = append(errs, e) }
	if questions.CleanLine(c.Title) == "" {
		add(cfgErr("title", "contest.err.title"))
	}
	if c.Grace < 0 || c.Grace > 10*time.Second {
		add(cfgErr("grace", "contest.err.grace", c.Grace))
	}
	if len(c.Rounds) == 0 {
		add(cfgErr("rounds", "contest.err.no_rounds"))
	}
	seen := map[TieKey]bool{}
	for _, k := range c.TieBreak {
		switch k {
		case TieScore, TieCorrect, TiePrediction, TieTime, TieLastAnswer, TieSurvival:
		default:
			add(cfgErr("tie_break", "contest.err.tiebreak", string(k)))
		}
		if seen[k] {
			add(cfgErr("tie_break", "contest.err.tiebreak_dup", string(k)))
		}
		seen[k] = true
	}
	switch c.Units.Method {
	case UnitSum, UnitAverage, "":
	case UnitBestK:
		if c.Units.K < 1 {
			add(cfgErr("units.k", "contest.err.units_k", c.Units.K))
		}
	default:
		add(cfgErr("units.method", "contest.err.units", string(c.Units.Method)))
	}
	for i := range c.Rounds {
		for _, e := range c.Rounds[i].validate(i) {
			add(e)
		}
	}
	return errors.Join(errs...)
}

func (r *RoundConfig) validate(i int) []*ConfigError {
	var errs []*ConfigError
	add := func(f, key string, args ...any) { errs = append(errs, cfgErr(roundField(i, f), key, args...)) }
	switch r.Kind {
	case Classic, Speed, Elimination, Prediction:
	default:
		add("kind", "contest.err.kind", string(r.Kind))
	}
	if r.TimeLimit < time.Second || r.TimeLimit > time.Hour {
		add("time", "contest.err.time", r.TimeLimit)
	}
	if r.ReadTime < 0 || r.ReadTime > 5*time.Minute {
		add("read", "contest.err.read", r.ReadTime)
	}
	switch r.Shuffle {
	case ShuffleNone, ShuffleAll, ShuffleContestant, "":
	default:
		add("shuffle", "contest.err.shuffle", string(r.Shuffle))
	}
	if r.Points < 0 || r.Points > 100000 {
		add("points", "contest.err.points", r.Points)
	}
	for d, p := range r.PointsByDifficulty {
		if d < questions.Easy || d > questions.Hard {
			add("points_by_difficulty", "contest.err.difficulty", fmt.Sprint(d))
		}
		if p < 0 || p > 100000 {
			add("points_by_difficulty", "contest.err.points", p)
		}
	}
	if r.Penalty < 0 || r.Penalty > 100000 || (r.Penalty > 0 && r.Kind != Classic) {
		add("penalty", "contest.err.penalty")
	}
	if r.StreakStep < 0 || r.StreakCap < 0 || r.StreakStep > 10000 || r.StreakCap > 10000 || (r.StreakStep > 0 && r.Kind != Speed) {
		add("streak", "contest.err.streak")
	}
	if r.Revives < 0 || r.EndWhenLeft < 0 || r.Revives > 1000 || r.EndWhenLeft > 1000 || (r.Kind != Elimination && (r.Revives > 0 || r.EndWhenLeft > 0)) {
		add("revives", "contest.err.revives")
	}
	if r.AllowChange && (r.Kind == Elimination || r.Kind == Prediction) {
		add("allow_change", "contest.err.change_elim")
	}
	if r.Kind == Prediction {
		switch r.Target {
		case TargetHost, TargetKey, TargetParticipants, TargetPerfect:
		default:
			add("target", "contest.err.target", string(r.Target))
		}
		if r.want() != 1 {
			add("question", "contest.err.prediction")
		}
		for _, q := range r.Inline {
			if questions.CleanText(q.Text) == "" {
				add("question.text", "contest.err.question_text")
			}
			if q.Kind != questions.KindNumeric {
				add("question", "contest.err.prediction_kind", q.Kind)
			}
		}
	} else {
		if r.Target != "" {
			add("target", "contest.err.target_kind")
		}
		if len(r.Inline) > 0 {
			add("question", "contest.err.question_kind")
		}
	}
	if len(r.Inline) == 0 {
		d := r.Draw
		if len(d.Mix) > 0 && d.Count > 0 {
			add("draw", "contest.err.count_mix")
		}
		if n := d.Total(); n < 1 || n > 500 {
			add("draw.count", "contest.err.count", n)
		}
		for diff, n := range d.Mix {
			switch {
			case diff < questions.Easy || diff > questions.Hard:
				add("draw.mix", "contest.err.difficulty", fmt.Sprint(diff))
			case n < 0:
				add("draw.mix", "contest.err.mix_count", diff, n)
			}
		}
		for _, k := range d.Kinds {
			if !k.Valid() {
				add("draw.kinds", "contest.err.qkind", string(k))
			}
		}
	}
	return errs
}
