package format

// table.go holds what CSV and XLSX share: one question per row under a
// header row, the column names and their Vietnamese aliases, the answer
// column's syntax, and the way a row becomes a Question (and back).

import (
	"math"
	"strconv"
	"strings"

	"parquiz/questions"
)

// tableDecode is Decode for the text formats of this file's family (CSV,
// Aiken), then NFC, and without stray byte order marks: files joined with
// cat or copied from several documents carry U+FEFF at the start of later
// parts, where it would hide in a question's text and change its hash.
func tableDecode(name string, data []byte) (string, error) {
	text, err := Decode(name, data)
	if err != nil {
		return "", err
	}
	return questions.NFC(strings.ReplaceAll(text, "\ufeff", "")), nil
}

// tableField is what a column holds.
type tableField int

const (
	tableUnknown tableField = iota
	tableBlank              // a column with an empty header: its cells must be empty
	tableIgnored            // STT: a row-number column people keep in their sheets
	tableQuestion
	tableAnswer
	tableKind
	tableTopic
	tableDifficulty
	tableSource
	tableExplanation
	tableTags
	tableSet
	tableTitle
	tableOptionA // tableOptionA+i holds option i (A…H)
)

// tableMaxOptions is how many option columns (a…h) a sheet may have.
const tableMaxOptions = questions.MaxChoices

// tableAliases maps a header, as questions.SearchKey folds it (no case, no
// diacritics), to its column.
var tableAliases = func() map[string]tableField {
	m := map[string]tableField{}
	add := func(f tableField, names ...string) {
		for _, n := range names {
			m[questions.SearchKey(n)] = f
		}
	}
	add(tableQuestion, "question", "text", "Câu hỏi", "Nội dung")
	add(tableAnswer, "answer", "key", "Đáp án đúng", "Đáp án", "Phương án đúng")
	add(tableKind, "kind", "type", "Loại", "Loại câu hỏi")
	add(tableTopic, "topic", "category", "Chủ đề")
	add(tableDifficulty, "difficulty", "Mức độ", "Độ khó")
	add(tableSource, "source", "Nguồn", "Căn cứ")
	add(tableExplanation, "explanation", "Giải thích")
	add(tableTags, "tags", "tag", "Thẻ")
	add(tableSet, "set", "Bộ câu hỏi", "Bộ đề")
	add(tableTitle, "title", "Tiêu đề")
	add(tableIgnored, "STT", "#")
	for i := 0; i < tableMaxOptions; i++ {
		l := questions.Letter(i)
		add(tableOptionA+tableField(i), l, "option "+l, "Đáp án "+l, "Phương án "+l)
	}
	return m
}()

// tableColumns is the header parquiz writes, in order, after the option
// columns are put in place of "a…".
var tableColumns = []string{"question", "a…", "answer", "kind", "topic", "difficulty", "source", "explanation", "tags", "set", "title"}

// tableKnown lists the columns for "unknown column" messages.
const tableKnown = "question, a … h, answer, kind, topic, difficulty, source, explanation, tags, set, title " +
	"(or Câu hỏi, Đáp án A … Đáp án H, Đáp án đúng, Loại, Chủ đề, Mức độ, Nguồn, Giải thích, Thẻ, Bộ câu hỏi, Tiêu đề)"

// tableHeader is a parsed header row.
type tableHeader struct {
	names  []string           // each column's header as written, for messages
	fields []tableField       // what each column holds
	col    map[tableField]int // column index of each field present
	nOpts  int                // option columns a… present, without gaps
}

// tableProblem is one error in a header or a row; col is the 0-based
// column it is about, or -1 for the whole row.
type tableProblem struct {
	col int
	msg Message
}

