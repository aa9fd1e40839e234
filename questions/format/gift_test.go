package format

import (
	"bytes"
	"errors"
	"math"
	"os"
	"reflect"
	"strings"
	"testing"

	"parquiz/questions"
)

// giftReadT reads GIFT text the way the bank does (Read: parse, normalise,
// validate) from a file called t.gift, so set and topic default to "t".
func giftReadT(t *testing.T, in string) *Result {
	t.Helper()
	f, err := Lookup("gift")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Read(f, "t.gift", []byte(in), Options{})
	if err != nil {
		t.Fatalf("Read:\n%s\nerror: %v", in, err)
	}
	return res
}

// giftWant completes an expected question as Read would: defaults for set,
// topic and difficulty, then Normalize.
func giftWant(q questions.Question) questions.Question {
	if q.Set == "" {
		q.Set = "t"
	}
	if q.Topic == "" {
		q.Topic = "t"
	}
	if q.Difficulty == 0 {
		q.Difficulty = questions.Medium
	}
	q.Normalize()
	return q
}

func giftChoices(right string, wrong ...string) []questions.Choice {
	out := []questions.Choice{{Text: right, Correct: true}}
	for _, w := range wrong {
		out = append(out, questions.Choice{Text: w})
	}
	return out
}

func TestGIFTRegistered(t *testing.T) {
	f, err := ForFile("Bộ đề.GIFT")
	if err != nil || f.Name != "gift" {
		t.Fatalf("ForFile(.GIFT) = %q, %v; want gift", f.Name, err)
	}
	if f, err := ForFile("questions.txt"); err == nil && f.Name == "gift" {
		t.Errorf("ForFile(.txt) picked gift; .txt is ambiguous (Aiken) and needs --format")
	}
}

