package tui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"parquiz/internal/i18n"
	"parquiz/questions"
)

// tickEvery is how often the countdown repaints. The time shown is
// always computed from the deadline, so the period only sets smoothness.
const tickEvery = 100 * time.Millisecond

// tickMsg re-arms the countdown of question seq; ticks of an earlier
// question (seq differs) are dropped.
type tickMsg struct{ seq int }

func tick(seq int) tea.Cmd {
	return tea.Tick(tickEvery, func(time.Time) tea.Msg { return tickMsg{seq} })
}

// answer is the outcome of one question.
type answer struct {
	Resp     questions.Response
	Points   float64 // q.Grade(Resp), 0..1
	TimedOut bool
	Took     time.Duration
}

// run asks the drawn questions one by one: each with a countdown, then
// the reveal (right or wrong, the key, the explanation and the source).
type run struct {
	env  *env
	spec practiceSpec
	qs   []questions.Question
	ans  []answer
	i    int

	revealed bool
	started  time.Time // when question i opened
	deadline time.Time
	left     time.Duration
	seq      int

	cursor  int
	checked []bool
	input   textinput.Model
	inErr   string
	scroll  int // reveal scroll offset, in lines
	begun   time.Time
}

func newRun(e *env, sp practiceSpec, qs []questions.Question) *run {
	m := &run{env: e, spec: sp, qs: qs, ans: make([]answer, len(qs)), input: e.s.TextInput()}
	m.input.CharLimit = 200
	m.input.Width = 50
	return m
}

func (m *run) Init() tea.Cmd {
	m.begun = m.env.now()
	return m.open(0)
}

// open shows question i with a fresh deadline and starts its ticks.
func (m *run) open(i int) tea.Cmd {
	m.i, m.revealed, m.cursor, m.scroll, m.inErr = i, false, 0, 0, ""
	q := &m.qs[i]
	m.checked = make([]bool, len(m.options(q)))
	m.started = m.env.now()
	m.deadline = m.started.Add(m.spec.PerQ)
	m.left = m.spec.PerQ
	m.seq++
	m.input.Reset()
	if q.Kind == questions.KindNumeric || q.Kind == questions.KindShort {
		m.input.Placeholder = m.env.t("tui.run.ph." + string(q.Kind))
		return tea.Batch(m.input.Focus(), m.env.tick(m.seq))
	}
	m.input.Blur()
	return m.env.tick(m.seq)
}

// options are the rows a player picks from: the choices, or Đúng/Sai.
func (m *run) options(q *questions.Question) []string {
	switch q.Kind {
	case questions.KindSingle, questions.KindMultiple:
		out := make([]string, len(q.Choices))
		for i, c := range q.Choices {
			out[i] = c.Text
		}
		return out
	case questions.KindTrueFalse:
		return TruthOptions(m.env.lang)
	}
	return nil
}

func (m *run) Title() string { return m.env.t("tui.run.title") }

func (m *run) Info() string {
	return m.env.t("tui.run.info", m.i+1, len(m.qs), formatPoints(m.env.lang, m.points()))
}

func (m *run) points() float64 {
	p := 0.0
	for _, a := range m.ans {
		p += a.Points
	}
	return p
}

func (m *run) Help() []key.Binding {
	k := m.env.keys
	if m.revealed {
		return []key.Binding{k.Next, k.Down, k.Esc}
	}
	switch m.qs[m.i].Kind {
	case questions.KindMultiple:
		return []key.Binding{k.Toggle, k.Enter, k.Click, k.Esc} // the hint line names A–H
	case questions.KindNumeric, questions.KindShort:
		return []key.Binding{k.Enter, k.Esc}
	}
	return []key.Binding{k.Options, k.Enter, k.Click, k.Esc}
}

