package live

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"parquiz/internal/i18n"
	"parquiz/questions"
	"parquiz/quiz"
)

// host is the console of the organiser: the roster with connection and
// answer state, the current question with its key, every engine action
// (destructive ones confirmed, overrides with a reason) and a log.
type host struct {
	app  *App
	res  *resources
	st   *styles
	lang i18n.Lang
	by   string
	size
	feed

	sel    int      // selected roster row
	log    []string // newest last
	prompt *prompt
}

// prompt is a pending confirmation or reason for an action.
type prompt struct {
	action  string
	args    []string
	confirm bool // y/n only
	reason  bool // needs a reason
	text    string
	input   textinput.Model
	// value, when set, is asked before the reason (an answer to accept,
	// right or wrong, a number): it checks what was typed and returns the
	// action's remaining arguments and a line that names the decision for
	// the reason step.
	value func(string) (args []string, label string, err error)
	err   string // why the last Enter was not taken
}

type actionDoneMsg struct {
	desc string
	err  error
}

type exportDoneMsg struct {
	files []string
	err   error
}

func newHost(a *App, r *lipgloss.Renderer, lang i18n.Lang, by string, res *resources) *host {
	return &host{app: a, res: res, st: newStyles(r), lang: lang, by: by}
}

func (m *host) Init() tea.Cmd {
	m.sub = m.res.subscribe(m.app, "", true)
	return tea.Batch(m.fetch(), waitEvent(m.sub), tick(500*time.Millisecond))
}

func (m *host) fetch() tea.Cmd {
	e := m.app.Engine
	return func() tea.Msg { return snapMsg{e.HostSnapshot()} }
}

func (m *host) addLog(s string) {
	m.log = append(m.log, m.app.now().Format("15:04:05")+" "+s)
	if len(m.log) > 200 {
		m.log = m.log[len(m.log)-200:]
	}
}

func (m *host) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.size.set(msg)
	case tickMsg:
		// the countdown and the connection column
		return m, tea.Batch(m.fetch(), tick(500*time.Millisecond))
	case eventMsg:
		if msg.ev.Kind != quiz.EvAnswerCount && msg.ev.Kind != quiz.EvAnswerAccepted {
			d := m.lang.T("live.ev." + string(msg.ev.Kind))
			if msg.ev.Note != "" {
				d += " — " + msg.ev.Note
			}
			if len(msg.ev.Codes) > 0 {
				d += " (" + strings.Join(msg.ev.Codes, ", ") + ")"
			}
			m.addLog(d)
		}
		return m, tea.Batch(m.fetch(), waitEvent(m.sub))
	case subEndedMsg:
		return m, m.resubscribe(m.res, m.app, true, m.fetch())
	case snapMsg:
		m.take(msg.snap)
	case actionDoneMsg:
		if msg.err != nil {
			m.addLog("✗ " + msg.desc + ": " + explain(m.lang, msg.err, m.snap.Phase))
		} else {
			m.addLog("✓ " + msg.desc)
		}
		return m, m.fetch()
	case exportDoneMsg:
		if msg.err != nil {
			m.addLog("✗ " + m.lang.T("live.host.export") + ": " + msg.err.Error())
		} else {
			m.addLog("✓ " + m.lang.T("live.host.exported", strings.Join(msg.files, ", ")))
		}
	case tea.KeyMsg:
		if m.prompt != nil {
			return m.updatePrompt(msg)
		}
		return m.onKey(msg)
	}
	return m, nil
}

// run performs an engine action in a Cmd (it waits for the journal).
func (m *host) run(action string, args []string, reason string) tea.Cmd {
	a, by := m.app, m.by
	return func() tea.Msg {
		desc, err := a.hostAction(action, cmdArgs{pos: args, reason: reason}, by)
		if desc == "" {
			desc = action
		}
		a.logger().Info("host action", "by", by, "action", desc, "err", err)
		return actionDoneMsg{desc: desc, err: err}
	}
}

func (m *host) ask(action string, args []string, confirm, reason bool, text string) {
	p := &prompt{action: action, args: args, confirm: confirm, reason: reason, text: text}
	if reason {
		p.input = textInput(m.st)
		p.input.Placeholder = m.lang.T("live.host.reason_ph")
		p.input.CharLimit = 200
		p.input.Focus()
	}
	m.prompt = p
}

// askValue asks for a value (checked by check), then for a reason.
func (m *host) askValue(action string, args []string, text, placeholder string, check func(string) ([]string, string, error)) {
	m.ask(action, args, false, true, text)
	m.prompt.value = check
	m.prompt.input.Placeholder = placeholder
}

