package format

// GIFT is Moodle's plain-text question format. The reader follows Moodle's
// own parser (question/format/gift/format.php) in what it accepts and how it
// decides a question's kind, so a file that imports into Moodle imports into
// parquiz the same way; where Moodle would silently guess, parquiz reports a
// syntax error with its line instead. See README.md (GIFT).

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/net/html"

	"parquiz/questions"
)

func init() {
	// .txt is not listed: Aiken files use it too, so it needs --format.
	register(Format{Name: "gift", Exts: []string{".gift"}, Read: ReadGIFT, Write: WriteGIFT})
}

// giftBlank is what a missing-word question shows where its answers were,
// as Moodle does.
const giftBlank = "_____"

// giftTextFormats are the text format markers Moodle knows ([html] …).
var giftTextFormats = map[string]bool{"moodle": true, "html": true, "plain": true, "markdown": true}

var (
	// giftWeightRe is a %weight% prefix; Moodle's regex is
	// ^%\-*([0-9]{1,2})\.?([0-9]*)%, which also takes %100%.
	giftWeightRe = regexp.MustCompile(`^%(-?[0-9]+(?:\.[0-9]*)?)%`)
	// giftNumberRe is a plain decimal number, as PHP's is_numeric takes it
	// (no hex, no Inf, no digit separators).
	giftNumberRe = regexp.MustCompile(`^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$`)
	// giftDirectiveRe is a $WORD: line other than $CATEGORY:.
	giftDirectiveRe = regexp.MustCompile(`^\$[A-Za-z]+:`)
	// giftTagRe is Moodle's [tag:name] in a comment, with \] for ].
	giftTagRe = regexp.MustCompile(`\[tag:((?:\\.|[^\]\\])*)\]`)
)

// ReadGIFT reads Moodle's GIFT format. Questions are separated by blank
// lines; $CATEGORY: sets the topic of the questions that follow; comment
// lines (//) just before a question may carry parquiz metadata:
// "// difficulty: 2", "// source: …", "// tags: a, b" (or Moodle's
// "// [tag:a]"), "// explanation: …", "// set: …". Matching, essay and
// description questions are skipped with a warning in Result.Skipped; any
// syntax error is fatal and every one is reported (up to MaxErrors).
func ReadGIFT(name string, data []byte, opt Options) (*Result, error) {
	if err := CheckLines(name, data, opt.Limits); err != nil {
		return nil, err
	}
	text, err := Decode(name, data)
	if err != nil {
		return nil, err
	}
	p := giftParser{file: name, set: opt.Set}
	p.run(text)
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	return &p.res, nil
}

type giftLine struct {
	no   int
	text string
}

type giftParser struct {
	file  string
	set   string // Options.Set; overrides "// set:" comments
	topic string // from the last $CATEGORY:
	res   Result
	errs  Errors
}

func (p *giftParser) errorf(line int, key string, a ...any) {
	if len(p.errs) < MaxErrors {
		p.errs = append(p.errs, issuef(p.file, line, key, a...))
	}
}

func (p *giftParser) skip(line int, key string) {
	p.res.Skipped = append(p.res.Skipped, issuef(p.file, line, key))
}

// run splits the text into blocks at blank lines, as Moodle does.
func (p *giftParser) run(text string) {
	var block []giftLine
	no := 0
	for len(text) > 0 && len(p.errs) < MaxErrors {
		no++
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		if strings.TrimSpace(line) == "" {
			if len(block) > 0 {
				p.block(block)
				block = block[:0]
			}
			continue
		}
		block = append(block, giftLine{no, line})
	}
	if len(block) > 0 && len(p.errs) < MaxErrors {
		p.block(block)
	}
}

