// Package format reads and writes question files: GIFT and Aiken (Moodle's
// text formats), CSV and XLSX (spreadsheets with a documented header) and
// JSON (parquiz's own lossless interchange format). Readers return every
// problem they find as Issues with file and line (or sheet and cell), so an
// organiser can fix a file in one pass; the bank imports nothing from a file
// that has any error.
package format

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"parquiz/internal/i18n"
	"parquiz/questions"
)

// Issue is one problem in an input file, located for a person to fix.
type Issue struct {
	File string // the file's name as the user gave it
	Line int    // 1-based; 0 when not known
	Cell string // XLSX: "Sheet1!C7"; empty otherwise
	Msg  string // the message in English
	// Key and Args, when Key is set, are the message as a key of the i18n
	// table and its arguments (see Message), for Text in another
	// language. Issues built by hand with only Msg show Msg in every
	// language.
	Key  string
	Args []any

	err error // a sentinel the issue wraps (ErrNotUTF8), for errors.Is
}

// where is FILE, FILE:LINE or FILE:Sheet!Cell.
func (i Issue) where() string {
	loc := i.File
	switch {
	case i.Cell != "":
		loc += ":" + i.Cell
	case i.Line > 0:
		loc += fmt.Sprintf(":%d", i.Line)
	}
	return loc
}

// String renders the issue in English as FILE:LINE: message (or
// FILE:Sheet!Cell: …).
func (i Issue) String() string { return i.where() + ": " + i.Msg }

// MsgText renders the issue's message alone, without its location, in l.
func (i Issue) MsgText(l i18n.Lang) string {
	if i.Key == "" {
		return i.Msg
	}
	return Message{Key: i.Key, Args: i.Args}.Text(l)
}

// Text renders the issue in l as FILE:LINE: message.
func (i Issue) Text(l i18n.Lang) string { return i.where() + ": " + i.MsgText(l) }

// MaxErrors is how many errors a reader reports before it stops looking.
const MaxErrors = 50

// Errors is the error a reader returns when the file has problems. All of
// them are listed (up to MaxErrors), in file order. Error is English; Text
// renders them in a language.
type Errors []Issue

func (e Errors) Error() string { return e.Text(i18n.EN) }

// Text renders the issues in l, one per line, and says when the list was
// cut at MaxErrors.
func (e Errors) Text(l i18n.Lang) string {
	var b strings.Builder
	for i, is := range e {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(is.Text(l))
	}
	if len(e) >= MaxErrors {
		b.WriteString("\n" + msg("format.stopped", MaxErrors).Text(l))
	}
	return b.String()
}

// Unwrap returns the sentinels the issues wrap (ErrNotUTF8), so that
// errors.Is sees them.
func (e Errors) Unwrap() []error {
	var out []error
	for _, is := range e {
		if is.err != nil {
			out = append(out, is.err)
		}
	}
	return out
}

// Result is what a reader got from a file.
type Result struct {
	Questions []questions.Question
	// Lines holds the line (or row) each question started on, parallel to
	// Questions, so later checks can point at it.
	Lines []int
	// Cells, when set (XLSX), locates each question as "Sheet1!A7"
	// instead of a line.
	Cells []string
	// Skipped are warnings for questions parquiz cannot play (GIFT matching,
	// essay, description), each naming its line. They are not errors.
	Skipped []Issue
}

// Options tune a reader.
type Options struct {
	Set   string // set name given to every question; default: file base name
	Sheet string // XLSX: sheet to read; default: the first
	// Limits bound the file's size and its lines, cells and fields;
	// zero fields take the defaults (see limits.go).
	Limits Limits
}

// Reader parses one file's bytes. name is used in messages only.
type Reader func(name string, data []byte, opt Options) (*Result, error)

// Writer writes questions in a format and returns how many it skipped
// because the format cannot hold them (Aiken holds single choice only).
type Writer func(w io.Writer, qs []questions.Question) (skipped int, err error)

// Format is one file format.
type Format struct {
	Name  string   // gift, aiken, csv, xlsx, json
	Exts  []string // file extensions, with the dot
	Read  Reader
	Write Writer
	// Binary formats (xlsx) skip the UTF-8 text check.
	Binary bool
}

var formats = map[string]Format{}

// register adds a format; each format's file calls it from init.
func register(f Format) { formats[f.Name] = f }

