package format

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"parquiz/questions"
)

func TestReadAiken(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // tableTestSummary of each question
		line []int    // Result.Lines
	}{
		{
			name: "Moodle example with both option styles",
			src: "Theo Nghị quyết 76/NQ-CP, Chương trình tổng thể CCHC giai đoạn nào?\n" +
				"A. 2011–2020\nB. 2021–2030\nC. 2016–2025\nD. 2021–2025\nANSWER: B\n\n" +
				"Bộ phận Một cửa tiếp nhận hồ sơ ở đâu?\nA) Tại trụ sở\nB) Qua bưu chính\nANSWER: A\n",
			want: []string{
				"single|Theo Nghị quyết 76/NQ-CP, Chương trình tổng thể CCHC giai đoạn nào?|2011–2020;*2021–2030;2016–2025;2021–2025",
				"single|Bộ phận Một cửa tiếp nhận hồ sơ ở đâu?|*Tại trụ sở;Qua bưu chính",
			},
			line: []int{1, 8},
		},
		{
			name: "text over several lines, no blank line between questions",
			src:  "Dòng một\ndòng hai\nA. x\nB. y\nANSWER: A\nCâu hai\nA. p\nB. q\nANSWER: B",
			want: []string{"single|Dòng một\ndòng hai|*x;y", "single|Câu hai|p;*q"},
			line: []int{1, 6},
		},
		{
			name: "CRLF, BOM, indentation and blank lines inside",
			src:  "\ufeff  Câu hỏi?\r\n\r\n  A. một\r\n\tB. hai\r\n\r\nANSWER: B\r\n",
			want: []string{"single|Câu hỏi?|một;*hai"},
			line: []int{1},
		},
		{
			name: "lower-case answer, trailing dot, Vietnamese answer line",
			src:  "Q1\nA. a\nB. b\nanswer: b.\n\nQ2\nA. a\nB. b\nC. c\nĐáp án: C\n",
			want: []string{"single|Q1|a;*b", "single|Q2|a;b;*c"},
			line: []int{1, 6},
		},
		{
			name: "lower-case letters are text, not options",
			src:  "Chọn:\na. không phải phương án\nA. có\nB. không\nANSWER: A\n",
			want: []string{"single|Chọn:\na. không phải phương án|*có;không"},
			line: []int{1},
		},
		{
			name: "decomposed (NFD) input comes back NFC",
			src:  "Vie\u0323\u0302t Nam?\nA. co\u0301\nB. không\nANSWER: A\n",
			want: []string{"single|Việt Nam?|*có;không"},
			line: []int{1},
		},
		{
			name: "two files joined with cat: the second BOM is dropped",
			src:  "\ufeffQ1\nA. a\nB. b\nANSWER: A\n\ufeffQ2\nA. c\nB. d\nANSWER: B\n",
			want: []string{"single|Q1|*a;b", "single|Q2|c;*d"},
			line: []int{1, 5},
		},
		{name: "empty file", src: "", want: nil, line: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ReadAiken("q.aiken", []byte(tt.src), Options{})
			if err != nil {
				t.Fatalf("ReadAiken: %v", err)
			}
			var got []string
			for i := range res.Questions {
				got = append(got, tableTestSummary(&res.Questions[i]))
			}
			if strings.Join(got, "\n---\n") != strings.Join(tt.want, "\n---\n") {
				t.Errorf("questions:\n got %q\nwant %q", got, tt.want)
			}
			if !equalInts(res.Lines, tt.line) {
				t.Errorf("lines: got %v, want %v", res.Lines, tt.line)
			}
		})
	}
}

func TestReadAikenErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{
			name: "missing ANSWER, next question starts",
			src:  "Q1\nA. a\nB. b\nANSWER: A\n\nQ2\nA. a\nB. b\nC. c\n\nQ3\nA. x\nB. y\nANSWER: A\n",
			want: `bad.txt:11: the ANSWER line is missing for the question starting on line 6 (a question ends with a line like "ANSWER: B")`,
		},
		{
			name: "answer letter beyond the options",
			src:  "Q\nA. a\nB. b\nC. c\nD. d\nANSWER: E\n",
			want: "bad.txt:6: ANSWER: E does not match any option (A–D)",
		},
		{
			name: "answer not a letter",
			src:  "Q\nA. a\nB. b\nANSWER: AB\n",
			want: `bad.txt:4: ANSWER: "AB" must be one option letter (A–B)`,
		},
		{
			name: "empty answer",
			src:  "Q\nA. a\nB. b\nANSWER:\n",
			want: `bad.txt:4: ANSWER: "" must be one option letter (A–B)`,
		},
		{
			name: "option before any question",
			src:  "A. a\nB. b\nANSWER: A\n",
			want: "bad.txt:1: option line before any question text (an option is \"A. text\"; the question's text comes first)\n" +
				"bad.txt:2: option line before any question text (an option is \"A. text\"; the question's text comes first)\n" +
				"bad.txt:3: ANSWER line with no question before it",
		},
		{
			name: "one option",
			src:  "Q\nA. a\nANSWER: A\n",
			want: `bad.txt:3: the question starting on line 1 has 1 option(s); it needs at least 2 (lines like "A. text")`,
		},
		{
			name: "letters out of order",
			src:  "Q\nA. a\nC. c\nANSWER: A\n",
			want: "bad.txt:3: option C where option B was expected: options are lettered A, B, C … in order",
		},
		{
			name: "empty option",
			src:  "Q\nA. a\nB.\nANSWER: A\n",
			want: "bad.txt:3: option B is empty",
		},
		{
			name: "end of file without ANSWER",
			src:  "Q\nA. a\nB. b\n\n",
			want: `bad.txt:3: the ANSWER line is missing for the question starting on line 1 (a question ends with a line like "ANSWER: B")`,
		},
		{
			name: "end of file after text only",
			src:  "Q1\nA. a\nB. b\nANSWER: B\nQ2 with no options\n",
			want: "bad.txt:5: the question starting on line 5 has no options and no ANSWER line",
		},
		{
			name: "every error is reported, good questions too are dropped",
			src:  "Q1\nA. a\nB. b\nANSWER: Z\n\nQ2\nA. a\nB. b\nANSWER: A\n\nQ3\nA. a\nANSWER: A\n",
			want: "bad.txt:4: ANSWER: Z does not match any option (A–B)\n" +
				`bad.txt:13: the question starting on line 11 has 1 option(s); it needs at least 2 (lines like "A. text")`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ReadAiken("bad.txt", []byte(tt.src), Options{})
			if res != nil {
				t.Errorf("got a result with %d questions, want none", len(res.Questions))
			}
			var errs Errors
			if !errors.As(err, &errs) {
				t.Fatalf("err = %v (%T), want Errors", err, err)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("error:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestReadAikenErrorCap(t *testing.T) {
	var b strings.Builder
	for i := 0; i < MaxErrors+20; i++ {
		b.WriteString("Q\nA. a\nB. b\nANSWER: E\n\n")
	}
	_, err := ReadAiken("many.aiken", []byte(b.String()), Options{})
	var errs Errors
	if !errors.As(err, &errs) {
		t.Fatalf("err = %v, want Errors", err)
	}
	if got, want := len(errs), MaxErrors; got != want {
		t.Errorf("len(errs) = %d, want %d", got, want)
	}
}

func TestAikenThroughRead(t *testing.T) {
	f, err := Lookup("aiken")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Read(f, "dir/Bo de 1.aiken", []byte("Q\nA. a\nB. b\nANSWER: A\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	q := res.Questions[0]
	if got, want := q.Set+"|"+q.Topic, "Bo de 1|Bo de 1"; got != want {
		t.Errorf("set|topic = %q, want %q", got, want)
	}
	if got, want := q.Difficulty, questions.Medium; got != want {
		t.Errorf("difficulty = %d, want %d", got, want)
	}
	if q.Hash == "" {
		t.Error("no hash after Read")
	}

	// Not UTF-8 (Windows-1258 bytes): rejected naming the file.
	_, err = Read(f, "old.aiken", []byte("C\xe2u h\xf4i\nA. a\nB. b\nANSWER: A\n"), Options{})
	if !errors.Is(err, ErrNotUTF8) {
		t.Errorf("err = %v, want ErrNotUTF8", err)
	}

	// Validation problems are located at the question's line: nine options.
	src := "Q\n"
	for i := 0; i < 9; i++ {
		src += questions.Letter(i) + ". o" + questions.Letter(i) + "\n"
	}
	_, err = Read(f, "nine.aiken", []byte("\n\n"+src+"ANSWER: A\n"), Options{})
	if got, want := errString(err), "nine.aiken:3: choices: 9 options; a choice question needs 2 to 8"; got != want {
		t.Errorf("err = %s, want %s", got, want)
	}
}

func TestAikenForFile(t *testing.T) {
	f, err := ForFile("Câu hỏi.AIKEN")
	if err != nil || f.Name != "aiken" {
		t.Errorf("ForFile(.AIKEN) = %q, %v; want aiken", f.Name, err)
	}
	if _, err := ForFile("questions.txt"); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("ForFile(.txt) err = %v, want ErrUnknownFormat (.txt needs --format)", err)
	}
}

func TestWriteAiken(t *testing.T) {
	single := func(text string, opts ...string) questions.Question {
		q := questions.Question{Text: text, Kind: questions.KindSingle}
		for i, o := range opts {
			q.Choices = append(q.Choices, questions.Choice{Text: o, Correct: i == 1})
		}
		return q
	}
	qs := []questions.Question{
		single("Hai dòng\n\ndòng hai", "một", "hai\ncó xuống dòng"),
		{Text: "Đúng hay sai?", Kind: questions.KindTrueFalse, Truth: true},
		single("Chọn:\nA. dòng này giống phương án", "x", "y"),
		single("A. bắt đầu như phương án", "x", "y"),
		single("Answer: trông như dòng đáp án", "x", "y"),
		{Text: "Nhiều", Kind: questions.KindMultiple, Choices: []questions.Choice{{Text: "a", Correct: true}, {Text: "b", Correct: true}}},
		single("Cuối", "p", "q", "r"),
	}
	var buf bytes.Buffer
	skipped, err := WriteAiken(&buf, qs)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := skipped, 4; got != want {
		t.Errorf("skipped = %d, want %d (truefalse, multiple, two texts that read as option/answer lines)", got, want)
	}
	want := "Hai dòng\ndòng hai\nA. một\nB. hai có xuống dòng\nANSWER: B\n\n" +
		"Chọn: A. dòng này giống phương án\nA. x\nB. y\nANSWER: B\n\n" +
		"Cuối\nA. p\nB. q\nC. r\nANSWER: B\n"
	if got := buf.String(); got != want {
		t.Errorf("output:\n got %q\nwant %q", got, want)
	}
	// And it reads back.
	res, err := ReadAiken("out.aiken", buf.Bytes(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(res.Questions), 3; got != want {
		t.Errorf("read back %d questions, want %d", got, want)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// TestAikenFixtures reads the files under testdata/aiken through Read:
// each gives the questions, or the errors, its .want file lists.
func TestAikenFixtures(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "aiken", "*.aiken"))
	if len(files) == 0 {
		t.Fatal("no fixtures in testdata/aiken")
	}
	f, _ := Lookup("aiken")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := os.ReadFile(strings.TrimSuffix(file, ".aiken") + ".want")
		res, err := Read(f, filepath.Base(file), data, Options{})
		var got strings.Builder
		if err != nil {
			got.WriteString(err.Error() + "\n")
		} else {
			for i := range res.Questions {
				got.WriteString(tableTestSummary(&res.Questions[i]) + "\n")
			}
		}
		if got.String() != string(want) {
			t.Errorf("%s:\n got %s\nwant %s", file, got.String(), want)
		}
	}
}

// FuzzAiken checks that no input makes the Aiken reader panic, that errors
// come as Errors with a line inside the file (or as the UTF-8 error), and
// that whatever it reads and validates survives WriteAiken and a second read
// with the same content hashes.
func FuzzAiken(f *testing.F) {
	for _, s := range []string{
		"Q\nA. a\nB. b\nANSWER: A\n",
		"Q1\nline two\nA) x\nB) y\nC) z\nANSWER: c\n\nQ2\nA. p\nB. q\nĐáp án: B.\n",
		"\ufeffQ\r\nA. a\r\nB. b\r\nANSWER: B\r\n",
		"A. a\nB. b\nANSWER: A\n",
		"Q\nA. a\nANSWER: A\n",
		"Q\nA. a\nC. c\nANSWER: Z\n",
		"Q\nA. a\nB. b\n\nQ2\nA.\nB. x\n",
		"Q\nA.\tx\nB) y\nanswer:b\n",
		"Chọn:\na. không phải\nA. K. x\nB. y\nANSWER: A\n",
		"\xe2\x84\xaa. Kelvin\nA. a\nB. b\nANSWER: A\n",
		"C\xe2u h\xf4i\nA. a\nB. b\nANSWER: A\n",
		"",
	} {
		f.Add([]byte(s))
	}
	aiken, _ := Lookup("aiken")
	f.Fuzz(func(t *testing.T, data []byte) {
		if fuzzReadClean(t, ReadAiken, "f.aiken", data) == nil {
			return
		}
		fuzzLimits(t, aiken, "f.aiken", data)
		valid, err := Read(aiken, "f.aiken", data, Options{})
		if err != nil {
			return // a validation problem (repeated options, more than 8): reported, fine
		}
		var buf bytes.Buffer
		skipped, err := WriteAiken(&buf, valid.Questions)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Read(aiken, "f.aiken", buf.Bytes(), Options{})
		if err != nil {
			t.Fatalf("reading back what WriteAiken wrote: %v\n%q", err, buf.String())
		}
		if got, want := len(back.Questions), len(valid.Questions)-skipped; got != want {
			t.Fatalf("read back %d questions, want %d (%d skipped)", got, want, skipped)
		}
		j := 0
		for i := range valid.Questions {
			if _, ok := aikenEncode(&valid.Questions[i]); !ok {
				continue
			}
			if got, want := back.Questions[j].Hash, valid.Questions[i].Hash; got != want {
				t.Fatalf("question %d: hash changed through WriteAiken:\n%q\nfrom %q", i, buf.String(), data)
			}
			j++
		}
	})
}
