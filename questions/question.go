// Package questions holds the question bank's domain: the Question type and
// its kinds, text normalisation (NFC, folding), content hashing, validation
// and grading. It is pure Go: the SQLite bank lives in questions/bank, the
// file formats in questions/format, the shipped PAR bank in questions/par.
package questions

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// Kind is the kind of a question: how it is answered and graded.
type Kind string

// The kinds parquiz can play.
const (
	KindSingle    Kind = "single"    // one correct option of 2–8
	KindMultiple  Kind = "multiple"  // several correct options, weighted
	KindTrueFalse Kind = "truefalse" // Đúng / Sai
	KindNumeric   Kind = "numeric"   // a number, within a tolerance or a range
	KindShort     Kind = "short"     // a typed answer, compared after folding
)

// Kinds lists every kind in display order.
var Kinds = []Kind{KindSingle, KindMultiple, KindTrueFalse, KindNumeric, KindShort}

// Valid reports whether k is one of the kinds parquiz can play.
func (k Kind) Valid() bool {
	for _, x := range Kinds {
		if k == x {
			return true
		}
	}
	return false
}

// HasChoices reports whether questions of kind k are answered by picking options.
func (k Kind) HasChoices() bool { return k == KindSingle || k == KindMultiple }

// Difficulty levels.
const (
	Easy   = 1 // dễ
	Medium = 2 // trung bình
	Hard   = 3 // khó
)

// Limits on options for choice questions.
const (
	MinChoices = 2
	MaxChoices = 8
)

// Choice is one option of a single or multiple choice question.
type Choice struct {
	Text    string
	Correct bool
	// Weight is the share of the question's points in percent, as Moodle's
	// ~%50% (negative for a penalised wrong option). Only multiple choice
	// uses it; Normalize fills it in when a source gave none.
	Weight   float64
	Feedback string // shown at reveal beside this option (GIFT #feedback)
}

// Numeric is the key of a numeric question: Value±Tolerance, or [Min, Max]
// when IsRange. Both forms are kept so that export gives back what was
// imported.
type Numeric struct {
	Value     float64
	Tolerance float64
	Min, Max  float64
	IsRange   bool
}

// Bounds returns the closed interval of accepted values.
func (n Numeric) Bounds() (lo, hi float64) {
	if n.IsRange {
		return n.Min, n.Max
	}
	t := math.Abs(n.Tolerance)
	return n.Value - t, n.Value + t
}

// String renders the key as "3±2" or "1..5".
func (n Numeric) String() string {
	if n.IsRange {
		return FormatNumber(n.Min) + ".." + FormatNumber(n.Max)
	}
	if n.Tolerance == 0 {
		return FormatNumber(n.Value)
	}
	return FormatNumber(n.Value) + "±" + FormatNumber(n.Tolerance)
}

// FormatNumber prints a float without a trailing ".0" and without exponent
// for the magnitudes questions use.
func FormatNumber(f float64) string {
	s := fmt.Sprintf("%.6f", f)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		s = "0"
	}
	return s
}

// Question is one question of the bank.
type Question struct {
	ID    int64  // bank row id; 0 before it is stored
	Title string // GIFT ::title::, optional
	Text  string // the stem, NFC
	Kind  Kind

	Choices  []Choice // single, multiple
	Truth    bool     // truefalse: the key
	Number   Numeric  // numeric: the key
	Accepted []string // short: accepted answers

	// TrueFeedback and FalseFeedback are GIFT's {T#wrong#right} feedback
	// shown to those who answered true or false.
	TrueFeedback, FalseFeedback string

	Topic       string   // a path like "CCHC/Một cửa", "/"-separated
	Difficulty  int      // 1 easy, 2 medium, 3 hard
	Tags        []string // free labels
	Explanation string   // why the key is right, shown at reveal
	Source      string   // document number, date, article; required for shipped questions
	Set         string   // the file or collection it came from
	Hash        string   // content hash, see ContentHash
}

// Correct returns the indexes of the correct options of a choice question.
func (q *Question) Correct() []int {
	var out []int
	for i, c := range q.Choices {
		if c.Correct {
			out = append(out, i)
		}
	}
	return out
}

