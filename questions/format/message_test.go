package format

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"math"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"parquiz/internal/i18n"
	"parquiz/questions"
)

// messageKeyRe is the shape of the keys this package and questions.Validate
// use: "format.…" and "question.…".
var messageKeyRe = regexp.MustCompile(`^(format|question)(\.[a-z_]+)+$`)

// verbs counts the fmt verbs of s ("%%" is not one).
func verbs(s string) int { return strings.Count(s, "%") - 2*strings.Count(s, "%%") }

// TestEveryMessageKeyIsInTheTable reads the source of this package and of
// questions (not the tests) and checks that every string literal shaped like
// a message key is in the i18n table, that every call passing such a key
// passes as many arguments as the English text has verbs, and that every
// "format." and "question." key of the table is used somewhere. Keys are
// never built at run time (a test below proves the FieldError path), so a
// key cannot get past this test unseen.
func TestEveryMessageKeyIsInTheTable(t *testing.T) {
	var files []string
	for _, pattern := range []string{"*.go", "../*.go"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	table := i18n.All()
	used := map[string]bool{}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BasicLit:
				if n.Kind != token.STRING {
					return true
				}
				s, err := strconv.Unquote(n.Value)
				if err != nil || !messageKeyRe.MatchString(s) {
					return true
				}
				used[s] = true
				if _, ok := table[s]; !ok {
					t.Errorf("%s: key %q is not in the i18n table (internal/i18n/format.go)", fset.Position(n.Pos()), s)
				}
			case *ast.CallExpr:
				for i, a := range n.Args {
					lit, ok := a.(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						continue
					}
					s, _ := strconv.Unquote(lit.Value)
					text, ok := table[s]
					if !ok || !messageKeyRe.MatchString(s) || n.Ellipsis.IsValid() {
						continue
					}
					if got, want := len(n.Args)-i-1, verbs(text.EN); got != want {
						t.Errorf("%s: %s is given %d arguments, its text has %d verbs", fset.Position(n.Pos()), s, got, want)
					}
				}
			}
			return true
		})
	}
	var unused []string
	for k := range table {
		if messageKeyRe.MatchString(k) && !used[k] {
			unused = append(unused, k)
		}
	}
	sort.Strings(unused)
	if len(unused) > 0 {
		t.Errorf("keys in the table that no code uses: %v", unused)
	}
	if len(used) < 60 {
		t.Errorf("found only %d keys in the source; is the scan looking at the right files?", len(used))
	}
}

