package quiz

import (
	"context"
	"errors"
	"fmt"
	"slices"
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
//
// How a change is made: under the engine lock the record is checked and
// applied to the working state (st) and queued on the journal (so journal
// order is apply order); the lock is released; the caller waits for the
// journal commit; then, in seq order, the record is applied to the
// committed state (cst) and its events are published. Answers thus wait
// for the disk in parallel and the store can commit many in one
// transaction. Everything shown or counted (snapshots, standings,
// results, answer counts) comes from the committed state, so it never
// includes a record whose commit is in flight or failed.
//
// If a commit fails, the working state is rolled back to the last
// committed record, the engine's clock stands still (an open question is
// frozen with the time it had left), every action and answer is refused
// with ErrStorage, and Tick retries with backoff: the first retry that
// commits records the pause of the frozen question and the fault
// (OpStorage), and the host resumes as after any pause.
type Engine struct {
	mu        sync.Mutex
	st        *state   // every applied record, including those in flight: checks use it
	cst       *state   // committed records only: what is shown and counted
	log       []Record // the records applied to st, log[i].Seq == i+1 (for a rollback)
	gen       int      // incremented by each rollback; pending records carry theirs
	fault     *fault   // set while storage has failed
	refused   int      // answers refused or rolled back because of storage faults
	faults    int      // storage faults so far
	clock     Clock
	journal   Journal
	pub       Publisher
	markEvery time.Duration
	lastCount [3]int // round, question, answered of the last EvAnswerCount

	pubMu   sync.Mutex
	outbox  map[int64]pending
	nextPub int64
}

// fault is a storage failure the engine has not yet recovered from.
type fault struct {
	at       time.Time // the engine's time when it was found: the clock stands still there
	since    time.Time // wall clock, for the host
	err      error     // the last failure
	tries    int       // retries so far
	next     time.Time // wall clock of the next retry
	retrying bool
}

// RetryBackoff is the wait before the n-th retry after a storage fault
// (n from 0): 250 ms doubling, at most 2 s.
func RetryBackoff(n int) time.Duration {
	d := 250 * time.Millisecond
	for i := 0; i < n && d < 2*time.Second; i++ {
		d *= 2
	}
	return min(d, 2*time.Second)
}

func newEngine(plan *Plan, opts Options) (*Engine, error) {
	if plan == nil {
		return nil, fmt.Errorf("no plan: %w", ErrConfig)
	}
	if err := plan.Validate(); err != nil {
		return nil, err
	}
	e := &Engine{
		st:        newState(plan),
		cst:       newState(plan),
		clock:     opts.Clock,
		journal:   opts.Journal,
		pub:       opts.Publisher,
		markEvery: opts.MarkEvery,
		outbox:    map[int64]pending{},
		nextPub:   1,
		lastCount: [3]int{-1, -1, -1},
	}
	if e.clock == nil {
		e.clock = SystemClock{}
	}
	if e.journal == nil {
		e.journal = &MemJournal{}
	}
	if e.pub == nil {
		e.pub = PublisherFunc(func(Event) {})
	}
	if e.markEvery <= 0 {
		e.markEvery = 2 * time.Second
	}
	return e, nil
}

// New starts a fresh contest from a validated plan.
func New(plan *Plan, opts Options) (*Engine, error) { return newEngine(plan, opts) }

// Restore rebuilds an engine from its plan and journal. A question that
// was reading or open comes back paused with the time it had left at the
// last journal record, and that pause is journaled; the host resumes it.
func Restore(plan *Plan, recs []Record, opts Options) (*Engine, error) {
	e, err := newEngine(plan, opts)
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		if rec.Seq != e.st.seq+1 {
			return nil, fmt.Errorf("journal: record %d follows %d: %w", rec.Seq, e.st.seq, ErrJournal)
		}
		if _, err := e.st.apply(rec); err != nil {
			return nil, fmt.Errorf("journal: record %d (%s) does not replay: %w", rec.Seq, rec.Op, err)
		}
		if _, err := e.cst.apply(rec); err != nil {
			return nil, fmt.Errorf("journal: record %d (%s) does not replay: %w", rec.Seq, rec.Op, err)
		}
	}
	e.log = slices.Clone(recs)
	e.nextPub = e.st.seq + 1
	e.mu.Lock()
	at := e.st.lastAt
	pend := e.advanceLocked(at)
	if _, q := e.st.cur(); q != nil && !q.paused && (e.st.phase == PhaseReading || e.st.phase == PhaseOpen) {
		if p, err := e.commitLocked(Record{Op: OpPause, At: at, By: "parquiz", Note: "resume after restart"}); err == nil {
			pend = append(pend, p)
		}
	}
	e.mu.Unlock()
	if err := e.wait(pend); err != nil {
		return nil, err
	}
	return e, nil
}

