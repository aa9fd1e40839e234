package format_test

// Export then import gives back the same questions, for every format, on
// the whole shipped bank and on a table of awkward cases.
//
// What "the same" means per format:
//   - gift, csv, xlsx, json: every question comes back, none skipped, with
//     the same content hash (stem, options, weights, key), kind, numeric key
//     in the same form (3±2 stays 3±2, 1..5 stays 1..5), title, topic,
//     difficulty, source, explanation, tags and set.
//   - csv, xlsx, json also keep the stem, option texts and accepted answers
//     character for character; json alone keeps per-option and true/false
//     feedback (CSV and XLSX have no column for it, GIFT is checked by hash).
//   - aiken holds single choice only, and no metadata: the other kinds are
//     skipped and counted by the writer, and the single-choice questions
//     come back with the same hash; their topic and set become the file
//     name and their difficulty medium, as for any Aiken import.

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"parquiz/questions"
	"parquiz/questions/format"
	"parquiz/questions/par"
)

// roundTripVaried is a bank of awkward cases: every kind, both numeric
// forms, weights, separators and quotes in text, multi-line text, commas in
// tags, Vietnamese everywhere.
func roundTripVaried() []questions.Question {
	meta := func(q questions.Question, i int) questions.Question {
		q.Topic = fmt.Sprintf("CCHC/Chủ đề %d", i%3)
		q.Difficulty = 1 + i%3
		q.Source = fmt.Sprintf("Nghị quyết 76/NQ-CP, Điều %d; \"trích\"", i)
		q.Explanation = "Giải thích: vì sao {đúng}, với # và ~ và =.\nDòng thứ hai."
		q.Tags = []string{"thẻ một", "NQ 76"}
		q.Set = "Bộ thử"
		return q
	}
	ch := func(texts ...string) []questions.Choice {
		var out []questions.Choice
		for _, t := range texts {
			c := questions.Choice{Text: strings.TrimPrefix(t, "*")}
			c.Correct = strings.HasPrefix(t, "*")
			out = append(out, c)
		}
		return out
	}
	qs := []questions.Question{
		{Text: "Chương trình tổng thể CCHC 2021–2030 ban hành kèm theo văn bản nào?", Kind: questions.KindSingle,
			Choices: ch("Nghị quyết 30c/NQ-CP", "*Nghị quyết 76/NQ-CP", "Quyết định 225/QĐ-TTg", "Nghị định 61/2018/NĐ-CP")},
		{Title: "Dấu câu", Text: "Câu có dấu phẩy, chấm phẩy; ngoặc kép \"x\" và | gạch đứng: chọn?", Kind: questions.KindSingle,
			Choices: ch("A, B", "*C; D", "\"E\"", "F: G")},
		{Text: "Câu hỏi\nnhiều dòng", Kind: questions.KindSingle, Choices: ch("một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "*tám")},
		{Text: "Chọn các chỉ số về CCHC", Kind: questions.KindMultiple, Choices: ch("*PAR Index", "*SIPAS", "CPI")},
		{Text: "Trọng số riêng", Kind: questions.KindMultiple, Choices: []questions.Choice{
			{Text: "x", Correct: true, Weight: 70}, {Text: "y", Weight: -50}, {Text: "z", Correct: true, Weight: 30}, {Text: "w"}}},
		{Text: "Ba phần", Kind: questions.KindMultiple, Choices: ch("*a", "*b", "*c", "d")},
		{Text: "Bộ phận Một cửa là đầu mối tiếp nhận hồ sơ.", Kind: questions.KindTrueFalse, Truth: true},
		{Text: "Câu này sai.", Kind: questions.KindTrueFalse, Truth: false},
		{Text: "Năm ban hành?", Kind: questions.KindNumeric, Number: questions.Numeric{Value: 2021}},
		{Text: "Sai số?", Kind: questions.KindNumeric, Number: questions.Numeric{Value: 3.5, Tolerance: 0.25}},
		{Text: "Khoảng âm?", Kind: questions.KindNumeric, Number: questions.Numeric{Min: -5.5, Max: -1, IsRange: true}},
		{Text: "Thủ đô?", Kind: questions.KindShort, Accepted: []string{"Hà Nội", "Ha Noi"}},
	}
	for i := range qs {
		qs[i] = meta(qs[i], i)
	}
	qs[3].Tags = []string{"có, dấu phẩy", "x"}
	qs[4].Tags = nil
	for i := range qs {
		qs[i].Normalize()
		if err := qs[i].Validate(); err != nil {
			panic(fmt.Sprintf("roundTripVaried %d: %v", i, err))
		}
	}
	return qs
}

var roundTripExt = map[string]string{"gift": ".gift", "aiken": ".aiken", "csv": ".csv", "xlsx": ".xlsx", "json": ".json"}

func TestRoundTrip(t *testing.T) {
	bank, err := par.Load()
	if err != nil {
		t.Fatalf("par.Load: %v", err)
	}
	if len(bank) < 150 {
		t.Errorf("the default bank has %d questions; the round trip is meant to cover at least 150", len(bank))
	}
	banks := []struct {
		name string
		qs   []questions.Question
	}{{"default bank", bank}, {"varied", roundTripVaried()}}
	for _, b := range banks {
		for _, name := range []string{"gift", "aiken", "csv", "xlsx", "json"} {
			t.Run(b.name+"/"+name, func(t *testing.T) {
				roundTrip(t, name, b.qs)
			})
		}
	}
}

func roundTrip(t *testing.T, name string, qs []questions.Question) {
	f, err := format.Lookup(name)
	if err != nil {
		t.Fatalf("format %s is not registered: %v", name, err)
	}
	in := slices.Clone(qs)
	var buf bytes.Buffer
	skipped, err := f.Write(&buf, in)
	if err != nil {
		t.Fatalf("Write: %v", err)
	}
	if !reflect.DeepEqual(in, qs) {
		t.Errorf("Write changed its input")
	}
	file := "roundtrip" + roundTripExt[name]
	res, err := format.Read(f, file, buf.Bytes(), format.Options{})
	if err != nil {
		t.Fatalf("Read back: %v", err)
	}

	want := qs
	if name == "aiken" {
		want = nil
		for _, q := range qs {
			if q.Kind == questions.KindSingle {
				want = append(want, q)
			}
		}
	}
	if got, wantSkipped := skipped, len(qs)-len(want); got != wantSkipped {
		t.Errorf("skipped = %d, want %d", got, wantSkipped)
	}
	t.Logf("%s: %d questions written, %d skipped, %d read back", name, len(qs), skipped, len(res.Questions))
	if got := len(res.Questions); got != len(want) {
		t.Fatalf("read back %d questions, want %d", got, len(want))
	}
	nDiff := 0
	for i := range want {
		w, g := &want[i], &res.Questions[i]
		var diffs []string
		check := func(field string, got, want any) {
			if !reflect.DeepEqual(got, want) {
				diffs = append(diffs, fmt.Sprintf("%s: got %#v, want %#v", field, got, want))
			}
		}
		check("Hash", g.Hash, w.Hash)
		check("Kind", g.Kind, w.Kind)
		if name == "aiken" {
			check("Topic", g.Topic, "roundtrip")
			check("Set", g.Set, "roundtrip")
			check("Difficulty", g.Difficulty, questions.Medium)
		} else {
			check("Title", g.Title, w.Title)
			check("Topic", g.Topic, w.Topic)
			check("Difficulty", g.Difficulty, w.Difficulty)
			check("Source", g.Source, w.Source)
			check("Explanation", g.Explanation, w.Explanation)
			check("Tags", g.Tags, w.Tags)
			check("Set", g.Set, w.Set)
			check("Number", g.Number, w.Number)
		}
		switch name {
		case "csv", "xlsx", "json":
			check("Text", g.Text, w.Text)
			check("Accepted", g.Accepted, w.Accepted)
			var gc, wc []string
			for _, c := range g.Choices {
				gc = append(gc, c.Text)
			}
			for _, c := range w.Choices {
				wc = append(wc, c.Text)
			}
			check("Choices", gc, wc)
		}
		if name == "json" {
			check("Choices (with feedback)", g.Choices, w.Choices)
			check("TrueFeedback", g.TrueFeedback, w.TrueFeedback)
			check("FalseFeedback", g.FalseFeedback, w.FalseFeedback)
		}
		if len(diffs) > 0 {
			nDiff++
			if nDiff <= 5 {
				t.Errorf("question %d (%s line %d) %.60q:\n  %s", i, file, res.Lines[i], w.Text, strings.Join(diffs, "\n  "))
			}
		}
	}
	if nDiff > 5 {
		t.Errorf("… %d questions differ in all", nDiff)
	}
}
