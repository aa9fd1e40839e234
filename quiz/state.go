package quiz

import (
	"fmt"
	"strings"
	"time"

	"parquiz/questions"
)

// state is the engine's data. It changes only through apply, which makes
// live play and a journal replay the same code path.
type state struct {
	plan   *Plan
	roster []Contestant
	byCode map[string]int // normCode → index in roster
	kicked map[string]bool

	phase  Phase
	round  int // -1 in the lobby
	rounds []*roundState
	seq    int64
	lastAt time.Time

	actions []Record // applied records other than answers and marks, for the results

	cache *derived // scores, standings; nil when stale

	// eligibleCount's last answer, valid while cache and round are the
	// same: every screen's snapshot asks for it, and counting walks the
	// roster, so a broadcast to N screens would cost N².
	eligMemo struct {
		d     *derived
		round int
		n     int
	}
}

type roundState struct {
	cfg     RoundConfig
	qs      []*qState // every question of the round; shown ones have shown=true
	cur     int       // index of the current question, -1 before the first
	ended   bool
	revives []revive
	used    int // revive-all allowances used
	target  *float64
}

type revive struct {
	after int      // applied after question index `after` is processed (-1: before the first)
	codes []string // nil: everyone eliminated
}

type qState struct {
	q          questions.Question
	shown      bool
	shownAt    time.Time
	opensAt    time.Time
	deadline   time.Time
	paused     bool
	pausedAt   time.Time
	pausedOpen time.Duration // pause time while open, excluded from response times
	closedAt   time.Time
	revealed   bool
	voided     bool
	voidNote   string
	answers    map[string]*answer
	order      []string // codes in order of first answer
	extra      []questions.Response
	overrides  map[string]override
}

type answer struct {
	resp    questions.Response
	at      time.Time
	elapsed time.Duration
	changed bool
}

type override struct {
	correct bool
	note    string
}

func newState(plan *Plan) *state {
	s := &state{
		plan:   plan,
		byCode: map[string]int{},
		kicked: map[string]bool{},
		phase:  PhaseLobby,
		round:  -1,
	}
	for _, c := range plan.Roster {
		s.addContestant(c)
	}
	for i, rc := range plan.Config.Rounds {
		rs := &roundState{cfg: rc, cur: -1}
		for _, q := range plan.Rounds[i] {
			rs.qs = append(rs.qs, &qState{q: q, answers: map[string]*answer{}, overrides: map[string]override{}})
		}
		s.rounds = append(s.rounds, rs)
	}
	return s
}

// normCode is the form codes are compared in: NFC, trimmed, upper case.
func normCode(s string) string { return strings.ToUpper(questions.CleanLine(s)) }

func (s *state) addContestant(c Contestant) {
	c.Code = questions.CleanLine(c.Code)
	c.Name = questions.CleanLine(c.Name)
	c.Unit = questions.CleanLine(c.Unit)
	c.Block = questions.CleanLine(c.Block)
	s.byCode[normCode(c.Code)] = len(s.roster)
	s.roster = append(s.roster, c)
}

// lookup returns the roster code for a typed code.
func (s *state) lookup(code string) (string, bool) {
	i, ok := s.byCode[normCode(code)]
	if !ok {
		return "", false
	}
	return s.roster[i].Code, true
}

func (s *state) cur() (*roundState, *qState) {
	if s.round < 0 || s.round >= len(s.rounds) {
		return nil, nil
	}
	r := s.rounds[s.round]
	if r.cur < 0 || r.cur >= len(r.qs) {
		return r, nil
	}
	return r, r.qs[r.cur]
}

func (s *state) question(ref QuestionRef) (*roundState, *qState, error) {
	if ref.Round < 0 || ref.Round >= len(s.rounds) {
		return nil, nil, fmt.Errorf("round %d: %w", ref.Round+1, ErrNoSuchQuestion)
	}
	r := s.rounds[ref.Round]
	if ref.Question < 0 || ref.Question >= len(r.qs) {
		return nil, nil, fmt.Errorf("round %d question %d: %w", ref.Round+1, ref.Question+1, ErrNoSuchQuestion)
	}
	return r, r.qs[ref.Question], nil
}

// limit returns the time after which an answer to q is late.
func (s *state) limit(q *qState) time.Time { return q.deadline.Add(s.plan.Config.Grace) }

// wake returns the next clock-driven transition, if any.
func (s *state) wake() (time.Time, Op, bool) {
	_, q := s.cur()
	if q == nil || q.paused {
		return time.Time{}, "", false
	}
	switch s.phase {
	case PhaseReading:
		return q.opensAt, OpOpen, true
	case PhaseOpen:
		return s.limit(q), OpClose, true
	}
	return time.Time{}, "", false
}

// eligible reports whether code may answer the current question (ignoring
// whether it already has).
func (s *state) eligible(code string) error {
	if s.kicked[code] {
		return fmt.Errorf("%s: %w", code, ErrKicked)
	}
	r, _ := s.cur()
	if r != nil && r.cfg.Kind == Elimination && !s.derived().alive[s.round][code] {
		return fmt.Errorf("%s: %w", code, ErrEliminated)
	}
	return nil
}

// eligibleCount is how many contestants may answer now. It depends on the
// kicked set, the current round and who is still in an elimination round:
// a change to any of them invalidates the derived cache or moves the
// round, which is what the memo is keyed on.
func (s *state) eligibleCount() int {
	d := s.derived()
	if m := &s.eligMemo; m.d == d && m.round == s.round {
		return m.n
	}
	n := 0
	for _, c := range s.roster {
		if s.eligible(c.Code) == nil {
			n++
		}
	}
	s.eligMemo.d, s.eligMemo.round, s.eligMemo.n = d, s.round, n
	return n
}

func (s *state) invalidate() { s.cache = nil }

func needReason(n string, what string) error {
	if strings.TrimSpace(n) == "" {
		return fmt.Errorf("%s: %w", what, ErrReasonRequired)
	}
	return nil
}

func invalid(op Op, p Phase) error {
	return fmt.Errorf("%s during %s: %w", op, p, ErrInvalidAction)
}