type pending struct {
	rec Record
	gen int
	ch  <-chan error
	evs []Event
}

// now is the engine's time: UTC without a monotonic reading (records must
// replay identically), never before the last record. While storage has
// failed it stands still at the time the fault was found.
func (e *Engine) now() time.Time {
	if e.fault != nil {
		return e.fault.at
	}
	return e.clockNow()
}

func (e *Engine) clockNow() time.Time {
	t := e.clock.Now().UTC().Round(0)
	if t.Before(e.st.lastAt) {
		t = e.st.lastAt
	}
	return t
}

// commitLocked applies rec to the working state and queues it on the
// journal.
func (e *Engine) commitLocked(rec Record) (pending, error) {
	rec.Seq = e.st.seq + 1
	evs, err := e.st.apply(rec)
	if err != nil {
		return pending{}, err
	}
	e.log = append(e.log, rec)
	return pending{rec: rec, gen: e.gen, ch: e.journal.Append(rec), evs: evs}, nil
}

// advanceLocked applies the clock-driven transitions due by now, each at
// the time it was due.
func (e *Engine) advanceLocked(now time.Time) []pending {
	var out []pending
	for {
		t, op, ok := e.st.wake()
		if !ok || now.Before(t) {
			return out
		}
		p, err := e.commitLocked(Record{Op: op, At: t, By: "clock"})
		if err != nil {
			return out
		}
		out = append(out, p)
	}
}

// wait waits for the commits; each committed record is then applied to
// the committed state and its events published, in seq order. A failed
// commit rolls the working state back (see failLocked).
func (e *Engine) wait(ps []pending) error {
	var first error
	for _, p := range ps {
		err := <-p.ch
		if err == nil {
			e.deliver(p)
			continue
		}
		e.mu.Lock()
		ev := e.failLocked(p, err)
		e.mu.Unlock()
		if ev != nil {
			e.pubMu.Lock()
			e.pub.Publish(*ev)
			e.pubMu.Unlock()
		}
		if first == nil {
			first = fmt.Errorf("record %d (%s): %w: %w: %w", p.rec.Seq, p.rec.Op, ErrStorage, ErrJournal, err)
		}
	}
	return first
}

// failLocked handles a failed commit of p: the first failure of a
// generation rolls the working state back to the last committed record,
// resets the journal and starts (or continues) the fault. It returns the
// event announcing a new fault.
func (e *Engine) failLocked(p pending, err error) *Event {
	if p.gen != e.gen {
		return nil // this generation is rolled back already
	}
	from := p.rec.Seq
	var ce *CommitError
	if errors.As(err, &ce) && ce.From > 0 && ce.From < from {
		from = ce.From
	}
	if from < 1 {
		from = 1
	}
	dropped := e.log[from-1:]
	for _, r := range dropped {
		if r.Op == OpAnswer {
			e.refused++
		}
	}
	keep := e.log[:from-1]
	st := newState(e.st.plan)
	for _, r := range keep {
		if _, aerr := st.apply(r); aerr != nil {
			// cannot happen: these records applied before, in this order
			panic(fmt.Sprintf("quiz: rollback: record %d (%s) does not replay: %v", r.Seq, r.Op, aerr))
		}
	}
	e.st, e.log = st, keep
	e.gen++
	e.journal.Reset()
	wall := time.Now()
	if e.fault != nil {
		e.fault.err = err
		e.fault.tries++
		e.fault.next = wall.Add(RetryBackoff(e.fault.tries))
		e.fault.retrying = false
		return nil
	}
	at := e.clockNow()
	e.fault = &fault{at: at, since: wall, err: err, next: wall.Add(RetryBackoff(0))}
	e.faults++
	return &Event{Seq: e.cst.seq, Kind: EvStorageFault, At: at, Phase: e.st.phase, Note: err.Error()}
}

