package quiz

import (
	"context"
	"sync"
	"time"

	"parquiz/questions"
)

// Note is who did a host action and why. Overrides (void, accept,
// override, named revive, kick, readmit, prediction target, ending a round
// or the contest early) require a Reason; every other action may carry one.
type Note struct {
	By     string // the host's name or key fingerprint, for the log
	Reason string
}

// Options are an engine's collaborators. Clock defaults to SystemClock,
// Journal to a MemJournal (nothing durable), Publisher to none.
type Options struct {
	Clock     Clock
	Journal   Journal
	Publisher Publisher
	// MarkEvery is how often Tick writes a time checkpoint while a question
	// is open, so a resume knows how much time was left (default 2 s).
	MarkEvery time.Duration
}

// Engine runs one contest. It is safe for concurrent use: many sessions
// Submit at once while the host acts. Every method that changes state
// commits a journal record before it returns.
type Engine struct {
	mu sync.Mutex
	st *state
	// ...
}

// New starts a fresh contest from a validated plan.
func New(plan *Plan, opts Options) (*Engine, error) { panic("TODO") }

// Restore rebuilds an engine from its plan and journal. A question that
// was reading or open comes back paused with the time it had left at the
// last journal record, and that pause is journaled; the host resumes it.
func Restore(plan *Plan, recs []Record, opts Options) (*Engine, error) { panic("TODO") }

// Plan returns the engine's plan (shared; do not modify).
func (e *Engine) Plan() *Plan { panic("TODO") }

// Contestant looks a code up on the roster (codes are matched after NFC
// and trimming, case-insensitively).
func (e *Engine) Contestant(code string) (Contestant, bool) { panic("TODO") }

// Roster returns the roster, including late registrations.
func (e *Engine) Roster() []Contestant { panic("TODO") }

// Phase returns the current phase.
func (e *Engine) Phase() Phase { panic("TODO") }

// Submit records a contestant's answer to the question ref, which must be
// the open question. The response uses ORIGINAL option indexes
// (OptionView.Index). It returns once the answer is committed.
func (e *Engine) Submit(ctx context.Context, code string, ref QuestionRef, r questions.Response) (Receipt, error) {
	panic("TODO")
}

// Tick applies the transitions the clock drives: options appear when the
// read time ends, the question closes at its deadline (plus grace). It also
// publishes a coalesced EvAnswerCount when the count changed since the
// last tick and writes time checkpoints. The server calls it every ~100 ms
// (see Run); tests call it after moving a ManualClock.
func (e *Engine) Tick() error { panic("TODO") }

// NextWake returns when the next clock-driven transition is due, if any.
func (e *Engine) NextWake() (time.Time, bool) { panic("TODO") }

// Run calls Tick on every value from ticks until ctx is done (pass a
// time.Ticker's channel).
func (e *Engine) Run(ctx context.Context, ticks <-chan time.Time) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticks:
			_ = e.Tick()
		}
	}
}

// StartRound moves from the lobby (or the end of a round) to the next
// round's intro.
func (e *Engine) StartRound(n Note) error { panic("TODO") }

// NextQuestion shows the round's next question (reading, or open at once
// when the round has no read time). When the round is over (no questions
// left, or an elimination round down to its EndWhenLeft) it ends the round.
func (e *Engine) NextQuestion(n Note) error { panic("TODO") }

// Pause stops the clock of a reading or open question.
func (e *Engine) Pause(n Note) error { panic("TODO") }

// Resume restarts a paused question with the time it had left.
func (e *Engine) Resume(n Note) error { panic("TODO") }

// Extend gives a reading or open question d more time.
func (e *Engine) Extend(d time.Duration, n Note) error { panic("TODO") }

// CloseNow closes the open (or reading) question before its deadline.
func (e *Engine) CloseNow(n Note) error { panic("TODO") }

// Reveal shows the key and the distribution of a closed question and
// scores it (eliminating in elimination rounds).
func (e *Engine) Reveal(n Note) error { panic("TODO") }

// ShowStandings shows the standings after a reveal or at a round's end.
func (e *Engine) ShowStandings(n Note) error { panic("TODO") }

// Void removes a question from scoring (and from elimination) and
// recomputes. Requires a reason.
func (e *Engine) Void(ref QuestionRef, n Note) error { panic("TODO") }

// AcceptAnswer makes r count as correct for everyone who gave it (the
// judges accept another answer). Requires a reason.
func (e *Engine) AcceptAnswer(ref QuestionRef, r questions.Response, n Note) error { panic("TODO") }

// Override sets one contestant's answer to correct or wrong (a judge's
// decision, e.g. a typed answer with a typo). Requires a reason.
func (e *Engine) Override(ref QuestionRef, code string, correct bool, n Note) error { panic("TODO") }

// Revive brings eliminated contestants back into the current elimination
// round: everyone eliminated when codes is empty (uses one of the round's
// Revives), or the named ones (requires a reason).
func (e *Engine) Revive(codes []string, n Note) error { panic("TODO") }

// Kick removes a contestant: they cannot answer until readmitted and are
// left out of the standings. Requires a reason.
func (e *Engine) Kick(code string, n Note) error { panic("TODO") }

// Readmit undoes Kick. Requires a reason.
func (e *Engine) Readmit(code string, n Note) error { panic("TODO") }

// AddContestant registers a late contestant. Requires a reason.
func (e *Engine) AddContestant(c Contestant, n Note) error { panic("TODO") }

// SetTarget enters the target value of a prediction round (TargetHost).
// Requires a reason (the source of the figure).
func (e *Engine) SetTarget(round int, value float64, n Note) error { panic("TODO") }

// EndRound ends the current round (early, with a reason, if questions remain).
func (e *Engine) EndRound(n Note) error { panic("TODO") }

// End ends the contest (early, with a reason, if rounds remain).
func (e *Engine) End(n Note) error { panic("TODO") }

// SnapshotFor is what contestant code may see: no key before reveal, the
// options in their order, their own answer and place.
func (e *Engine) SnapshotFor(code string) (Snapshot, error) { panic("TODO") }

// BoardSnapshot is what the projector shows: no key before reveal.
func (e *Engine) BoardSnapshot() Snapshot { panic("TODO") }

// HostSnapshot is everything, including the key and every answer.
func (e *Engine) HostSnapshot() Snapshot { panic("TODO") }

// Standings ranks every contestant over the whole contest with the
// configured tie-break chain.
func (e *Engine) Standings() []Standing { panic("TODO") }

// RoundStandings ranks contestants on one round only.
func (e *Engine) RoundStandings(round int) ([]Standing, error) { panic("TODO") }

// UnitStandings ranks the units with the configured rule.
func (e *Engine) UnitStandings() []UnitStanding { panic("TODO") }

// Results gathers everything for the result sheets.
func (e *Engine) Results() Results { panic("TODO") }

// Seq returns the seq of the last applied journal record.
func (e *Engine) Seq() int64 { panic("TODO") }