func (m *host) updatePrompt(k tea.KeyMsg) (tea.Model, tea.Cmd) {
	p := m.prompt
	switch k.String() {
	case "esc", "ctrl+c":
		m.prompt = nil
		m.addLog(m.lang.T("live.host.cancelled"))
		return m, nil
	}
	if p.value != nil && k.Type == tea.KeyEnter {
		v := questions.CleanLine(p.input.Value())
		if v == "" {
			return m, nil
		}
		args, label, err := p.value(v)
		if err != nil {
			p.err = explain(m.lang, err, m.snap.Phase)
			return m, nil
		}
		p.args = append(p.args, args...)
		p.value, p.err = nil, ""
		p.text = m.lang.T("live.host.ask_reason_for", label)
		p.input.Reset()
		p.input.Placeholder = m.lang.T("live.host.reason_ph")
		return m, nil
	}
	if p.reason {
		if k.Type == tea.KeyEnter {
			reason := questions.CleanLine(p.input.Value())
			if reason == "" {
				// overrides need a reason: stay in the prompt and say so
				p.err = m.lang.T("live.host.need_reason")
				return m, nil
			}
			m.prompt = nil
			if p.action == "quit" {
				return m, tea.Quit
			}
			return m, m.run(p.action, p.args, reason)
		}
		var cmd tea.Cmd
		p.input, cmd = p.input.Update(k)
		return m, cmd
	}
	switch k.String() {
	case "y", "Y", "c", "C":
		m.prompt = nil
		if p.action == "quit" {
			return m, tea.Quit
		}
		if p.action == "export" {
			return m, m.export()
		}
		return m, m.run(p.action, p.args, "")
	case "n", "N":
		m.prompt = nil
		m.addLog(m.lang.T("live.host.cancelled"))
	}
	return m, nil
}

func (m *host) export() tea.Cmd {
	exp := m.app.Export
	if exp == nil {
		return func() tea.Msg { return exportDoneMsg{err: fmt.Errorf("%s", m.lang.T("live.host.no_export"))} }
	}
	return func() tea.Msg {
		files, err := exp("xlsx")
		return exportDoneMsg{files: files, err: err}
	}
}

func (m *host) selected() (quiz.ContestantState, bool) {
	cs := m.snap.Contestants
	if m.sel < 0 || m.sel >= len(cs) {
		return quiz.ContestantState{}, false
	}
	return cs[m.sel], true
}

func (m *host) onKey(k tea.KeyMsg) (tea.Model, tea.Cmd) {
	switch k.String() {
	case "ctrl+c", "q":
		m.ask("quit", nil, true, false, m.lang.T("live.host.confirm_quit"))
	case "up", "k":
		m.sel = max(m.sel-1, 0)
	case "down", "j":
		m.sel = min(m.sel+1, max(len(m.snap.Contestants)-1, 0))
	case "s":
		return m, m.run("start-round", nil, "")
	case "n", "enter":
		return m, m.run("next", nil, "")
	case "p":
		if m.snap.Fault != nil && !m.snap.Paused {
			// storage failed outside a question: p only retries
			return m, m.run("retry", nil, "")
		}
		if m.snap.Paused {
			return m, m.run("resume", nil, "")
		}
		return m, m.run("pause", nil, "")
	case "+", "=":
		return m, m.run("extend", []string{"10s"}, "")
	case "c":
		return m, m.run("close", nil, "")
	case "r":
		return m, m.run("reveal", nil, "")
	case "t":
		return m, m.run("standings", nil, "")
	case "v":
		if q := m.snap.Question; q != nil {
			m.ask("void", []string{strconv.Itoa(q.Number)}, false, true, m.lang.T("live.host.ask_void", q.Number))
		}
	case "K":
		if c, ok := m.selected(); ok {
			m.ask("kick", []string{c.Contestant.Code}, false, true, m.lang.T("live.host.ask_kick", c.Contestant.Name))
		}
	case "M":
		if c, ok := m.selected(); ok {
			m.ask("readmit", []string{c.Contestant.Code}, false, true, m.lang.T("live.host.ask_readmit", c.Contestant.Name))
		}
	case "R":
		m.ask("revive", nil, true, false, m.lang.T("live.host.ask_revive_all"))
	case "V":
		if c, ok := m.selected(); ok {
			m.ask("revive", []string{c.Contestant.Code}, false, true, m.lang.T("live.host.ask_revive", c.Contestant.Name))
		}
	case "a":
		m.askAccept()
	case "o":
		m.askOverride()
	case "T":
		m.askTarget()
	case "e":
		m.ask("end-round", nil, false, true, m.lang.T("live.host.ask_end_round"))
	case "E":
		if m.snap.Phase == quiz.PhaseRoundEnd {
			m.ask("end", nil, true, false, m.lang.T("live.host.ask_end"))
		} else {
			m.ask("end", nil, false, true, m.lang.T("live.host.ask_end_early"))
		}
	case "x":
		m.ask("export", nil, true, false, m.lang.T("live.host.ask_export"))
	}
	return m, nil
}