// deliver applies committed records to the committed state and publishes
// their events, in seq order.
func (e *Engine) deliver(p pending) {
	e.pubMu.Lock()
	defer e.pubMu.Unlock()
	e.outbox[p.rec.Seq] = p
	for {
		p, ok := e.outbox[e.nextPub]
		if !ok {
			return
		}
		delete(e.outbox, e.nextPub)
		e.nextPub++
		e.mu.Lock()
		evs, err := e.cst.apply(p.rec)
		e.mu.Unlock()
		if err != nil {
			// cannot happen: the working state accepted it in this order
			panic(fmt.Sprintf("quiz: committed record %d (%s) does not apply: %v", p.rec.Seq, p.rec.Op, err))
		}
		for _, ev := range evs {
			e.pub.Publish(ev)
		}
	}
}

// act runs one action: clock transitions due first, then rec.
func (e *Engine) act(rec Record) (pending, error) {
	e.mu.Lock()
	if f := e.fault; f != nil {
		if rec.Op == OpAnswer {
			e.refused++
		}
		e.mu.Unlock()
		return pending{}, fmt.Errorf("%w: %w: %w", ErrStorage, ErrJournal, f.err)
	}
	now := e.now()
	pend := e.advanceLocked(now)
	rec.At = now
	p, err := e.commitLocked(rec)
	if err == nil {
		pend = append(pend, p)
	}
	e.mu.Unlock()
	if werr := e.wait(pend); werr != nil {
		return pending{}, werr
	}
	return p, err
}

// Retry tries to end a storage fault now: it commits the clock's
// transitions due by the time the fault was found, the pause of a
// question that was reading or open (with the time it had left then),
// and an OpStorage record. It returns nil when there is no fault or the
// fault is over, ErrStorage while storage still fails. Tick calls it with
// backoff; the host may call it at once.
func (e *Engine) Retry() error {
	e.mu.Lock()
	f := e.fault
	if f == nil {
		e.mu.Unlock()
		return nil
	}
	if f.retrying {
		e.mu.Unlock()
		return fmt.Errorf("%w: %w: %w", ErrStorage, ErrJournal, f.err)
	}
	f.retrying = true
	pend := e.advanceLocked(f.at)
	if _, q := e.st.cur(); q != nil && !q.paused && (e.st.phase == PhaseReading || e.st.phase == PhaseOpen) {
		if p, err := e.commitLocked(Record{Op: OpPause, At: f.at, By: "parquiz", Note: "lỗi lưu trữ (storage fault): " + f.err.Error()}); err == nil {
			pend = append(pend, p)
		}
	}
	wall := time.Now()
	note := fmt.Sprintf("lỗi lưu trữ từ %s, %s (storage fault): %v; %d câu trả lời không lưu được, đã báo thí sinh trả lời lại",
		f.since.Format("15:04:05"), wall.Sub(f.since).Round(time.Second), f.err, e.refused)
	at := e.clock.Now().UTC().Round(0)
	if at.Before(e.st.lastAt) {
		at = e.st.lastAt
	}
	if p, err := e.commitLocked(Record{Op: OpStorage, At: at, By: "parquiz", Note: note}); err == nil {
		pend = append(pend, p)
	}
	gen := e.gen
	e.mu.Unlock()
	if err := e.wait(pend); err != nil {
		return err
	}
	e.mu.Lock()
	var ev *Event
	if e.fault == f && e.gen == gen {
		e.fault = nil
		ev = &Event{Seq: e.st.seq, Kind: EvStorageOK, At: at, Phase: e.st.phase, Note: note}
	}
	e.mu.Unlock()
	if ev != nil {
		e.pubMu.Lock()
		e.pub.Publish(*ev)
		e.pubMu.Unlock()
	}
	return nil
}

