package quiz

import (
	"errors"
	"fmt"
)

// ConfigError is one problem in a contest file: where (Line, Field) and
// what (Key, a message key that internal/i18n translates with Args;
// Error gives the English text).
type ConfigError struct {
	File  string
	Line  int    // 1-based; 0 when unknown
	Field string // e.g. "rounds[2].draw.count" (rounds counted from 1)
	Key   string // message key, e.g. "contest.err.kind"
	Args  []any
}

// Error renders "FILE:LINE: FIELD: message" in English.
func (e *ConfigError) Error() string {
	msg := e.Key
	if f, ok := configMessages[e.Key]; ok {
		msg = fmt.Sprintf(f, e.Args...)
	}
	return e.Where() + msg
}

// Where renders the "FILE:LINE: FIELD: " prefix.
func (e *ConfigError) Where() string {
	s := ""
	if e.File != "" {
		s = e.File + ":"
	}
	if e.Line > 0 {
		s += fmt.Sprintf("%d:", e.Line)
	}
	if s != "" {
		s += " "
	}
	if e.Field != "" {
		s += e.Field + ": "
	}
	return s
}

// Unwrap makes every ConfigError match ErrConfig.
func (e *ConfigError) Unwrap() error { return ErrConfig }

// ConfigErrors returns the ConfigErrors in err (as joined by ParseConfig
// and Config.Validate), in order.
func ConfigErrors(err error) []*ConfigError {
	var out []*ConfigError
	var walk func(error)
	walk = func(err error) {
		if err == nil {
			return
		}
		if ce, ok := err.(*ConfigError); ok {
			out = append(out, ce)
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		if ce := (*ConfigError)(nil); errors.As(err, &ce) {
			out = append(out, ce)
		}
	}
	walk(err)
	return out
}

// configMessages are the English texts of ConfigError keys; the
// Vietnamese (and the same English) live in internal/i18n/contest.go.
var configMessages = map[string]string{
	"contest.err.yaml":            "%s",
	"contest.err.title":           "the contest needs a title",
	"contest.err.no_rounds":       "the contest has no rounds",
	"contest.err.kind":            "%q is not a round kind (classic, speed, elimination, prediction)",
	"contest.err.time":            "the time per question must be between 1 s and 1 h, not %v",
	"contest.err.read":            "the read time must be between 0 and 5 min, not %v",
	"contest.err.grace":           "the grace must be between 0 and 10 s, not %v",
	"contest.err.shuffle":         "%q is not a shuffle mode (none, all, contestant)",
	"contest.err.points":          "points must be 0 to 100000, not %d",
	"contest.err.penalty":         "a penalty (negative marking) is only for classic rounds and must be 0 to 100000",
	"contest.err.difficulty":      "%q is not a difficulty (easy/dễ/1, medium/trung bình/2, hard/khó/3)",
	"contest.err.mix_count":       "mix: the number of difficulty-%d questions must be 0 or more, not %d",
	"contest.err.too_big":         "the file has %d bytes; a contest file may have at most %d (is it the right file?)",
	"contest.err.mix_count_named": "mix: the number of %q questions must be 0 or more, not %d",
	"contest.err.count":           "draw %d questions: the count must be 1 to 500",
	"contest.err.count_mix":       "give either count or mix, not both",
	"contest.err.qkind":           "%q is not a question kind (single, multiple, truefalse, numeric, short)",
	"contest.err.streak":          "a streak bonus is only for speed rounds; step and cap must be 0 to 10000",
	"contest.err.revives":         "revives and end_when_left are only for elimination rounds and must be 0 to 1000",
	"contest.err.target":          "%q is not a prediction target (host, key, participants, perfect)",
	"contest.err.target_kind":     "target is only for prediction rounds",
	"contest.err.prediction":      "a prediction round has exactly one numeric question: give question: (or draw count: 1 of kinds: [numeric])",
	"contest.err.question_kind":   "an inline question is only for prediction rounds",
	"contest.err.question_text":   "the prediction question needs a text",
	"contest.err.question_key":    "target: key needs the question's answer",
	"contest.err.tiebreak":        "%q is not a tie-break step (score, correct, prediction, time, last_answer, survival)",
	"contest.err.tiebreak_dup":    "%q appears twice in the tie-break chain",
	"contest.err.units":           "%q is not a unit rule (sum, average, best)",
	"contest.err.units_k":         "best needs k of 1 or more, not %d",
	"contest.err.roster_empty":    "the roster is empty",
	"contest.err.roster_code":     "contestant %d has no code",
	"contest.err.roster_name":     "contestant %s has no name",
	"contest.err.roster_dup":      "code %s appears twice",
	"contest.err.questions":       "round %d has %d questions; the plan needs %d",
	"contest.err.question_bad":    "round %d question %d: %v",
	"contest.err.not_enough":      "%v",
	"contest.err.draw":            "cannot draw the questions: %v",
	"contest.err.notenough":       "the round asks for %d questions, the bank has %d that match its draw (and were not drawn by an earlier round)",
	"contest.err.notenough_level": "the round asks for %d questions of this difficulty, the bank has %d that match its draw (and were not drawn by an earlier round)",
	"contest.err.unknown_topic":   "no question in the bank has topic %q",
	"contest.err.unknown_set":     "the bank has no set %q",
	"contest.err.choices_kind":    "an elimination or speed round cannot grade %s questions by hand; use choice, true/false or numeric kinds",
	"contest.err.change_elim":     "allow_change is not for elimination or prediction rounds",
	"contest.err.prediction_kind": "the prediction question must be numeric, not %s",
}

// ConfigMessageKeys lists the message keys a ConfigError can carry, so
// that a test can check each has a translation.
func ConfigMessageKeys() []string {
	keys := make([]string, 0, len(configMessages))
	for k := range configMessages {
		keys = append(keys, k)
	}
	return keys
}

func cfgErr(field, key string, args ...any) *ConfigError {
	return &ConfigError{Field: field, Key: key, Args: args}
}