// block reads one blank-line-separated block: comments, an optional
// $CATEGORY: line, and at most one question.
func (p *giftParser) block(lines []giftLine) {
	var comments, body []giftLine
	for _, l := range lines {
		if t := strings.TrimSpace(l.text); strings.HasPrefix(t, "//") {
			comments = append(comments, giftLine{l.no, t[2:]})
			continue
		}
		body = append(body, l)
	}
	if len(body) == 0 {
		return
	}
	first := strings.TrimSpace(body[0].text)
	if len(first) >= 10 && strings.EqualFold(first[:10], "$CATEGORY:") {
		p.topic = giftTopic(first[10:])
		// Moodle wants $CATEGORY: alone in its block; parquiz also takes a
		// question right under it.
		body = body[1:]
		if len(body) == 0 {
			return
		}
	} else if giftDirectiveRe.MatchString(first) {
		d, _, _ := strings.Cut(first, ":")
		p.errorf(body[0].no, "format.gift.directive", d, d)
		return
	}
	q, ok := p.question(body)
	if !ok {
		return
	}
	if !p.meta(&q, comments) {
		return
	}
	q.Topic = p.topic
	if p.set != "" {
		q.Set = p.set
	}
	p.res.Questions = append(p.res.Questions, q)
	p.res.Lines = append(p.res.Lines, body[0].no)
}

// giftTopic turns a Moodle category path into a parquiz topic: the
// $course$/ (or other context) and top/ prefixes are dropped.
func giftTopic(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "$") {
		if i := strings.Index(s[1:], "$"); i >= 0 {
			ctx := s[1 : i+1]
			if ctx != "" && !strings.ContainsAny(ctx, "/ ") {
				s = strings.TrimPrefix(s[i+2:], "/")
			}
		}
	}
	if s == "top" {
		return ""
	}
	s = strings.TrimPrefix(s, "top/")
	return questions.CleanTopic(s)
}

// giftSrc is a question's text joined from its lines, able to say which
// line a byte offset is on.
type giftSrc struct {
	s      string
	starts []int // offset of each line in s
	lines  []giftLine
}

func newGiftSrc(body []giftLine) giftSrc {
	var b strings.Builder
	starts := make([]int, len(body))
	for i, l := range body {
		if i > 0 {
			b.WriteByte('\n')
		}
		starts[i] = b.Len()
		b.WriteString(l.text)
	}
	return giftSrc{s: b.String(), starts: starts, lines: body}
}

func (g giftSrc) line(off int) int {
	i := sort.Search(len(g.starts), func(i int) bool { return g.starts[i] > off }) - 1
	return g.lines[max(i, 0)].no
}

// question parses one question's lines. ok is false when it was skipped
// or had an error (already recorded).
func (p *giftParser) question(body []giftLine) (q questions.Question, ok bool) {
	src := newGiftSrc(body)
	s := src.s
	start := body[0].no
	pos := len(s) - len(strings.TrimLeft(s, " \t\n"))

	if strings.HasPrefix(s[pos:], "::") {
		end := giftFindPair(s, pos+2, ':')
		if end < 0 {
			p.errorf(src.line(pos), "format.gift.title")
			return q, false
		}
		q.Title = giftUnescape(s[pos+2 : end])
		pos = end + 2
	}

	open := giftFind(s, pos, '{')
	closing := giftFind(s, pos, '}')
	switch {
	case open < 0 && closing < 0:
		p.skip(start, "format.gift.skip_description")
		return q, false
	case closing < 0:
		p.errorf(src.line(open), "format.gift.unclosed")
		return q, false
	case open < 0 || closing < open:
		p.errorf(src.line(closing), "format.gift.close_alone")
		return q, false
	}
	if i := giftFind(s[:closing], open+1, '{'); i >= 0 {
		p.errorf(src.line(i), "format.gift.nested")
		return q, false
	}
	if i := giftFindAny(s, closing+1, "{}"); i >= 0 {
		p.errorf(src.line(i), "format.gift.second_block")
		return q, false
	}

	// Moodle: answers at the end leave the text as is; answers inside the
	// text (missing word) leave a blank where they were.
	rawText := s[pos:open]
	if after := s[closing+1:]; strings.TrimSpace(after) != "" {
		rawText += giftBlank + after
	}
	ans := s[open+1 : closing]
	ansOff := open + 1
	var general string
	hasGeneral := false
	if i := giftLastGeneral(ans); i >= 0 {
		general, ans, hasGeneral = ans[i+4:], ans[:i], true
	}
	lead := len(ans) - len(strings.TrimLeft(ans, " \t\n"))
	ansOff += lead
	ans = strings.TrimSpace(ans)

	var format string
	q.Text, format = giftConvert(rawText, "moodle")
	if hasGeneral {
		q.Explanation, _ = giftConvert(general, format)
	}

	switch {
	case ans == "":
		p.skip(start, "format.gift.skip_essay")
		return q, false
	case ans[0] == '#':
		q.Kind = questions.KindNumeric
		return q, p.numeric(&q, src, ans[1:], ansOff+1)
	case giftFind(ans, 0, '~') >= 0:
		return q, p.choices(&q, src, ans, ansOff, format)
	case giftFind(ans, 0, '=') >= 0 && strings.Contains(ans, "->"):
		p.skip(start, "format.gift.skip_matching")
		return q, false
	}
	head := ans
	if i := giftFind(ans, 0, '#'); i > 0 {
		head = strings.TrimSpace(ans[:i])
	}
	switch head {
	case "T", "TRUE", "F", "FALSE":
		q.Kind = questions.KindTrueFalse
		parts := giftSplitN(ans, '#', 3)
		q.Truth = head[0] == 'T'
		var wrong, right string
		if len(parts) > 1 {
			wrong, _ = giftConvert(parts[1], format)
		}
		if len(parts) > 2 {
			right, _ = giftConvert(parts[2], format)
		}
		// Moodle: the first feedback is for a wrong answer, the second
		// for a right one.
		if q.Truth {
			q.TrueFeedback, q.FalseFeedback = right, wrong
		} else {
			q.TrueFeedback, q.FalseFeedback = wrong, right
		}
		return q, true
	}
	q.Kind = questions.KindShort
	return q, p.short(&q, src, ans, ansOff, format)
}