// Fault describes a storage failure the engine has not recovered from.
type Fault struct {
	Since     time.Time `json:"since"`      // when it was found (wall clock)
	FrozenAt  time.Time `json:"frozen_at"`  // the contest's clock stands still here
	Cause     string    `json:"cause"`      // the last error
	Retries   int       `json:"retries"`    // retries so far
	NextRetry time.Time `json:"next_retry"` // wall clock
}

// StorageStatus is the engine's storage health.
type StorageStatus struct {
	Fault   *Fault `json:"fault,omitempty"` // nil when storage works
	Faults  int    `json:"faults"`          // storage faults so far
	Refused int    `json:"refused"`         // answers not saved (and refused to the contestant) because of faults
	// Committed is the last committed journal record; InFlight counts
	// records whose commit has not returned.
	Committed int64 `json:"committed"`
	InFlight  int64 `json:"in_flight"`
}

// Storage reports the engine's storage health.
func (e *Engine) Storage() StorageStatus {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.storageLocked()
}

func (e *Engine) storageLocked() StorageStatus {
	s := StorageStatus{Faults: e.faults, Refused: e.refused, Committed: e.cst.seq, InFlight: e.st.seq - e.cst.seq}
	if f := e.fault; f != nil {
		s.Fault = &Fault{Since: f.since, FrozenAt: f.at, Cause: f.err.Error(), Retries: f.tries, NextRetry: f.next}
	}
	return s
}

func (e *Engine) host(op Op, n Note, rec Record) error {
	rec.Op, rec.By, rec.Note = op, questions.CleanLine(n.By), questions.CleanText(n.Reason)
	_, err := e.act(rec)
	return err
}

// Plan returns the engine's plan (shared; do not modify).
func (e *Engine) Plan() *Plan { return e.st.plan }

// Contestant looks a code up on the roster (codes are matched after NFC
// and trimming, case-insensitively).
func (e *Engine) Contestant(code string) (Contestant, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	i, ok := e.cst.byCode[normCode(code)]
	if !ok {
		return Contestant{}, false
	}
	return e.cst.roster[i], true
}

// Roster returns the roster, including late registrations.
func (e *Engine) Roster() []Contestant {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.cst.roster)
}

// Phase returns the current phase.
func (e *Engine) Phase() Phase {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.cst.phase
}

// Seq returns the seq of the last applied journal record.
func (e *Engine) Seq() int64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.cst.seq
}

// Submit records a contestant's answer to the question ref, which must be
// the open question. The response uses ORIGINAL option indexes
// (OptionView.Index). It returns once the answer is committed. ctx is
// checked before the answer is taken; once taken, Submit waits for the
// commit even if ctx ends, so that an acknowledged answer is a kept one.
func (e *Engine) Submit(ctx context.Context, code string, ref QuestionRef, r questions.Response) (Receipt, error) {
	if err := ctx.Err(); err != nil {
		return Receipt{}, err
	}
	resp := questions.Response{Choices: slices.Clone(r.Choices), Text: r.Text}
	if r.Bool != nil {
		b := *r.Bool
		resp.Bool = &b
	}
	if r.Number != nil {
		v := *r.Number
		resp.Number = &v
	}
	p, err := e.act(Record{Op: OpAnswer, Code: code, Round: ref.Round, Question: ref.Question, Response: &resp})
	if err != nil {
		return Receipt{}, err
	}
	for _, ev := range p.evs {
		if ev.Receipt != nil {
			return *ev.Receipt, nil
		}
	}
	return Receipt{}, nil
}