func (m *run) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tickMsg:
		if msg.seq != m.seq || m.revealed {
			return m, nil
		}
		m.left = Remaining(m.env.now(), m.deadline)
		if m.left == 0 {
			m.submit(questions.Response{}, true)
			return m, nil
		}
		return m, m.env.tick(m.seq)
	case tea.KeyMsg:
		return m, m.updateKey(msg)
	case tea.MouseMsg:
		return m, m.updateMouse(msg)
	}
	if !m.revealed && m.input.Focused() {
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg)
		return m, cmd
	}
	return m, nil
}

func (m *run) updateKey(msg tea.KeyMsg) tea.Cmd {
	k := m.env.keys
	if key.Matches(msg, k.Esc) {
		return goHome // leaving mid-way saves nothing
	}
	if m.revealed {
		switch {
		case key.Matches(msg, k.Next):
			return m.next()
		case key.Matches(msg, k.Up):
			m.scroll = max(0, m.scroll-1)
		case key.Matches(msg, k.Down):
			_, h := m.env.bodySize()
			m.scroll = min(m.scroll+1, max(0, len(m.bodyLines())-h))
		}
		return nil
	}
	q := &m.qs[m.i]
	switch q.Kind {
	case questions.KindNumeric, questions.KindShort:
		if key.Matches(msg, k.Enter) {
			m.submitText(q)
			return nil
		}
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg)
		// Keep the value NFC as it is typed: a decomposed "ệ" would
		// otherwise take several backspaces to erase.
		if v := questions.NFC(m.input.Value()); v != m.input.Value() {
			m.input.SetValue(v)
		}
		m.inErr = ""
		return cmd
	}
	n := len(m.checked)
	switch {
	case key.Matches(msg, k.Up):
		m.cursor = (m.cursor + n - 1) % n
	case key.Matches(msg, k.Down), key.Matches(msg, k.Tab):
		m.cursor = (m.cursor + 1) % n
	case key.Matches(msg, k.Toggle) && q.Kind == questions.KindMultiple:
		m.checked[m.cursor] = !m.checked[m.cursor]
	case key.Matches(msg, k.Enter):
		if q.Kind == questions.KindMultiple {
			m.submitChecked()
		} else {
			m.pick(m.cursor)
		}
	case key.Matches(msg, k.Options):
		if i := optionIndex(msg.String()); i >= 0 && i < n {
			m.cursor = i
			if q.Kind == questions.KindMultiple {
				m.checked[i] = !m.checked[i]
			} else {
				m.pick(i)
			}
		}
	}
	return nil
}

// optionIndex maps "a"/"A"/"1" to 0 … "h"/"H"/"8" to 7, else -1.
func optionIndex(s string) int {
	if len(s) == 1 && s[0] >= '1' && s[0] <= '8' {
		return int(s[0] - '1')
	}
	return questions.LetterIndex(s)
}

// updateMouse maps a left click on an option's rows to that option.
func (m *run) updateMouse(msg tea.MouseMsg) tea.Cmd {
	if msg.Action != tea.MouseActionPress || msg.Button != tea.MouseButtonLeft {
		return nil
	}
	if m.revealed {
		return m.next()
	}
	q := &m.qs[m.i]
	if !q.Kind.HasChoices() && q.Kind != questions.KindTrueFalse {
		return nil
	}
	top, spans := m.optionLayout()
	y := msg.Y - FrameTop - top
	for i, sp := range spans {
		if sp.Contains(y) {
			m.cursor = i
			if q.Kind == questions.KindMultiple {
				m.checked[i] = !m.checked[i]
			} else {
				m.pick(i)
			}
			break
		}
	}
	return nil
}

func (m *run) pick(i int) {
	q := &m.qs[m.i]
	if q.Kind == questions.KindTrueFalse {
		b := i == 0
		m.checked[i] = true
		m.submit(questions.Response{Bool: &b}, false)
		return
	}
	m.checked[i] = true
	m.submit(questions.Response{Choices: []int{i}}, false)
}

func (m *run) submitChecked() {
	var picks []int
	for i, c := range m.checked {
		if c {
			picks = append(picks, i)
		}
	}
	if len(picks) == 0 {
		m.inErr = m.env.t("tui.run.pickone")
		return
	}
	m.submit(questions.Response{Choices: picks}, false)
}

