package questions

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func single() Question {
	return Question{
		Text: "Nghị quyết nào ban hành Chương trình tổng thể CCHC 2021–2030?",
		Kind: KindSingle,
		Choices: []Choice{
			{Text: "NQ 30c/NQ-CP"}, {Text: "NQ 76/NQ-CP", Correct: true}, {Text: "QĐ 225/QĐ-TTg"},
		},
		Topic: "Chương trình tổng thể CCHC", Difficulty: Easy, Source: "NQ 76/NQ-CP",
	}
}

func TestValidate(t *testing.T) {
	ptr := func(f func(*Question)) Question { q := single(); f(&q); return q }
	tests := []struct {
		name string
		q    Question
		want string // substring of the error; "" = valid
	}{
		{"valid single", single(), ""},
		{"no text", ptr(func(q *Question) { q.Text = "  " }), "text:"},
		{"bad kind", ptr(func(q *Question) { q.Kind = "essay" }), "kind:"},
		{"difficulty 0", ptr(func(q *Question) { q.Difficulty = 0 }), "difficulty:"},
		{"difficulty 4", ptr(func(q *Question) { q.Difficulty = 4 }), "difficulty:"},
		{"no topic", ptr(func(q *Question) { q.Topic = "" }), "topic:"},
		{"one option", ptr(func(q *Question) { q.Choices = q.Choices[:1] }), "choices: 1 options"},
		{"two correct single", ptr(func(q *Question) { q.Choices[0].Correct = true }), "exactly 1 correct"},
		{"no correct single", ptr(func(q *Question) { q.Choices[1].Correct = false }), "exactly 1 correct"},
		{"repeated option", ptr(func(q *Question) { q.Choices[2].Text = "nq 30C/NQ-CP" }), "repeats"},
		{"nine options", ptr(func(q *Question) {
			for i := 3; i < 9; i++ {
				q.Choices = append(q.Choices, Choice{Text: Letter(i)})
			}
		}), "choices: 9 options"},
		{"truefalse with options", ptr(func(q *Question) { q.Kind = KindTrueFalse }), "has no options"},
		{"valid truefalse", Question{Text: "x", Kind: KindTrueFalse, Truth: true, Topic: "t", Difficulty: 2}, ""},
		{"numeric min>max", Question{Text: "x", Kind: KindNumeric, Number: Numeric{Min: 5, Max: 1, IsRange: true}, Topic: "t", Difficulty: 2}, "minimum above"},
		{"short no answers", Question{Text: "x", Kind: KindShort, Accepted: []string{" "}, Topic: "t", Difficulty: 2}, "at least one accepted"},
		{"multiple weights not 100", Question{Text: "x", Kind: KindMultiple, Topic: "t", Difficulty: 2, Choices: []Choice{
			{Text: "a", Correct: true, Weight: 50}, {Text: "b", Correct: true, Weight: 30}, {Text: "c", Weight: -100}}}, "add up to 80%"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.q.Validate()
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Validate() = %v, want it to contain %q", err, tt.want)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error does not wrap ErrInvalid: %v", err)
			}
		})
	}
}

func TestNormalizeMultipleDefaultWeightsAndNFC(t *testing.T) {
	nfd := norm.NFD.String("Cải cách  hành chính ")
	q := Question{Text: nfd, Kind: KindMultiple, Topic: " A / B ", Difficulty: 2, Choices: []Choice{
		{Text: "a", Correct: true}, {Text: "b"}, {Text: "c", Correct: true}, {Text: "d"}}}
	q.Normalize()
	if q.Text != "Cải cách  hành chính" || !norm.NFC.IsNormalString(q.Text) {
		t.Errorf("Text = %q, want NFC and trimmed", q.Text)
	}
	if q.Topic != "A/B" {
		t.Errorf("Topic = %q, want A/B", q.Topic)
	}
	got := []float64{q.Choices[0].Weight, q.Choices[1].Weight, q.Choices[2].Weight, q.Choices[3].Weight}
	want := []float64{50, -100, 50, -100}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("weights = %v, want %v", got, want)
		}
	}
	if err := q.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestContentHash(t *testing.T) {
	a := single()
	a.Normalize()
	b := single()
	b.Text = norm.NFD.String("  Nghị quyết nào ban hành   Chương trình tổng thể CCHC 2021–2030? ")
	b.Choices[0], b.Choices[2] = b.Choices[2], b.Choices[0] // order does not matter
	b.Topic, b.Source, b.Difficulty = "khác", "khác", Hard  // metadata does not matter
	b.Normalize()
	if a.Hash != b.Hash {
		t.Fatalf("same question hashed differently: %s vs %s", a.Hash, b.Hash)
	}
	c := single()
	c.Choices[1].Correct, c.Choices[0].Correct = false, true // a different key
	c.Normalize()
	if c.Hash == a.Hash {
		t.Fatal("a different key must hash differently")
	}
	d := single()
	d.Kind = KindMultiple
	d.Normalize()
	if d.Hash == a.Hash {
		t.Fatal("a different kind must hash differently")
	}
}

