package format

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"parquiz/internal/i18n"
	"parquiz/questions"
)

// fuzzLim are small limits the fuzzers read with, so that their inputs
// reach them.
var fuzzLim = Limits{MaxSize: 1 << 16, MaxCell: 200}

// maxIssueText bounds one rendered issue whatever the file holds: values
// are clipped to MaxQuoted characters (at most 10 bytes each once %q
// escapes them), the longest message with parquiz's own list of columns
// is under 700 bytes.
const maxIssueText = 4096

// fuzzCheckIssues checks what every rejection shares: each issue names the
// file, has a message, and renders short in both languages.
func fuzzCheckIssues(t *testing.T, name string, err error) {
	t.Helper()
	var errs Errors
	if !errors.As(err, &errs) {
		return
	}
	for _, is := range errs {
		if is.File != name || strings.TrimSpace(is.Msg) == "" {
			t.Fatalf("issue without a file or message: %+v", is)
		}
		for _, l := range []i18n.Lang{i18n.VI, i18n.EN} {
			if n := len(is.Text(l)); n > maxIssueText {
				t.Fatalf("a %d-byte message: a value is not clipped: %.300s", n, is.Text(l))
			}
		}
	}
}

// fuzzLimits reads data through Read with fuzzLim and checks that what
// it accepts fits the limits, field by field, and that a refusal for a
// limit is located: at a line (or a cell) for lines, cells and fields, at
// the file for its size and what it unzips to.
func fuzzLimits(t *testing.T, f Format, name string, data []byte) {
	t.Helper()
	res, err := Read(f, name, data, Options{Limits: fuzzLim})
	if err != nil {
		fuzzCheckIssues(t, name, err)
		var errs Errors
		if errors.As(err, &errs) {
			for _, is := range errs {
				if !errors.Is(is.err, ErrLimit) {
					continue
				}
				whole := is.Key == "format.limit.size" || is.Key == "format.limit.unzip" || is.Key == "format.limit.ratio"
				if whole != (is.Line == 0 && is.Cell == "") {
					t.Fatalf("limit issue %s: %q at line %d cell %q", is, is.Key, is.Line, is.Cell)
				}
			}
		}
		return
	}
	if int64(len(data)) > fuzzLim.MaxSize {
		t.Fatalf("accepted %d bytes over the %d limit", len(data), fuzzLim.MaxSize)
	}
	for i := range res.Questions {
		for _, fl := range questionFields(&res.Questions[i]) {
			if len(fl.value) > fuzzLim.MaxCell {
				t.Fatalf("question %d: field %s of %d bytes, over the %d limit", i, fl.name, len(fl.value), fuzzLim.MaxCell)
			}
		}
	}
}

