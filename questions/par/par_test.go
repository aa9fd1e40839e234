package par

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/text/unicode/norm"

	"parquiz/questions"
	"parquiz/questions/format"
)

// shipped is one question with where it sits, for messages.
type shipped struct {
	q   questions.Question
	at  string // questions/par/FILE:LINE
	raw []byte // the whole file, for encoding checks
}

// readAll reads every embedded file the way Load does, keeping each
// question's file and line so a failure points at it.
func readAll(t *testing.T) []shipped {
	t.Helper()
	jf, err := format.Lookup("json")
	if err != nil {
		t.Fatal(err)
	}
	var out []shipped
	for _, name := range Files() {
		data, err := ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		res, err := format.Read(jf, path.Join(dir, name), data, format.Options{Set: SetName})
		if err != nil {
			t.Fatalf("%v", err)
		}
		for i, q := range res.Questions {
			out = append(out, shipped{q: q, at: fmt.Sprintf("%s:%d", path.Join(dir, name), res.Lines[i]), raw: data})
		}
	}
	return out
}

func TestFilesSortedAndJSON(t *testing.T) {
	got := Files()
	if len(got) == 0 {
		t.Fatal("Files() is empty: nothing is embedded")
	}
	if !slices.IsSorted(got) {
		t.Errorf("Files() = %v, want sorted", got)
	}
	for _, f := range got {
		if path.Ext(f) != ".json" {
			t.Errorf("Files() lists %q, want only .json files", f)
		}
	}
}

func TestLoadEverything(t *testing.T) {
	qs, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if got, want := len(qs), len(readAll(t)); got != want {
		t.Errorf("Load returned %d questions, the files hold %d", got, want)
	}
	for _, q := range qs {
		if q.Set == "" {
			t.Errorf("%q: empty set name, want %q", q.Text, SetName)
		}
		if q.Hash == "" {
			t.Errorf("%q: no content hash", q.Text)
		}
	}
}

// factID finds the fact-sheet IDs a source cites: "(par_facts F09)",
// "(par_facts F41, G36)".
var (
	factCite = regexp.MustCompile(`par_facts ([FG]\d{2}(?:\s*[,;]\s*[FG]\d{2})*)`)
	factID   = regexp.MustCompile(`[FG]\d{2}`)
)

// factTag is a tag that names a fact-sheet row.
var factTag = regexp.MustCompile(`^[FG]\d{2}$`)

// seedArticle is how questions from the seed article cite it.
const seedArticle = "Báo Lạng Sơn, 21/04/2021"

// seedAttribution is how a question that rests on the seed article alone
// must open: the fact sheet lists the article's Lạng Sơn figures as not
// confirmed elsewhere, so the question says whose figures they are.
const seedAttribution = "Theo Báo Lạng Sơn"

// optionRefs are option texts that only make sense in a fixed order; the
// quiz may shuffle options, and "all of the above" is almost never exact.
var optionRefs = []string{"tất cả các đáp án", "các đáp án trên", "các phương án trên", "cả a và b", "cả a, b", "đáp án a", "phương án a"}

