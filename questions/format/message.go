package format

import (
	"fmt"

	"parquiz/internal/i18n"
)

// MaxQuoted is how many characters of a value from a file a message
// quotes; a longer value is cut there and ends in "…", so that a 200 MB
// cell cannot flood the terminal.
const MaxQuoted = 80

// clip cuts s to MaxQuoted characters, adding "…" when it cut.
func clip(s string) string {
	if len(s) <= MaxQuoted {
		return s
	}
	n := 0
	for i := range s {
		if n == MaxQuoted {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// Clip is clip for other readers of located files (the roster) that
// quote a value outside a Message.
func Clip(s string) string { return clip(s) }

// verbatim is a message argument written by parquiz itself (a list of the
// known columns), which Text does not clip.
type verbatim string

// Message is a message for people, held as a key of the interface's string
// table (internal/i18n/format.go, Vietnamese and English) and its
// arguments, so that it can be shown in either language. An argument that
// is itself a Message is rendered in the same language.
type Message struct {
	Key  string
	Args []any
}

// msg builds a Message; every key the readers use goes through msg or
// issuef with a literal key, which TestEveryMessageKeyIsInTheTable checks.
func msg(key string, args ...any) Message { return Message{Key: key, Args: args} }

// Text renders the message in l. Verbs are always applied, even with no
// arguments, so that "%%" in the table reads "%". String arguments — the
// values a message quotes from a file — and errors are clipped to
// MaxQuoted characters.
func (m Message) Text(l i18n.Lang) string {
	args := make([]any, len(m.Args))
	for i, a := range m.Args {
		switch v := a.(type) {
		case Message:
			a = v.Text(l)
		case verbatim:
			a = string(v)
		case bytesize:
			point := byte(',')
			if l == i18n.EN {
				point = '.'
			}
			a = formatSize(int64(v), point)
		case string:
			a = clip(v)
		case error:
			a = clip(v.Error())
		}
		args[i] = a
	}
	t, ok := i18n.Lookup(m.Key)
	if !ok {
		// A key missing from the table is a bug the tests catch; show the
		// key and its arguments rather than nothing.
		return fmt.Sprint(append([]any{m.Key + ":"}, args...)...)
	}
	s := t.VI
	if l == i18n.EN {
		s = t.EN
	}
	return fmt.Sprintf(s, args...)
}

// String renders the message in English.
func (m Message) String() string { return m.Text(i18n.EN) }

// issuef builds an Issue at a file's line from a message key and its
// arguments; Msg holds the English text.
func issuef(file string, line int, key string, args ...any) Issue {
	return issueAt(Issue{File: file, Line: line}, msg(key, args...))
}

// issueAt gives the located issue at the message m.
func issueAt(at Issue, m Message) Issue {
	at.Key, at.Args = m.Key, m.Args
	at.Msg = m.Text(i18n.EN)
	return at
}

// NewIssue builds an Issue from a message key of the i18n table and its
// arguments, for other readers of located files (the roster) that report
// through Errors. Cell may be empty.
func NewIssue(file string, line int, cell, key string, args ...any) Issue {
	return issueAt(Issue{File: file, Line: line, Cell: cell}, Message{Key: key, Args: args})
}