// FuzzJSON checks that the JSON reader never panics, that a rejection is
// located (a line of the file), that what Read accepts is valid, and that
// WriteJSON then Read gives back exactly the same questions: JSON is the
// lossless format.
func FuzzJSON(f *testing.F) {
	// one file of the shipped bank (the smallest: large seeds slow the
	// minimiser down)
	if data, err := os.ReadFile("../par/04-buu-chinh-cong.json"); err == nil {
		f.Add(data)
	}
	var buf bytes.Buffer
	if _, err := WriteJSON(&buf, tableTestVaried()); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	for _, s := range []string{
		`[{"text":"Q?","kind":"truefalse","answer":false,"true_feedback":"a","false_feedback":"b"}]`,
		`[{"text":"Q?","kind":"numeric","answer":{"value":3,"tolerance":0.5}},{"text":"R?","kind":"numeric","answer":{"min":1,"max":5}}]`,
		`[{"text":"Q?","kind":"short","answer":["Hà Nội","Ha Noi"],"tags":["a","b"],"difficulty":3}]`,
		`[{"text":"Q?","kind":"multiple","choices":[{"text":"a","correct":true,"weight":50},{"text":"b","correct":true,"weight":50},{"text":"c","weight":-100}]}]`,
		"[\n{\"text\": \"Câu?\",}\n]",
		`{"text":"Q"}`,
		`[{"text":"Q?","kind":"single","choices":[{"text":"a","correct":true},{"text":"a"}]}]`,
		`[{"text":5}]`,
		`[`,
		"",
	} {
		f.Add([]byte(s))
	}
	jsonf, _ := Lookup("json")
	f.Fuzz(func(t *testing.T, data []byte) {
		if fuzzReadClean(t, ReadJSON, "f.json", data) == nil {
			return
		}
		fuzzLimits(t, jsonf, "f.json", data)
		res, err := Read(jsonf, "f.json", data, Options{})
		if err != nil {
			fuzzCheckIssues(t, "f.json", err)
			return
		}
		for i, q := range res.Questions {
			if err := q.Validate(); err != nil {
				t.Fatalf("accepted an invalid question %d: %v", i, err)
			}
		}
		var out bytes.Buffer
		if _, err := WriteJSON(&out, res.Questions); err != nil {
			t.Fatal(err)
		}
		back, err := Read(jsonf, "f.json", out.Bytes(), Options{})
		if err != nil {
			t.Fatalf("reading back what WriteJSON wrote: %v\n%s", err, out.String())
		}
		if !reflect.DeepEqual(back.Questions, res.Questions) {
			for i := range res.Questions {
				if i >= len(back.Questions) || !reflect.DeepEqual(back.Questions[i], res.Questions[i]) {
					t.Fatalf("question %d changed through WriteJSON:\n got %+v\nwant %+v", i, back.Questions[min(i, len(back.Questions)-1)], res.Questions[i])
				}
			}
			t.Fatalf("read back %d questions, want %d", len(back.Questions), len(res.Questions))
		}
	})
}

// xlsxFuzzGrid turns fuzz text into a sheet: lines are rows, tabs
// separate cells.
func xlsxFuzzGrid(s string) [][]string {
	var rows [][]string
	for _, l := range strings.Split(s, "\n") {
		rows = append(rows, strings.Split(l, "\t"))
	}
	return rows
}