// askAccept: the judges accept another answer to the current question
// (an option by its letter on this screen, Đ/S, a number or a text).
func (m *host) askAccept() {
	q := m.snap.Question
	if q == nil {
		m.addLog("✗ " + m.lang.T("live.host.no_question"))
		return
	}
	ref, n := q.Ref, strconv.Itoa(q.Number)
	last := ""
	if len(q.Options) > 0 {
		last = q.Options[len(q.Options)-1].Letter
	} else if q.Kind.HasChoices() {
		last = questions.Letter(len(m.app.Engine.Plan().OptionOrder(ref, quiz.ForHost, "")) - 1)
	}
	hint := answerHint(m.lang, q.Kind, last)
	m.askValue("accept", []string{n}, m.lang.T("live.host.ask_accept", q.Number, hint), hint,
		func(v string) ([]string, string, error) {
			if _, err := m.app.parseAnswer(ref, v); err != nil {
				return nil, "", err
			}
			return []string{v}, m.lang.T("live.host.lbl_accept", v, q.Number), nil
		})
}

// askOverride: a judge marks the selected contestant's answer to the
// current question right or wrong.
func (m *host) askOverride() {
	q := m.snap.Question
	c, ok := m.selected()
	if q == nil || !ok {
		m.addLog("✗ " + m.lang.T("live.host.no_question"))
		return
	}
	name, code := c.Contestant.Name, c.Contestant.Code
	m.askValue("override", []string{strconv.Itoa(q.Number), code}, m.lang.T("live.host.ask_override", q.Number, name),
		m.lang.T("live.host.ph_verdict"),
		func(v string) ([]string, string, error) {
			right, err := parseVerdict(v)
			if err != nil {
				return nil, "", err
			}
			w := m.lang.T("live.host.wrong")
			if right {
				w = m.lang.T("live.host.right")
			}
			return []string{verdictWord(right)}, m.lang.T("live.host.lbl_override", name, q.Number, w), nil
		})
}

// askTarget: the host enters a prediction round's target (the current
// round if it is one, else the next prediction round, else the last).
func (m *host) askTarget() {
	ri := -1
	cur := -1
	if m.snap.Round != nil {
		cur = m.snap.Round.Index
	}
	for _, r := range m.snap.Rounds {
		if r.Kind != quiz.Prediction {
			continue
		}
		if r.Index == cur {
			ri = r.Index
			break
		}
		if ri < 0 || ri < cur {
			ri = r.Index
		}
	}
	if ri < 0 {
		m.addLog("✗ " + m.lang.T("live.host.no_prediction"))
		return
	}
	title := roundTitle(m.lang, &m.snap.Rounds[ri])
	m.askValue("target", []string{strconv.Itoa(ri + 1)}, m.lang.T("live.host.ask_target", title), m.lang.T("live.host.hint.numeric"),
		func(v string) ([]string, string, error) {
			f, err := parseNumber(v)
			if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
				return nil, "", &badAnswer{kind: questions.KindNumeric, text: v}
			}
			s := strconv.FormatFloat(f, 'f', -1, 64)
			return []string{s}, m.lang.T("live.host.lbl_target", s, title), nil
		})
}