func TestEveryShippedQuestion(t *testing.T) {
	for _, s := range readAll(t) {
		q, at := s.q, s.at
		bad := func(format string, a ...any) { t.Errorf("%s: "+format, append([]any{at}, a...)...) }

		if err := q.Validate(); err != nil {
			bad("invalid: %v", err)
		}
		if q.Topic == "" {
			bad("no topic")
		}
		if q.Difficulty < questions.Easy || q.Difficulty > questions.Hard {
			bad("difficulty %d, want 1, 2 or 3", q.Difficulty)
		}
		if len([]rune(q.Explanation)) < 20 {
			bad("explanation %q is missing or too short to say why the key is right", q.Explanation)
		}

		// Source: a citation a person can check.
		cites := factCite.FindAllStringSubmatch(q.Source, -1)
		switch {
		case q.Source == "":
			bad("no source")
		case len(cites) == 0 && !strings.Contains(q.Source, seedArticle):
			bad("source %q cites neither a par_facts ID nor the seed article (%s)", q.Source, seedArticle)
		case len(cites) > 0:
			doc := strings.TrimSpace(factCite.ReplaceAllString(q.Source, ""))
			doc = strings.Trim(doc, "() ,;")
			if len([]rune(doc)) < 5 {
				bad("source %q gives a fact ID but names no document", q.Source)
			}
			var ids []string
			for _, c := range cites {
				ids = append(ids, factID.FindAllString(c[1], -1)...)
			}
			if !slices.ContainsFunc(ids, func(id string) bool { return slices.Contains(q.Tags, id) }) {
				bad("tags %v carry none of the cited fact IDs %v", q.Tags, ids)
			}
		}
		// A fact tag the source does not name hides where a claim in the
		// explanation comes from.
		for _, tag := range q.Tags {
			if factTag.MatchString(tag) && !strings.Contains(q.Source, tag) {
				bad("tag %s names a fact the source %q does not cite", tag, q.Source)
			}
		}
		if len(cites) == 0 && strings.Contains(q.Source, seedArticle) && !strings.HasPrefix(q.Text, seedAttribution) {
			bad("rests on the seed article alone but does not open with %q", seedAttribution)
		}

		switch q.Kind {
		case questions.KindSingle:
			if n := len(q.Correct()); n != 1 {
				bad("single choice with %d correct options, want exactly 1", n)
			}
			if len(q.Choices) < 3 {
				bad("single choice with %d options; two options is a true/false question", len(q.Choices))
			}
		case questions.KindMultiple:
			if n := len(q.Correct()); n < 2 {
				bad("multiple choice with %d correct options, want at least 2", n)
			}
			sum := 0.0
			for _, c := range q.Choices {
				if c.Correct {
					sum += c.Weight
				} else if c.Weight >= 0 {
					bad("wrong option %q has weight %v, want a penalty (< 0)", c.Text, c.Weight)
				}
			}
			if math.Abs(sum-100) > 0.5 {
				bad("weights of the correct options add up to %v, want 100", sum)
			}
			if len(q.Choices) == len(q.Correct()) {
				bad("every option is correct")
			}
		case questions.KindTrueFalse:
			if strings.HasSuffix(q.Text, "?") {
				bad("a true/false item must be a statement, not a question: %q", q.Text)
			}
			// The explanation opens with the verdict, and the verdict is the key:
			// the host reads it out after the reveal.
			verdict := "Sai."
			if q.Truth {
				verdict = "Đúng."
			}
			if !strings.HasPrefix(q.Explanation, verdict) {
				bad("key is %v but the explanation does not open with %q: %q", q.Truth, verdict, q.Explanation)
			}
		case questions.KindNumeric:
			lo, hi := q.Number.Bounds()
			if lo > hi {
				bad("numeric range %v..%v is empty", lo, hi)
			}
			if !q.Number.IsRange {
				v := q.Number.Value
				// A whole-number key (a count, a rank) must not also accept
				// the next whole number: that is a wrong figure.
				if v == math.Trunc(v) && (lo <= v-1 || hi >= v+1) {
					bad("key %v accepts %v..%v, which takes in a neighbouring whole number", v, lo, hi)
				}
				// The explanation states the figure it justifies.
				if !numberIn(q.Explanation, v) {
					bad("numeric key %v does not appear in the explanation %q", v, q.Explanation)
				}
			}
		}
		for _, c := range q.Choices {
			low := strings.ToLower(c.Text)
			for _, ref := range optionRefs {
				if strings.Contains(low, ref) {
					bad("option %q refers to other options (%q); options may be shuffled", c.Text, ref)
				}
			}
		}

		// Wording guards from the fact sheet.
		all := strings.ToLower(q.Text + "\n" + q.Explanation)
		for _, c := range q.Choices {
			all += "\n" + strings.ToLower(c.Text)
		}
		if strings.Contains(all, "hiện nay") && !slices.Contains(q.Tags, "2025") {
			bad(`says "hiện nay" without the tag "2025": several laws changed in 2025; write "theo văn bản X" or tag it 2025 and cite the 2025 text`)
		}
		for _, wrong := range []string{"2010-2020", "2010–2020", "101/2014"} {
			if strings.Contains(all, wrong) {
				bad("contains %q, a known misprint (NQ 30c covers 2011–2020; the ISO framework decision is QĐ 101/QĐ-BKHCN of 2019)", wrong)
			}
		}
	}
}

