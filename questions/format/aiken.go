package format

import (
	"bufio"
	"io"
	"strings"

	"parquiz/questions"
)

func init() {
	register(Format{Name: "aiken", Exts: []string{".aiken"}, Read: ReadAiken, Write: WriteAiken})
}

// aikenLine is what a line of an Aiken file is.
type aikenLine int

const (
	aikenBlank  aikenLine = iota
	aikenText             // question text
	aikenOption           // "A. text" or "A) text"
	aikenAnswer           // "ANSWER: B"
)

// aikenClassify tells what a trimmed line is, with the option letter and
// text, or the answer's value. Moodle's rule for an option is a capital
// letter, then "." or ")", then a space. The answer line is "ANSWER:" (any
// case; "Đáp án:" too, as Vietnamese files write it).
func aikenClassify(line string) (kind aikenLine, letter byte, rest string) {
	if line == "" {
		return aikenBlank, 0, ""
	}
	if len(line) >= 2 && line[0] >= 'A' && line[0] <= 'Z' && (line[1] == '.' || line[1] == ')') &&
		(len(line) == 2 || line[2] == ' ' || line[2] == '\t') {
		return aikenOption, line[0], strings.TrimSpace(line[2:])
	}
	if head, val, ok := strings.Cut(line, ":"); ok {
		switch questions.SearchKey(head) {
		case "answer", "dap an":
			return aikenAnswer, 0, strings.TrimSpace(val)
		}
	}
	return aikenText, 0, line
}

// ReadAiken reads Moodle's Aiken format: each question is text (one or
// more lines), then its options, one per line ("A. …" or "A) …", lettered
// A, B, C … in order), then "ANSWER: X". Blank lines are ignored, so they
// may separate questions. Every question is single choice; Aiken carries
// no topic, difficulty, source or explanation.
func ReadAiken(name string, data []byte, opt Options) (*Result, error) {
	if err := CheckLines(name, data, opt.Limits); err != nil {
		return nil, err
	}
	text, err := tableDecode(name, data)
	if err != nil {
		return nil, err
	}

	var errs Errors
	add := func(line int, key string, a ...any) {
		if len(errs) < MaxErrors {
			errs = append(errs, issuef(name, line, key, a...))
		}
	}
	type pending struct {
		start int
		text  []string
		opts  []string
		bad   bool
	}
	var cur *pending
	res := &Result{}
	last := 0 // the last non-blank line
	lines := strings.Split(text, "\n")
	for i, raw := range lines {
		n := i + 1
		kind, letter, rest := aikenClassify(strings.TrimSpace(raw))
		if kind != aikenBlank {
			last = n
		}
		switch kind {
		case aikenBlank:
		case aikenText:
			if cur != nil && len(cur.opts) > 0 {
				add(n, "format.aiken.no_answer", cur.start)
				cur = nil
			}
			if cur == nil {
				cur = &pending{start: n}
			}
			cur.text = append(cur.text, rest)
		case aikenOption:
			if cur == nil {
				add(n, "format.aiken.option_first")
				continue
			}
			if want := byte('A' + len(cur.opts)); letter != want {
				add(n, "format.aiken.letter", letter, want)
				cur.bad = true
			}
			if rest == "" {
				add(n, "format.aiken.option_empty", letter)
				cur.bad = true
			}
			cur.opts = append(cur.opts, rest)
		case aikenAnswer:
			if cur == nil {
				add(n, "format.aiken.answer_first")
				continue
			}
			q := cur
			cur = nil
			if len(q.opts) < questions.MinChoices {
				add(n, "format.aiken.few", q.start, len(q.opts), questions.MinChoices)
				continue
			}
			span := "A–" + questions.Letter(len(q.opts)-1)
			rest = strings.TrimRight(rest, ".)") // "ANSWER: B." and "ANSWER: B)" mean B
			idx := -1
			if len(rest) == 1 {
				idx = questions.LetterIndex(rest)
			}
			switch {
			case idx < 0:
				add(n, "format.aiken.answer_letter", rest, span)
				continue
			case idx >= len(q.opts):
				add(n, "format.aiken.answer_range", strings.ToUpper(rest), span)
				continue
			case q.bad:
				continue
			}
			qq := questions.Question{Text: strings.Join(q.text, "\n"), Kind: questions.KindSingle}
			for j, o := range q.opts {
				qq.Choices = append(qq.Choices, questions.Choice{Text: o, Correct: j == idx})
			}
			res.Questions = append(res.Questions, qq)
			res.Lines = append(res.Lines, q.start)
		}
	}
	if cur != nil {
		if len(cur.opts) == 0 {
			add(last, "format.aiken.no_options", cur.start)
		} else {
			add(last, "format.aiken.no_answer", cur.start)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return res, nil
}

// aikenEncode renders one question as Aiken lines, or reports false when
// Aiken cannot hold it: not single choice, more than 26 options, or a
// text that reads as an option or ANSWER line even on one line. Option
// texts are put on one line (newlines become spaces); question text keeps
// its lines, without blank ones, unless one of them would read as an
// option or ANSWER line, in which case it too goes on one line.
func aikenEncode(q *questions.Question) ([]string, bool) {
	if q.Kind != questions.KindSingle || len(q.Choices) < questions.MinChoices || len(q.Choices) > 26 || len(q.Correct()) != 1 {
		return nil, false
	}
	var text []string
	flat := false
	for _, l := range strings.Split(q.Text, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if k, _, _ := aikenClassify(l); k != aikenText {
			flat = true
		}
		text = append(text, l)
	}
	if flat {
		one := questions.CleanLine(q.Text)
		if k, _, _ := aikenClassify(one); k != aikenText {
			return nil, false
		}
		text = []string{one}
	}
	if len(text) == 0 {
		return nil, false
	}
	out := text
	key := ""
	for i, c := range q.Choices {
		o := questions.CleanLine(c.Text)
		if o == "" {
			return nil, false
		}
		out = append(out, questions.Letter(i)+". "+o)
		if c.Correct {
			key = questions.Letter(i)
		}
	}
	return append(out, "ANSWER: "+key), true
}

// WriteAiken writes the single-choice questions in Aiken format, a blank
// line between questions. Aiken holds only the stem, the options and the
// key: title, topic, difficulty, source, explanation, tags, set and
// feedback are not written. Other kinds are skipped and counted.
func WriteAiken(w io.Writer, qs []questions.Question) (int, error) {
	bw := bufio.NewWriter(w)
	skipped, written := 0, 0
	for i := range qs {
		lines, ok := aikenEncode(&qs[i])
		if !ok {
			skipped++
			continue
		}
		if written > 0 {
			bw.WriteString("\n")
		}
		for _, l := range lines {
			bw.WriteString(l)
			bw.WriteString("\n")
		}
		written++
	}
	return skipped, bw.Flush()
}
