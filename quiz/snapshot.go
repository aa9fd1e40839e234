package quiz

import (
	"time"

	"parquiz/questions"
)

// Phase is where the contest is in the state machine:
// lobby → round intro → reading → open → closed → revealed → standings →
// (reading …) → round end → (round intro …) → ended.
type Phase string

// Phases. Pause is not a phase: Snapshot.Paused is set while a reading or
// open question is paused.
const (
	PhaseLobby      Phase = "lobby"
	PhaseRoundIntro Phase = "round_intro"
	PhaseReading    Phase = "reading"
	PhaseOpen       Phase = "open"
	PhaseClosed     Phase = "closed"
	PhaseRevealed   Phase = "revealed"
	PhaseStandings  Phase = "standings"
	PhaseRoundEnd   Phase = "round_end"
	PhaseEnded      Phase = "ended"
)

// QuestionRef names a question: round index and question index within the
// round, both from 0.
type QuestionRef struct {
	Round    int `json:"round"`
	Question int `json:"question"`
}

// Audience is who a snapshot was made for.
type Audience string

// Audiences.
const (
	ForHost       Audience = "host"
	ForBoard      Audience = "board"
	ForContestant Audience = "contestant"
)

// ContestInfo is the contest's heading.
type ContestInfo struct {
	Title     string `json:"title"`
	Organiser string `json:"organiser,omitempty"`
	Date      string `json:"date,omitempty"`
	Rounds    int    `json:"rounds"`
}

// RoundView describes a round.
type RoundView struct {
	Index       int           `json:"index"`
	Title       string        `json:"title"`
	Kind        RoundKind     `json:"kind"`
	Questions   int           `json:"questions"`
	Played      int           `json:"played"` // questions opened so far
	TimeLimit   time.Duration `json:"time_limit"`
	ReadTime    time.Duration `json:"read_time"`
	Points      int           `json:"points"`
	Alive       int           `json:"alive,omitempty"`        // elimination: contestants still in
	RevivesLeft int           `json:"revives_left,omitempty"` // elimination
	Target      *float64      `json:"target,omitempty"`       // prediction, once known
}

// OptionView is one option as a screen shows it. Index is the ORIGINAL
// option index, the one Submit takes; Letter is the letter on this screen
// (after shuffling).
type OptionView struct {
	Index   int    `json:"index"`
	Letter  string `json:"letter"`
	Text    string `json:"text"`
	Correct bool   `json:"correct,omitempty"` // only when the key is visible
	Count   int    `json:"count,omitempty"`   // answers choosing it; only after reveal (host: always)
}

// KeyView is the key of a question, present only once it may be seen.
type KeyView struct {
	Correct     []int             `json:"correct,omitempty"` // original option indexes
	Truth       bool              `json:"truth,omitempty"`
	Number      questions.Numeric `json:"number,omitempty"`
	Accepted    []string          `json:"accepted,omitempty"`
	Text        string            `json:"text"` // questions.KeyText("vi")
	TextEN      string            `json:"text_en"`
	Explanation string            `json:"explanation,omitempty"`
	Source      string            `json:"source,omitempty"`
	// Extra lists responses the host accepted as correct afterwards.
	Extra []questions.Response `json:"extra,omitempty"`
}

// QuestionView is a question as a screen shows it.
type QuestionView struct {
	Ref        QuestionRef    `json:"ref"`
	Number     int            `json:"number"` // 1-based within the round
	Total      int            `json:"total"`
	Kind       questions.Kind `json:"kind"`
	Text       string         `json:"text"`
	Topic      string         `json:"topic,omitempty"`
	Difficulty int            `json:"difficulty"`
	Points     int            `json:"points"`
	// Options is nil while reading (and for kinds without options).
	Options   []OptionView  `json:"options,omitempty"`
	ShownAt   time.Time     `json:"shown_at"`           // stem shown
	OpensAt   time.Time     `json:"opens_at"`           // options shown, answers open
	Deadline  time.Time     `json:"deadline,omitempty"` // zero while paused
	Remaining time.Duration `json:"remaining"`          // time left; frozen while paused
	Paused    bool          `json:"paused,omitempty"`
	Voided    bool          `json:"voided,omitempty"`
	Revealed  bool          `json:"revealed,omitempty"`
	Key       *KeyView      `json:"key,omitempty"` // nil unless revealed (host: always)
}

// Receipt acknowledges an accepted (and committed) answer.
type Receipt struct {
	Ref      QuestionRef        `json:"ref"`
	Code     string             `json:"code"`
	Response questions.Response `json:"response"`
	At       time.Time          `json:"at"`      // server receive time
	Elapsed  time.Duration      `json:"elapsed"` // At - opening time (pauses excluded)
	Changed  bool               `json:"changed,omitempty"`
}

// MyAnswer is a contestant's own answer to the current question.
type MyAnswer struct {
	Receipt
	// Result is set once the question is revealed.
	Result *AnswerResult `json:"result,omitempty"`
}

// AnswerResult is how an answer was scored.
type AnswerResult struct {
	Correct    bool    `json:"correct"`
	Grade      float64 `json:"grade"` // 0..1 share of the points
	Points     int     `json:"points"`
	Bonus      int     `json:"bonus,omitempty"` // speed streak bonus included in Points
	Overridden bool    `json:"overridden,omitempty"`
	Voided     bool    `json:"voided,omitempty"`
}

// MyView is what a contestant's own screen shows about them.
type MyView struct {
	Contestant Contestant `json:"contestant"`
	Kicked     bool       `json:"kicked,omitempty"`
	Eliminated bool       `json:"eliminated,omitempty"` // in the current elimination round
	Answer     *MyAnswer  `json:"answer,omitempty"`     // current question, if answered
	// Standing is the contestant's own row (score, place); Of is the number
	// of ranked contestants.
	Standing Standing `json:"standing"`
	Of       int      `json:"of"`
}

// ContestantState is one roster row on the host's screen.
type ContestantState struct {
	Contestant Contestant `json:"contestant"`
	Kicked     bool       `json:"kicked,omitempty"`
	Eliminated bool       `json:"eliminated,omitempty"`
	Answer     *MyAnswer  `json:"answer,omitempty"` // current question
	Points     int        `json:"points"`
	Rank       int        `json:"rank"`
}

// Snapshot is everything a newly connected (or resynchronising) screen
// needs. Seq is the last journal record it includes: events with a Seq up
// to it are already reflected.
type Snapshot struct {
	Seq      int64       `json:"seq"`
	Now      time.Time   `json:"now"`
	Audience Audience    `json:"audience"`
	Contest  ContestInfo `json:"contest"`
	Phase    Phase       `json:"phase"`
	Paused   bool        `json:"paused,omitempty"`
	// Fault is set while storage has failed: nothing is being saved, the
	// clock stands still and answers are refused (the host sees the cause).
	Fault *Fault `json:"fault,omitempty"`

	Rounds   []RoundView   `json:"rounds"`
	Round    *RoundView    `json:"round,omitempty"`    // current round
	Question *QuestionView `json:"question,omitempty"` // current question

	Answered int `json:"answered"` // answers to the current question
	Eligible int `json:"eligible"` // contestants who may answer it
	// Distribution per original option of the current question: after
	// reveal only (host: always).
	Distribution []int `json:"distribution,omitempty"`

	Standings []Standing     `json:"standings,omitempty"`
	Units     []UnitStanding `json:"units,omitempty"`

	Me          *MyView           `json:"me,omitempty"`          // contestant only
	Contestants []ContestantState `json:"contestants,omitempty"` // host only
}