func TestFilesAreNFCAndOneTopicEach(t *testing.T) {
	topics := map[string]map[string]bool{}
	for _, s := range readAll(t) {
		file, _, _ := strings.Cut(s.at, ":")
		if topics[file] == nil {
			topics[file] = map[string]bool{}
			if !norm.NFC.IsNormal(s.raw) {
				t.Errorf("%s: text is not NFC; save it NFC-normalised", file)
			}
		}
		topics[file][s.q.Topic] = true
	}
	for file, ts := range topics {
		if len(ts) != 1 {
			t.Errorf("%s: questions have %d different topics %v, want one topic per file (a typo makes a new topic)", file, len(ts), keys(ts))
		}
	}
}

func TestUnique(t *testing.T) {
	byHash := map[string]string{}
	byText := map[string]string{}
	for _, s := range readAll(t) {
		if prev, ok := byHash[s.q.Hash]; ok {
			t.Errorf("%s: same content hash as %s", s.at, prev)
		}
		byHash[s.q.Hash] = s.at
		k := questions.FoldKey(s.q.Text)
		if prev, ok := byText[k]; ok {
			t.Errorf("%s: same question text as %s", s.at, prev)
		}
		byText[k] = s.at
	}
}

// TestBankShape checks the whole bank against issue #2: at least 150
// questions over at least 8 topics, every difficulty, the four playable
// kinds, mostly single choice.
func TestBankShape(t *testing.T) {
	all := readAll(t)
	topics := map[string]int{}
	diffs := map[int]int{}
	kinds := map[questions.Kind]int{}
	for _, s := range all {
		topics[s.q.Topic]++
		diffs[s.q.Difficulty]++
		kinds[s.q.Kind]++
	}
	t.Logf("%d questions; topics %v; difficulties %v; kinds %v", len(all), topics, diffs, kinds)
	if got, want := len(all), 150; got < want {
		t.Errorf("%d questions, want at least %d", got, want)
	}
	if got, want := len(topics), 8; got < want {
		t.Errorf("%d topics, want at least %d", got, want)
	}
	for _, d := range []int{questions.Easy, questions.Medium, questions.Hard} {
		if diffs[d] == 0 {
			t.Errorf("no question of difficulty %d", d)
		}
	}
	for _, k := range []questions.Kind{questions.KindSingle, questions.KindTrueFalse, questions.KindMultiple, questions.KindNumeric} {
		if kinds[k] == 0 {
			t.Errorf("no %s question", k)
		}
	}
	if got := kinds[questions.KindSingle]; 2*got <= len(all) {
		t.Errorf("%d of %d questions are single choice, want a majority", got, len(all))
	}
}