// giftPiece is one answer of a list: its marker (= or ~; 0 for text
// before the first marker), its text and where it starts.
type giftPiece struct {
	mark byte
	text string
	off  int
}

// giftPieces splits answers at every unescaped byte of marks, as Moodle
// explodes them.
func giftPieces(s string, off int, marks string) []giftPiece {
	var out []giftPiece
	cur := giftPiece{off: off}
	from := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\':
			i++
		case strings.IndexByte(marks, c) >= 0:
			cur.text = s[from:i]
			out = append(out, cur)
			cur = giftPiece{mark: c, off: off + i}
			from = i + 1
		}
	}
	cur.text = s[from:]
	return append(out, cur)
}

// giftWeight takes a leading %weight% off an answer.
func giftWeight(s string) (w float64, rest string, ok bool) {
	m := giftWeightRe.FindStringSubmatch(s)
	if m == nil {
		return 0, s, false
	}
	w, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return 0, s, false
	}
	return w, s[len(m[0]):], true
}

func (p *giftParser) choices(q *questions.Question, src giftSrc, ans string, off int, format string) bool {
	pieces := giftPieces(ans, off, "~=")
	if t := strings.TrimSpace(pieces[0].text); t != "" {
		p.errorf(src.line(off), "format.gift.before_answer", giftUnescape(t))
		return false
	}
	pieces = pieces[1:]
	single := false
	for _, pc := range pieces {
		if pc.mark == '=' {
			single = true
		}
	}
	// Moodle: an answer marked = makes a one-answer question (partial
	// credit on ~%N% answers is not kept by parquiz); with only ~ answers,
	// the weights say which are right and the question takes several.
	q.Kind = questions.KindMultiple
	if single {
		q.Kind = questions.KindSingle
	}
	ok := true
	right := 0
	for n, pc := range pieces {
		body := strings.TrimSpace(pc.text)
		weight := 100.0
		if pc.mark == '~' {
			weight, body, _ = giftWeight(body)
		}
		text, fb, _ := giftCut(body, '#')
		c := questions.Choice{}
		c.Text, _ = giftConvert(text, format)
		c.Feedback, _ = giftConvert(fb, format)
		if c.Text == "" {
			p.errorf(src.line(pc.off), "format.gift.answer_empty", n+1, pc.mark)
			ok = false
			continue
		}
		if single {
			c.Correct = weight == 100
		} else {
			c.Weight = weight
			c.Correct = weight > 0
		}
		if c.Correct {
			right++
		}
		q.Choices = append(q.Choices, c)
	}
	if !ok {
		return false
	}
	if len(pieces) < 2 {
		p.errorf(src.line(off), "format.gift.few", len(pieces))
		return false
	}
	if right == 0 {
		p.errorf(src.line(off), "format.gift.no_right")
		return false
	}
	return true
}

