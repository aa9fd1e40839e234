package format

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// fuzzReadClean runs a reader on fuzz input and checks the properties every
// reader shares: a rejection is either Errors (1 to MaxErrors issues, each
// on a line of the file) or a not-UTF-8 error, never with a result; an
// acceptance has one line per question. It returns nil on a rejection.
func fuzzReadClean(t *testing.T, read Reader, name string, data []byte) *Result {
	t.Helper()
	res, err := read(name, data, Options{})
	if err != nil {
		if res != nil {
			t.Fatal("result and error together")
		}
		var errs Errors
		if errors.As(err, &errs) {
			if len(errs) == 0 || len(errs) > MaxErrors {
				t.Fatalf("%d errors", len(errs))
			}
			// Lines as Decode counts them: CRLF, LF and a lone CR each end one.
			nLines := strings.Count(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n") + bytes.Count(data, []byte("\r")) - bytes.Count(data, []byte("\r\n")) + 1
			for _, is := range errs {
				if is.Line < 1 || is.Line > nLines {
					t.Fatalf("error at line %d of a %d-line file: %s", is.Line, nLines, is)
				}
			}
		} else if !errors.Is(err, ErrNotUTF8) {
			t.Fatalf("error %v (%T) is neither Errors nor ErrNotUTF8", err, err)
		}
		fuzzCheckIssues(t, name, err)
		return nil
	}
	if len(res.Lines) != len(res.Questions) {
		t.Fatalf("%d lines for %d questions", len(res.Lines), len(res.Questions))
	}
	return res
}