func TestGIFTFeatures(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []questions.Question
	}{
		{"single", "Ai là người chịu trách nhiệm?{=Chủ tịch UBND ~Phó Chủ tịch ~Chánh Văn phòng}",
			[]questions.Question{{Text: "Ai là người chịu trách nhiệm?", Kind: questions.KindSingle,
				Choices: giftChoices("Chủ tịch UBND", "Phó Chủ tịch", "Chánh Văn phòng")}}},
		{"right answer need not come first", "Q?{~b =a ~c}",
			[]questions.Question{{Text: "Q?", Kind: questions.KindSingle, Choices: []questions.Choice{
				{Text: "b"}, {Text: "a", Correct: true}, {Text: "c"}}}}},
		{"title", "::Câu 1::  Thủ đô của Việt Nam?{=Hà Nội ~Huế}",
			[]questions.Question{{Title: "Câu 1", Text: "Thủ đô của Việt Nam?", Kind: questions.KindSingle,
				Choices: giftChoices("Hà Nội", "Huế")}}},
		{"answers over several lines with comments", "Q?{\n  ~a\n// not an answer\n  =b\n  ~c\n}",
			[]questions.Question{{Text: "Q?", Kind: questions.KindSingle, Choices: []questions.Choice{
				{Text: "a"}, {Text: "b", Correct: true}, {Text: "c"}}}}},
		{"text over several lines", "Dòng một\ndòng hai {=a ~b}",
			[]questions.Question{{Text: "Dòng một\ndòng hai", Kind: questions.KindSingle, Choices: giftChoices("a", "b")}}},
		{"missing word", "Bộ phận {=một cửa ~hai cửa} tiếp nhận hồ sơ.",
			[]questions.Question{{Text: "Bộ phận _____ tiếp nhận hồ sơ.", Kind: questions.KindSingle,
				Choices: giftChoices("một cửa", "hai cửa")}}},
		{"escapes", `Hỏi\: a \= b \~ c \# d \{e\} \\ f\ndòng 2{=\~x\= ~y\#\{\}\: ~C:\dir}`,
			[]questions.Question{{Text: "Hỏi: a = b ~ c # d {e} \\ f\ndòng 2", Kind: questions.KindSingle,
				Choices: giftChoices("~x=", "y#{}:", `C:\dir`)}}},
		{"per-answer feedback", "Q?{=a#Đúng vì A ~b#Sai vì B ~c}",
			[]questions.Question{{Text: "Q?", Kind: questions.KindSingle, Choices: []questions.Choice{
				{Text: "a", Correct: true, Feedback: "Đúng vì A"}, {Text: "b", Feedback: "Sai vì B"}, {Text: "c"}}}}},
		{"general feedback is the explanation", "Q?{=a ~b ####Vì a là đúng.}",
			[]questions.Question{{Text: "Q?", Kind: questions.KindSingle, Choices: giftChoices("a", "b"), Explanation: "Vì a là đúng."}}},
		{"partial credit in a single-choice question is dropped", "Q?{~wrong ~%50%half =full}",
			[]questions.Question{{Text: "Q?", Kind: questions.KindSingle, Choices: []questions.Choice{
				{Text: "wrong"}, {Text: "half"}, {Text: "full", Correct: true}}}}},
		{"weights make a multiple-answer question", "Q?{~%50%a ~%50%b ~%-100%c}",
			[]questions.Question{{Text: "Q?", Kind: questions.KindMultiple, Choices: []questions.Choice{
				{Text: "a", Correct: true, Weight: 50}, {Text: "b", Correct: true, Weight: 50}, {Text: "c", Weight: -100}}}}},
		{"multiple with unweighted wrong answers and decimals", "Q?{~%33.33333%a ~%33.33333%b ~%33.33334%c ~d#no}",
			[]questions.Question{{Text: "Q?", Kind: questions.KindMultiple, Choices: []questions.Choice{
				{Text: "a", Correct: true, Weight: 33.33333}, {Text: "b", Correct: true, Weight: 33.33333},
				{Text: "c", Correct: true, Weight: 33.33334}, {Text: "d", Feedback: "no"}}}}},
		{"a lone ~%100% is multiple too (Moodle: no = means several may be chosen)", "Q?{~%100%a ~b}",
			[]questions.Question{{Text: "Q?", Kind: questions.KindMultiple, Choices: []questions.Choice{
				{Text: "a", Correct: true, Weight: 100}, {Text: "b"}}}}},
		{"text that only looks like a weight", "Q?{=a ~%5 dân số}",
			[]questions.Question{{Text: "Q?", Kind: questions.KindSingle, Choices: giftChoices("a", "%5 dân số")}}},
		{"T", "Trái đất quay quanh Mặt trời.{T}",
			[]questions.Question{{Text: "Trái đất quay quanh Mặt trời.", Kind: questions.KindTrueFalse, Truth: true}}},
		{"TRUE", "Q.{TRUE}", []questions.Question{{Text: "Q.", Kind: questions.KindTrueFalse, Truth: true}}},
		{"F", "Q.{F}", []questions.Question{{Text: "Q.", Kind: questions.KindTrueFalse}}},
		{"FALSE", "Q.{FALSE}", []questions.Question{{Text: "Q.", Kind: questions.KindTrueFalse}}},
		// Moodle: {T#shown when wrong#shown when right}. Who answered true
		// was right for {T}, wrong for {F}.
		{"true with both feedbacks", "Q.{T#Sai rồi#Chính xác}",
			[]questions.Question{{Text: "Q.", Kind: questions.KindTrueFalse, Truth: true,
				TrueFeedback: "Chính xác", FalseFeedback: "Sai rồi"}}},
		{"false with both feedbacks", "Q.{FALSE#Sai rồi#Chính xác}",
			[]questions.Question{{Text: "Q.", Kind: questions.KindTrueFalse,
				TrueFeedback: "Sai rồi", FalseFeedback: "Chính xác"}}},
		{"false with the wrong-answer feedback only", "Q.{F#Không ai được chôn ở đó.}",
			[]questions.Question{{Text: "Q.", Kind: questions.KindTrueFalse, TrueFeedback: "Không ai được chôn ở đó."}}},
		{"true with feedback and explanation", "Q.{TRUE##Đúng####Giải thích}",
			[]questions.Question{{Text: "Q.", Kind: questions.KindTrueFalse, Truth: true, TrueFeedback: "Đúng", Explanation: "Giải thích"}}},
		{"numeric with tolerance", "Năm?{#3:2}",
			[]questions.Question{{Text: "Năm?", Kind: questions.KindNumeric, Number: questions.Numeric{Value: 3, Tolerance: 2}}}},
		{"numeric exact", "Năm?{#2021}",
			[]questions.Question{{Text: "Năm?", Kind: questions.KindNumeric, Number: questions.Numeric{Value: 2021}}}},
		{"numeric range", "Khoảng?{#1..5}",
			[]questions.Question{{Text: "Khoảng?", Kind: questions.KindNumeric, Number: questions.Numeric{Min: 1, Max: 5, IsRange: true}}}},
		{"numeric negative range and decimals", "Q?{#-1e1..-5.5}",
			[]questions.Question{{Text: "Q?", Kind: questions.KindNumeric, Number: questions.Numeric{Min: -10, Max: -5.5, IsRange: true}}}},
		{"numeric: first full-credit answer, partial ones dropped", "Q?{#\n =%50%1822:2#gần\n =1822:0#đúng\n =1823\n ~#sai}",
			[]questions.Question{{Text: "Q?", Kind: questions.KindNumeric, Number: questions.Numeric{Value: 1822}}}},
		{"numeric with general feedback", "Q?{#42####Vì thế.}",
			[]questions.Question{{Text: "Q?", Kind: questions.KindNumeric, Number: questions.Numeric{Value: 42}, Explanation: "Vì thế."}}},
		{"short answer", "Cơ chế gì?{=một cửa =một cửa liên thông}",
			[]questions.Question{{Text: "Cơ chế gì?", Kind: questions.KindShort, Accepted: []string{"một cửa", "một cửa liên thông"}}}},
		{"short answer keeps full-credit answers only", "Q?{=Nazareth#Yes =%100%Nazaret =%75%Nazereth#close}",
			[]questions.Question{{Text: "Q?", Kind: questions.KindShort, Accepted: []string{"Nazareth", "Nazaret"}}}},
		{"short answer missing word", "Hai cộng hai bằng {=bốn =4}.",
			[]questions.Question{{Text: "Hai cộng hai bằng _____.", Kind: questions.KindShort, Accepted: []string{"bốn", "4"}}}},
		{"lower-case true is a short answer, as in Moodle", "Q?{true}",
			[]questions.Question{{Text: "Q?", Kind: questions.KindShort, Accepted: []string{"true"}}}},
		{"markdown marker", "[markdown]Ai ở **lăng**?{=không ai}",
			[]questions.Question{{Text: "Ai ở **lăng**?", Kind: questions.KindShort, Accepted: []string{"không ai"}}}},
		{"plain and moodle markers", "[plain]A?{=x}\n\n[moodle]B?{=y}",
			[]questions.Question{
				{Text: "A?", Kind: questions.KindShort, Accepted: []string{"x"}},
				{Text: "B?", Kind: questions.KindShort, Accepted: []string{"y"}}}},
		{"html marker: tags stripped, entities decoded, line breaks kept",
			"[html]<p>Điều&nbsp;5 &amp; <b>Điều   6</b></p><p>dòng&lt;2&gt;<br/>dòng 3</p><script>x()</script>{=<i>có</i> ~không#<b>sai</b>}",
			[]questions.Question{{Text: "Điều 5 & Điều 6\n\ndòng<2>\ndòng 3", Kind: questions.KindSingle, Choices: []questions.Choice{
				{Text: "có", Correct: true}, {Text: "không", Feedback: "sai"}}}}},
		{"unknown bracket is text, as in Moodle", "[Luật 2019] Điều mấy?{#5}",
			[]questions.Question{{Text: "[Luật 2019] Điều mấy?", Kind: questions.KindNumeric, Number: questions.Numeric{Value: 5}}}},
		{"category sets the topic of what follows",
			"$CATEGORY: $course$/top/CCHC/Một cửa\n\nA?{T}\n\nB?{F}\n\n$CATEGORY: Công vụ\n\nC?{T}\n\n$CATEGORY: $system$/top\n\nD?{T}",
			[]questions.Question{
				{Text: "A?", Kind: questions.KindTrueFalse, Truth: true, Topic: "CCHC/Một cửa"},
				{Text: "B?", Kind: questions.KindTrueFalse, Topic: "CCHC/Một cửa"},
				{Text: "C?", Kind: questions.KindTrueFalse, Truth: true, Topic: "Công vụ"},
				{Text: "D?", Kind: questions.KindTrueFalse, Truth: true}}},
		{"category line right above a question", "// Moodle export\n$CATEGORY: top/Chủ đề\nA?{T}",
			[]questions.Question{{Text: "A?", Kind: questions.KindTrueFalse, Truth: true, Topic: "Chủ đề"}}},
		{"metadata comments",
			"// question: 12  name: Q1\n// difficulty: 3\n// source: Luật số 22/2008/QH12\\nĐiều 5\n// tags: cải cách, công vụ\n// [tag:PAR] [tag:a\\]b]\n// explanation: Theo Điều 5.\n// set: Đề thi 2024\nQ?{=a ~b}",
			[]questions.Question{{Text: "Q?", Kind: questions.KindSingle, Choices: giftChoices("a", "b"),
				Difficulty: questions.Hard, Source: "Luật số 22/2008/QH12\nĐiều 5", Tags: []string{"cải cách", "công vụ", "PAR", "a]b"},
				Explanation: "Theo Điều 5.", Set: "Đề thi 2024"}}},
		{"Vietnamese metadata keys and words",
			"// Mức độ: khó\n// Nguồn: Nghị định 61/2018/NĐ-CP\n// Giải thích: dòng 1\n// giải thích: dòng 2\nQ?{T}\n\n// độ khó: dễ\nR?{T}",
			[]questions.Question{
				{Text: "Q?", Kind: questions.KindTrueFalse, Truth: true, Difficulty: questions.Hard,
					Source: "Nghị định 61/2018/NĐ-CP", Explanation: "dòng 1\ndòng 2"},
				{Text: "R?", Kind: questions.KindTrueFalse, Truth: true, Difficulty: questions.Easy}}},
		{"#### wins over an explanation comment", "// explanation: từ chú thích\nQ?{T####từ phản hồi chung}",
			[]questions.Question{{Text: "Q?", Kind: questions.KindTrueFalse, Truth: true, Explanation: "từ phản hồi chung"}}},
		{"metadata only from the question's own block", "// difficulty: 3\n\nQ?{T}",
			[]questions.Question{{Text: "Q?", Kind: questions.KindTrueFalse, Truth: true}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := giftReadT(t, tc.in)
			var want []questions.Question
			for _, q := range tc.want {
				want = append(want, giftWant(q))
			}
			if !reflect.DeepEqual(res.Questions, want) {
				t.Errorf("got\n%+v\nwant\n%+v", res.Questions, want)
			}
			if len(res.Skipped) != 0 {
				t.Errorf("skipped %v, want none", res.Skipped)
			}
		})
	}
}