func TestGrade(t *testing.T) {
	bp := func(b bool) *bool { return &b }
	fp := func(f float64) *float64 { return &f }
	s := single()
	multi := Question{Kind: KindMultiple, Choices: []Choice{
		{Text: "a", Weight: 50, Correct: true}, {Text: "b", Weight: 50, Correct: true}, {Text: "c", Weight: -100}}}
	tf := Question{Kind: KindTrueFalse, Truth: false}
	num := Question{Kind: KindNumeric, Number: Numeric{Value: 41, Tolerance: 1}}
	rng := Question{Kind: KindNumeric, Number: Numeric{Min: 1, Max: 5, IsRange: true}}
	short := Question{Kind: KindShort, Accepted: []string{"Một cửa", "một cửa liên thông"}}
	tests := []struct {
		name string
		q    Question
		r    Response
		want float64
	}{
		{"single right", s, Response{Choices: []int{1}}, 1},
		{"single wrong", s, Response{Choices: []int{0}}, 0},
		{"single two picks", s, Response{Choices: []int{1, 0}}, 0},
		{"single out of range", s, Response{Choices: []int{9}}, 0},
		{"single empty", s, Response{}, 0},
		{"multi all right", multi, Response{Choices: []int{0, 1}}, 1},
		{"multi half", multi, Response{Choices: []int{1}}, 0.5},
		{"multi repeated pick counts once", multi, Response{Choices: []int{1, 1}}, 0.5},
		{"multi with wrong clamps to 0", multi, Response{Choices: []int{0, 2}}, 0},
		{"multi everything", multi, Response{Choices: []int{0, 1, 2}}, 0},
		{"tf right", tf, Response{Bool: bp(false)}, 1},
		{"tf wrong", tf, Response{Bool: bp(true)}, 0},
		{"tf none", tf, Response{}, 0},
		{"numeric in tolerance", num, Response{Number: fp(40)}, 1},
		{"numeric out", num, Response{Number: fp(42.5)}, 0},
		{"range edge", rng, Response{Number: fp(5)}, 1},
		{"range out", rng, Response{Number: fp(0.99)}, 0},
		{"short folded", short, Response{Text: "  MỘT   CỬA "}, 1},
		{"short NFD", short, Response{Text: norm.NFD.String("một cửa liên thông")}, 1},
		{"short diacritics matter", short, Response{Text: "mot cua"}, 0},
		{"short empty", short, Response{Text: "  "}, 0},
	}
	for _, tt := range tests {
		if got := tt.q.Grade(tt.r); got != tt.want {
			t.Errorf("%s: Grade = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestSearchKeyAndFoldKey(t *testing.T) {
	tests := []struct{ in, search, fold string }{
		{"Cải cách hành chính", "cai cach hanh chinh", "cải cách hành chính"},
		{"ĐỀ ÁN 06", "de an 06", "đề án 06"},
		{norm.NFD.String("Việt  Nam"), "viet nam", "việt nam"},
	}
	for _, tt := range tests {
		if got := SearchKey(tt.in); got != tt.search {
			t.Errorf("SearchKey(%q) = %q, want %q", tt.in, got, tt.search)
		}
		if got := FoldKey(tt.in); got != tt.fold {
			t.Errorf("FoldKey(%q) = %q, want %q", tt.in, got, tt.fold)
		}
	}
}

func TestKeyTextAndLetters(t *testing.T) {
	s := single()
	if got := s.KeyText("vi"); got != "B. NQ 76/NQ-CP" {
		t.Errorf("KeyText = %q", got)
	}
	tf := Question{Kind: KindTrueFalse, Truth: true}
	if tf.KeyText("vi") != "Đúng" || tf.KeyText("en") != "True" {
		t.Errorf("truefalse key text: %q %q", tf.KeyText("vi"), tf.KeyText("en"))
	}
	n := Question{Kind: KindNumeric, Number: Numeric{Value: 3.5, Tolerance: 0.5}}
	if got := n.KeyText("vi"); got != "3.5±0.5" {
		t.Errorf("numeric KeyText = %q", got)
	}
	if LetterIndex("c") != 2 || LetterIndex("H") != 7 || LetterIndex("AB") != -1 || LetterIndex("") != -1 {
		t.Error("LetterIndex")
	}
}

func TestDrawSpecTotal(t *testing.T) {
	if got := (DrawSpec{Mix: map[int]int{1: 5, 2: 3, 3: 2}}).Total(); got != 10 {
		t.Errorf("Total = %d", got)
	}
	if got := (DrawSpec{Count: 7}).Total(); got != 7 {
		t.Errorf("Total = %d", got)
	}
}