func TestLoadNamesFileAndLine(t *testing.T) {
	fsys := fstest.MapFS{
		"01-good.json": {Data: []byte(`[{"text": "Câu hỏi?", "kind": "truefalse", "answer": true, "topic": "T", "difficulty": 1}]`)},
		"02-bad.json": {Data: []byte("[\n" +
			`  {"text": "Câu một?", "kind": "truefalse", "answer": true, "topic": "T", "difficulty": 1},` + "\n" +
			`  {"text": "Câu hai?", "kind": "single", "choices": [{"text": "A", "correct": false}, {"text": "B", "correct": false}], "topic": "T", "difficulty": 2}` + "\n" +
			"]")},
		"03-typo.json": {Data: []byte("[\n" + `  {"text": "Câu ba?", "kind": "truefalse", "answer": true, "topic": "T", "explaination": "x"}` + "\n]")},
	}
	qs, err := load(fsys)
	if err == nil {
		t.Fatalf("load of broken files: got %d questions and no error", len(qs))
	}
	if qs != nil {
		t.Errorf("load of broken files returned %d questions, want none (all-or-nothing)", len(qs))
	}
	msg := err.Error()
	for _, want := range []string{"questions/par/02-bad.json:3:", "questions/par/03-typo.json:2:", "explaination"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not contain %q", msg, want)
		}
	}
	var fe format.Errors
	if !errors.As(err, &fe) {
		t.Errorf("error %v does not wrap format.Errors", err)
	}

	good, err := load(fstest.MapFS{"01-good.json": fsys["01-good.json"]})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(good), 1; got != want {
		t.Fatalf("got %d questions, want %d", got, want)
	}
	if got, want := good[0].Set, SetName; got != want {
		t.Errorf("set = %q, want %q", got, want)
	}
}

// factsPath is the project's fact sheet, which sits beside the repository
// in the working layout (/work/main and /work/shared). A clean clone has no
// such file, so the test that reads it skips.
const factsPath = "../../../shared/domain/par_facts.md"

// factRow finds the ID of each verified fact in the sheet's tables. The
// sheet's UNCONFIRMED sections are bullet lists without IDs, so an ID with
// a row is a verified fact.
var factRow = regexp.MustCompile(`(?m)^\| ([FG]\d{2}) \|`)

// TestCitedFactsAreVerified checks every fact ID a question cites or tags
// against the verified rows of par_facts.md: a typo in an ID, or a fact
// that was never verified, would point the host at the wrong evidence.
func TestCitedFactsAreVerified(t *testing.T) {
	data, err := os.ReadFile(factsPath)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s not found (a clean clone has no shared fact sheet)", factsPath)
	}
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]bool{}
	for _, m := range factRow.FindAllStringSubmatch(string(data), -1) {
		rows[m[1]] = true
	}
	if len(rows) == 0 {
		t.Fatalf("%s: no fact rows found; has the table format changed?", factsPath)
	}
	for _, s := range readAll(t) {
		ids := factID.FindAllString(s.q.Source, -1)
		for _, tag := range s.q.Tags {
			if factTag.MatchString(tag) {
				ids = append(ids, tag)
			}
		}
		slices.Sort(ids)
		for _, id := range slices.Compact(ids) {
			if !rows[id] {
				t.Errorf("%s: cites %s, which is not a verified fact row in %s", s.at, id, factsPath)
			}
		}
	}
}

func TestNumberIn(t *testing.T) {
	for _, c := range []struct {
		text string
		v    float64
		want bool
	}{
		{"gồm 7 chương, 41 điều.", 41, true},
		{"gồm 7 chương, 41 điều.", 7, true},
		{"gồm 7 chương, 41 điều.", 4, false},
		{"trong đó 32 điểm", 3, false},
		{"năm 2012", 12, false},
		{"đạt 31,5 điểm", 31.5, true},
		{"đạt 31,5 điểm", 31, false},
		{"12.295 doanh nghiệp", 295, false},
	} {
		if got := numberIn(c.text, c.v); got != c.want {
			t.Errorf("numberIn(%q, %v) = %v, want %v", c.text, c.v, got, c.want)
		}
	}
}

// numberIn reports whether text states v as a whole number, not as part of
// a longer one. Decimals are written the Vietnamese way (31,5).
func numberIn(text string, v float64) bool {
	want := strings.ReplaceAll(strconv.FormatFloat(v, 'f', -1, 64), ".", ",")
	re := regexp.MustCompile(`(^|[^\d.,])` + regexp.QuoteMeta(want) + `($|[^\d.,]|[.,]($|[^\d]))`)
	return re.MatchString(text)
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
