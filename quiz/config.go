package quiz

import (
	"time"

	"parquiz/questions"
)

// RoundKind is the rule set of a round.
type RoundKind string

// The round kinds.
const (
	// Classic: fixed points per correct answer (per question or per
	// difficulty), optional negative marking.
	Classic RoundKind = "classic"
	// Speed: Kahoot points, round((1 - (t/limit)/2) * points), full points
	// under 0.5 s, optional streak bonus.
	Speed RoundKind = "speed"
	// Elimination: Rung chuông vàng; a wrong or missing answer eliminates.
	Elimination RoundKind = "elimination"
	// Prediction: one numeric question used as a tie-breaker.
	Prediction RoundKind = "prediction"
)

// ShuffleMode says how options are ordered on screen.
type ShuffleMode string

// Shuffle modes. Shuffles are deterministic (from the round seed, the
// question and, for ShuffleContestant, the contestant code), so a resumed
// contest shows the same order; answers are always stored as the original
// option indexes.
const (
	ShuffleNone       ShuffleMode = "none"
	ShuffleAll        ShuffleMode = "all"        // one order for everyone
	ShuffleContestant ShuffleMode = "contestant" // a different order per contestant
)

// TargetKind says where a prediction round's target value comes from.
type TargetKind string

// Prediction targets.
const (
	TargetHost         TargetKind = "host"         // entered by the host (SetTarget)
	TargetKey          TargetKind = "key"          // the question's own numeric key
	TargetParticipants TargetKind = "participants" // number of contestants who answered at least once
	TargetPerfect      TargetKind = "perfect"      // number of contestants with every scored answer correct
)

// TieKey is one step of the tie-break chain.
type TieKey string

// Tie-break steps. The default chain is the Vietnamese contest order:
// score, prediction closest, shorter total time, earlier last answer.
const (
	TieScore      TieKey = "score"       // more points
	TieCorrect    TieKey = "correct"     // more correct answers
	TiePrediction TieKey = "prediction"  // prediction closer to the target
	TieTime       TieKey = "time"        // shorter total response time of correct answers
	TieLastAnswer TieKey = "last_answer" // earlier time of the last accepted answer
	// TieSurvival puts contestants still in an elimination round above
	// those eliminated. A round's standings of an elimination round always
	// start with it; put it first in the contest's chain for a Rung chuông
	// vàng contest.
	TieSurvival TieKey = "survival"
)

// DefaultTieBreak is the chain used when the contest file names none.
var DefaultTieBreak = []TieKey{TieScore, TiePrediction, TieTime, TieLastAnswer}

// UnitMethod says how a unit's score is made from its members' scores.
type UnitMethod string

// Unit methods.
const (
	UnitSum     UnitMethod = "sum"
	UnitAverage UnitMethod = "average" // over all members on the roster
	UnitBestK   UnitMethod = "best"    // sum of the K best members
)

// UnitRule is the unit (đơn vị) standings rule.
type UnitRule struct {
	Method UnitMethod `json:"method"`
	K      int        `json:"k,omitempty"` // for UnitBestK
}

// Config is a whole contest: what the contest file holds.
type Config struct {
	Title     string        `json:"title"`
	Organiser string        `json:"organiser,omitempty"`
	Date      string        `json:"date,omitempty"`
	Rounds    []RoundConfig `json:"rounds"`
	TieBreak  []TieKey      `json:"tie_break"`
	Units     UnitRule      `json:"units"`
	// Grace is how long after the deadline an answer still counts
	// (network slack); default 0.
	Grace time.Duration `json:"grace"`
	// BoardPassword, when set, is asked of the projector's SSH session
	// (board@); `serve --board-password` overrides it. It is kept with the
	// stored plan so a resumed contest stays protected, and left out of
	// Results.
	BoardPassword string `json:"board_password,omitempty"`
	// Limits are the SSH server's access limits (the file's `limits:`;
	// zero fields take the server's defaults), kept so --resume keeps them.
	Limits Limits `json:"limits,omitzero"`
}

// RoundConfig is one round of the contest.
type RoundConfig struct {
	Title string    `json:"title"`
	Kind  RoundKind `json:"kind"`
	// Draw says which questions the round draws from the bank (seeded).
	Draw questions.DrawSpec `json:"draw"`
	// TimeLimit is the answering time per question.
	TimeLimit time.Duration `json:"time_limit"`
	// ReadTime is shown before the options appear (0 = options at once).
	ReadTime time.Duration `json:"read_time"`
	Shuffle  ShuffleMode   `json:"shuffle"`
	// Points per correct answer; PointsByDifficulty (1 easy, 2 medium,
	// 3 hard) overrides it for the question's difficulty. Speed rounds
	// use it as Kahoot's points_possible (default 1000).
	Points             int         `json:"points"`
	PointsByDifficulty map[int]int `json:"points_by_difficulty,omitempty"`
	// Penalty is subtracted for a wrong answer (not for no answer); classic only.
	Penalty int `json:"penalty,omitempty"`
	// AllowChange lets a contestant change the answer until the deadline.
	AllowChange bool `json:"allow_change,omitempty"`
	// Speed: streak bonus of StreakStep per correct answer in a row after
	// the first, capped at StreakCap (Kahoot: 100, 500). 0 = no bonus.
	StreakStep int `json:"streak_step,omitempty"`
	StreakCap  int `json:"streak_cap,omitempty"`
	// Elimination: how many "revive everyone" (cứu trợ) the host may use
	// (default 1), and the number of contestants left at which the round
	// ends (default 1; 0 = play every question).
	Revives     int `json:"revives,omitempty"`
	EndWhenLeft int `json:"end_when_left"`
	// Prediction: where the target comes from.
	Target TargetKind `json:"target,omitempty"`
	// Inline questions are played as given instead of drawn (a prediction
	// round's question is usually written in the contest file).
	Inline []questions.Question `json:"inline,omitempty"`
	// Line is the line of the round in the contest file, for messages.
	Line int `json:"line,omitempty"`
}

// PointsFor returns the points a correct answer to a question of the given
// difficulty is worth in this round.
func (r RoundConfig) PointsFor(difficulty int) int {
	if p, ok := r.PointsByDifficulty[difficulty]; ok {
		return p
	}
	return r.Points
}