// TestValidateMessagesAgreeWithTheTable triggers every message of
// questions.Validate and checks that each is a *FieldError whose English
// Error is the table's English, and that every "question." key was hit.
func TestValidateMessagesAgreeWithTheTable(t *testing.T) {
	base := func() questions.Question {
		return questions.Question{Text: "Q", Kind: questions.KindSingle, Topic: "t", Difficulty: 2,
			Choices: []questions.Choice{{Text: "a", Correct: true}, {Text: "b"}}}
	}
	with := func(f func(*questions.Question)) questions.Question { q := base(); f(&q); return q }
	multi := func(ws ...float64) questions.Question {
		q := base()
		q.Kind = questions.KindMultiple
		q.Choices = nil
		for i, w := range ws {
			q.Choices = append(q.Choices, questions.Choice{Text: questions.Letter(i), Correct: w > 0, Weight: w})
		}
		return q
	}
	qs := []questions.Question{
		with(func(q *questions.Question) { q.Text = "" }),
		with(func(q *questions.Question) { q.Kind = "essay" }),
		with(func(q *questions.Question) { q.Difficulty = 7 }),
		with(func(q *questions.Question) { q.Topic = "" }),
		with(func(q *questions.Question) { q.Choices = q.Choices[:1] }),
		with(func(q *questions.Question) { q.Choices[1].Text = " " }),
		with(func(q *questions.Question) { q.Choices[1].Text = "A" }),
		with(func(q *questions.Question) { q.Choices[1].Correct = true }),
		multi(-100, -100),
		with(func(q *questions.Question) {
			q.Kind = questions.KindMultiple
			q.Choices = []questions.Choice{{Text: "a", Correct: false, Weight: 100}, {Text: "b", Weight: -150}}
		}),
		multi(50, 20, -100),
		with(func(q *questions.Question) { q.Kind = questions.KindTrueFalse }),
		{Text: "Q", Kind: questions.KindNumeric, Topic: "t", Difficulty: 2, Number: questions.Numeric{Value: math.NaN()}},
		{Text: "Q", Kind: questions.KindNumeric, Topic: "t", Difficulty: 2, Number: questions.Numeric{Min: 5, Max: 1, IsRange: true}},
		{Text: "Q", Kind: questions.KindShort, Topic: "t", Difficulty: 2},
	}
	hit := map[string]bool{}
	for i := range qs {
		err := qs[i].Validate()
		if err == nil {
			t.Errorf("question %d: Validate() = nil, want errors", i)
			continue
		}
		for _, e := range unwrapJoined(err) {
			var fe *questions.FieldError
			if !errors.As(e, &fe) {
				t.Errorf("question %d: %v (%T) is not a *questions.FieldError", i, e, e)
				continue
			}
			hit[fe.Key] = true
			if !errors.Is(e, questions.ErrInvalid) {
				t.Errorf("%s does not wrap ErrInvalid", fe.Key)
			}
			m := msg(fe.Key, fe.Args...)
			if got, want := e.Error(), "invalid question: "+m.Text(i18n.EN); got != want {
				t.Errorf("%s: Error() = %q, the table's English gives %q", fe.Key, got, want)
			}
			if !strings.HasPrefix(m.Text(i18n.EN), fe.Field+": ") {
				t.Errorf("%s: English %q does not start with its field %q", fe.Key, m.Text(i18n.EN), fe.Field)
			}
			if vi := m.Text(i18n.VI); !strings.Contains(vi, "("+fe.Field+")") {
				t.Errorf("%s: Vietnamese %q does not name the field %q", fe.Key, vi, fe.Field)
			}
		}
	}
	for k := range i18n.All() {
		if strings.HasPrefix(k, "question.") && !hit[k] {
			t.Errorf("no test question triggers %s", k)
		}
	}
}

// viErrors reads a file with Read and returns its errors rendered in
// Vietnamese, checking that the English rendering is still Error().
func viErrors(t *testing.T, format, name string, data []byte, opt Options) []string {
	t.Helper()
	f, err := Lookup(format)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Read(f, name, data, opt)
	var errs Errors
	if !errors.As(err, &errs) {
		t.Fatalf("err = %v (%T), want Errors", err, err)
	}
	if got, want := errs.Text(i18n.EN), err.Error(); got != want {
		t.Errorf("Text(EN) = %q, Error() = %q", got, want)
	}
	var out []string
	for _, is := range errs {
		if is.Key == "" {
			t.Errorf("%s: issue has no key", is)
		}
		out = append(out, is.Text(i18n.VI))
	}
	return out
}