// The fixture transcribes Moodle's documented examples; each must come out
// as the kind and key Moodle gives it.
func TestGIFTMoodleExamples(t *testing.T) {
	data, err := os.ReadFile("testdata/gift/moodle_examples.gift")
	if err != nil {
		t.Fatal(err)
	}
	res, err := ReadGIFT("moodle_examples.gift", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		line  int
		kind  questions.Kind
		title string
		text  string
		key   string // KeyText
	}
	wants := []want{
		{10, questions.KindSingle, "Q-title", "Question text", "B. right"},
		{12, questions.KindSingle, "", "Grant is _____ in Grant's tomb.", "B. entombed"},
		{14, questions.KindTrueFalse, "", "Grant is buried in Grant's tomb.", "False"},
		{16, questions.KindTrueFalse, "", "Grant is buried in Grant's tomb.", "False"},
		{18, questions.KindShort, "", "Who's buried in Grant's tomb?", "no one | nobody"},
		{20, questions.KindNumeric, "", "When was Ulysses S. Grant born?", "1822±5"},
		{22, questions.KindNumeric, "", "What is pi (3 d.p.)?", "3.141..3.142"},
		{24, questions.KindNumeric, "", "When was Grant born?", "1822"},
		{28, questions.KindSingle, "", "Q", "C. full credit"},
		{30, questions.KindMultiple, "", "Two people?", "B. Grant; C. Grant's wife"},
		{34, questions.KindShort, "", "Who's buried in **Grant's tomb**?", "no one"},
		{36, questions.KindSingle, "", "Which answer equals 5?", "B. = 2 + 3"},
	}
	if len(res.Questions) != len(wants) {
		t.Fatalf("got %d questions, want %d", len(res.Questions), len(wants))
	}
	for i, w := range wants {
		q := res.Questions[i]
		got := want{res.Lines[i], q.Kind, q.Title, q.Text, q.KeyText("en")}
		if got != w {
			t.Errorf("question %d: got %+v, want %+v", i, got, w)
		}
		if q.Topic != "Chapter 1/Section 1" {
			t.Errorf("question %d: topic %q, want Chapter 1/Section 1", i, q.Topic)
		}
	}
	q := res.Questions[3]
	if q.TrueFeedback != "feedback if wrong" || q.FalseFeedback != "feedback if right" {
		t.Errorf("{FALSE#…#…}: true feedback %q, false feedback %q", q.TrueFeedback, q.FalseFeedback)
	}
	q = res.Questions[8]
	if got := []string{q.Choices[0].Feedback, q.Choices[1].Feedback, q.Choices[2].Feedback}; !reflect.DeepEqual(got, []string{"feedback", "fb", "Very good!"}) {
		t.Errorf("per-answer feedback = %q", got)
	}
	q = res.Questions[9]
	var weights []float64
	for _, c := range q.Choices {
		weights = append(weights, c.Weight)
	}
	if !reflect.DeepEqual(weights, []float64{-50, 50, 50, -50}) {
		t.Errorf("weights = %v", weights)
	}
	gotSkipped := giftIssueStrings(res.Skipped)
	wantSkipped := []string{
		"moodle_examples.gift:26: skipped: matching questions are not supported",
		"moodle_examples.gift:32: skipped: essay questions (empty {}) are not supported",
	}
	if !reflect.DeepEqual(gotSkipped, wantSkipped) {
		t.Errorf("skipped\n%q\nwant\n%q", gotSkipped, wantSkipped)
	}

	// Moodle takes {~wrong =right ~wrong}; parquiz's validation does not
	// (two options the same), and says where.
	f, _ := Lookup("gift")
	_, err = Read(f, "moodle_examples.gift", data, Options{})
	wantErr := "moodle_examples.gift:10: choices: option C repeats an earlier option"
	if err == nil || err.Error() != wantErr {
		t.Errorf("Read error = %v, want %s", err, wantErr)
	}
}

