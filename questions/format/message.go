package format

import (
	"fmt"

	"parquiz/internal/i18n"
)

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
// arguments, so that "%%" in the table reads "%".
func (m Message) Text(l i18n.Lang) string {
	args := make([]any, len(m.Args))
	for i, a := range m.Args {
		if inner, ok := a.(Message); ok {
			a = inner.Text(l)
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