// Tick applies the transitions the clock drives: options appear when the
// read time ends, the question closes at its deadline (plus grace). It also
// publishes a coalesced EvAnswerCount when the count changed since the
// last tick and writes time checkpoints. The server calls it every ~100 ms
// (see Run); tests call it after moving a ManualClock.
func (e *Engine) Tick() error {
	e.mu.Lock()
	if f := e.fault; f != nil {
		due := !f.retrying && !time.Now().Before(f.next)
		err := f.err
		e.mu.Unlock()
		if due {
			return e.Retry()
		}
		return fmt.Errorf("%w: %w: %w", ErrStorage, ErrJournal, err)
	}
	now := e.now()
	pend := e.advanceLocked(now)
	st := e.st
	_, q := st.cur()
	if q != nil && !q.paused && (st.phase == PhaseOpen || st.phase == PhaseReading) && now.Sub(st.lastAt) >= e.markEvery {
		if p, err := e.commitLocked(Record{Op: OpMark, At: now, By: "clock"}); err == nil {
			pend = append(pend, p)
		}
	}
	var count *Event
	// the count is of committed answers only
	if cr, cq := e.cst.cur(); cq != nil && e.cst.phase == PhaseOpen {
		c := [3]int{e.cst.round, cr.cur, len(cq.answers)}
		if c != e.lastCount {
			e.lastCount = c
			count = &Event{Seq: e.cst.seq, Kind: EvAnswerCount, At: now, Phase: e.cst.phase, Ref: QuestionRef{e.cst.round, cr.cur},
				Answered: len(cq.answers), Eligible: e.cst.eligibleCount()}
		}
	}
	e.mu.Unlock()
	err := e.wait(pend)
	if count != nil {
		e.pubMu.Lock()
		e.pub.Publish(*count)
		e.pubMu.Unlock()
	}
	return err
}

// NextWake returns when the next clock-driven transition is due, if any.
func (e *Engine) NextWake() (time.Time, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	t, _, ok := e.st.wake()
	return t, ok
}

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
func (e *Engine) StartRound(n Note) error { return e.host(OpStartRound, n, Record{}) }

// NextQuestion shows the round's next question (reading, or open at once
// when the round has no read time). When the round is over (no questions
// left, or an elimination round down to its EndWhenLeft) it ends the round.
func (e *Engine) NextQuestion(n Note) error { return e.host(OpNext, n, Record{}) }

// Pause stops the clock of a reading or open question.
func (e *Engine) Pause(n Note) error { return e.host(OpPause, n, Record{}) }

// Resume restarts a paused question with the time it had left.
// During a storage fault it first retries (see Retry), so the host's
// "resume" is also "storage is back, carry on".
func (e *Engine) Resume(n Note) error {
	if err := e.Retry(); err != nil {
		return err
	}
	return e.host(OpResume, n, Record{})
}

// Extend gives a reading or open question d more time.
func (e *Engine) Extend(d time.Duration, n Note) error {
	return e.host(OpExtend, n, Record{Seconds: d.Seconds()})
}

// CloseNow closes the open (or reading) question before its deadline.
func (e *Engine) CloseNow(n Note) error { return e.host(OpClose, n, Record{}) }

// Reveal shows the key and the distribution of a closed question and
// scores it (eliminating in elimination rounds).
func (e *Engine) Reveal(n Note) error { return e.host(OpReveal, n, Record{}) }

// ShowStandings shows the standings after a reveal or at a round's end.
func (e *Engine) ShowStandings(n Note) error { return e.host(OpStandings, n, Record{}) }

// Void removes a question from scoring (and from elimination) and
// recomputes. Requires a reason.
func (e *Engine) Void(ref QuestionRef, n Note) error {
	return e.host(OpVoid, n, Record{Round: ref.Round, Question: ref.Question})
}

// AcceptAnswer makes r count as correct for everyone who gave it (the
// judges accept another answer). Requires a reason.
func (e *Engine) AcceptAnswer(ref QuestionRef, r questions.Response, n Note) error {
	resp := r
	resp.Choices = slices.Clone(r.Choices)
	return e.host(OpAccept, n, Record{Round: ref.Round, Question: ref.Question, Response: &resp})
}