func giftIssueStrings(is []Issue) []string {
	var out []string
	for _, i := range is {
		out = append(out, i.String())
	}
	return out
}

func TestGIFTSkipped(t *testing.T) {
	in := "A?{T}\n\n" + // 1
		"Ghép.{\n=Hà Nội -> Thủ đô\n=Huế -> Cố đô\n}\n\n" + // 3
		"Viết bài luận.{}\n\n" + // 8
		"Cảm nghĩ?{####chung}\n\n" + // 10
		"// a description\n::Giới thiệu::Phần thi thứ hai.\n\n" + // 12
		"B?{F}" // 15
	res := giftReadT(t, in)
	got := giftIssueStrings(res.Skipped)
	want := []string{
		"t.gift:3: skipped: matching questions are not supported",
		"t.gift:8: skipped: essay questions (empty {}) are not supported",
		"t.gift:10: skipped: essay questions (empty {}) are not supported",
		"t.gift:13: skipped: description (text with no {answers}) is not a question",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("skipped\n%q\nwant\n%q", got, want)
	}
	if got, want := res.Lines, []int{1, 15}; !reflect.DeepEqual(got, want) {
		t.Errorf("lines %v, want %v", got, want)
	}
}

func TestGIFTErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"unclosed brace", "A?{T}\n\nB?{=a\n~b", []string{"t.gift:3: the answers opened with { are not closed with } (a question ends at a blank line)"}},
		{"blank line inside answers", "B?{\n=a\n\n~b}", []string{
			"t.gift:1: the answers opened with { are not closed with } (a question ends at a blank line)",
			"t.gift:4: } without an opening {; write a literal brace as \\}"}},
		{"closing brace alone", "Q? =a}", []string{"t.gift:1: } without an opening {; write a literal brace as \\}"}},
		{"no blank line between questions", "A?{T}\nB?{F}", []string{
			"t.gift:2: a second {answers} block: a question has one; put a blank line between two questions, or write a literal brace as \\{ or \\}"}},
		{"brace inside answers", "A?{=a {b ~c}", []string{"t.gift:1: { inside the answers; write a literal brace as \\{"}},
		{"title not closed", "::Tiêu đề: Q?{T}", []string{"t.gift:1: the title ::… is not closed with ::"}},
		{"unknown directive", "$TOPIC: x\nQ?{T}", []string{"t.gift:1: unknown directive $TOPIC: (GIFT knows only $CATEGORY:); to start a question with it, write $TOPIC\\:"}},
		{"~ with no text", "Q?{=a\n~\n~c}", []string{"t.gift:2: answer 2 (~) has no text"}},
		{"= with no text", "Q?{=a ~b =#fb}", []string{"t.gift:1: answer 3 (=) has no text"}},
		{"short answer with an empty answer", "Q?{=a =}", []string{"t.gift:1: answer 2 (=) has no text"}},
		{"one answer", "Q?{~%100%a}", []string{"t.gift:1: a choice question needs at least 2 answers, this one has 1"}},
		{"no right answer", "Q?{~a ~b}", []string{"t.gift:1: no answer is marked right: mark it with =, or give the right ones a weight like ~%50%"}},
		{"text before the first answer", "Q?{a ~b =c}", []string{`t.gift:1: "a" before the first answer: each answer starts with = (right) or ~ (wrong)`}},
		{"bad number", "Q?{#\n=3,5:1}", []string{`t.gift:2: "3,5:1" is not a number: write 3, 3:0.5 (3 give or take 0.5) or 1..5`}},
		{"bad range", "Q?{#1..x}", []string{`t.gift:1: "1..x" is not a number: write 3, 3:0.5 (3 give or take 0.5) or 1..5`}},
		{"no number", "Q?{#}", []string{"t.gift:1: no number: write {#3}, {#3:0.5} (3 give or take 0.5) or {#1..5}"}},
		{"no full-credit number", "Q?{#=%50%3}", []string{"t.gift:1: no number has full credit: parquiz keeps only =number or =%100%number"}},
		{"no full-credit short answer", "Q?{=%50%a}", []string{"t.gift:1: no answer has full credit: parquiz keeps only =answer or =%100%answer"}},
		{"bad difficulty", "// difficulty: 4\nQ?{T}", []string{`t.gift:1: difficulty: "4" is not 1 (easy), 2 (medium) or 3 (hard)`}},
		{"every error in the file, in order", "A?{=a\n\nB?{T}\n\n// difficulty: rất khó\nC?{T}\n\nD?{~x ~y}", []string{
			"t.gift:1: the answers opened with { are not closed with } (a question ends at a blank line)",
			`t.gift:5: difficulty: "rất khó" is not 1 (easy), 2 (medium) or 3 (hard)`,
			"t.gift:8: no answer is marked right: mark it with =, or give the right ones a weight like ~%50%"}},
		// Errors found by validation after parsing are placed at the
		// question's first line.
		{"validation at the question's line", "// c\n\n// c\n::T::\nQ?{=a ~A}", []string{"t.gift:4: choices: option B repeats an earlier option"}},
		{"two right answers in single choice", "Q?{=a =b ~c}", []string{"t.gift:1: answer: a single-choice question needs exactly 1 correct option, it has 2"}},
		{"weights not adding to 100", "Q?{~%50%a ~%40%b ~c}", []string{"t.gift:1: choices: the weights of the correct options add up to 90%, not 100%"}},
		{"range upside down", "Q?{#5..1}", []string{"t.gift:1: answer: the range 5..1 has its minimum above its maximum"}},
		{"no text", "{=a ~b}", []string{"t.gift:1: text: the question has no text"}},
	}
	f, _ := Lookup("gift")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Read(f, "t.gift", []byte(tc.in), Options{})
			if err == nil {
				t.Fatalf("no error; read %+v", res.Questions)
			}
			var errs Errors
			if !errors.As(err, &errs) {
				t.Fatalf("error %v is not Errors", err)
			}
			if got := giftIssueStrings(errs); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}

