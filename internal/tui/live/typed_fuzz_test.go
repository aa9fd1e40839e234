package live

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"parquiz/questions"
)

// typedAnswer is what submitText does with a contestant's typed line
// before the engine sees it: CleanLine, then parseNumber for a numeric
// question. ok is false when the screen refuses the text (empty, or not a
// number) and sends nothing.
func typedAnswer(kind questions.Kind, typed string) (questions.Response, bool) {
	v := questions.CleanLine(typed)
	if v == "" {
		return questions.Response{}, false
	}
	if kind == questions.KindNumeric {
		f, err := parseNumber(v)
		if err != nil {
			return questions.Response{}, false
		}
		return questions.Response{Number: &f}, true
	}
	return questions.Response{Text: v}, true
}

// FuzzTypedNumber fuzzes a typed number against a numeric key: grading
// never panics and gives 0 or 1, exactly when the number is within the
// key's bounds; digits never overflow into infinity (only words such as
// inf and nan give a non-finite number, which the engine refuses as
// ErrBadResponse); and a number written plainly, with a Vietnamese
// decimal comma or with spaces between thousands reads back as itself.
func FuzzTypedNumber(f *testing.F) {
	for _, s := range []struct {
		typed    string
		val, tol float64
		rng      bool
	}{
		{"42", 42, 0, false}, {"2,5", 2.5, 0, false}, {"1 234", 1234, 0, false}, {"1.234.567", 1234567, 0, false},
		{" -3,75 ", -3.75, 0.25, false}, {"1e3", 1000, 0, false}, {"0x1p4", 16, 0, false}, {"1e999", 0, 0, false},
		{"Inf", 0, 1, false}, {"nan", 0, 1, false}, {"3", 1, 5, true}, {"1,000", 1000, 0, false}, {"", 0, 0, false},
		{"١٢", 12, 0, false}, {"½", 0.5, 0, false},
	} {
		f.Add(s.typed, s.val, s.tol, s.rng)
	}
	f.Fuzz(func(t *testing.T, typed string, val, tol float64, isRange bool) {
		if math.IsNaN(val) || math.IsInf(val, 0) || math.IsNaN(tol) || math.IsInf(tol, 0) {
			return // Validate refuses such keys; the bank holds none
		}
		q := questions.Question{Kind: questions.KindNumeric, Number: questions.Numeric{Value: val, Tolerance: math.Abs(tol)}}
		if isRange {
			q.Number = questions.Numeric{IsRange: true, Min: math.Min(val, tol), Max: math.Max(val, tol)}
		}
		r, ok := typedAnswer(q.Kind, typed)
		if !ok {
			if g := q.Grade(questions.Response{}); g != 0 {
				t.Fatalf("an empty answer earns %v", g)
			}
			return
		}
		n := *r.Number
		if (math.IsNaN(n) || math.IsInf(n, 0)) && strings.IndexFunc(typed, unicode.IsLetter) < 0 {
			// only words (inf, nan, in any spelling ParseFloat takes) give
			// a non-finite number; digits that overflow are refused
			t.Fatalf("%q reads as %v", typed, n)
		}
		g := q.Grade(r)
		lo, hi := q.Number.Bounds()
		in := n >= lo-1e-9 && n <= hi+1e-9
		if g != 0 && g != 1 || (g == 1) != in {
			t.Fatalf("%q (%v) against [%v, %v] earns %v", typed, n, lo, hi, g)
		}

		// the key's own value, as a contestant would type it
		for _, s := range []string{
			strconv.FormatFloat(val, 'f', -1, 64),
			strings.Replace(strconv.FormatFloat(val, 'f', -1, 64), ".", ",", 1),
		} {
			got, err := parseNumber(s)
			if err != nil || got != val {
				t.Fatalf("%q reads as %v, %v; want %v", s, got, err, val)
			}
		}
		if val == math.Trunc(val) && math.Abs(val) >= 1000 && math.Abs(val) < 1e15 {
			s := spaceThousands(strconv.FormatFloat(val, 'f', 0, 64))
			if got, err := parseNumber(s); err != nil || got != val {
				t.Fatalf("%q reads as %v, %v; want %v", s, got, err, val)
			}
		}
	})
}

