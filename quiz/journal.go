package quiz

import (
	"fmt"
	"sync"
	"time"

	"parquiz/questions"
)

// Op is what a journal record does.
type Op string

// Journal operations: one per host action, plus answers and the
// transitions the clock drives (OpOpen when the read time ends, OpClose at
// the deadline).
const (
	OpStartRound Op = "start_round"
	OpNext       Op = "next"
	OpOpen       Op = "open"
	OpPause      Op = "pause"
	OpResume     Op = "resume"
	OpExtend     Op = "extend"
	OpClose      Op = "close"
	OpReveal     Op = "reveal"
	OpStandings  Op = "standings"
	OpVoid       Op = "void"
	OpAccept     Op = "accept"   // accept another response as correct for everyone who gave it
	OpOverride   Op = "override" // judge decision for one contestant's answer
	OpRevive     Op = "revive"
	OpKick       Op = "kick"
	OpReadmit    Op = "readmit"
	OpTarget     Op = "target"
	OpEndRound   Op = "end_round"
	OpEnd        Op = "end"
	OpAnswer     Op = "answer"
	OpAdd        Op = "add"  // late registration
	OpMark       Op = "mark" // a time checkpoint while a question is open (for resume)
	// OpStorage records that storage failed and recovered: Note says the
	// cause, how long, and how many answers were refused meanwhile.
	OpStorage Op = "storage"
)

// Record is one journal entry. The engine applies records in Seq order;
// Restore replays them. Records carry their own time (At), so a replay does
// not read the clock.
type Record struct {
	Seq  int64     `json:"seq"`
	At   time.Time `json:"at"`
	Op   Op        `json:"op"`
	By   string    `json:"by,omitempty"`
	Note string    `json:"reason,omitempty"`

	Round    int                 `json:"round,omitempty"`
	Question int                 `json:"question,omitempty"`
	Code     string              `json:"code,omitempty"`
	Codes    []string            `json:"codes,omitempty"`
	Response *questions.Response `json:"response,omitempty"`
	Correct  *bool               `json:"correct,omitempty"` // OpOverride
	Seconds  float64             `json:"seconds,omitempty"` // OpExtend
	Value    *float64            `json:"value,omitempty"`   // OpTarget
	Person   *Contestant         `json:"person,omitempty"`  // OpAdd
}

// Journal makes records durable. Append is called with the engine locked,
// in Seq order, and must only queue the record (it must not wait for the
// disk); the returned channel receives exactly one value, nil once the
// record (and every earlier one) is committed.
//
// A failed commit is reported as a *CommitError naming the first record
// that was not committed; from then on every record appended is refused
// with that error, so nothing is committed after a gap, until the engine
// has rolled its state back to the last committed record and calls Reset.
// Records appended after Reset are committed again (if storage allows).
// internal/store implements it with group commit.
type Journal interface {
	Append(rec Record) <-chan error
	Reset()
}

// CommitError is a failed journal commit: records from seq From on were
// not committed (those before it were).
type CommitError struct {
	From int64
	Err  error
}

func (e *CommitError) Error() string {
	return fmt.Sprintf("journal commit from record %d: %v", e.From, e.Err)
}

func (e *CommitError) Unwrap() error { return e.Err }

// MemJournal is an in-memory Journal for tests and practice: records are
// "committed" at once.
type MemJournal struct {
	mu     sync.Mutex
	recs   []Record
	failed *CommitError // set by a failed append until Reset
	// Fail, when set, is returned for every append (and the record is not kept).
	Fail error
}

// Append keeps rec.
func (j *MemJournal) Append(rec Record) <-chan error {
	ch := make(chan error, 1)
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.failed == nil && j.Fail != nil {
		j.failed = &CommitError{From: rec.Seq, Err: j.Fail}
	}
	if j.failed != nil {
		ch <- j.failed
		return ch
	}
	j.recs = append(j.recs, rec)
	ch <- nil
	return ch
}

// Reset accepts records again after a failure.
func (j *MemJournal) Reset() {
	j.mu.Lock()
	j.failed = nil
	j.mu.Unlock()
}

// SetFail sets or clears Fail under the journal's lock.
func (j *MemJournal) SetFail(err error) {
	j.mu.Lock()
	j.Fail = err
	j.mu.Unlock()
}

// Records returns a copy of the records kept so far.
func (j *MemJournal) Records() []Record {
	j.mu.Lock()
	defer j.mu.Unlock()
	return append([]Record(nil), j.recs...)
}
