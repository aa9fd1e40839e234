package format

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"

	"parquiz/questions"
)

func init() {
	register(Format{Name: "json", Exts: []string{".json"}, Read: ReadJSON, Write: WriteJSON})
}

// jsonQuestion is one element of parquiz's interchange format. Answer is
// kind-dependent: a bool for truefalse, {"value","tolerance"} or
// {"min","max"} for numeric, a list of accepted strings for short.
type jsonQuestion struct {
	Title         string          `json:"title,omitempty"`
	Text          string          `json:"text"`
	Kind          questions.Kind  `json:"kind"`
	Choices       []jsonChoice    `json:"choices,omitempty"`
	Answer        json.RawMessage `json:"answer,omitempty"`
	TrueFeedback  string          `json:"true_feedback,omitempty"`
	FalseFeedback string          `json:"false_feedback,omitempty"`
	Topic         string          `json:"topic"`
	Difficulty    int             `json:"difficulty"`
	Tags          []string        `json:"tags,omitempty"`
	Source        string          `json:"source,omitempty"`
	Explanation   string          `json:"explanation,omitempty"`
	Set           string          `json:"set,omitempty"`
}

type jsonChoice struct {
	Text     string   `json:"text"`
	Correct  bool     `json:"correct"`
	Weight   *float64 `json:"weight,omitempty"`
	Feedback string   `json:"feedback,omitempty"`
}

type jsonNumeric struct {
	Value     *float64 `json:"value,omitempty"`
	Tolerance *float64 `json:"tolerance,omitempty"`
	Min       *float64 `json:"min,omitempty"`
	Max       *float64 `json:"max,omitempty"`
}

// ReadJSON reads parquiz's JSON format: an array of question objects.
// Unknown fields are errors (a misspelt "explaination" would otherwise be
// lost silently).
func ReadJSON(name string, data []byte, _ Options) (*Result, error) {
	text, err := Decode(name, data)
	if err != nil {
		return nil, err
	}
	src := []byte(text)
	// lineAt counts newlines incrementally: offsets only grow as the
	// decoder moves on, so the whole file is scanned once, not once per
	// question.
	seenOff, seenLine := 0, 1
	lineAt := func(off int64) int {
		o := min(int(off), len(src))
		if o < seenOff {
			return 1 + bytes.Count(src[:o], []byte("\n"))
		}
		seenLine += bytes.Count(src[seenOff:o], []byte("\n"))
		seenOff = o
		return seenLine
	}
	dec := json.NewDecoder(bytes.NewReader(src))
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('[') {
		return nil, Errors{issuef(name, 1, "format.json.array")}
	}
	res := &Result{}
	var errs Errors
	for dec.More() {
		start := dec.InputOffset()
		// InputOffset points before the separating comma and spaces; skip them for the line.
		for int(start) < len(src) && strings.ContainsRune(", \t\n", rune(src[start])) {
			start++
		}
		line := lineAt(start)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			// the syntax error's own offset is where the bad character is;
			// the decoder's is still at the start of this value
			at := dec.InputOffset()
			var se *json.SyntaxError
			if errors.As(err, &se) {
				at = se.Offset
			}
			errs = append(errs, issuef(name, lineAt(at), "format.json.syntax", err.Error()))
			return nil, errs
		}
		q, m := parseJSONQuestion(raw)
		if m.Key != "" {
			if len(errs) < MaxErrors {
				errs = append(errs, issueAt(Issue{File: name, Line: line}, m))
			}
			continue
		}
		res.Questions = append(res.Questions, q)
		res.Lines = append(res.Lines, line)
	}
	if _, err := dec.Token(); err != nil {
		errs = append(errs, issuef(name, lineAt(dec.InputOffset()), "format.json.unclosed"))
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return res, nil
}

// jsonKind names what a Go type is written as in JSON.
func jsonKind(k reflect.Kind) string {
	switch k {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "true/false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice, reflect.Array:
		return "array"
	}
	return "object"
}