func (m *run) submitText(q *questions.Question) {
	v := questions.CleanLine(m.input.Value())
	if v == "" {
		m.inErr = m.env.t("tui.run.empty")
		return
	}
	if q.Kind == questions.KindShort {
		m.submit(questions.Response{Text: v}, false)
		return
	}
	f, err := ParseNumber(v)
	if err != nil {
		m.inErr = m.env.t("tui.run.notnumber", v)
		return
	}
	m.submit(questions.Response{Number: &f}, false)
}

// ErrNotNumber is returned by ParseNumber for text that is not a number.
var ErrNotNumber = errors.New("not a number")

// ParseNumber reads a number as Vietnamese write it or as English do:
// "3,5" and "3.5" are 3.5; with both separators the last one is the
// decimal mark ("1.234,5" and "1,234.5" are 1234.5). Spaces are ignored.
func ParseNumber(s string) (float64, error) {
	s = strings.ReplaceAll(questions.NFC(strings.TrimSpace(s)), " ", "")
	s = strings.ReplaceAll(s, "\u00a0", "")
	comma, dot := strings.LastIndex(s, ","), strings.LastIndex(s, ".")
	switch {
	case comma >= 0 && dot >= 0 && comma > dot:
		s = strings.ReplaceAll(s, ".", "")
		s = strings.Replace(s, ",", ".", 1)
	case comma >= 0 && dot >= 0:
		s = strings.ReplaceAll(s, ",", "")
	case strings.Count(s, ",") == 1:
		s = strings.Replace(s, ",", ".", 1)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("%w: %q", ErrNotNumber, s)
	}
	return f, nil
}

// submit grades r and reveals.
func (m *run) submit(r questions.Response, timedOut bool) {
	q := &m.qs[m.i]
	now := m.env.now()
	m.ans[m.i] = answer{Resp: r, TimedOut: timedOut, Took: min(now.Sub(m.started), m.spec.PerQ)}
	if !timedOut {
		m.ans[m.i].Points = q.Grade(r)
	}
	m.left = Remaining(now, m.deadline)
	m.revealed = true
	m.seq++ // stop this question's ticks
	m.input.Blur()
}

func (m *run) next() tea.Cmd {
	if m.i+1 < len(m.qs) {
		return m.open(m.i + 1)
	}
	return replace(newSummary(m.env, m.spec, m.qs, m.ans, m.env.now().Sub(m.begun)))
}

// questionLines are the lines above the options: progress, countdown,
// the stem.
func (m *run) questionLines(w int) []string {
	s := m.env.s
	q := &m.qs[m.i]
	meta := m.env.t("tui.run.meta", m.i+1, len(m.qs), q.Topic, LevelName(m.env.lang, q.Difficulty), KindName(m.env.lang, q.Kind))
	lines := []string{Truncate(s.Muted.Render(meta), w)}
	if m.revealed {
		lines = append(lines, m.verdict())
	} else {
		lines = append(lines, Countdown(s, w, m.left, m.spec.PerQ))
	}
	lines = append(lines, "")
	lines = append(lines, Lines(s.Text.Bold(true).Render(Wrap(q.Text, w)))...)
	return append(lines, "")
}

// optionLayout is the body row where the options start and their spans.
func (m *run) optionLayout() (int, []Span) {
	w, _ := m.env.bodySize()
	top := len(m.questionLines(w))
	_, spans := RenderOptions(m.env.s, m.optionsView(), w)
	return top, spans
}

func (m *run) optionsView() OptionsView {
	q := &m.qs[m.i]
	v := OptionsView{Texts: m.options(q), Multiple: q.Kind == questions.KindMultiple, Checked: m.checked, Cursor: m.cursor, Reveal: m.revealed}
	if m.revealed {
		v.Cursor = -1
		v.Correct = make([]bool, len(v.Texts))
		if q.Kind == questions.KindTrueFalse {
			v.Correct[0], v.Correct[1] = q.Truth, !q.Truth
		} else {
			for i, c := range q.Choices {
				v.Correct[i] = c.Correct
			}
		}
	}
	return v
}