func (p *giftParser) short(q *questions.Question, src giftSrc, ans string, off int, format string) bool {
	pieces := giftPieces(ans, off, "=")
	if strings.TrimSpace(pieces[0].text) == "" {
		pieces = pieces[1:]
	}
	ok := true
	partial := false
	for n, pc := range pieces {
		body := strings.TrimSpace(pc.text)
		weight, rest, hasWeight := giftWeight(body)
		if !hasWeight {
			weight = 100
		}
		text, _, _ := giftCut(rest, '#')
		t, _ := giftConvert(text, format)
		if t == "" {
			p.errorf(src.line(pc.off), "format.gift.short_empty", n+1)
			ok = false
			continue
		}
		if weight == 100 {
			q.Accepted = append(q.Accepted, t)
		} else {
			partial = true
		}
	}
	if !ok {
		return false
	}
	if len(q.Accepted) == 0 {
		if partial {
			p.errorf(src.line(off), "format.gift.short_credit")
		} else {
			p.errorf(src.line(off), "format.gift.short_none")
		}
		return false
	}
	return true
}

func (p *giftParser) numeric(q *questions.Question, src giftSrc, ans string, off int) bool {
	// Feedback for any other (wrong) number follows a ~; parquiz has no
	// place for it.
	if i := giftFind(ans, 0, '~'); i >= 0 {
		ans = ans[:i]
	}
	pieces := giftPieces(ans, off, "=")
	if strings.TrimSpace(pieces[0].text) == "" {
		pieces = pieces[1:]
	}
	if len(pieces) == 0 {
		p.errorf(src.line(off), "format.gift.number_none")
		return false
	}
	found, ok := false, true
	for _, pc := range pieces {
		body := strings.TrimSpace(pc.text)
		weight, rest, hasWeight := giftWeight(body)
		if !hasWeight {
			weight = 100
		}
		text, _, _ := giftCut(rest, '#')
		n, good := giftNumeric(strings.TrimSpace(giftUnescape(text)))
		if !good {
			p.errorf(src.line(pc.off), "format.gift.number_bad", strings.TrimSpace(giftUnescape(text)))
			ok = false
			continue
		}
		// The first full-credit answer is the key; partial-credit answers
		// (=%50%…) are dropped.
		if weight == 100 && !found {
			q.Number, found = n, true
		}
	}
	if !ok {
		return false
	}
	if !found {
		p.errorf(src.line(off), "format.gift.number_credit")
		return false
	}
	return true
}

// giftNumeric parses 3, 3:0.5 or 1..5 (Moodle looks for .. and : after
// the first character, so negative numbers work).
func giftNumeric(s string) (questions.Numeric, bool) {
	num := func(t string) (float64, bool) {
		t = strings.TrimSpace(t)
		if !giftNumberRe.MatchString(t) {
			return 0, false
		}
		f, err := strconv.ParseFloat(t, 64)
		return f, err == nil
	}
	if i := strings.Index(s, ".."); i > 0 {
		lo, ok1 := num(s[:i])
		hi, ok2 := num(s[i+2:])
		return questions.Numeric{Min: lo, Max: hi, IsRange: true}, ok1 && ok2
	}
	if i := strings.IndexByte(s, ':'); i > 0 {
		v, ok1 := num(s[:i])
		t, ok2 := num(s[i+1:])
		return questions.Numeric{Value: v, Tolerance: t}, ok1 && ok2
	}
	v, ok := num(s)
	return questions.Numeric{Value: v}, ok
}