func TestIssuesInVietnamese(t *testing.T) {
	tests := []struct {
		name, format, file string
		data               []byte
		want               []string
	}{
		{"aiken: too few options", "aiken", "bad.aiken", []byte("Câu 1?\nA. Có\nB. Không\nANSWER: A\n\nCâu 2?\nA. Một\nANSWER: A\n"),
			[]string{`bad.aiken:8: câu hỏi bắt đầu ở dòng 6 chỉ có 1 phương án; cần ít nhất 2 (các dòng dạng "A. nội dung")`}},
		{"aiken: answer out of range", "aiken", "b.aiken", []byte("Câu?\nA. Có\nB. Không\nANSWER: D\n"),
			[]string{`b.aiken:4: ANSWER: D không khớp với phương án nào (A–B)`}},
		{"gift: no right answer, bad difficulty", "gift", "g.gift", []byte("// difficulty: 5\nCâu? {=Có ~Không}\n\nCâu 2? {~a ~b}\n"),
			[]string{`g.gift:1: mức độ (difficulty): "5" không phải 1 (dễ), 2 (trung bình) hoặc 3 (khó)`,
				`g.gift:4: chưa có đáp án nào được đánh dấu đúng: đánh dấu bằng =, hoặc cho các đáp án đúng một trọng số như ~%50%`}},
		{"csv: option letter and column name", "csv", "c.csv", []byte("question,a,b,answer\nCâu?,Có,Không,E\n"),
			[]string{`c.csv:2: cột "answer": "E" không thuộc các phương án A–B`}},
		{"csv: unknown column", "csv", "h.csv", []byte("Câu hỏi,Đáp án đúng,Ghi chú\n"),
			[]string{`h.csv:1: cột "Ghi chú": không có cột này; các cột là ` + tableKnown}},
		{"json: truefalse without answer", "json", "j.json", []byte("[\n  {\"text\": \"Câu?\", \"kind\": \"truefalse\"}\n]\n"),
			[]string{`j.json:2: đáp án (answer): câu hỏi truefalse cần "answer": true hoặc false`}},
		{"json: not an array", "json", "o.json", []byte(`{"text": "x"}`),
			[]string{`o.json:1: tệp JSON của parquiz là một mảng câu hỏi: phải bắt đầu bằng [`}},
		{"validate: repeated option, through Read", "aiken", "r.aiken", []byte("Câu?\nA. Có\nB. có\nANSWER: A\n"),
			[]string{`r.aiken:1: phương án (choices): phương án B trùng với một phương án phía trước`}},
		{"validate: weights, through Read", "json", "w.json", []byte(`[{"text": "Câu?", "kind": "multiple", "topic": "t", "choices": [{"text": "a", "correct": true, "weight": 50}, {"text": "b", "weight": -100}]}]`),
			[]string{`w.json:1: phương án (choices): tổng trọng số của các phương án đúng là 50%, không phải 100%`}},
		{"not UTF-8", "csv", "cp.csv", []byte("question,answer\nC\xe2u,x\n"),
			[]string{`cp.csv:2: không phải UTF-8: tệp không phải văn bản UTF-8 (có thể là Windows-1258 hoặc TCVN3); hãy mở tệp, lưu lại dạng UTF-8 (Unicode) rồi nhập lại`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := viErrors(t, tt.format, tt.file, tt.data, Options{})
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestXLSXIssuesInVietnamese(t *testing.T) {
	book := xlsxTestBook(t, xlsxTestSheet{name: "Vòng 1", rows: [][]any{
		{"Câu hỏi", "Đáp án A", "Đáp án B", "Đáp án đúng", "Mức độ"},
		{"Câu?", "Có", "Không", "A", 7},
		{"Câu 2?", "Có", "Không", "C", 1},
	}})
	got := viErrors(t, "xlsx", "x.xlsx", book, Options{})
	want := []string{
		`x.xlsx:'Vòng 1'!E2: cột "Mức độ": "7" không phải mức độ: ghi 1, 2 hoặc 3 (dễ, trung bình, khó; easy, medium, hard)`,
		`x.xlsx:'Vòng 1'!D3: cột "Đáp án đúng": "C" không thuộc các phương án A–B`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	got = viErrors(t, "xlsx", "x.xlsx", book, Options{Sheet: "Vòng 3"})
	if want := `x.xlsx: không có trang tính tên "Vòng 3"; bảng tính có: "Vòng 1"`; len(got) != 1 || got[0] != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestErrorsTextSaysWhenCapped(t *testing.T) {
	var errs Errors
	for i := range MaxErrors {
		errs = append(errs, issuef("f.aiken", i+1, "format.aiken.answer_first"))
	}
	vi := errs.Text(i18n.VI)
	if !strings.HasSuffix(vi, "\n(dừng lại sau 50 lỗi)") || !strings.HasPrefix(vi, "f.aiken:1: dòng ANSWER không có câu hỏi nào phía trước\n") {
		t.Errorf("Text(VI) = %q", vi)
	}
	if !strings.HasSuffix(errs.Error(), "\n(stopped after 50 errors)") {
		t.Errorf("Error() = %q", errs.Error())
	}
	// An issue made by hand, with only Msg, shows Msg in every language.
	is := Issue{File: "f", Line: 2, Msg: "as given"}
	if got := is.Text(i18n.VI); got != "f:2: as given" {
		t.Errorf("hand-made issue = %q", got)
	}
}

func TestSkippedInVietnamese(t *testing.T) {
	res, err := ReadGIFT("s.gift", []byte("Chỉ là mô tả.\n\nGhép đôi {=a -> 1 =b -> 2 =c -> 3}\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range res.Skipped {
		got = append(got, s.Text(i18n.VI))
	}
	want := []string{"s.gift:1: bỏ qua: đoạn mô tả (văn bản không có {đáp án}) không phải là câu hỏi", "s.gift:3: bỏ qua: chưa hỗ trợ câu hỏi ghép đôi"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %q, want %q", got, want)
	}
}