// KeyText renders the key for people: option letters and their text for
// choice kinds, Đúng/Sai (or True/False with en), the number, or the
// accepted answers.
func (q *Question) KeyText(lang string) string {
	switch q.Kind {
	case KindSingle, KindMultiple:
		var parts []string
		for _, i := range q.Correct() {
			parts = append(parts, fmt.Sprintf("%s. %s", Letter(i), q.Choices[i].Text))
		}
		return strings.Join(parts, "; ")
	case KindTrueFalse:
		return TruthWord(q.Truth, lang)
	case KindNumeric:
		return q.Number.String()
	case KindShort:
		return strings.Join(q.Accepted, " | ")
	}
	return ""
}

// TruthWord is "Đúng"/"Sai" in Vietnamese, "True"/"False" in English.
func TruthWord(b bool, lang string) string {
	switch {
	case lang == "en" && b:
		return "True"
	case lang == "en":
		return "False"
	case b:
		return "Đúng"
	default:
		return "Sai"
	}
}

// Letter is the option letter for index i: A, B, C…
func Letter(i int) string { return string(rune('A' + i)) }

// LetterIndex is the index for an option letter (A or a → 0), or -1.
func LetterIndex(s string) int {
	s = strings.TrimSpace(s)
	if len(s) != 1 {
		return -1
	}
	c := s[0]
	switch {
	case c >= 'A' && c <= 'Z':
		return int(c - 'A')
	case c >= 'a' && c <= 'z':
		return int(c - 'a')
	}
	return -1
}

// ErrInvalid is wrapped by every validation error.
var ErrInvalid = errors.New("invalid question")

// FieldError is one problem Validate found: the field to fix and the
// message, as a key of the interface's string table (internal/i18n, where
// it has Vietnamese and English) with its arguments. Its Error is the
// English text, "invalid question: FIELD: …"; it wraps ErrInvalid.
type FieldError struct {
	Field string // text, kind, difficulty, topic, choices or answer
	Key   string // "question.…", a key of the i18n table
	Args  []any
}

// fieldMessages are the English texts of Validate's messages, by key. The
// i18n table holds the same English next to the Vietnamese (a test in
// questions/format checks that they agree), so that this package, which
// quiz and the bank use for plain English errors, needs no i18n import.
var fieldMessages = map[string]string{
	"question.text":                 "text: the question has no text",
	"question.kind":                 "kind: %q is not one of single, multiple, truefalse, numeric, short",
	"question.difficulty":           "difficulty: %d is not 1 (easy), 2 (medium) or 3 (hard)",
	"question.topic":                "topic: missing",
	"question.choices.count":        "choices: %d options; a choice question needs %d to %d",
	"question.choices.empty":        "choices: option %s is empty",
	"question.choices.repeat":       "choices: option %s repeats an earlier option",
	"question.answer.single":        "answer: a single-choice question needs exactly 1 correct option, it has %d",
	"question.answer.multiple":      "answer: a multiple-choice question needs at least 1 correct option",
	"question.choices.weight_mark":  "choices: option %q is marked correct=%v but has weight %v%%",
	"question.choices.weight_range": "choices: weight %v%% is outside -100..100",
	"question.choices.weight_sum":   "choices: the weights of the correct options add up to %v%%, not 100%%",
	"question.choices.none":         "choices: a %s question has no options",
	"question.answer.numeric":       "answer: the numeric key is not a finite number",
	"question.answer.range":         "answer: the range %s has its minimum above its maximum",
	"question.answer.short":         "answer: a short-answer question needs at least one accepted answer",
}

// Error is the English message.
func (e *FieldError) Error() string {
	return ErrInvalid.Error() + ": " + fmt.Sprintf(fieldMessages[e.Key], e.Args...)
}

// Unwrap returns ErrInvalid.
func (e *FieldError) Unwrap() error { return ErrInvalid }