// meta applies parquiz's metadata comments to q. It returns false after
// recording an error.
func (p *giftParser) meta(q *questions.Question, comments []giftLine) bool {
	ok := true
	var expl []string
	for _, c := range comments {
		key, val, isKV := strings.Cut(c.text, ":")
		k := questions.FoldKey(key)
		if !isKV || !giftMetaKey(k) {
			for _, m := range giftTagRe.FindAllStringSubmatch(c.text, -1) {
				q.Tags = append(q.Tags, giftUntag(m[1]))
			}
			continue
		}
		val = giftUnescape(strings.TrimSpace(val))
		switch k {
		case "difficulty", "độ khó", "mức độ":
			d, good := giftDifficulty(val)
			if !good {
				p.errorf(c.no, "format.gift.difficulty", val)
				ok = false
			}
			q.Difficulty = d
		case "source", "nguồn":
			q.Source = giftAppend(q.Source, val)
		case "tags", "thẻ":
			q.Tags = append(q.Tags, strings.Split(val, ",")...)
		case "explanation", "giải thích":
			expl = append(expl, val)
		case "set", "bộ":
			q.Set = val
		}
	}
	if q.Explanation == "" && len(expl) > 0 {
		q.Explanation = strings.Join(expl, "\n")
	}
	return ok
}

func giftMetaKey(k string) bool {
	switch k {
	case "difficulty", "độ khó", "mức độ", "source", "nguồn", "tags", "thẻ",
		"explanation", "giải thích", "set", "bộ":
		return true
	}
	return false
}

func giftAppend(a, b string) string {
	if a == "" {
		return b
	}
	return a + "\n" + b
}

func giftDifficulty(s string) (int, bool) {
	switch questions.FoldKey(s) {
	case "1", "easy", "dễ":
		return questions.Easy, true
	case "2", "medium", "trung bình":
		return questions.Medium, true
	case "3", "hard", "khó":
		return questions.Hard, true
	}
	return 0, false
}

func giftUntag(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && (s[i+1] == ']' || s[i+1] == '\\') {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// giftFind returns the offset of the first unescaped byte c in s at or
// after from, or -1. Every control character is ASCII, so stepping over
// the byte after a backslash never splits a rune that matters.
func giftFind(s string, from int, c byte) int {
	for i := from; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case c:
			return i
		}
	}
	return -1
}

func giftFindAny(s string, from int, cs string) int {
	for i := from; i < len(s); i++ {
		if s[i] == '\\' {
			i++
		} else if strings.IndexByte(cs, s[i]) >= 0 {
			return i
		}
	}
	return -1
}

// giftFindPair finds the first unescaped cc (as the :: closing a title).
func giftFindPair(s string, from int, c byte) int {
	for i := from; i+1 < len(s); i++ {
		switch {
		case s[i] == '\\':
			i++
		case s[i] == c && s[i+1] == c:
			return i
		}
	}
	return -1
}

// giftLastGeneral finds the last unescaped #### (general feedback), as
// Moodle's strrpos does.
func giftLastGeneral(s string) int {
	last, run := -1, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
			run = 0
		case '#':
			run++
			if run >= 4 {
				last = i - 3
			}
		default:
			run = 0
		}
	}
	return last
}

// giftCut cuts s at its first unescaped c.
func giftCut(s string, c byte) (before, after string, found bool) {
	if i := giftFind(s, 0, c); i >= 0 {
		return s[:i], s[i+1:], true
	}
	return s, "", false
}

// giftSplitN splits s at unescaped c into at most n parts.
func giftSplitN(s string, c byte, n int) []string {
	var out []string
	for len(out) < n-1 {
		before, after, found := giftCut(s, c)
		if !found {
			break
		}
		out = append(out, before)
		s = after
	}
	return append(out, s)
}