func (m *host) View() string {
	w, h := m.width(), m.height()
	if !m.have {
		return m.st.Muted().Render(m.lang.T("live.loading"))
	}
	s := m.snap
	conn := 0
	if m.app.Seats != nil {
		conn = m.app.Seats.Count()
	}
	phase := m.lang.T("live.phase." + string(s.Phase))
	if s.Paused {
		phase += " · " + m.lang.T("live.host.paused")
	}
	right := phase + " · " + m.lang.T("live.status.connected", conn, len(s.Contestants))
	out := lines{titleBar(m.st, w, trunc(m.lang.T("live.host.title")+" — "+s.Contest.Title, w-lipgloss.Width(right)-4), right)}
	add := out.add
	if f := s.Fault; f != nil {
		// the alert comes first, whatever else the console shows
		add(m.st.Bad().Render(trunc("⚠ "+m.lang.T("live.host.fault", f.Since.Local().Format("15:04:05"), f.Cause), w)))
		add(m.st.Warn().Render(trunc(m.lang.T("live.host.fault_help", f.Retries), w)))
	}
	// the current round and question, with the key (host only)
	if s.Round != nil {
		add(m.st.Title().Render(trunc(roundTitle(m.lang, s.Round)+" · "+m.lang.T("live.round.kind."+string(s.Round.Kind)), w)))
	}
	if q := s.Question; q != nil {
		left := remaining(q, s.Phase, m.app.now())
		head := m.lang.T("live.q.head", q.Number, q.Total, q.Points)
		if s.Phase == quiz.PhaseOpen || s.Phase == quiz.PhaseReading || s.Paused {
			head += " · " + m.lang.T("live.status.left", secondsLeft(left))
		}
		head += " · " + m.lang.T("live.status.answers", s.Answered, s.Eligible)
		if q.Voided {
			head += " · " + m.lang.T("live.host.voided")
		}
		add(m.st.Gold().Render(trunc(head, w)))
		add(m.st.Text().Render(trunc(q.Text, w*2-4)))
		if q.Key != nil {
			add(m.st.Good().Render(trunc(m.lang.T("live.r.key", keyLine(q, m.lang)), w)))
		}
		var dist []string
		for _, o := range q.Options {
			n := o.Count
			if o.Index < len(s.Distribution) {
				n = s.Distribution[o.Index]
			}
			dist = append(dist, fmt.Sprintf("%s:%d", o.Letter, n))
		}
		if len(dist) > 0 {
			add(m.st.Muted().Render(trunc(m.lang.T("live.host.dist", strings.Join(dist, "  ")), w)))
		}
	} else if s.Round == nil {
		add(m.st.Muted().Render(m.lang.T("live.host.lobby")))
	}
	add("")
	// roster
	logH := 4
	helpH := 3
	promptH := 0
	if m.prompt != nil {
		promptH = 4
	}
	rows := max(h-len(out)-logH-helpH-promptH-1, 3)
	add(m.rosterView(w, rows))
	// log
	add(m.st.Muted().Render(strings.Repeat("─", w)))
	for i := max(len(m.log)-logH+1, 0); i < len(m.log); i++ {
		add(m.st.Text().Render(trunc(m.log[i], w)))
	}
	if p := m.prompt; p != nil {
		add(m.st.Warn().Render(trunc(p.text, w)))
		if p.reason {
			add(p.input.View())
		} else {
			add(m.st.Key().Render(m.lang.T("live.host.yn")))
		}
		if p.err != "" {
			add(m.st.Bad().Render(trunc(p.err, w)))
		}
	}
	// keep the help at the bottom
	for len(out) < h-helpH {
		out = append(out, "")
	}
	out = out[:min(len(out), h-helpH)]
	helps := []string{m.lang.T("live.host.help1"), m.lang.T("live.host.help2"), m.lang.T("live.host.help3")}
	if s.Phase == quiz.PhaseEnded {
		helps = []string{m.lang.T("live.host.help_end"), "", ""}
	}
	for _, l := range helps {
		out = append(out, m.st.Muted().Render(trunc(l, w)))
	}
	return fit(strings.Join(out, "\n"), h)
}

func (m *host) rosterView(w, rows int) string {
	cs := m.snap.Contestants
	if len(cs) == 0 {
		return m.st.Muted().Render(m.lang.T("live.host.no_roster"))
	}
	start := 0
	if m.sel >= rows-1 {
		start = m.sel - (rows - 2)
	}
	nameW := max(w-44, 10)
	head := m.st.Muted().Render(pad(m.lang.T("live.host.col_code"), 8) + " " + pad(m.lang.T("live.standings.name"), nameW) + " " + pad(m.lang.T("live.host.col_conn"), 6) + pad(m.lang.T("live.host.col_ans"), 8) + pad(m.lang.T("live.host.col_state"), 8) + padLeft(m.lang.T("live.standings.points"), 7) + padLeft("#", 5))
	out := []string{head}
	for i := start; i < len(cs) && len(out) < rows; i++ {
		c := cs[i]
		conn := "·"
		if m.app.Seats != nil && m.app.Seats.Connected(c.Contestant.Code) {
			conn = "●"
		}
		ans := ""
		if c.Answer != nil {
			ans = "✓ " + fmtDur(c.Answer.Elapsed)
		}
		state := ""
		switch {
		case c.Kicked:
			state = m.lang.T("live.host.kicked")
		case c.Eliminated:
			state = m.lang.T("live.host.eliminated")
		}
		name := c.Contestant.Name
		if c.Contestant.Unit != "" {
			name += " (" + c.Contestant.Unit + ")"
		}
		line := pad(c.Contestant.Code, 8) + " " + pad(name, nameW) + " " + pad(conn, 6) + pad(ans, 8) + pad(state, 8) + padLeft(strconv.Itoa(c.Points), 7) + padLeft(strconv.Itoa(c.Rank), 5)
		st := m.st.Text()
		if i == m.sel {
			st = m.st.Selected()
		}
		out = append(out, st.Render(line))
	}
	return strings.Join(out, "\n")
}
