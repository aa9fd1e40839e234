package format

import (
	"fmt"
	"strings"
	"testing"

	"parquiz/questions"
)

// tableTestSummary renders a question compactly for got/want comparisons:
// kind|text|key, then |name=value for each metadata field that is set.
// Options are ";"-joined, correct ones starred, multiple-choice weights
// after a colon.
func tableTestSummary(q *questions.Question) string {
	var key string
	switch q.Kind {
	case questions.KindSingle, questions.KindMultiple:
		var os []string
		for _, c := range q.Choices {
			o := c.Text
			if c.Correct {
				o = "*" + o
			}
			if q.Kind == questions.KindMultiple && c.Weight != 0 {
				o += ":" + tableNum(c.Weight)
			}
			os = append(os, o)
		}
		key = strings.Join(os, ";")
	case questions.KindTrueFalse:
		key = fmt.Sprint(q.Truth)
	case questions.KindNumeric:
		n := q.Number
		if n.IsRange {
			key = tableNum(n.Min) + ".." + tableNum(n.Max)
		} else {
			key = tableNum(n.Value) + "±" + tableNum(n.Tolerance)
		}
	case questions.KindShort:
		key = strings.Join(q.Accepted, "|")
	}
	s := string(q.Kind) + "|" + q.Text + "|" + key
	meta := []struct{ k, v string }{
		{"topic", q.Topic}, {"diff", fmt.Sprint(q.Difficulty)}, {"source", q.Source},
		{"expl", q.Explanation}, {"tags", strings.Join(q.Tags, "+")}, {"set", q.Set}, {"title", q.Title},
	}
	for _, m := range meta {
		if m.v != "" && m.v != "0" {
			s += "|" + m.k + "=" + m.v
		}
	}
	return s
}

func TestTableParseNumeric(t *testing.T) {
	tests := []struct {
		in   string
		want string // tableTestSummary key, or "error"
	}{
		{"3", "3±0"}, {"3±2", "3±2"}, {"3 ± 2", "3±2"}, {"3+-2", "3±2"}, {"3:2", "3±2"},
		{"-3+-0.5", "-3±0.5"}, {"1..5", "1..5"}, {"-5..-1", "-5..-1"}, {"1.5..2.5", "1.5..2.5"},
		{"2,5", "2.5±0"}, {"2,5±0,1", "2.5±0.1"}, {"3.00", "3±0"}, {"1e3", "1000±0"},
		{"1,000", "error"}, {"1.000,5", "error"}, {"abc", "error"}, {"1..", "error"}, {"..5", "error"},
		{"NaN", "error"}, {"Inf", "error"}, {"3±", "error"}, {"", "error"},
	}
	for _, tt := range tests {
		n, msg := tableParseNumeric(tt.in)
		got := "error"
		if msg.Key == "" {
			q := questions.Question{Kind: questions.KindNumeric, Number: n}
			got = strings.SplitN(tableTestSummary(&q), "|", 3)[2]
		}
		if got != tt.want {
			t.Errorf("tableParseNumeric(%q) = %s (%s), want %s", tt.in, got, msg, tt.want)
		}
	}
}

func TestTableParseLetters(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string // idx:weight list with * when weighted, or the message
	}{
		{"B", 4, "1:0"},
		{"a, c", 4, "0:0 2:0"},
		{"A;C", 4, "0:0 2:0"},
		{"A:50,C:50", 4, "*0:50 2:50"},
		{"A:50%; C:50%; B:-100", 4, "*0:50 2:50 1:-100"},
		{"E", 4, `"E" is not one of the options A–D`},
		{"e", 2, `"E" is not one of the options A–B`},
		{"AB", 4, `"AB" is not an option letter (A–D); write letters like B or A,C`},
		{"A,A", 4, `"A" is given twice`},
		{"A:50,C", 4, `"A:50,C": give a weight to every letter or to none (A:50,C:50)`},
		{"A:x", 4, `the weight "x" of A is not a number (write A:50,C:50)`},
		{",", 4, `"," has no option letter (A–D)`},
	}
	for _, tt := range tests {
		picks, weighted, msg := tableParseLetters(tt.in, tt.n)
		got := msg.String()
		if msg.Key == "" {
			var parts []string
			for _, p := range picks {
				parts = append(parts, fmt.Sprintf("%d:%s", p.idx, tableNum(p.weight)))
			}
			got = strings.Join(parts, " ")
			if weighted {
				got = "*" + got
			}
		}
		if got != tt.want {
			t.Errorf("tableParseLetters(%q, %d) = %s, want %s", tt.in, tt.n, got, tt.want)
		}
	}
}