// giftUnescape undoes GIFT's escapes: \~ \= \# \{ \} \: give the character,
// \\ a backslash, \n a new line; any other backslash is kept, as in Moodle.
func giftUnescape(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			switch n := s[i+1]; n {
			case '\\', '~', '=', '#', '{', '}', ':':
				b.WriteByte(n)
				i++
				continue
			case 'n':
				b.WriteByte('\n')
				i++
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// giftMarker splits a leading [html]-style text format marker off s.
func giftMarker(s string) (format, rest string, ok bool) {
	if !strings.HasPrefix(s, "[") {
		return "", s, false
	}
	end := strings.IndexByte(s, ']')
	if end < 0 {
		return "", s, false
	}
	name := strings.ToLower(s[1:end])
	if !giftTextFormats[name] {
		return "", s, false
	}
	return name, s[end+1:], true
}

// giftConvert turns one piece of GIFT text into plain text: a leading
// format marker is taken off (def is the format when there is none),
// escapes are undone and HTML is turned into text.
func giftConvert(s, def string) (text, format string) {
	s = strings.TrimSpace(s)
	format = def
	if f, rest, ok := giftMarker(s); ok {
		format, s = f, rest
	}
	s = giftUnescape(s)
	if format == "html" {
		s = giftHTMLText(s)
	}
	return strings.TrimSpace(s), format
}

// giftBlockTags end a line in HTML text.
var giftBlockTags = map[string]bool{
	"p": true, "div": true, "li": true, "ul": true, "ol": true, "tr": true,
	"table": true, "blockquote": true, "pre": true, "h1": true, "h2": true,
	"h3": true, "h4": true, "h5": true, "h6": true, "dt": true, "dd": true,
}

// giftHTMLText renders HTML as plain text: tags dropped, entities decoded,
// white space folded as a browser would, <br> and block ends as new lines.
func giftHTMLText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	hidden := 0    // inside <script> or <style>
	space := false // white space seen since the last text
	for {
		switch tt := z.Next(); tt {
		case html.ErrorToken:
			return giftTidyLines(b.String())
		case html.TextToken:
			if hidden > 0 {
				continue
			}
			for _, r := range string(z.Text()) {
				if giftHTMLSpace(r) || r == '\u00a0' {
					space = true
					continue
				}
				if space && b.Len() > 0 {
					b.WriteByte(' ')
				}
				space = false
				b.WriteRune(r)
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch tag := string(name); {
			case tag == "script" || tag == "style":
				if tt == html.StartTagToken {
					hidden++
				} else if hidden > 0 {
					hidden--
				}
			case tag == "br" || giftBlockTags[tag]:
				b.WriteByte('\n')
				space = false
			}
		}
	}
}

func giftHTMLSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' }

// giftTidyLines trims every line and keeps at most one empty line between
// lines of text.
func giftTidyLines(s string) string {
	var out []string
	blank := false
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			blank = len(out) > 0
			continue
		}
		if blank {
			out = append(out, "")
			blank = false
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// WriteGIFT writes questions in GIFT that Moodle imports, with parquiz's
// metadata (difficulty, source, tags, set) in comment lines Moodle ignores
// and the explanation as ####general feedback, so that reading the file
// back gives the same questions. It skips (and counts) short-answer
// questions with "->" in an accepted answer (Moodle would read a matching
// question) and questions with a key that is not a finite number.
func WriteGIFT(w io.Writer, qs []questions.Question) (int, error) {
	bw := bufio.NewWriter(w)
	bw.WriteString("// Exported by parquiz in GIFT for Moodle. The \"// difficulty:\", \"// source:\" and \"// set:\"\n" +
		"// comment lines carry parquiz's metadata; Moodle ignores them and reads [tag:…] as tags.\n")
	skipped := 0
	topic, first := "", true
	for i := range qs {
		q := qs[i]
		// Write the canonical form without touching the caller's slices.
		q.Choices = slices.Clone(q.Choices)
		q.Tags = slices.Clone(q.Tags)
		q.Accepted = slices.Clone(q.Accepted)
		q.Normalize()
		answers, ok := giftAnswers(&q)
		if !ok {
			skipped++
			continue
		}
		if first || q.Topic != topic {
			topic, first = q.Topic, false
			bw.WriteString("\n$CATEGORY: $course$/top")
			if topic != "" {
				bw.WriteString("/" + topic)
			}
			bw.WriteString("\n")
		}
		bw.WriteString("\n")
		if q.Difficulty >= questions.Easy && q.Difficulty <= questions.Hard {
			fmt.Fprintf(bw, "// difficulty: %d\n", q.Difficulty)
		}
		if q.Source != "" {
			bw.WriteString("// source: " + giftEscapeComment(q.Source) + "\n")
		}
		if len(q.Tags) > 0 {
			bw.WriteString("//")
			for _, t := range q.Tags {
				bw.WriteString(" [tag:" + giftTagEscaper.Replace(t) + "]")
			}
			bw.WriteString("\n")
		}
		if q.Set != "" {
			bw.WriteString("// set: " + giftEscapeComment(q.Set) + "\n")
		}
		if q.Title != "" {
			bw.WriteString("::" + giftEscape(q.Title) + "::")
		}
		bw.WriteString(giftGuard(q.Text) + " " + answers + "\n")
	}
	return skipped, bw.Flush()
}

// giftAnswers renders q's {answers} block with its general feedback.
func giftAnswers(q *questions.Question) (string, bool) {
	var b strings.Builder
	general := ""
	if q.Explanation != "" {
		general = "####" + giftGuard(q.Explanation)
	}
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	switch q.Kind {
	case questions.KindSingle, questions.KindMultiple:
		b.WriteString("{\n")
		for _, c := range q.Choices {
			b.WriteByte('\t')
			switch {
			case q.Kind == questions.KindMultiple:
				b.WriteString("~%" + num(c.Weight) + "%")
			case c.Correct:
				b.WriteString("=")
			case strings.HasPrefix(c.Text, "%"):
				b.WriteString("~%0%") // or the text would read as a weight
			default:
				b.WriteString("~")
			}
			b.WriteString(giftGuard(c.Text))
			if c.Feedback != "" {
				b.WriteString("#" + giftGuard(c.Feedback))
			}
			b.WriteByte('\n')
		}
		if general != "" {
			b.WriteString("\t" + general + "\n")
		}
		b.WriteString("}")
	case questions.KindTrueFalse:
		word, right, wrong := "FALSE", q.FalseFeedback, q.TrueFeedback
		if q.Truth {
			word, right, wrong = "TRUE", q.TrueFeedback, q.FalseFeedback
		}
		b.WriteString("{" + word)
		if wrong != "" || right != "" {
			b.WriteString("#" + giftGuard(wrong))
		}
		if right != "" {
			b.WriteString("#" + giftGuard(right))
		}
		b.WriteString(general + "}")
	case questions.KindNumeric:
		n := q.Number
		for _, f := range []float64{n.Value, n.Tolerance, n.Min, n.Max} {
			if math.IsNaN(f) || math.IsInf(f, 0) {
				return "", false
			}
		}
		b.WriteString("{#")
		switch {
		case n.IsRange:
			b.WriteString(num(n.Min) + ".." + num(n.Max))
		case n.Tolerance != 0:
			b.WriteString(num(n.Value) + ":" + num(n.Tolerance))
		default:
			b.WriteString(num(n.Value))
		}
		b.WriteString(general + "}")
	case questions.KindShort:
		b.WriteString("{\n")
		for _, a := range q.Accepted {
			if strings.Contains(a, "->") {
				return "", false
			}
			b.WriteString("\t=")
			if strings.HasPrefix(a, "%") {
				b.WriteString("%100%") // or the text would read as a weight
			}
			b.WriteString(giftGuard(a) + "\n")
		}
		if general != "" {
			b.WriteString("\t" + general + "\n")
		}
		b.WriteString("}")
	default:
		return "", false
	}
	return b.String(), true
}

var giftEscaper = strings.NewReplacer(`\`, `\\`, `~`, `\~`, `=`, `\=`, `#`, `\#`, `{`, `\{`, `}`, `\}`, `:`, `\:`, "\n", `\n`)

// giftEscape escapes GIFT's control characters and new lines, as Moodle's
// exporter does.
func giftEscape(s string) string { return giftEscaper.Replace(s) }

// giftGuard escapes text and, when it starts with something a reader
// would take for a format marker or a comment, puts Moodle's default
// [moodle] marker in front.
func giftGuard(s string) string {
	e := giftEscape(s)
	if _, _, ok := giftMarker(e); ok || strings.HasPrefix(e, "//") {
		return "[moodle]" + e
	}
	return e
}

// giftTagEscaper escapes a tag inside Moodle's [tag:…].
var giftTagEscaper = strings.NewReplacer(`\`, `\\`, `]`, `\]`)

var giftCommentEscaper = strings.NewReplacer(`\`, `\\`, "\n", `\n`)

// giftEscapeComment keeps a metadata value on its comment line.
func giftEscapeComment(s string) string { return giftCommentEscaper.Replace(s) }