// Override sets one contestant's answer to correct or wrong (a judge's
// decision, e.g. a typed answer with a typo). Requires a reason.
func (e *Engine) Override(ref QuestionRef, code string, correct bool, n Note) error {
	return e.host(OpOverride, n, Record{Round: ref.Round, Question: ref.Question, Code: code, Correct: &correct})
}

// Revive brings eliminated contestants back into the current elimination
// round: everyone eliminated when codes is empty (uses one of the round's
// Revives), or the named ones (requires a reason).
func (e *Engine) Revive(codes []string, n Note) error {
	return e.host(OpRevive, n, Record{Codes: slices.Clone(codes)})
}

// Kick removes a contestant: they cannot answer until readmitted and are
// left out of the standings. Requires a reason.
func (e *Engine) Kick(code string, n Note) error { return e.host(OpKick, n, Record{Code: code}) }

// Readmit undoes Kick. Requires a reason.
func (e *Engine) Readmit(code string, n Note) error { return e.host(OpReadmit, n, Record{Code: code}) }

// AddContestant registers a late contestant. Requires a reason.
func (e *Engine) AddContestant(c Contestant, n Note) error {
	return e.host(OpAdd, n, Record{Person: &c})
}

// SetTarget enters the target value of a prediction round (TargetHost).
// Requires a reason (the source of the figure).
func (e *Engine) SetTarget(round int, value float64, n Note) error {
	return e.host(OpTarget, n, Record{Round: round, Value: &value})
}

// EndRound ends the current round (early, with a reason, if questions remain).
func (e *Engine) EndRound(n Note) error { return e.host(OpEndRound, n, Record{}) }

// End ends the contest (early, with a reason, if rounds remain).
func (e *Engine) End(n Note) error { return e.host(OpEnd, n, Record{}) }

// SnapshotFor is what contestant code may see: no key before reveal, the
// options in their order, their own answer and place, and the top
// ContestantTopN standings rows.
func (e *Engine) SnapshotFor(code string) (Snapshot, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.cst.byCode[normCode(code)]; !ok {
		return Snapshot{}, fmt.Errorf("%q: %w", code, ErrUnknownContestant)
	}
	return e.snapshotLocked(ForContestant, code), nil
}

// BoardSnapshot is what the projector shows: no key before reveal.
func (e *Engine) BoardSnapshot() Snapshot {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.snapshotLocked(ForBoard, "")
}

// HostSnapshot is everything, including the key and every answer.
func (e *Engine) HostSnapshot() Snapshot {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.snapshotLocked(ForHost, "")
}

// Standings ranks every contestant over the whole contest with the
// configured tie-break chain.
func (e *Engine) Standings() []Standing {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.cst.derived().standings)
}

// RoundStandings ranks contestants on one round only.
func (e *Engine) RoundStandings(round int) ([]Standing, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if round < 0 || round >= len(e.cst.rounds) {
		return nil, fmt.Errorf("round %d: %w", round+1, ErrNoSuchQuestion)
	}
	return slices.Clone(e.cst.derived().roundStandings[round]), nil
}

// UnitStandings ranks the units with the configured rule.
func (e *Engine) UnitStandings() []UnitStanding {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.cst.derived().units)
}

// Results gathers everything for the result sheets.
func (e *Engine) Results() Results {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.cst.results(slices.Clone(e.cst.actions))
}

// snapshotLocked is a snapshot of the committed state. While storage has
// failed the clock stands still, a reading or open question is shown
// paused, and the snapshot carries the fault (the host also its cause).
func (e *Engine) snapshotLocked(aud Audience, code string) Snapshot {
	snap := e.cst.snapshot(aud, code, e.now())
	if e.fault == nil {
		return snap
	}
	f := e.storageLocked().Fault
	if aud != ForHost {
		f = &Fault{Since: f.Since, FrozenAt: f.FrozenAt}
	}
	snap.Fault = f
	if q := snap.Question; q != nil && (snap.Phase == PhaseReading || snap.Phase == PhaseOpen) {
		snap.Paused = true
		q.Paused = true
		q.Deadline = time.Time{}
	}
	return snap
}