func TestGIFTErrorCap(t *testing.T) {
	var b strings.Builder
	for range MaxErrors + 20 {
		b.WriteString("Q?{~a ~b}\n\n")
	}
	_, err := ReadGIFT("t.gift", []byte(b.String()), Options{})
	var errs Errors
	if !errors.As(err, &errs) || len(errs) != MaxErrors {
		t.Fatalf("got %d errors (%v), want %d", len(errs), err, MaxErrors)
	}
	if got, want := errs[MaxErrors-1].Line, 2*MaxErrors-1; got != want {
		t.Errorf("last error on line %d, want %d", got, want)
	}
}

func TestGIFTEncoding(t *testing.T) {
	f, _ := Lookup("gift")
	in := "\xef\xbb\xbf// chú thích\r\n$CATEGORY: Công vụ\r\n\r\n::T::Câu hỏi\r\nhai dòng?{\r\n=Đúng\r\n~Sai\r\n}\r\n\r\nB?{T}\r\n"
	res, err := Read(f, "t.gift", []byte(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res.Lines, []int{4, 10}; !reflect.DeepEqual(got, want) {
		t.Errorf("lines %v, want %v", got, want)
	}
	q := res.Questions[0]
	if q.Text != "Câu hỏi\nhai dòng?" || q.Title != "T" || q.Topic != "Công vụ" || q.KeyText("") != "A. Đúng" {
		t.Errorf("got %+v", q)
	}

	// Decomposed (NFD) Vietnamese comes out NFC.
	nfd := "Vie\u0323\u0302t Nam?{=Ha\u0300 No\u0323\u0302i ~Hue\u0302\u0301}"
	res, err = Read(f, "t.gift", []byte(nfd), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res.Questions[0].Text+"|"+res.Questions[0].Choices[0].Text, "Việt Nam?|Hà Nội"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}

	// Windows-1258 / TCVN3 bytes are refused with a message naming the
	// file and line.
	_, err = Read(f, "cu.gift", []byte("A?{T}\n\nC\xe2u h\xe1i?{T}"), Options{})
	if !errors.Is(err, ErrNotUTF8) {
		t.Fatalf("error %v, want ErrNotUTF8", err)
	}
	if !strings.HasPrefix(err.Error(), "cu.gift:3: ") {
		t.Errorf("error %q does not name cu.gift:3", err)
	}
}

func TestGIFTSetOption(t *testing.T) {
	f, _ := Lookup("gift")
	in := "// set: trong tệp\nA?{T}\n\nB?{F}"
	res, err := Read(f, "de-thi.gift", []byte(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := []string{res.Questions[0].Set, res.Questions[1].Set}, []string{"trong tệp", "de-thi"}; !reflect.DeepEqual(got, want) {
		t.Errorf("sets %q, want %q", got, want)
	}
	res, err = Read(f, "de-thi.gift", []byte(in), Options{Set: "Vòng 1"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := []string{res.Questions[0].Set, res.Questions[1].Set}, []string{"Vòng 1", "Vòng 1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("with --set: sets %q, want %q", got, want)
	}
}

// giftRoundTripBank is a varied table of questions of every kind, with the
// characters GIFT must escape and text over several lines.
func giftRoundTripBank() []questions.Question {
	return []questions.Question{
		{Title: "Câu 1: {Một cửa}", Text: "Theo Nghị định 61/2018/NĐ-CP, bộ phận {một cửa} = nơi tiếp nhận?\nChọn ~1~ đáp án #đúng.",
			Kind:    questions.KindSingle,
			Choices: []questions.Choice{{Text: "Bộ phận Tiếp nhận và Trả kết quả", Correct: true, Feedback: "Đúng: Điều 3 #1"}, {Text: "Văn phòng = UBND", Feedback: "Sai {hẳn}"}, {Text: "100% cán bộ"}, {Text: "C:\\thư mục\\new"}},
			Topic:   "CCHC/Một cửa", Difficulty: questions.Easy, Tags: []string{"một cửa", "NĐ 61", "a]b", "x,y"},
			Source: "Nghị định số 61/2018/NĐ-CP, Điều 3\nkhoản 2", Explanation: "Theo Điều 3:\n- khoản 2 {a}\n\n- khoản 3 ####", Set: "Đề: 2024"},
		{Text: "Những chỉ số nào đo sự hài lòng?", Kind: questions.KindMultiple,
			Choices: []questions.Choice{{Text: "SIPAS", Correct: true, Weight: 50, Feedback: "#1"}, {Text: "PAPI", Correct: true, Weight: 50}, {Text: "GDP", Weight: -100}, {Text: "%5 dân số", Weight: 0}},
			Topic:   "Chỉ số/PAR Index", Difficulty: questions.Medium, Source: "Quyết định 1149/QĐ-BNV"},
		{Text: "Ba đáp án đúng?", Kind: questions.KindMultiple,
			Choices: []questions.Choice{{Text: "a", Correct: true}, {Text: "b", Correct: true}, {Text: "c", Correct: true}, {Text: "d"}},
			Topic:   "Chỉ số/PAR Index", Difficulty: questions.Hard},
		{Text: "Cán bộ là công dân Việt Nam.", Kind: questions.KindTrueFalse, Truth: true,
			TrueFeedback: "Chính xác: Điều 4", FalseFeedback: "Sai ~ xem lại", Explanation: "Luật CB,CC = 2008", Topic: "Luật CBCC", Difficulty: questions.Easy},
		{Text: "Hồ sơ nộp trực tuyến cần bản giấy.", Kind: questions.KindTrueFalse, TrueFeedback: "Không cần", Topic: "Luật CBCC", Difficulty: questions.Easy},
		{Text: "Không phản hồi", Kind: questions.KindTrueFalse, FalseFeedback: "Đúng là sai", Topic: "Luật CBCC", Difficulty: questions.Easy},
		{Text: "TRUE", Kind: questions.KindTrueFalse, Truth: true, Topic: "Luật CBCC", Difficulty: questions.Easy},
		{Text: "Nghị quyết 30c ban hành năm nào?", Kind: questions.KindNumeric, Number: questions.Numeric{Value: 2011},
			Explanation: "NQ 30c/NQ-CP ngày 08/11/2011.", Topic: "Chương trình tổng thể", Difficulty: questions.Medium, Tags: []string{"NQ 30c"}},
		{Text: "Sai số?", Kind: questions.KindNumeric, Number: questions.Numeric{Value: -3.25, Tolerance: 0.125}, Topic: "Chương trình tổng thể", Difficulty: questions.Hard},
		{Text: "Khoảng?", Kind: questions.KindNumeric, Number: questions.Numeric{Min: -1e-7, Max: 123456789.123, IsRange: true}, Topic: "Chương trình tổng thể", Difficulty: questions.Hard},
		{Text: "Cơ chế nào?", Kind: questions.KindShort, Accepted: []string{"một cửa", "Một cửa liên thông", "%100 hồ sơ", "T"},
			Explanation: "Quyết định 93/2007/QĐ-TTg.", Topic: "CCHC/Một cửa", Difficulty: questions.Medium},
		{Text: "[html]<b>không</b> phải HTML", Kind: questions.KindShort, Accepted: []string{"[plain]x"}, Topic: "Khác", Difficulty: questions.Medium},
		{Text: "// không phải chú thích", Kind: questions.KindTrueFalse, Topic: "Khác", Difficulty: questions.Medium},
		{Text: "$CATEGORY: không phải chủ đề", Kind: questions.KindSingle, Choices: giftChoices("[markdown]a", "//b"), Topic: "Khác", Difficulty: questions.Medium},
		{Text: "Văn bản _____ có chỗ trống.", Kind: questions.KindSingle, Choices: giftChoices("này", "kia"), Topic: "top/x", Difficulty: questions.Medium, Set: "bộ\\một"},
	}
}

func TestGIFTRoundTrip(t *testing.T) {
	in := giftRoundTripBank()
	for i := range in {
		in[i].Normalize()
	}
	before := giftRoundTripBank()
	var buf bytes.Buffer
	skipped, err := WriteGIFT(&buf, in)
	if err != nil || skipped != 0 {
		t.Fatalf("WriteGIFT: skipped %d, %v", skipped, err)
	}
	// The writer must not change its input.
	for i := range before {
		before[i].Normalize()
	}
	if !reflect.DeepEqual(in, before) {
		t.Errorf("WriteGIFT changed its input")
	}
	f, _ := Lookup("gift")
	res, err := Read(f, "export.gift", buf.Bytes(), Options{})
	if err != nil {
		t.Fatalf("%v\nfile:\n%s", err, buf.String())
	}
	if len(res.Skipped) != 0 {
		t.Errorf("skipped %v", res.Skipped)
	}
	if len(res.Questions) != len(in) {
		t.Fatalf("read %d questions, wrote %d\n%s", len(res.Questions), len(in), buf.String())
	}
	for i, want := range in {
		got := res.Questions[i]
		if want.Set == "" {
			want.Set = "export"
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("question %d:\ngot  %+v\nwant %+v", i, got, want)
		}
	}
	if t.Failed() {
		t.Logf("file:\n%s", buf.String())
	}
}

func TestGIFTWriteFormat(t *testing.T) {
	qs := []questions.Question{
		{Title: "Q1", Text: "Hỏi: 1+1?", Kind: questions.KindSingle, Choices: giftChoices("2", "3"), Topic: "A/B", Difficulty: 1, Source: "S", Tags: []string{"x"}, Explanation: "Vì #", Set: "bộ"},
		{Text: "Đúng?", Kind: questions.KindTrueFalse, Truth: true, TrueFeedback: "ok", Topic: "A/B"},
		{Text: "Số?", Kind: questions.KindNumeric, Number: questions.Numeric{Value: 3, Tolerance: 2}, Topic: "C"},
		{Text: "Nhiều?", Kind: questions.KindMultiple, Choices: []questions.Choice{{Text: "a", Correct: true}, {Text: "b", Correct: true}, {Text: "c"}}, Topic: "C"},
		{Text: "Ghép?", Kind: questions.KindShort, Accepted: []string{"a -> b"}, Topic: "C"},
		{Text: "Vô hạn?", Kind: questions.KindNumeric, Number: questions.Numeric{Value: math.Inf(1)}, Topic: "C"},
	}
	var buf bytes.Buffer
	skipped, err := WriteGIFT(&buf, qs)
	if err != nil {
		t.Fatal(err)
	}
	if skipped != 2 {
		t.Errorf("skipped %d, want 2 (short answer with ->, infinite key)", skipped)
	}
	got := buf.String()
	_, body, _ := strings.Cut(got, "\n\n")
	want := `$CATEGORY: $course$/top/A/B

// difficulty: 1
// source: S
// [tag:x]
// set: bộ
::Q1::Hỏi\: 1+1? {
	=2
	~3
	####Vì \#
}

Đúng? {TRUE##ok}

$CATEGORY: $course$/top/C

Số? {#3:2}

Nhiều? {
	~%50%a
	~%50%b
	~%-100%c
}
`
	if body != want {
		t.Errorf("got\n%s\nwant\n%s", body, want)
	}
}

// The example in README.md (GIFT), kept in testdata.
func TestGIFTReadmeExample(t *testing.T) {
	data, err := os.ReadFile("testdata/gift/readme_example.gift")
	if err != nil {
		t.Fatal(err)
	}
	res := giftReadT(t, string(data))
	type row struct {
		kind       questions.Kind
		key        string
		difficulty int
	}
	var got []row
	for _, q := range res.Questions {
		got = append(got, row{q.Kind, q.KeyText("vi"), q.Difficulty})
		if q.Topic != "CCHC/Một cửa" {
			t.Errorf("topic %q", q.Topic)
		}
	}
	want := []row{
		{questions.KindSingle, "A. Bộ phận Tiếp nhận và Trả kết quả", 1},
		{questions.KindMultiple, "A. SIPAS; B. PAPI", 2},
		{questions.KindTrueFalse, "Đúng", 2},
		{questions.KindNumeric, "2011", 2},
		{questions.KindShort, "một cửa | một cửa liên thông", 2},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	q := res.Questions[0]
	if q.Title != "Câu 1" || q.Source != "Nghị định số 61/2018/NĐ-CP, Điều 3" || !reflect.DeepEqual(q.Tags, []string{"một cửa", "NĐ 61"}) ||
		q.Explanation != "Nghị định 61/2018/NĐ-CP gọi đây là Bộ phận Một cửa." || q.Choices[0].Feedback != "Đúng: Điều 3, khoản 3" {
		t.Errorf("first question %+v", q)
	}
	if q := res.Questions[2]; q.TrueFeedback != "Chính xác" || q.FalseFeedback != "Sai: xem lại" {
		t.Errorf("true/false feedback %q / %q", q.TrueFeedback, q.FalseFeedback)
	}
	if q := res.Questions[4]; q.Text != "Cơ chế _____ được áp dụng tại Bộ phận Tiếp nhận và Trả kết quả." {
		t.Errorf("missing word text %q", q.Text)
	}
}