// xlsxFuzzBook writes a grid to a workbook with excelize, as a person
// typing the cells would; ok is false when excelize refuses a value (too
// long for Excel, or too many rows or columns).
func xlsxFuzzBook(rows [][]string) ([]byte, bool) {
	f := excelize.NewFile()
	defer f.Close()
	for r, row := range rows {
		for c, v := range row {
			if v == "" {
				continue
			}
			cell, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil {
				return nil, false
			}
			if err := f.SetCellStr("Sheet1", cell, v); err != nil {
				return nil, false
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, false
	}
	return buf.Bytes(), true
}

// FuzzXLSX checks the XLSX reader two ways. Input starting with "PK" is
// taken as a workbook's bytes (seeded with real ones): whatever a broken
// or hostile zip holds, the reader must not panic and must refuse it
// with located issues. Other input is a grid of cells (rows on lines,
// cells split by tabs) written to a workbook: a refusal names a cell
// inside the grid, what Read accepts is valid, fits the limits, and
// survives WriteXLSX and a second read unchanged.
func FuzzXLSX(f *testing.F) {
	if data, err := os.ReadFile("testdata/xlsx/mau.xlsx"); err == nil {
		f.Add(data)
	}
	var buf bytes.Buffer
	if _, err := WriteXLSX(&buf, tableTestVaried()); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	for _, s := range []string{
		"question\ta\tb\tc\td\tanswer\tkind\ttopic\tdifficulty\tsource\texplanation\ttags\tset\ttitle\nQ\tx\ty\t\t\tB\t\tt\t1\ts\te\ta, b\tS\tT",
		"Câu hỏi\tĐáp án A\tĐáp án B\tĐáp án đúng\tMức độ\nQ\tx\ty\tA,B\tkhó",
		"\n\nquestion\tanswer\nQ\tĐúng\nQ2\t3±2\nQ3\t1..5\nQ4\tHà Nội | Ha Noi\nQ5\t2,5",
		"question\ta\tb\tanswer\nmulti\\nline\tx\tz\tA:50;B:50",
		"question\tanswer\tGhi chú\nQ\tx\ty",
		"STT\tquestion\tanswer\tkind\n1\tQ\tx|y\tshort\n2\tQ2\t-5..-1\tnumeric",
		"question\ta\tb\tanswer\nQ\t\ty\tB\n\t\t\t\nQ3\tx\ty\tE",
		"",
	} {
		f.Add([]byte(s))
	}
	xf, _ := Lookup("xlsx")
	f.Fuzz(func(t *testing.T, data []byte) {
		if bytes.HasPrefix(data, []byte("PK")) {
			_, err := ReadXLSX("f.xlsx", data, Options{Limits: fuzzLim})
			if err != nil {
				var errs Errors
				if !errors.As(err, &errs) || len(errs) == 0 || len(errs) > MaxErrors {
					t.Fatalf("error %T %v is not a list of issues", err, err)
				}
				fuzzCheckIssues(t, "f.xlsx", err)
			}
			fuzzLimits(t, xf, "f.xlsx", data)
			return
		}
		if len(data) > 4096 {
			return // a grid that big only slows excelize down
		}
		grid := xlsxFuzzGrid(string(data))
		book, ok := xlsxFuzzBook(grid)
		if !ok {
			return
		}
		_, err := ReadXLSX("f.xlsx", book, Options{})
		if err != nil {
			var errs Errors
			if !errors.As(err, &errs) || len(errs) == 0 || len(errs) > MaxErrors {
				t.Fatalf("error %T %v is not a list of issues", err, err)
			}
			for _, is := range errs {
				if is.Line < 0 || is.Line > len(grid) || (is.Line > 0 && !strings.HasPrefix(is.Cell, "Sheet1!")) {
					t.Fatalf("issue outside the %d-row grid: %+v", len(grid), is)
				}
			}
			fuzzCheckIssues(t, "f.xlsx", err)
		}
		fuzzLimits(t, xf, "f.xlsx", book)
		valid, err := Read(xf, "f.xlsx", book, Options{})
		if err != nil {
			return
		}
		for i, q := range valid.Questions {
			if err := q.Validate(); err != nil {
				t.Fatalf("accepted an invalid question %d: %v", i, err)
			}
			if l := valid.Lines[i]; l < 1 || l > len(grid) {
				t.Fatalf("question %d on row %d of %d", i, l, len(grid))
			}
		}
		var out bytes.Buffer
		skipped, err := WriteXLSX(&out, valid.Questions)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Read(xf, "f.xlsx", out.Bytes(), Options{})
		if err != nil {
			t.Fatalf("reading back what WriteXLSX wrote: %v\nfrom %q", err, data)
		}
		if got, want := len(back.Questions), len(valid.Questions)-skipped; got != want {
			t.Fatalf("read back %d questions, want %d (%d skipped)", got, want, skipped)
		}
		nOpts := tableOptionColumns(valid.Questions)
		j := 0
		for i := range valid.Questions {
			w := &valid.Questions[i]
			if _, ok := tableRecord(w, nOpts); !ok {
				continue
			}
			g := &back.Questions[j]
			j++
			if tableTestSummary(g) != tableTestSummary(w) || g.Hash != w.Hash || g.Number != w.Number {
				t.Fatalf("question %d changed through WriteXLSX:\n got %q\nwant %q\nfrom %q", i, tableTestSummary(g), tableTestSummary(w), data)
			}
		}
	})
}

// tableTestVaried is a few full rows, a seed: long Vietnamese text,
// explanation, source and options, as a real bank has them.
func tableTestVaried() []questions.Question {
	text := strings.Repeat("Theo Nghị định 61/2018/NĐ-CP về thực hiện cơ chế một cửa, một cửa liên thông, ", 6)
	var qs []questions.Question
	for i := 0; i < 3; i++ {
		q := questions.Question{Text: text + "?", Kind: questions.KindSingle, Topic: "Một cửa", Difficulty: 2,
			Source: "Điều 5, Nghị định 61/2018/NĐ-CP", Explanation: strings.Repeat("Giải thích đầy đủ căn cứ pháp lý. ", 30)}
		for j := 0; j < 4; j++ {
			q.Choices = append(q.Choices, questions.Choice{Text: strings.Repeat("phương án dài ", 10), Correct: j == 1})
		}
		qs = append(qs, q)
	}
	return qs
}