// spaceThousands writes "-1234567" as "-1 234 567".
func spaceThousands(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return sign + b.String()
}

// FuzzTypedShort fuzzes a typed short answer against accepted answers:
// grading never panics and gives 0 or 1; typing an accepted answer
// exactly, in upper case, in NFD or with extra spaces earns the point;
// and the credit never depends on spaces at the ends or case.
func FuzzTypedShort(f *testing.F) {
	for _, s := range [][2]string{
		{"Một cửa liên thông", "một cửa liên thông"}, {"Hà Nội", "ha noi"}, {"Đ", "đ"}, {"ǅ", "ǆ"},
		{"ﬁ", "fi"}, {"İ", "i"}, {"ß", "SS"}, {"", " "}, {"a\u0301", "á"}, {"x\ty", "x y"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, accepted, typed string) {
		if !utf8.ValidString(accepted) {
			return // the importers refuse a file that is not UTF-8
		}
		q := questions.Question{Kind: questions.KindShort, Accepted: []string{accepted}}
		q.Normalize()
		r, ok := typedAnswer(q.Kind, typed)
		if ok {
			if g := q.Grade(r); g != 0 && g != 1 {
				t.Fatalf("%q against %q earns %v", typed, q.Accepted, g)
			}
			if g1, g2 := q.Grade(r), q.Grade(questions.Response{Text: "  " + typed + "\n"}); g1 != g2 {
				t.Fatalf("%q earns %v, with spaces around %v", typed, g1, g2)
			}
		}
		if len(q.Accepted) == 0 || questions.FoldKey(q.Accepted[0]) == "" {
			return
		}
		a := q.Accepted[0]
		for _, variant := range []string{a, "  " + a + "  ", strings.ReplaceAll(a, " ", "   ")} {
			r, ok := typedAnswer(q.Kind, variant)
			if !ok || q.Grade(r) != 1 {
				t.Fatalf("typing the accepted answer %q as %q earns %v (sent: %v)", a, variant, q.Grade(r), ok)
			}
		}
		if up := strings.ToUpper(a); strings.ToLower(up) == strings.ToLower(a) {
			if r, ok := typedAnswer(q.Kind, up); !ok || q.Grade(r) != 1 {
				t.Fatalf("the accepted answer %q in upper case %q earns %v", a, up, q.Grade(r))
			}
		}
	})
}

// FuzzGradeMultiple fuzzes a multiple-choice key and a contestant's ticks:
// the credit is always within [0, 1], and ticking exactly the correct
// options of a key with default weights earns 1.
func FuzzGradeMultiple(f *testing.F) {
	f.Add(uint8(4), uint8(0b0101), []byte{0, 2})
	f.Add(uint8(8), uint8(0xff), []byte{0, 1, 2, 3, 4, 5, 6, 7, 7, 200})
	f.Add(uint8(2), uint8(0b01), []byte{1})
	f.Fuzz(func(t *testing.T, n, correct uint8, ticks []byte) {
		nOpts := int(n%questions.MaxChoices) + 1
		q := questions.Question{Kind: questions.KindMultiple, Text: "Q?", Topic: "t", Difficulty: 1}
		var want []int
		for i := 0; i < nOpts; i++ {
			c := correct&(1<<i) != 0
			q.Choices = append(q.Choices, questions.Choice{Text: strconv.Itoa(i), Correct: c})
			if c {
				want = append(want, i)
			}
		}
		q.Normalize()
		var r questions.Response
		for _, b := range ticks {
			r.Choices = append(r.Choices, int(int8(b)))
		}
		if g := q.Grade(r); g < 0 || g > 1 || math.IsNaN(g) {
			t.Fatalf("ticks %v earn %v", r.Choices, g)
		}
		if q.Validate() != nil {
			return
		}
		if g := q.Grade(questions.Response{Choices: want}); math.Abs(g-1) > 1e-9 {
			t.Fatalf("ticking the correct options %v earns %v (weights %+v)", want, g, q.Choices)
		}
	})
}
