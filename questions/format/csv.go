package format

import (
	"encoding/csv"
	"errors"
	"io"
	"strings"

	"parquiz/questions"
)

func init() {
	register(Format{Name: "csv", Exts: []string{".csv"}, Read: ReadCSV, Write: WriteCSV})
}

// csvSeparator picks the field separator from the header line: a comma,
// or a semicolon when the line has more of those (Excel saves CSV with ";"
// where the decimal separator is a comma, as in vi-VN).
func csvSeparator(text string) rune {
	first := strings.TrimLeft(text, " \t\n")
	first, _, _ = strings.Cut(first, "\n")
	if strings.Count(first, ";") > strings.Count(first, ",") {
		return ';'
	}
	return ','
}

// ReadCSV reads a spreadsheet saved as CSV: a header row naming the
// columns (see table.go and the README), then one question per row. Fields
// are separated by commas, or by semicolons when the header line has more
// of them. Line numbers in errors count physical lines, so a quoted field
// spanning lines does not shift them.
func ReadCSV(name string, data []byte, opt Options) (*Result, error) {
	if err := CheckLines(name, data, opt.Limits); err != nil {
		return nil, err
	}
	text, err := tableDecode(name, data)
	if err != nil {
		return nil, err
	}
	sep := csvSeparator(text)
	if err := CheckCSVCells(name, text, sep, opt.Limits); err != nil {
		return nil, err
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = sep
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true

	var errs Errors
	add := func(line int, m Message) {
		if len(errs) < MaxErrors {
			errs = append(errs, issueAt(Issue{File: name, Line: line}, m))
		}
	}
	// at is the line of column col in the last record read: a field's own
	// line, which differs from the row's when an earlier field spans lines.
	at := func(rec []string, col int) int {
		if col < 0 || col >= len(rec) {
			col = 0
		}
		line, _ := r.FieldPos(col)
		return line
	}

	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		add(1, msg("format.csv.empty", verbatim(strings.Join(tableHeaderNames(4), ","))))
		return nil, errs
	}
	if err != nil {
		add(csvErrorLine(err), csvSyntax(err))
		return nil, errs
	}
	h, probs := tableParseHeader(header)
	for _, p := range probs {
		add(at(header, p.col), p.msg)
	}
	if len(errs) > 0 {
		return nil, errs
	}

	res := &Result{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// After a quoting error the reader cannot tell where rows
			// start again: report it and stop.
			add(csvErrorLine(err), csvSyntax(err))
			break
		}
		if h.empty(rec) {
			continue
		}
		q, probs := h.row(rec)
		for _, p := range probs {
			add(at(rec, p.col), p.msg)
		}
		if len(probs) == 0 {
			res.Questions = append(res.Questions, q)
			res.Lines = append(res.Lines, at(rec, 0))
		}
		if len(errs) >= MaxErrors {
			break
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return res, nil
}

func csvErrorLine(err error) int {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Line
	}
	return 0
}

// csvSyntax explains a CSV quoting error in words a spreadsheet user can act on.
func csvSyntax(err error) Message {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return msg("format.csv.syntax", err.Error())
	}
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return msg("format.csv.bare_quote", pe.Column)
	case errors.Is(pe.Err, csv.ErrQuote):
		return msg("format.csv.quote", pe.StartLine)
	}
	// encoding/csv's own words, in English: it has no other errors today.
	return msg("format.csv.syntax", pe.Err.Error())
}

// WriteCSV writes questions as CSV with parquiz's English header
// (question, a, b, …, answer, kind, topic, difficulty, source, explanation,
// tags, set, title), comma-separated, preceded by a UTF-8 byte order mark
// so that Excel shows Vietnamese correctly. Per-option feedback and GIFT's
// true/false feedback have no column and are not written. It skips (and
// counts) the rare question a sheet cannot hold: an accepted answer or a
// tag containing "|".
func WriteCSV(w io.Writer, qs []questions.Question) (int, error) {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return 0, err
	}
	nOpts := tableOptionColumns(qs)
	cw := csv.NewWriter(w)
	if err := cw.Write(tableHeaderNames(nOpts)); err != nil {
		return 0, err
	}
	skipped := 0
	for i := range qs {
		rec, ok := tableRecord(&qs[i], nOpts)
		if !ok {
			skipped++
			continue
		}
		if err := cw.Write(rec); err != nil {
			return skipped, err
		}
	}
	cw.Flush()
	return skipped, cw.Error()
}