// parseJSONQuestion decodes one question object, or says what is wrong
// with it (a Message with a Key).
func parseJSONQuestion(raw json.RawMessage) (questions.Question, Message) {
	var jq jsonQuestion
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	if err := d.Decode(&jq); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			// "text": 5 → say which field and what it must hold
			return questions.Question{}, msg("format.json.type", te.Field, jsonKind(te.Type.Kind()), te.Value)
		}
		return questions.Question{}, msg("format.json.object", err.Error())
	}
	q := questions.Question{
		Title: jq.Title, Text: jq.Text, Kind: jq.Kind,
		TrueFeedback: jq.TrueFeedback, FalseFeedback: jq.FalseFeedback,
		Topic: jq.Topic, Difficulty: jq.Difficulty, Tags: jq.Tags,
		Source: jq.Source, Explanation: jq.Explanation, Set: jq.Set,
	}
	for _, c := range jq.Choices {
		ch := questions.Choice{Text: c.Text, Correct: c.Correct, Feedback: c.Feedback}
		if c.Weight != nil {
			ch.Weight = *c.Weight
		}
		q.Choices = append(q.Choices, ch)
	}
	hasAnswer := len(bytes.TrimSpace(jq.Answer)) > 0 && string(bytes.TrimSpace(jq.Answer)) != "null"
	switch jq.Kind {
	case questions.KindTrueFalse:
		if !hasAnswer || json.Unmarshal(jq.Answer, &q.Truth) != nil {
			return q, msg("format.json.truefalse")
		}
	case questions.KindNumeric:
		var n jsonNumeric
		if !hasAnswer || json.Unmarshal(jq.Answer, &n) != nil {
			return q, msg("format.json.numeric")
		}
		switch {
		case n.Min != nil && n.Max != nil && n.Value == nil:
			q.Number = questions.Numeric{Min: *n.Min, Max: *n.Max, IsRange: true}
		case n.Value != nil && n.Min == nil && n.Max == nil:
			q.Number = questions.Numeric{Value: *n.Value}
			if n.Tolerance != nil {
				q.Number.Tolerance = *n.Tolerance
			}
		default:
			return q, msg("format.json.numeric_form")
		}
	case questions.KindShort:
		if !hasAnswer || json.Unmarshal(jq.Answer, &q.Accepted) != nil {
			return q, msg("format.json.short")
		}
	default:
		if hasAnswer {
			return q, msg("format.json.choice_answer", jq.Kind)
		}
	}
	return q, Message{}
}

// WriteJSON writes questions as an indented JSON array. It never skips.
func WriteJSON(w io.Writer, qs []questions.Question) (int, error) {
	out := make([]jsonQuestion, 0, len(qs))
	for _, q := range qs {
		jq := jsonQuestion{
			Title: q.Title, Text: q.Text, Kind: q.Kind,
			TrueFeedback: q.TrueFeedback, FalseFeedback: q.FalseFeedback,
			Topic: q.Topic, Difficulty: q.Difficulty, Tags: q.Tags,
			Source: q.Source, Explanation: q.Explanation, Set: q.Set,
		}
		for _, c := range q.Choices {
			jc := jsonChoice{Text: c.Text, Correct: c.Correct, Feedback: c.Feedback}
			if q.Kind == questions.KindMultiple {
				wt := c.Weight
				jc.Weight = &wt
			}
			jq.Choices = append(jq.Choices, jc)
		}
		var ans any
		switch q.Kind {
		case questions.KindTrueFalse:
			ans = q.Truth
		case questions.KindNumeric:
			n := q.Number
			if n.IsRange {
				ans = jsonNumeric{Min: &n.Min, Max: &n.Max}
			} else {
				ans = jsonNumeric{Value: &n.Value, Tolerance: &n.Tolerance}
			}
		case questions.KindShort:
			ans = q.Accepted
		}
		if ans != nil {
			b, err := json.Marshal(ans)
			if err != nil {
				return 0, err
			}
			jq.Answer = b
		}
		out = append(out, jq)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return 0, enc.Encode(out)
}