// tableParseHeader reads the header row. Every column must be known, none
// repeated; question and answer are required; option columns run from a
// without gaps.
func tableParseHeader(cells []string) (*tableHeader, []tableProblem) {
	h := &tableHeader{col: map[tableField]int{}}
	var probs []tableProblem
	for i, c := range cells {
		name := questions.CleanLine(c)
		h.names = append(h.names, name)
		if name == "" {
			h.fields = append(h.fields, tableBlank)
			continue
		}
		f, ok := tableAliases[questions.SearchKey(name)]
		if !ok {
			h.fields = append(h.fields, tableUnknown)
			probs = append(probs, tableProblem{i, msg("format.table.unknown_column", name, verbatim(tableKnown))})
			continue
		}
		h.fields = append(h.fields, f)
		if f == tableIgnored {
			continue
		}
		if j, dup := h.col[f]; dup {
			probs = append(probs, tableProblem{i, msg("format.table.dup_column", name, h.names[j], j+1)})
			continue
		}
		h.col[f] = i
	}
	if _, ok := h.col[tableQuestion]; !ok {
		probs = append(probs, tableProblem{-1, msg("format.table.no_question", verbatim(tableKnown))})
	}
	if _, ok := h.col[tableAnswer]; !ok {
		probs = append(probs, tableProblem{-1, msg("format.table.no_answer")})
	}
	for i := 0; i < tableMaxOptions; i++ {
		j, ok := h.col[tableOptionA+tableField(i)]
		if !ok {
			continue
		}
		if i != h.nOpts {
			probs = append(probs, tableProblem{j, msg("format.table.option_gap_column", h.names[j], questions.Letter(h.nOpts))})
			continue
		}
		h.nOpts++
	}
	return h, probs
}

// cell returns the trimmed value of field f in a row ("" when the column
// is absent or the row is short) and its column (-1 when absent).
func (h *tableHeader) cell(row []string, f tableField) (string, int) {
	i, ok := h.col[f]
	if !ok {
		return "", -1
	}
	if i >= len(row) {
		return "", i
	}
	return strings.TrimSpace(row[i]), i
}

// problem builds a problem about column i, naming it as its header does.
func (h *tableHeader) problem(i int, m Message) tableProblem {
	if i >= 0 && i < len(h.names) && h.names[i] != "" {
		m = msg("format.table.column", h.names[i], m)
	}
	return tableProblem{i, m}
}

