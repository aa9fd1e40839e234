package quiz

import (
	"time"

	"parquiz/questions"
)

// Standing is one contestant's row in the standings.
type Standing struct {
	Rank       int        `json:"rank"` // 1-based; tied rows share a rank
	Tied       bool       `json:"tied,omitempty"`
	Contestant Contestant `json:"contestant"`

	Points     int           `json:"points"`
	Correct    int           `json:"correct"`
	Answered   int           `json:"answered"`
	Time       time.Duration `json:"time"`        // total response time of correct answers
	LastAnswer time.Time     `json:"last_answer"` // zero if none
	Prediction *float64      `json:"prediction,omitempty"`
	Distance   *float64      `json:"distance,omitempty"` // |prediction - target|, once the target is known
	Eliminated bool          `json:"eliminated,omitempty"`
	Kicked     bool          `json:"kicked,omitempty"`

	// Decided is the tie-break step that put this row below the previous
	// one ("" for the first row and for a row tied with the previous).
	// TieScore means plain score; anything else means they were level on
	// score and that step decided.
	Decided TieKey `json:"decided,omitempty"`
}

// UnitKey is a step in ranking units.
type UnitKey string

// Unit ranking steps: score, then participation rate.
const (
	UnitByScore         UnitKey = "score"
	UnitByParticipation UnitKey = "participation"
)

// UnitStanding is one unit's (đơn vị) row.
type UnitStanding struct {
	Rank          int      `json:"rank"`
	Tied          bool     `json:"tied,omitempty"`
	Unit          string   `json:"unit"`
	Block         string   `json:"block,omitempty"`
	Score         float64  `json:"score"`
	Members       int      `json:"members"`           // on the roster
	Participants  int      `json:"participants"`      // answered at least once
	Participation float64  `json:"participation"`     // Participants / Members, 0..1
	Counted       []string `json:"counted,omitempty"` // codes counted (best-k)
	Decided       UnitKey  `json:"decided,omitempty"`
}

// QuestionResult is one played question in the results.
type QuestionResult struct {
	Ref          QuestionRef          `json:"ref"`
	Question     questions.Question   `json:"question"`
	Voided       bool                 `json:"voided,omitempty"`
	VoidReason   string               `json:"void_reason,omitempty"`
	OpenedAt     time.Time            `json:"opened_at"`
	Answers      int                  `json:"answers"`
	CorrectCount int                  `json:"correct_count"`
	Distribution []int                `json:"distribution,omitempty"`
	Extra        []questions.Response `json:"extra,omitempty"` // accepted afterwards
}

// AnswerRecord is one accepted answer in the results.
type AnswerRecord struct {
	Receipt
	Result AnswerResult `json:"result"`
	// OverrideReason is the judge's reason when Result.Overridden.
	OverrideReason string `json:"override_reason,omitempty"`
}

// Results is everything the jury's result sheets need.
type Results struct {
	Contest        ContestInfo      `json:"contest"`
	Config         Config           `json:"config"`
	Roster         []Contestant     `json:"roster"`
	Standings      []Standing       `json:"standings"`
	RoundStandings [][]Standing     `json:"round_standings"`
	Units          []UnitStanding   `json:"units"`
	Questions      []QuestionResult `json:"questions"`
	Answers        []AnswerRecord   `json:"answers"`
	// Actions are the host's journal records (everything but answers and
	// clock marks), with their reasons.
	Actions []Record `json:"actions"`
}