// Names lists the registered formats, sorted.
func Names() []string {
	var out []string
	for n := range formats {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// ErrUnknownFormat is returned for a format name or extension parquiz does
// not know.
var ErrUnknownFormat = errors.New("unknown format")

// Lookup finds a format by name.
func Lookup(name string) (Format, error) {
	f, ok := formats[strings.ToLower(name)]
	if !ok {
		return Format{}, fmt.Errorf("%w %q (known: %s)", ErrUnknownFormat, name, strings.Join(Names(), ", "))
	}
	return f, nil
}

// ForFile picks the format from a file's extension (.gift/.txt → gift is
// not assumed: .txt is ambiguous and must be given with --format).
func ForFile(name string) (Format, error) {
	ext := strings.ToLower(filepath.Ext(name))
	for _, f := range formats {
		for _, e := range f.Exts {
			if e == ext {
				return f, nil
			}
		}
	}
	return Format{}, fmt.Errorf("%w: cannot tell the format of %s from its extension; give --format (%s)", ErrUnknownFormat, name, strings.Join(Names(), ", "))
}

// ErrNotUTF8 is wrapped (by an Errors) when a text file is not UTF-8.
var ErrNotUTF8 = errors.New("not UTF-8")

// Decode checks that data is UTF-8 text and returns it without a BOM and
// with CRLF line ends turned into LF (line numbers stay the same).
func Decode(name string, data []byte) (string, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:firstInvalid(data)], []byte("\n"))
		is := issuef(name, line, "format.notutf8")
		is.err = ErrNotUTF8
		return "", Errors{is}
	}
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n"), nil
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// Read parses a file with format f: it checks the encoding (text formats),
// runs the reader, normalises every question, sets the set name and checks
// each question with Validate, reporting problems at the question's line.
//
// It refuses, before parsing, a file over opt.Limits.MaxSize; the readers
// refuse a line or a cell over opt.Limits.MaxCell; Read then refuses any
// field of a question over it (a GIFT question spans lines, a JSON file
// may be one line).
func Read(f Format, name string, data []byte, opt Options) (*Result, error) {
	if err := CheckSize(name, data, opt.Limits); err != nil {
		return nil, err
	}
	if !f.Binary && !utf8.Valid(data) {
		// Decode's error names the line; valid text needs no copy here
		if _, err := Decode(name, data); err != nil {
			return nil, err
		}
	}
	res, err := f.Read(name, data, opt)
	if err != nil {
		return nil, err
	}
	set := opt.Set
	if set == "" {
		set = strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	}
	var errs Errors
	for i := range res.Questions {
		at := Issue{File: name}
		if i < len(res.Lines) {
			at.Line = res.Lines[i]
		}
		if i < len(res.Cells) {
			at.Cell = res.Cells[i]
		}
		if is := checkFields(at, questionFields(&res.Questions[i]), opt.Limits); is != nil {
			if len(errs) < MaxErrors {
				errs = append(errs, *is)
			}
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	for i := range res.Questions {
		q := &res.Questions[i]
		if q.Set == "" {
			q.Set = set
		}
		if q.Difficulty == 0 {
			q.Difficulty = questions.Medium
		}
		if strings.TrimSpace(q.Topic) == "" {
			q.Topic = set
		}
		q.Normalize()
		at := Issue{File: name}
		if i < len(res.Lines) {
			at.Line = res.Lines[i]
		}
		if i < len(res.Cells) {
			at.Cell = res.Cells[i]
		}
		// again after NFC, which can lengthen a few characters
		if is := checkFields(at, questionFields(q), opt.Limits); is != nil {
			if len(errs) < MaxErrors {
				errs = append(errs, *is)
			}
			continue
		}
		if verr := q.Validate(); verr != nil {
			for _, e := range unwrapJoined(verr) {
				if len(errs) < MaxErrors {
					errs = append(errs, validationIssue(at, e))
				}
			}
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return res, nil
}

// validationIssue locates a Validate error at a question: a
// *questions.FieldError keeps its key for other languages.
func validationIssue(at Issue, err error) Issue {
	var fe *questions.FieldError
	if errors.As(err, &fe) {
		return issueAt(at, msg(fe.Key, fe.Args...))
	}
	at.Msg = strings.TrimPrefix(err.Error(), questions.ErrInvalid.Error()+": ")
	return at
}

func unwrapJoined(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}