// tableEmpty reports whether every cell of a row is blank.
func tableEmpty(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// empty reports whether a data row has nothing but blanks, apart from an
// STT column: templates often come with row numbers filled in below the
// questions.
func (h *tableHeader) empty(row []string) bool {
	for i, c := range row {
		if strings.TrimSpace(c) != "" && (i >= len(h.fields) || h.fields[i] != tableIgnored) {
			return false
		}
	}
	return true
}

// row turns one non-empty row into a question, or returns its problems.
// Normalisation and Validate run later, in Read.
func (h *tableHeader) row(row []string) (questions.Question, []tableProblem) {
	var q questions.Question
	var probs []tableProblem
	bad := func(i int, m Message) { probs = append(probs, h.problem(i, m)) }

	for i, c := range row {
		if strings.TrimSpace(c) == "" {
			continue
		}
		if i >= len(h.fields) || h.fields[i] == tableBlank {
			probs = append(probs, tableProblem{i, msg("format.table.no_header", i+1)})
		}
	}

	text, textCol := h.cell(row, tableQuestion)
	if text == "" {
		bad(textCol, msg("format.table.text_empty"))
	}
	q.Text = text
	q.Title, _ = h.cell(row, tableTitle)
	q.Topic, _ = h.cell(row, tableTopic)
	q.Source, _ = h.cell(row, tableSource)
	q.Explanation, _ = h.cell(row, tableExplanation)
	q.Set, _ = h.cell(row, tableSet)
	if tags, _ := h.cell(row, tableTags); tags != "" {
		q.Tags = tableSplitTags(tags)
	}
	if d, i := h.cell(row, tableDifficulty); d != "" {
		n, ok := tableParseDifficulty(d)
		if !ok {
			bad(i, msg("format.table.difficulty", d))
		}
		q.Difficulty = n
	}

	// Options: a filled prefix of a, b, c…; a gap is an error.
	var opts []string
	var optCols []int
	last := -1
	for i := 0; i < h.nOpts; i++ {
		if v, _ := h.cell(row, tableOptionA+tableField(i)); v != "" {
			last = i
		}
	}
	for i := 0; i <= last; i++ {
		v, c := h.cell(row, tableOptionA+tableField(i))
		if v == "" {
			bad(c, msg("format.table.option_gap", questions.Letter(i), questions.Letter(last)))
		}
		opts = append(opts, v)
		optCols = append(optCols, c)
	}

	var kind questions.Kind
	if k, i := h.cell(row, tableKind); k != "" {
		var ok bool
		if kind, ok = tableParseKind(k); !ok {
			bad(i, msg("format.table.kind", k))
			return q, probs
		}
	}

	ans, ansCol := h.cell(row, tableAnswer)
	if ans == "" {
		bad(ansCol, msg("format.table.answer_empty"))
		return q, probs
	}

	if len(opts) > 0 {
		if kind != "" && !kind.HasChoices() {
			bad(optCols[0], msg("format.table.options_not_choice", kind))
			return q, probs
		}
		picks, weighted, m := tableParseLetters(ans, len(opts))
		if m.Key != "" {
			bad(ansCol, m)
			return q, probs
		}
		if kind == "" {
			kind = questions.KindSingle
			if len(picks) > 1 || weighted {
				kind = questions.KindMultiple
			}
		}
		if kind == questions.KindSingle && (len(picks) != 1 || weighted) {
			bad(ansCol, msg("format.table.single_key", ans))
			return q, probs
		}
		q.Kind = kind
		q.Choices = make([]questions.Choice, len(opts))
		for i, o := range opts {
			q.Choices[i].Text = o
		}
		for _, p := range picks {
			q.Choices[p.idx].Correct = p.weight > 0 || !weighted
			q.Choices[p.idx].Weight = p.weight
		}
		return q, probs
	}

	if kind == "" {
		switch {
		case tableIsTruth(ans):
			kind = questions.KindTrueFalse
		case tableIsNumeric(ans):
			kind = questions.KindNumeric
		case tableLooksLikeLetters(ans):
			bad(ansCol, msg("format.table.letters_no_options", ans, ans))
			return q, probs
		default:
			kind = questions.KindShort
		}
	}
	q.Kind = kind
	switch kind {
	case questions.KindSingle, questions.KindMultiple:
		bad(ansCol, msg("format.table.needs_options", kind))
	case questions.KindTrueFalse:
		t, ok := tableParseTruth(ans)
		if !ok {
			bad(ansCol, msg("format.table.truth", ans))
		}
		q.Truth = t
	case questions.KindNumeric:
		n, m := tableParseNumeric(ans)
		if m.Key != "" {
			bad(ansCol, m)
		}
		q.Number = n
	case questions.KindShort:
		for _, a := range strings.Split(ans, "|") {
			if a = questions.CleanLine(a); a != "" {
				q.Accepted = append(q.Accepted, a)
			}
		}
		if len(q.Accepted) == 0 {
			bad(ansCol, msg("format.table.short_none", ans))
		}
	}
	return q, probs
}

// tableSplitTags splits a tags cell on | when it has one, else on commas.
func tableSplitTags(s string) []string {
	sep := ","
	if strings.Contains(s, "|") {
		sep = "|"
	}
	var out []string
	for _, t := range strings.Split(s, sep) {
		if t = questions.CleanLine(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// tableParseDifficulty reads 1/2/3, dễ/trung bình/khó or easy/medium/hard
// (a spreadsheet may give "2.0" for a number cell).
func tableParseDifficulty(s string) (int, bool) {
	switch questions.SearchKey(s) {
	case "de", "easy":
		return questions.Easy, true
	case "trung binh", "tb", "medium":
		return questions.Medium, true
	case "kho", "hard":
		return questions.Hard, true
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || f != math.Trunc(f) || f < questions.Easy || f > questions.Hard {
		return 0, false
	}
	return int(f), true
}

// tableKinds maps the kind column's accepted words (SearchKey-folded).
var tableKinds = func() map[string]questions.Kind {
	m := map[string]questions.Kind{}
	add := func(k questions.Kind, names ...string) {
		for _, n := range names {
			m[questions.SearchKey(n)] = k
		}
	}
	add(questions.KindSingle, "single", "Một đáp án", "Chọn một")
	add(questions.KindMultiple, "multiple", "Nhiều đáp án", "Chọn nhiều")
	add(questions.KindTrueFalse, "truefalse", "true/false", "Đúng/Sai", "Đúng sai")
	add(questions.KindNumeric, "numeric", "number", "Số")
	add(questions.KindShort, "short", "Trả lời ngắn", "Điền")
	return m
}()

func tableParseKind(s string) (questions.Kind, bool) {
	k, ok := tableKinds[questions.SearchKey(s)]
	return k, ok
}

// tableTruths are the true/false answer words, compared with FoldKey (with
// diacritics: "Đ" is Đúng, but a plain "D" is option D, not Đúng).
var tableTruths = map[string]bool{
	"đúng": true, "dung": true, "đ": true, "true": true,
	"sai": false, "s": false, "false": false,
}

func tableParseTruth(s string) (bool, bool) {
	t, ok := tableTruths[questions.FoldKey(s)]
	return t, ok
}

func tableIsTruth(s string) bool { _, ok := tableParseTruth(s); return ok }

func tableIsNumeric(s string) bool { _, m := tableParseNumeric(s); return m.Key == "" }

// tableNumber parses one number. A single comma with no dot is a decimal
// comma (Vietnamese writes 2,5), unless it is followed by exactly three
// digits: "1,000" could be one thousand or 1.000, so it is refused.
func tableNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		i := strings.IndexByte(s, ',')
		if frac := s[i+1:]; len(frac) == 3 && strings.Trim(frac, "0123456789") == "" {
			return 0, false
		}
		s = s[:i] + "." + s[i+1:]
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// tableParseNumeric reads a numeric key: 3, 3±2, 3+-2, 3:2 (value and
// tolerance) or 1..5 (a range).
func tableParseNumeric(s string) (questions.Numeric, Message) {
	s = strings.TrimSpace(s)
	fail := msg("format.table.number", s)
	two := func(sep string) (float64, float64, bool) {
		a, b, _ := strings.Cut(s, sep)
		x, ok1 := tableNumber(a)
		y, ok2 := tableNumber(b)
		return x, y, ok1 && ok2
	}
	var (
		n  questions.Numeric
		ok bool
	)
	switch {
	case strings.Contains(s, ".."):
		n.IsRange = true
		n.Min, n.Max, ok = two("..")
	case strings.Contains(s, "±"):
		n.Value, n.Tolerance, ok = two("±")
	case strings.Contains(s, "+-"):
		n.Value, n.Tolerance, ok = two("+-")
	case strings.Contains(s, ":"):
		n.Value, n.Tolerance, ok = two(":")
	default:
		n.Value, ok = tableNumber(s)
	}
	if !ok {
		return questions.Numeric{}, fail
	}
	return n, Message{}
}

// tablePick is one letter of a choice answer, with its weight in percent.
type tablePick struct {
	idx    int
	weight float64
}

// tableParseLetters reads "B", "A,C", "A;C" or "A:50,C:50,B:-100" against n
// options. Without weights every pick has weight 0 (Normalize fills the
// defaults); with weights, every letter needs one and unlisted options
// weigh 0.
func tableParseLetters(s string, n int) (picks []tablePick, weighted bool, problem Message) {
	span := "A"
	if n > 1 {
		span = "A–" + questions.Letter(n-1)
	}
	items := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' })
	seen := map[int]bool{}
	withW, withoutW := 0, 0
	for _, it := range items {
		it = strings.TrimSpace(it)
		if it == "" {
			continue
		}
		letter, w, hasW := strings.Cut(it, ":")
		letter = strings.TrimSpace(letter)
		idx := -1
		if len(letter) == 1 {
			idx = questions.LetterIndex(letter)
		}
		if idx < 0 {
			return nil, false, msg("format.table.letter", letter, span)
		}
		if idx >= n {
			return nil, false, msg("format.table.letter_range", strings.ToUpper(letter), span)
		}
		if seen[idx] {
			return nil, false, msg("format.table.letter_twice", strings.ToUpper(letter))
		}
		seen[idx] = true
		p := tablePick{idx: idx}
		if hasW {
			withW++
			ws := strings.TrimSuffix(strings.TrimSpace(w), "%")
			f, ok := tableNumber(ws)
			if !ok {
				return nil, false, msg("format.table.weight", strings.TrimSpace(w), strings.ToUpper(letter))
			}
			p.weight = f
		} else {
			withoutW++
		}
		picks = append(picks, p)
	}
	if len(picks) == 0 {
		return nil, false, msg("format.table.no_letter", s, span)
	}
	if withW > 0 && withoutW > 0 {
		return nil, false, msg("format.table.weight_all", s)
	}
	return picks, withW > 0, Message{}
}

// tableLooksLikeLetters reports whether s is a list of option letters,
// which without options is almost surely a mistake.
func tableLooksLikeLetters(s string) bool {
	picks, _, m := tableParseLetters(s, tableMaxOptions)
	return m.Key == "" && len(picks) > 0
}

// tableNum prints a number so that it reads back exactly.
func tableNum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// tableHeaderNames is the header parquiz writes with nOpts option columns.
func tableHeaderNames(nOpts int) []string {
	var out []string
	for _, c := range tableColumns {
		if c != "a…" {
			out = append(out, c)
			continue
		}
		for i := 0; i < nOpts; i++ {
			out = append(out, strings.ToLower(questions.Letter(i)))
		}
	}
	return out
}

// tableOptionColumns is how many option columns a sheet of qs needs: the
// most options any question has, and at least 4 so that the file is a
// ready template.
func tableOptionColumns(qs []questions.Question) int {
	n := 4
	for _, q := range qs {
		n = max(n, len(q.Choices))
	}
	return min(n, tableMaxOptions)
}

// tableRecord renders q as a row under tableHeaderNames(nOpts). It reports
// false when a spreadsheet cannot hold q: more options than columns, an
// accepted answer or a tag containing "|" (the separators).
func tableRecord(q *questions.Question, nOpts int) ([]string, bool) {
	if len(q.Choices) > nOpts {
		return nil, false
	}
	ans, ok := tableAnswerText(q)
	if !ok {
		return nil, false
	}
	tags, ok := tableJoinTags(q.Tags)
	if !ok {
		return nil, false
	}
	diff := ""
	if q.Difficulty != 0 {
		diff = strconv.Itoa(q.Difficulty)
	}
	rec := []string{q.Text}
	for i := 0; i < nOpts; i++ {
		o := ""
		if i < len(q.Choices) {
			o = q.Choices[i].Text
		}
		rec = append(rec, o)
	}
	return append(rec, ans, string(q.Kind), q.Topic, diff, q.Source, q.Explanation, tags, q.Set, q.Title), true
}

// tableJoinTags joins tags with ", ", or with " | " when a tag holds a
// comma; a tag holding "|" cannot be written.
func tableJoinTags(tags []string) (string, bool) {
	sep := ", "
	for _, t := range tags {
		if strings.Contains(t, "|") {
			return "", false
		}
		if strings.Contains(t, ",") {
			sep = " | "
		}
	}
	return strings.Join(tags, sep), true
}

// tableAnswerText renders the answer column for q.
func tableAnswerText(q *questions.Question) (string, bool) {
	switch q.Kind {
	case questions.KindSingle:
		var ls []string
		for _, i := range q.Correct() {
			ls = append(ls, questions.Letter(i))
		}
		return strings.Join(ls, ","), true
	case questions.KindMultiple:
		var plain, weighted []string
		k := float64(len(q.Correct()))
		dflt := true
		for i, c := range q.Choices {
			if c.Correct {
				plain = append(plain, questions.Letter(i))
				if math.Abs(c.Weight-100/k) > 1e-9 {
					dflt = false
				}
			} else if c.Weight != -100 {
				dflt = false
			}
			if c.Weight != 0 {
				weighted = append(weighted, questions.Letter(i)+":"+tableNum(c.Weight))
			}
		}
		if dflt {
			return strings.Join(plain, ","), true
		}
		return strings.Join(weighted, ","), true
	case questions.KindTrueFalse:
		return questions.TruthWord(q.Truth, "vi"), true
	case questions.KindNumeric:
		n := q.Number
		switch {
		case n.IsRange:
			return tableNum(n.Min) + ".." + tableNum(n.Max), true
		case n.Tolerance == 0:
			return tableNum(n.Value), true
		default:
			return tableNum(n.Value) + "±" + tableNum(n.Tolerance), true
		}
	case questions.KindShort:
		for _, a := range q.Accepted {
			if strings.Contains(a, "|") {
				return "", false
			}
		}
		return strings.Join(q.Accepted, " | "), true
	}
	return "", false
}
