package quiz

import "time"

// EventKind names what happened.
type EventKind string

// Event kinds.
const (
	EvRoundStarted    EventKind = "round_started"    // round intro
	EvQuestionReading EventKind = "question_reading" // stem shown, options not yet
	EvQuestionOpened  EventKind = "question_opened"  // options shown, answers open until Deadline
	EvAnswerAccepted  EventKind = "answer_accepted"  // To = the contestant who answered
	EvAnswerCount     EventKind = "answer_count"     // Answered/Eligible changed (coalesced, see Engine.Tick)
	EvPaused          EventKind = "paused"
	EvResumed         EventKind = "resumed" // new Deadline
	EvExtended        EventKind = "extended"
	EvClosed          EventKind = "closed"
	EvRevealed        EventKind = "revealed" // key and Distribution
	EvStandings       EventKind = "standings"
	EvEliminated      EventKind = "eliminated" // Codes
	EvRevived         EventKind = "revived"    // Codes
	EvRescored        EventKind = "rescored"   // void, accept, override, target: scores recomputed
	EvKicked          EventKind = "kicked"     // Codes
	EvReadmitted      EventKind = "readmitted"
	EvJoined          EventKind = "joined" // late registration
	EvRoundEnded      EventKind = "round_ended"
	EvContestEnded    EventKind = "contest_ended"
	// EvStorageFault: a commit failed; the clock stands still and answers
	// are refused until storage recovers (Note: the cause).
	EvStorageFault EventKind = "storage_fault"
	// EvStorageOK: storage recovered; a frozen question is now paused.
	EvStorageOK EventKind = "storage_ok"
)

// Event is published after the change it reports is committed. To is ""
// for everyone, or a contestant code for that contestant only (the hub
// also gives private events to host subscribers). Events never carry a key
// before it is revealed. Question is the board's view (options in the
// common order); with per-contestant shuffling a contestant screen takes
// its own order from SnapshotFor. EvKicked/EvReadmitted are broadcast with
// the code in Codes (a contestant screen checks whether it is its own).
//
// Events say what changed; a screen that needs the full picture (or that
// was dropped for falling behind) calls SnapshotFor / BoardSnapshot /
// HostSnapshot, whose Seq tells which events it already includes.
type Event struct {
	Seq   int64     `json:"seq"` // journal seq of the record that caused it
	Kind  EventKind `json:"kind"`
	At    time.Time `json:"at"`
	To    string    `json:"to,omitempty"`
	Phase Phase     `json:"phase"`

	Ref       QuestionRef   `json:"ref"`
	Question  *QuestionView `json:"question,omitempty"`
	Deadline  time.Time     `json:"deadline,omitempty"`
	Remaining time.Duration `json:"remaining,omitempty"`

	Answered     int   `json:"answered,omitempty"`
	Eligible     int   `json:"eligible,omitempty"`
	Distribution []int `json:"distribution,omitempty"` // per original option (choice kinds), after reveal

	Codes   []string `json:"codes,omitempty"`
	Receipt *Receipt `json:"receipt,omitempty"` // EvAnswerAccepted
	Note    string   `json:"note,omitempty"`    // the host's reason, if any
}

// Publisher receives the engine's events. Publish must not block (the
// engine calls it in the caller's goroutine); internal/hub implements it.
type Publisher interface {
	Publish(Event)
}

// PublisherFunc adapts a function to Publisher.
type PublisherFunc func(Event)

// Publish calls f(e).
func (f PublisherFunc) Publish(e Event) { f(e) }