func TestTableParseDifficultyKindTruth(t *testing.T) {
	diffs := map[string]int{"1": 1, "2.0": 2, "3": 3, "Dễ": 1, "de": 1, "Trung bình": 2, "KHÓ": 3, "easy": 1, "Medium": 2, "hard": 3, "0": 0, "4": 0, "1.5": 0, "x": 0}
	for in, want := range diffs {
		got, ok := tableParseDifficulty(in)
		if got != want || ok != (want != 0) {
			t.Errorf("tableParseDifficulty(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	kinds := map[string]questions.Kind{"single": "single", "MULTIPLE": "multiple", "Đúng/Sai": "truefalse", "truefalse": "truefalse",
		"numeric": "numeric", "Số": "numeric", "short": "short", "Trả lời ngắn": "short", "Một đáp án": "single", "essay": ""}
	for in, want := range kinds {
		got, _ := tableParseKind(in)
		if got != want {
			t.Errorf("tableParseKind(%q) = %q, want %q", in, got, want)
		}
	}
	truths := map[string]string{"Đúng": "true", "đúng": "true", "ĐÚNG": "true", "Đ": "true", "dung": "true", "TRUE": "true",
		"Sai": "false", "S": "false", "false": "false", "D": "none", "yes": "none"}
	for in, want := range truths {
		v, ok := tableParseTruth(in)
		got := "none"
		if ok {
			got = fmt.Sprint(v)
		}
		if got != want {
			t.Errorf("tableParseTruth(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestTableHeaderAliases(t *testing.T) {
	tests := []struct {
		header []string
		want   string // fields by canonical name, or the problems
	}{
		{[]string{"question", "a", "b", "answer"}, "question a b answer"},
		{[]string{"Câu hỏi", "Đáp án A", "Phương án B", "C", "Đáp án đúng", "Loại", "Chủ đề", "Mức độ", "Nguồn", "Giải thích", "Thẻ", "Bộ câu hỏi", "Tiêu đề"},
			"question a b c answer kind topic difficulty source explanation tags set title"},
		{[]string{"CAU HOI", "dap an a", "ĐÁP ÁN B", "dap an dung"}, "question a b answer"},
		{[]string{"text", "option a", "Phuong an B", "Phương án đúng", "type", "category", "Độ khó", "Căn cứ", "tag", "Bộ đề", "#"},
			"question a b answer kind topic difficulty source tags set -"},
		{[]string{"STT", "Nội dung", "A", "B", "Đáp án"}, "- question a b answer"},
		{[]string{"question", "answer", "Ghi chú"}, `2: column "Ghi chú": unknown column; the columns are ` + tableKnown},
		{[]string{"question", "a", "b"}, `-1: the header has no "answer" column (Đáp án đúng)`},
		{[]string{"a", "b", "answer"}, `-1: the header has no "question" column (Câu hỏi); the first row must name the columns: ` + tableKnown},
		{[]string{"question", "Câu hỏi", "answer"}, `1: column "Câu hỏi": the same column as "question" (column 1) — keep one`},
		{[]string{"question", "a", "b", "d", "answer"}, `3: column "d": there is no column for option C; option columns run a, b, c … without gaps`},
	}
	names := map[tableField]string{tableQuestion: "question", tableAnswer: "answer", tableKind: "kind", tableTopic: "topic",
		tableDifficulty: "difficulty", tableSource: "source", tableExplanation: "explanation", tableTags: "tags", tableSet: "set",
		tableTitle: "title", tableIgnored: "-"}
	for _, tt := range tests {
		h, probs := tableParseHeader(tt.header)
		var parts []string
		if len(probs) > 0 {
			for _, p := range probs {
				parts = append(parts, fmt.Sprintf("%d: %s", p.col, p.msg))
			}
		} else {
			for _, f := range h.fields {
				n, ok := names[f]
				if !ok {
					n = strings.ToLower(questions.Letter(int(f - tableOptionA)))
				}
				parts = append(parts, n)
			}
		}
		if got := strings.Join(parts, " "); got != tt.want {
			t.Errorf("header %q:\n got %s\nwant %s", tt.header, got, tt.want)
		}
	}
}

func TestTableRecordAnswers(t *testing.T) {
	ch := func(ws ...float64) []questions.Choice {
		var out []questions.Choice
		for i, w := range ws {
			out = append(out, questions.Choice{Text: questions.Letter(i), Weight: w, Correct: w > 0})
		}
		return out
	}
	tests := []struct {
		q    questions.Question
		want string // answer cell, or "skip"
	}{
		{questions.Question{Kind: questions.KindSingle, Choices: []questions.Choice{{Text: "x"}, {Text: "y", Correct: true}}}, "B"},
		{questions.Question{Kind: questions.KindMultiple, Choices: ch(50, -100, 50, -100)}, "A,C"},
		{questions.Question{Kind: questions.KindMultiple, Choices: ch(100.0/3, 100.0/3, -100, 100.0/3)}, "A,B,D"},
		{questions.Question{Kind: questions.KindMultiple, Choices: ch(50, 0, 50, 0)}, "A:50,C:50"},
		{questions.Question{Kind: questions.KindMultiple, Choices: ch(70, -50, 30)}, "A:70,B:-50,C:30"},
		{questions.Question{Kind: questions.KindTrueFalse, Truth: true}, "Đúng"},
		{questions.Question{Kind: questions.KindTrueFalse}, "Sai"},
		{questions.Question{Kind: questions.KindNumeric, Number: questions.Numeric{Value: 1945}}, "1945"},
		{questions.Question{Kind: questions.KindNumeric, Number: questions.Numeric{Value: 3.14159265358979, Tolerance: 0.001}}, "3.14159265358979±0.001"},
		{questions.Question{Kind: questions.KindNumeric, Number: questions.Numeric{Min: -5, Max: 1e7, IsRange: true}}, "-5..10000000"},
		{questions.Question{Kind: questions.KindShort, Accepted: []string{"Hà Nội", "Ha Noi"}}, "Hà Nội | Ha Noi"},
		{questions.Question{Kind: questions.KindShort, Accepted: []string{"a|b"}}, "skip"},
		{questions.Question{Kind: questions.KindShort, Accepted: []string{"x"}, Tags: []string{"a|b"}}, "skip"},
	}
	for i, tt := range tests {
		rec, ok := tableRecord(&tt.q, 4)
		got := "skip"
		if ok {
			got = rec[5]
		}
		if got != tt.want {
			t.Errorf("%d: answer = %q, want %q", i, got, tt.want)
		}
	}
	tags := []struct {
		in   []string
		want string
	}{{[]string{"a", "b c"}, "a, b c"}, {[]string{"NQ 76, 2021", "x"}, "NQ 76, 2021 | x"}, {nil, ""}}
	for _, tt := range tags {
		got, _ := tableJoinTags(tt.in)
		if got != tt.want {
			t.Errorf("tableJoinTags(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if back := tableSplitTags(got); strings.Join(back, "+") != strings.Join(tt.in, "+") {
			t.Errorf("tableSplitTags(%q) = %q, want %q", got, back, tt.in)
		}
	}
}