// Validate checks that q can be played: a known kind, a stem, the right
// number of options and correct options, a key, a difficulty of 1–3 and a
// topic. It returns every problem joined, each a *FieldError wrapping
// ErrInvalid, with field names a person can fix.
func (q *Question) Validate() error {
	var errs []error
	bad := func(field, key string, a ...any) {
		errs = append(errs, &FieldError{Field: field, Key: key, Args: a})
	}
	if strings.TrimSpace(q.Text) == "" {
		bad("text", "question.text")
	}
	if !q.Kind.Valid() {
		bad("kind", "question.kind", q.Kind)
	}
	if q.Difficulty < Easy || q.Difficulty > Hard {
		bad("difficulty", "question.difficulty", q.Difficulty)
	}
	if strings.TrimSpace(q.Topic) == "" {
		bad("topic", "question.topic")
	}
	if q.Kind.HasChoices() {
		if n := len(q.Choices); n < MinChoices || n > MaxChoices {
			bad("choices", "question.choices.count", n, MinChoices, MaxChoices)
		}
		seen := map[string]bool{}
		for i, c := range q.Choices {
			t := FoldKey(c.Text)
			if t == "" {
				bad("choices", "question.choices.empty", Letter(i))
			} else if seen[t] {
				bad("choices", "question.choices.repeat", Letter(i))
			}
			seen[t] = true
		}
		nc := len(q.Correct())
		switch q.Kind {
		case KindSingle:
			if nc != 1 {
				bad("answer", "question.answer.single", nc)
			}
		case KindMultiple:
			if nc < 1 {
				bad("answer", "question.answer.multiple")
			}
			sum := 0.0
			for _, c := range q.Choices {
				if c.Weight > 0 {
					sum += c.Weight
				}
				if c.Correct != (c.Weight > 0) {
					bad("choices", "question.choices.weight_mark", c.Text, c.Correct, FormatNumber(c.Weight))
				}
				if c.Weight < -100 || c.Weight > 100 {
					bad("choices", "question.choices.weight_range", FormatNumber(c.Weight))
				}
			}
			if nc >= 1 && math.Abs(sum-100) > 0.5 {
				bad("choices", "question.choices.weight_sum", FormatNumber(sum))
			}
		}
	} else if len(q.Choices) > 0 {
		bad("choices", "question.choices.none", q.Kind)
	}
	switch q.Kind {
	case KindNumeric:
		lo, hi := q.Number.Bounds()
		if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
			bad("answer", "question.answer.numeric")
		} else if lo > hi {
			bad("answer", "question.answer.range", q.Number)
		}
	case KindShort:
		n := 0
		for _, a := range q.Accepted {
			if FoldKey(a) != "" {
				n++
			}
		}
		if n == 0 {
			bad("answer", "question.answer.short")
		}
	}
	return errors.Join(errs...)
}

// Normalize puts q in canonical form: NFC everywhere, spaces trimmed, tags
// and accepted answers without blanks, default weights for multiple choice
// (each correct option 100/k %, each wrong one -100 %, so any wrong pick
// scores zero), and the content hash. Importers call it on every question.
func (q *Question) Normalize() {
	q.Title = CleanText(q.Title)
	q.Text = CleanText(q.Text)
	q.Kind = Kind(strings.ToLower(strings.TrimSpace(string(q.Kind))))
	q.Topic = CleanTopic(q.Topic)
	q.Explanation = CleanText(q.Explanation)
	q.Source = CleanText(q.Source)
	q.Set = CleanLine(q.Set)
	q.TrueFeedback = CleanText(q.TrueFeedback)
	q.FalseFeedback = CleanText(q.FalseFeedback)
	for i := range q.Choices {
		q.Choices[i].Text = CleanText(q.Choices[i].Text)
		q.Choices[i].Feedback = CleanText(q.Choices[i].Feedback)
	}
	q.Tags = cleanList(q.Tags, CleanLine)
	q.Accepted = cleanList(q.Accepted, CleanLine)
	if q.Kind == KindMultiple {
		hasWeights := false
		for _, c := range q.Choices {
			if c.Weight != 0 {
				hasWeights = true
			}
		}
		if !hasWeights {
			k := len(q.Correct())
			for i := range q.Choices {
				if q.Choices[i].Correct {
					q.Choices[i].Weight = 100 / float64(k)
				} else {
					q.Choices[i].Weight = -100
				}
			}
		}
		for i := range q.Choices {
			q.Choices[i].Correct = q.Choices[i].Weight > 0
		}
	}
	if q.Kind == KindSingle {
		for i := range q.Choices {
			q.Choices[i].Weight = 0
		}
	}
	q.Hash = ContentHash(q)
}

func cleanList(in []string, clean func(string) string) []string {
	var out []string
	for _, s := range in {
		if s = clean(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