func (m *run) verdict() string {
	s := m.env.s
	a := m.ans[m.i]
	pts := formatPoints(m.env.lang, a.Points)
	switch {
	case a.TimedOut:
		return s.Warn.Render("⏱ " + m.env.t("tui.run.timeout"))
	case a.Points >= 0.9999:
		return s.Good.Render("✓ " + m.env.t("tui.run.right", pts))
	case a.Points > 0:
		return s.Warn.Render("◐ " + m.env.t("tui.run.partial", pts))
	}
	return s.Bad.Render("✗ " + m.env.t("tui.run.wrong"))
}

func (m *run) View() string {
	_, h := m.env.bodySize()
	return scrollLines(m.env.s, m.bodyLines(), m.scroll, h)
}

// bodyLines is the whole body before scrolling.
func (m *run) bodyLines() []string {
	w, _ := m.env.bodySize()
	s := m.env.s
	q := &m.qs[m.i]
	lines := m.questionLines(w)
	if q.Kind == questions.KindNumeric || q.Kind == questions.KindShort {
		if m.revealed {
			given := m.env.t("tui.run.noanswer")
			if r := m.ans[m.i].Resp; r.Number != nil {
				given = formatNumber(m.env.lang, *r.Number)
			} else if r.Text != "" {
				given = r.Text
			}
			lines = append(lines, Lines(Wrap(m.env.t("tui.run.yours", given), w))...)
		} else {
			lines = append(lines, m.input.View())
		}
	} else {
		block, _ := RenderOptions(s, m.optionsView(), w)
		lines = append(lines, Lines(block)...)
	}
	if m.inErr != "" && !m.revealed {
		lines = append(lines, "", s.Error.Render(Truncate(m.inErr, w)))
	}
	if !m.revealed {
		if q.Kind == questions.KindMultiple {
			lines = append(lines, "", s.Muted.Render(Truncate(m.env.t("tui.run.hint.multiple"), w)))
		}
		return lines
	}
	lines = append(lines, "")
	lines = append(lines, Lines(Wrap(s.Good.Render(m.env.t("tui.run.key"))+" "+q.KeyText(string(m.env.lang)), w))...)
	if q.Explanation != "" {
		lines = append(lines, Lines(Wrap(s.Title.Render(m.env.t("tui.run.why"))+" "+q.Explanation, w))...)
	}
	if q.Source != "" {
		lines = append(lines, Lines(Wrap(s.Gold.Render(m.env.t("tui.run.source"))+" "+s.Muted.Render(q.Source), w))...)
	}
	nextKey := "tui.run.next"
	if m.i+1 == len(m.qs) {
		nextKey = "tui.run.finish"
	}
	return append(lines, "", s.Accent.Render(m.env.t(nextKey)))
}

// scrollLines shows h lines of lines from off (clamped), marking with ↓/↑
// when there is more below or above.
func scrollLines(s Styles, lines []string, off, h int) string {
	if len(lines) <= h || h < 3 {
		return strings.Join(lines, "\n")
	}
	off = max(0, min(off, len(lines)-h))
	view := append([]string(nil), lines[off:off+h]...)
	if off > 0 {
		view[0] = s.Muted.Render("↑ …")
	}
	if off+h < len(lines) {
		view[h-1] = s.Muted.Render("↓ …")
	}
	return strings.Join(view, "\n")
}

// formatPoints prints points with a decimal comma in Vietnamese.
func formatPoints(lang i18n.Lang, p float64) string {
	return formatNumber(lang, float64(int(p*100+0.5))/100)
}

func formatNumber(lang i18n.Lang, f float64) string {
	s := questions.FormatNumber(f)
	if lang == i18n.VI {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}
