package live

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	gossh "golang.org/x/crypto/ssh"

	"parquiz/internal/i18n"
	"parquiz/internal/roster"
	"parquiz/internal/server"
	"parquiz/questions"
	"parquiz/quiz"
)

// loginIdle closes a session that sits on the code prompt without typing.
const loginIdle = 10 * time.Minute

type stage int

const (
	stLogin  stage = iota
	stPlay         // logged in
	stTaken        // another login took the seat over
	stClosed       // too many wrong codes
)

type (
	loginOKMsg struct {
		c    quiz.Contestant
		seat *server.Seat
	}
	takenOverMsg    struct{ by string }
	loginIdleMsg    struct{}
	submitResultMsg struct {
		ref quiz.QuestionRef
		rc  quiz.Receipt
		err error
	}
)

// lock is the answer the contestant has given to the current question:
// shown as "saving" at once, and as locked only when the engine's receipt
// (which comes after the journal commit) has arrived.
type lock struct {
	ref       quiz.QuestionRef
	text      string // "B. …" or the typed value
	confirmed bool
}

type contestant struct {
	app  *App
	sess *server.Session
	res  *resources
	st   *styles
	lang i18n.Lang
	size

	stage stage
	// code is the login prompt; nil once logged in (it is ~5 KB a session).
	code      *textinput.Model
	idle      *time.Timer // loginIdle; stopped at login
	tries     int
	loginErr  string
	waitUntil time.Time
	lastKey   time.Time
	takenBy   string

	me   quiz.Contestant
	seat *server.Seat
	sub  Events
	snap quiz.Snapshot
	have bool
	// clock is the repaint clock the shown phase needs; clockSeq tells
	// its current run from older ones (it is read by timer callbacks).
	clock    clockKind
	clockSeq *atomic.Int64

	cursor int
	ticked map[int]bool
	// input takes numeric and short answers; made when such a question
	// is shown (answerInput), dropped when the question changes.
	input  *textinput.Model
	lock   *lock
	notice string
	// rows maps a screen line to an option index, for mouse clicks; View
	// fills it (it is a pointer because View has a value receiver).
	rows *map[int]int

	// gen counts the messages that may have changed the screen; the
	// repaint ticks do not (what they change is in viewKey). View returns
	// the last frame while its key is unchanged: Bubble Tea calls View
	// after every message, and with a thousand sessions the once-a-second
	// ticks re-rendering unchanged screens were most of the idle CPU.
	gen       uint64
	shownKey  viewKey
	shownView string
	// qc holds the question screen's parts that depend only on the
	// question and the width (BENCHMARKS.md: rendering them on every
	// repaint was most of the server's CPU when a question opened).
	qc *questionCache
	tb titleCache
}

// viewKey is what the contestant's screen depends on besides the model's
// own state (gen): the size and the values that change with time or
// outside the model.
type viewKey struct {
	gen                uint64
	w, h               int
	secs               int // whole seconds left on the question's clock
	answered, eligible int
	connected          int
	canAnswer          bool
}

// questionCache is the rendered head line, question text and options of
// one question at one width.
type questionCache struct {
	ref   quiz.QuestionRef
	w     int
	text  string   // the question's text, to notice a change
	opts  []string // the options' texts, likewise
	head  string   // rendered head line
	body  string   // rendered question text
	label []string // rendered "A." per option
	// lines[i][0] are option i's wrapped lines in the Text style,
	// lines[i][1] in the Selected style (made when first needed).
	lines [][2][]string
	marks map[string]string // rendered marks ("✓ ", …)
}

// titleCache is the last rendered title bar.
type titleCache struct {
	w           int
	left, right string
	out         string
}

func newContestant(a *App, sess *server.Session, res *resources) *contestant {
	st := newStyles(sess.Renderer)
	m := &contestant{app: a, sess: sess, res: res, st: st, lang: sess.Lang, ticked: map[int]bool{}, rows: new(map[int]int), clockSeq: new(atomic.Int64)}
	code := textInput(st)
	code.Placeholder = sess.Lang.T("live.login.placeholder")
	code.CharLimit = 32
	code.Focus()
	m.code = &code
	m.lastKey = a.now()
	return m
}

// answerInput is the text input for numeric and short answers, made on
// first use.
func (m *contestant) answerInput() *textinput.Model {
	if m.input == nil {
		ti := textInput(m.st)
		ti.CharLimit = 200
		m.input = &ti
	}
	return m.input
}

// textInput is a bubbles text input styled from the session renderer (the
// default styles use the server's renderer, which hides the cursor over
// SSH), with ctrl+v off (it would read the server's clipboard) and a
// static cursor (a blinking one repaints twice a second per session).
func textInput(st *styles) textinput.Model {
	ti := textinput.New()
	ti.Prompt = "› "
	ti.PromptStyle = st.Accent().Bold(true)
	ti.TextStyle = st.Text()
	ti.PlaceholderStyle = st.Muted()
	ti.Cursor.Style = st.r.NewStyle().Reverse(true)
	ti.Cursor.TextStyle = st.r.NewStyle()
	ti.KeyMap.Paste.SetEnabled(false)
	ti.Cursor.SetMode(cursor.CursorStatic)
	return ti
}

func (m *contestant) Init() tea.Cmd {
	if m.sess.Key != nil {
		if c, ok := m.byKey(m.sess.Key); ok {
			return func() tea.Msg { return loginOKMsg{c: c} }
		}
	}
	m.armLoginIdle(loginIdle)
	return nil
}

// armLoginIdle sends loginIdleMsg after d. A timer rather than tea.Tick:
// a Tick holds a goroutine (and its stack) for the whole wait, in every
// session, long after the contestant logged in; the timer is stopped at
// login and when the session ends (resources.close).
func (m *contestant) armLoginIdle(d time.Duration) {
	sess := m.sess
	t := time.AfterFunc(d, func() { sess.Send(loginIdleMsg{}) })
	m.idle = t
	m.res.setStop(func() { t.Stop() })
}

func (m *contestant) byKey(k gossh.PublicKey) (quiz.Contestant, bool) {
	want := k.Marshal()
	for _, c := range m.app.Engine.Roster() {
		if c.PublicKey == "" {
			continue
		}
		pk, _, _, _, err := gossh.ParseAuthorizedKey([]byte(c.PublicKey))
		if err == nil && bytes.Equal(pk.Marshal(), want) {
			return c, true
		}
	}
	return quiz.Contestant{}, false
}

func (m *contestant) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(clockMsg); !ok {
		m.gen++ // the clock's changes are in viewKey
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.size.set(msg)
		return m, nil
	case tea.KeyMsg:
		if msg.String() == "ctrl+c" {
			return m, tea.Quit
		}
		m.lastKey = m.app.now()
	case takenOverMsg:
		m.stage, m.takenBy = stTaken, msg.by
		if m.sub != nil {
			m.sub.Close()
		}
		return m, nil
	case loginIdleMsg:
		if m.stage == stLogin {
			if m.app.now().Sub(m.lastKey) >= loginIdle {
				return m, tea.Quit
			}
			m.armLoginIdle(loginIdle - m.app.now().Sub(m.lastKey))
		}
		return m, nil
	}
	switch m.stage {
	case stLogin:
		return m.updateLogin(msg)
	case stPlay:
		return m.updatePlay(msg)
	case stClosed:
		if _, ok := msg.(tickMsg); ok {
			return m, tea.Quit
		}
	}
	return m, nil
}

func (m *contestant) updateLogin(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case loginOKMsg:
		return m.login(msg.c)
	case tea.KeyMsg:
		if msg.Type == tea.KeyEnter {
			return m.tryCode()
		}
	}
	var cmd tea.Cmd
	*m.code, cmd = m.code.Update(msg)
	return m, cmd
}

// tryCode checks a typed code. The session says whether this connection
// must still wait (its own wrong codes, or its address over the budget);
// then the roster. Wrong codes are counted and logged (aggregated, with
// the address, never with the code tried) by the session: see
// server.Limits.
func (m *contestant) tryCode() (tea.Model, tea.Cmd) {
	if d, why := m.sess.CodeWait(); d > 0 {
		m.loginErr = why
		return m, nil
	}
	typed := roster.NormalizeCode(m.code.Value())
	if typed == "" {
		return m, nil
	}
	if c, ok := m.app.Engine.Contestant(typed); ok {
		return m.login(c)
	}
	m.tries++
	msg, spent := m.sess.CodeFailed(typed)
	m.code.Reset()
	if spent {
		m.stage = stClosed
		return m, tick(3 * time.Second)
	}
	m.loginErr = msg
	return m, nil
}

func (m *contestant) login(c quiz.Contestant) (tea.Model, tea.Cmd) {
	m.me = c
	m.stage = stPlay
	m.loginErr = ""
	m.code = nil
	m.sess.LoggedIn()
	if m.idle != nil {
		m.idle.Stop()
	}
	if m.sess.Seats != nil {
		sess := m.sess
		m.seat = sess.Seats.Claim(c.Code, sess.Remote, func(by string) { sess.Send(takenOverMsg{by}) })
		m.res.setSeat(m.seat)
	}
	m.app.logger().Info("contestant logged in", "code", c.Code, "remote", m.sess.Remote)
	m.sub = m.res.subscribe(m.app, c.Code, false)
	return m, m.resync()
}

// resync fetches a snapshot as an eventMsg without an event; its Update
// arms the wait for the next event. The wait is never part of a
// tea.Batch: a batch keeps a goroutine until its slowest command returns,
// and the wait returns only when the next event comes.
func (m *contestant) resync() tea.Cmd {
	e, code := m.app.Engine, m.me.Code
	return func() tea.Msg {
		s, err := e.SnapshotFor(code)
		return eventMsg{snap: &s, err: err}
	}
}

// waitEvent waits for the next event (notes §5, pattern A) and, in the
// same goroutine, fetches the snapshot it calls for, so that one goroutine
// per session serves the events; Update re-arms it alone.
func (m *contestant) waitEvent() tea.Cmd {
	sub, e, code := m.sub, m.app.Engine, m.me.Code
	if sub == nil {
		return nil
	}
	return func() tea.Msg {
		ev, ok := <-sub.C()
		if !ok {
			return subEndedMsg{}
		}
		msg := eventMsg{ev: ev}
		if ev.Kind != quiz.EvAnswerCount {
			s, err := e.SnapshotFor(code)
			msg.snap, msg.err = &s, err
		}
		return msg
	}
}

func (m *contestant) fetch() tea.Cmd {
	e, code := m.app.Engine, m.me.Code
	return func() tea.Msg {
		s, err := e.SnapshotFor(code)
		if err != nil {
			return errMsg{err}
		}
		return snapMsg{s}
	}
}

// clockKind is what, besides events, makes the contestant's screen change.
type clockKind int

const (
	clockNone      clockKind = iota // nothing: events alone change the screen
	clockCountdown                  // the shown second of the question's clock
	clockLobby                      // how many are connected
)

// lobbyPoll is how often the lobby looks at the number connected.
const lobbyPoll = time.Second

// clockMsg is a repaint from the clock run seq.
type clockMsg struct{ seq int64 }

func (m *contestant) clockFor() clockKind {
	s := m.snap
	switch {
	case !m.have:
		return clockNone
	case (s.Phase == quiz.PhaseReading || s.Phase == quiz.PhaseOpen) && !s.Paused && s.Question != nil:
		return clockCountdown
	case s.Phase == quiz.PhaseLobby:
		return clockLobby
	}
	return clockNone
}

// setClock starts the clock the shown phase needs, ending the one before.
func (m *contestant) setClock() {
	k := m.clockFor()
	if k == m.clock {
		return
	}
	m.clock = k
	m.armClock(m.clockSeq.Add(1))
}

// armClock schedules the next clockMsg of run seq. The clock is a timer
// that sends to the program (server.Session.Send), not a tea.Tick: a Tick
// holds a goroutine per session for every wait, and each message makes
// Bubble Tea call View and store the frame; an unchanged frame then stays
// in the renderer's buffer and is copied and compared with the last one
// sixty times a second (bubbletea v1.3.10 standardRenderer.flush), which
// was most of the idle CPU with a hall connected. So the lobby only sends
// a message when the number connected has changed, and phases without a
// clock (closed, revealed, standings) send none. Timers of an older run
// or of a closed session send nothing.
func (m *contestant) armClock(seq int64) {
	sess, res, cur := m.sess, m.res, m.clockSeq
	stale := func() bool { return cur.Load() != seq || res.isClosed() }
	switch m.clock {
	case clockCountdown:
		d := untilNextSecond(remaining(m.snap.Question, m.snap.Phase, m.app.now()))
		time.AfterFunc(d, func() {
			if !stale() {
				sess.Send(clockMsg{seq})
			}
		})
	case clockLobby:
		seats, shown := sess.Seats, m.connected()
		if seats == nil {
			return
		}
		var poll func()
		poll = func() {
			switch {
			case stale():
			case seats.Count() != shown:
				sess.Send(clockMsg{seq})
			default:
				time.AfterFunc(lobbyPoll, poll)
			}
		}
		time.AfterFunc(lobbyPoll, poll)
	}
}

// untilNextSecond is how long until the whole seconds shown for left
// change. The contestant screen shows whole seconds, so it repaints once a
// second, on the change, rather than on a fixed fast tick: the load runs
// (BENCHMARKS.md) found the contestant's View to be most of the
// server's CPU with a thousand sessions, so every repaint saved counts.
func untilNextSecond(left time.Duration) time.Duration {
	const settle = 5 * time.Millisecond // land just after the change
	d := left % time.Second
	if d <= 0 {
		d = time.Second
	}
	return max(d+settle, 50*time.Millisecond)
}

func (m *contestant) updatePlay(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case clockMsg:
		if msg.seq != m.clockSeq.Load() {
			return m, nil
		}
		if m.have && m.snap.Phase == quiz.PhaseOpen && m.app.Engine != nil {
			// the hub sends contestants no count events (see hub.Publish)
			if a, e := m.app.Engine.AnswerCounts(); e > 0 {
				m.snap.Answered, m.snap.Eligible = a, e
			}
		}
		m.armClock(msg.seq)
		return m, nil
	case eventMsg:
		var fetch tea.Cmd
		if msg.ev.Kind != "" {
			fetch = m.onEvent(msg.ev)
		}
		switch {
		case msg.err != nil:
			m.notice = msg.err.Error()
		case msg.snap != nil:
			m.applySnap(*msg.snap)
			fetch = nil
		}
		if fetch != nil { // an event from a plain waitEvent (tests)
			return m, tea.Batch(fetch, m.waitEvent())
		}
		return m, m.waitEvent()
	case subEndedMsg:
		// dropped for falling behind (or closing): resubscribe and resync
		m.sub = m.res.subscribe(m.app, m.me.Code, false)
		if m.sub == nil {
			return m, nil
		}
		return m, m.resync()
	case snapMsg:
		m.applySnap(msg.snap)
		return m, nil
	case errMsg:
		m.notice = msg.err.Error()
		return m, nil
	case submitResultMsg:
		return m.onSubmit(msg)
	case tea.KeyMsg:
		return m.onKey(msg)
	case tea.MouseMsg:
		if msg.Action == tea.MouseActionPress && msg.Button == tea.MouseButtonLeft {
			if i, ok := (*m.rows)[msg.Y]; ok {
				return m.pick(i)
			}
		}
	}
	return m, nil
}

func (m *contestant) onEvent(ev quiz.Event) tea.Cmd {
	switch ev.Kind {
	case quiz.EvAnswerCount:
		m.snap.Answered, m.snap.Eligible = ev.Answered, ev.Eligible
		return nil
	case quiz.EvEliminated:
		if contains(ev.Codes, m.me.Code) {
			m.notice = m.lang.T("live.play.eliminated")
		}
	case quiz.EvRevived:
		if contains(ev.Codes, m.me.Code) {
			m.notice = m.lang.T("live.play.revived")
		}
	case quiz.EvKicked:
		if contains(ev.Codes, m.me.Code) || ev.To == m.me.Code {
			m.notice = m.lang.T("live.play.kicked")
		}
	case quiz.EvReadmitted:
		if contains(ev.Codes, m.me.Code) {
			m.notice = m.lang.T("live.play.readmitted")
		}
	case quiz.EvQuestionReading, quiz.EvQuestionOpened:
		m.notice = ""
	}
	return m.fetch()
}

// applySnap shows s unless it is older than the one shown.
func (m *contestant) applySnap(s quiz.Snapshot) {
	if m.have && s.Seq < m.snap.Seq {
		return
	}
	m.setSnap(s)
}

func (m *contestant) setSnap(s quiz.Snapshot) {
	prev := m.snap.Question
	switch s.Phase {
	case quiz.PhaseStandings, quiz.PhaseRoundEnd, quiz.PhaseEnded:
	default:
		// Only these phases show the table; every session in the hall
		// would otherwise keep its own copy of the top rows.
		s.Standings = nil
	}
	m.snap, m.have = s, true
	q := s.Question
	if q == nil {
		m.qc = nil
	}
	if q == nil || prev == nil || prev.Ref != q.Ref || (prev.Options == nil) != (q.Options == nil) {
		m.cursor = 0
		m.ticked = map[int]bool{}
		m.input = nil // a new question starts with an empty input
		if q == nil || m.lock == nil || m.lock.ref != q.Ref {
			m.lock = nil
		}
	}
	if q != nil && (q.Kind == questions.KindNumeric || q.Kind == questions.KindShort) && m.canAnswer() {
		m.answerInput().Focus()
	} else if m.input != nil {
		m.input.Blur()
	}
	// during a storage fault nothing in flight will be kept: an answer not
	// yet confirmed is not shown as being saved any more (its own Submit
	// comes back refused; one sent from another seat would never say so)
	if s.Fault != nil && m.lock != nil && !m.lock.confirmed {
		m.lock = nil
	}
	// an answer the engine already holds (e.g. after reconnecting) is locked
	if s.Me != nil && s.Me.Answer != nil && q != nil && s.Me.Answer.Ref == q.Ref {
		m.lock = &lock{ref: q.Ref, text: m.responseText(q, s.Me.Answer.Response), confirmed: true}
	}
	m.setClock()
}

// canAnswer reports whether the contestant may answer now.
func (m *contestant) canAnswer() bool {
	s := m.snap
	if !m.have || s.Phase != quiz.PhaseOpen || s.Paused || s.Question == nil {
		return false
	}
	if s.Me != nil && (s.Me.Kicked || s.Me.Eliminated) {
		return false
	}
	if m.lock != nil && m.lock.ref == s.Question.Ref {
		return false
	}
	return m.seat == nil || m.seat.Live()
}

// options are the choices shown: the question's options in this
// contestant's order, or Đúng/Sai for true/false (Index 0 = true).
func (m *contestant) options() []quiz.OptionView {
	q := m.snap.Question
	if q == nil {
		return nil
	}
	if q.Kind == questions.KindTrueFalse {
		return []quiz.OptionView{
			{Index: 0, Letter: "A", Text: questions.TruthWord(true, string(m.lang))},
			{Index: 1, Letter: "B", Text: questions.TruthWord(false, string(m.lang))},
		}
	}
	return q.Options
}

func (m *contestant) onKey(k tea.KeyMsg) (tea.Model, tea.Cmd) {
	if !m.canAnswer() {
		return m, nil
	}
	q := m.snap.Question
	if q.Kind == questions.KindNumeric || q.Kind == questions.KindShort {
		if k.Type == tea.KeyEnter {
			return m.submitText()
		}
		var cmd tea.Cmd
		in := m.answerInput()
		*in, cmd = in.Update(k)
		return m, cmd
	}
	opts := m.options()
	switch s := k.String(); {
	case s == "up" || s == "k":
		m.cursor = (m.cursor + len(opts) - 1) % max(len(opts), 1)
	case s == "down" || s == "j" || s == "tab":
		m.cursor = (m.cursor + 1) % max(len(opts), 1)
	case s == " " && q.Kind == questions.KindMultiple:
		m.ticked[m.cursor] = !m.ticked[m.cursor]
	case s == "enter":
		if q.Kind == questions.KindMultiple {
			return m.submitTicked()
		}
		return m.pick(m.cursor)
	default:
		if i := optionKey(s, opts); i >= 0 {
			if q.Kind == questions.KindMultiple {
				m.cursor = i
				m.ticked[i] = !m.ticked[i]
				return m, nil
			}
			return m.pick(i)
		}
	}
	return m, nil
}

// optionKey maps a letter (as shown) or a digit 1–8 to an option position.
func optionKey(s string, opts []quiz.OptionView) int {
	if len(s) != 1 {
		return -1
	}
	if s[0] >= '1' && s[0] <= '8' {
		if i := int(s[0] - '1'); i < len(opts) {
			return i
		}
		return -1
	}
	for i, o := range opts {
		if strings.EqualFold(o.Letter, s) {
			return i
		}
	}
	return -1
}

// pick answers with the option at position i (single choice, true/false),
// or ticks it (multiple choice).
func (m *contestant) pick(i int) (tea.Model, tea.Cmd) {
	if !m.canAnswer() {
		return m, nil
	}
	opts := m.options()
	if i < 0 || i >= len(opts) {
		return m, nil
	}
	q := m.snap.Question
	m.cursor = i
	var r questions.Response
	switch q.Kind {
	case questions.KindMultiple:
		m.ticked[i] = !m.ticked[i]
		return m, nil
	case questions.KindTrueFalse:
		b := opts[i].Index == 0
		r.Bool = &b
	default:
		r.Choices = []int{opts[i].Index}
	}
	return m.submit(r, opts[i].Letter+". "+opts[i].Text)
}

func (m *contestant) submitTicked() (tea.Model, tea.Cmd) {
	opts := m.options()
	var r questions.Response
	var ls []string
	for i, o := range opts {
		if m.ticked[i] {
			r.Choices = append(r.Choices, o.Index)
			ls = append(ls, o.Letter)
		}
	}
	if len(r.Choices) == 0 {
		m.notice = m.lang.T("live.play.tick_first")
		return m, nil
	}
	return m.submit(r, strings.Join(ls, ", "))
}

func (m *contestant) submitText() (tea.Model, tea.Cmd) {
	q := m.snap.Question
	v := questions.CleanLine(m.answerInput().Value())
	if v == "" {
		return m, nil
	}
	var r questions.Response
	if q.Kind == questions.KindNumeric {
		f, err := parseNumber(v)
		if err != nil {
			m.notice = m.lang.T("live.play.not_number")
			return m, nil
		}
		r.Number = &f
	} else {
		r.Text = v
	}
	return m.submit(r, v)
}

// parseNumber accepts "1234", "1.234" / "1,5" (Vietnamese decimal comma)
// and spaces as thousands separators.
func parseNumber(s string) (float64, error) {
	s = strings.ReplaceAll(s, " ", "")
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	} else if strings.Count(s, ".") > 1 {
		s = strings.ReplaceAll(s, ".", "")
	}
	return strconv.ParseFloat(s, 64)
}

// submit shows the answer as being saved and sends it to the engine; the
// screen shows it locked when Submit returns (after the commit).
func (m *contestant) submit(r questions.Response, text string) (tea.Model, tea.Cmd) {
	q := m.snap.Question
	ref := q.Ref
	m.lock = &lock{ref: ref, text: text}
	if m.input != nil {
		m.input.Blur()
	}
	m.notice = ""
	e, code := m.app.Engine, m.me.Code
	return m, func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		rc, err := e.Submit(ctx, code, ref, r)
		return submitResultMsg{ref: ref, rc: rc, err: err}
	}
}

func (m *contestant) onSubmit(msg submitResultMsg) (tea.Model, tea.Cmd) {
	if m.lock == nil || m.lock.ref != msg.ref {
		return m, nil
	}
	if msg.err == nil {
		// No snapshot here: the engine sends this contestant an
		// EvAnswerAccepted, whose wait fetches one. A second fetch per
		// answer queued on the engine's lock behind the screens still
		// fetching the question (BENCHMARKS.md, 2000 sessions).
		m.lock.confirmed = true
		return m, nil
	}
	switch {
	case errors.Is(msg.err, quiz.ErrStorage):
		// not saved: not locked; the question is frozen until storage is
		// back, then the contestant answers again
		m.notice = m.lang.T("live.play.storage")
		m.lock = nil
		return m, m.fetch()
	case errors.Is(msg.err, quiz.ErrAlreadyAnswered):
		// the engine holds an earlier answer (e.g. from another seat); show it
		return m, m.fetch()
	case errors.Is(msg.err, quiz.ErrTooLate):
		m.notice = m.lang.T("live.play.too_late")
	case errors.Is(msg.err, quiz.ErrNotOpen):
		m.notice = m.lang.T("live.play.not_open")
	case errors.Is(msg.err, quiz.ErrEliminated):
		m.notice = m.lang.T("live.play.eliminated")
	case errors.Is(msg.err, quiz.ErrKicked):
		m.notice = m.lang.T("live.play.kicked")
	case errors.Is(msg.err, quiz.ErrBadResponse):
		m.notice = m.lang.T("live.play.bad_response")
		m.lock = nil
		if q := m.snap.Question; q != nil && (q.Kind == questions.KindNumeric || q.Kind == questions.KindShort) {
			m.answerInput().Focus()
		}
		return m, nil
	default:
		m.app.logger().Error("submit failed", "code", m.me.Code, "err", msg.err)
		m.notice = m.lang.T("live.play.submit_failed")
		m.lock = nil
		return m, m.fetch()
	}
	m.lock = nil
	return m, m.fetch()
}

func (m *contestant) responseText(q *quiz.QuestionView, r questions.Response) string {
	switch {
	case len(r.Choices) > 0:
		var ls []string
		for _, idx := range r.Choices {
			for _, o := range q.Options {
				if o.Index == idx {
					if len(r.Choices) == 1 {
						ls = append(ls, o.Letter+". "+o.Text)
					} else {
						ls = append(ls, o.Letter)
					}
				}
			}
		}
		return strings.Join(ls, ", ")
	case r.Bool != nil:
		return questions.TruthWord(*r.Bool, string(m.lang))
	case r.Number != nil:
		return questions.FormatNumber(*r.Number)
	}
	return r.Text
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ---- view ----

func (m *contestant) View() string {
	k := m.viewKey()
	if k == m.shownKey && m.shownView != "" {
		return m.shownView
	}
	m.shownKey, m.shownView = k, m.render()
	return m.shownView
}

func (m *contestant) viewKey() viewKey {
	k := viewKey{gen: m.gen, w: m.width(), h: m.height()}
	if m.stage != stPlay || !m.have {
		return k
	}
	s := m.snap
	if s.Question != nil {
		k.secs = secondsLeft(remaining(s.Question, s.Phase, m.app.now()))
	}
	k.answered, k.eligible = s.Answered, s.Eligible
	if s.Phase == quiz.PhaseLobby {
		k.connected = m.connected()
	}
	k.canAnswer = m.canAnswer()
	return k
}

// titleBar is the top line, rendered again only when it changes.
func (m *contestant) titleBar(w int, left, right string) string {
	if c := &m.tb; c.out == "" || c.w != w || c.left != left || c.right != right {
		*c = titleCache{w: w, left: left, right: right, out: titleBar(m.st, w, trunc(left, w-lipgloss.Width(right)-4), right)}
	}
	return m.tb.out
}

func (m *contestant) render() string {
	w, h := m.width(), m.height()
	*m.rows = map[int]int{}
	title := m.lang.T("live.app")
	if m.have {
		title = m.snap.Contest.Title
	}
	right := ""
	if m.stage == stPlay {
		right = m.me.Name + " · " + m.me.Code
	}
	lines := []string{m.titleBar(w, title, right), ""}
	switch m.stage {
	case stLogin:
		lines = append(lines, m.viewLogin(w)...)
	case stClosed:
		lines = append(lines, m.st.Bad().Render(wrap(m.st.r, m.lang.T("live.login.closed", m.sess.CodeTries()), w-2)))
	case stTaken:
		lines = append(lines, m.st.Warn().Render(wrap(m.st.r, m.lang.T("live.play.taken_over", m.takenBy), w-2)), "", m.st.Muted().Render(m.lang.T("live.play.taken_quit")))
	default:
		lines = append(lines, m.viewPlay(w, h)...)
	}
	return fit(strings.Join(lines, "\n"), h)
}

func (m *contestant) viewLogin(w int) []string {
	out := []string{
		m.st.Title().Render(m.lang.T("live.login.title")),
		m.st.Muted().Render(wrap(m.st.r, m.lang.T("live.login.help"), w-2)),
		"",
		m.code.View(),
		"",
	}
	if m.loginErr != "" {
		out = append(out, m.st.Bad().Render(wrap(m.st.r, m.loginErr, w-2)))
	}
	return out
}

func (m *contestant) viewPlay(w, h int) []string {
	if !m.have {
		return []string{m.st.Muted().Render(m.lang.T("live.loading"))}
	}
	s := m.snap
	var out lines
	add := out.add
	if m.notice != "" {
		add(m.st.Notice().Render(wrap(m.st.r, m.notice, w-6)))
	}
	if s.Me != nil && s.Me.Kicked {
		add(m.st.Bad().Render(wrap(m.st.r, m.lang.T("live.play.kicked"), w-2)))
	}
	switch s.Phase {
	case quiz.PhaseLobby:
		add(m.st.Title().Render(m.lang.T("live.play.hello", m.me.Name)),
			m.st.Text().Render(m.lang.T("live.play.unit", m.me.Unit)), "",
			m.st.Gold().Render(m.lang.T("live.play.waiting")), "",
			m.st.Muted().Render(m.lang.T("live.play.connected", m.connected())))
	case quiz.PhaseRoundIntro:
		if s.Round != nil {
			add(m.st.Title().Render(roundTitle(m.lang, s.Round)),
				m.st.Text().Render(m.lang.T("live.round.kind."+string(s.Round.Kind))),
				m.st.Muted().Render(m.lang.T("live.round.plan", s.Round.Questions, int(s.Round.TimeLimit.Seconds()))))
		}
		add("", m.st.Gold().Render(m.lang.T("live.play.get_ready")))
	case quiz.PhaseReading, quiz.PhaseOpen, quiz.PhaseClosed, quiz.PhaseRevealed:
		top := len(out) + 2 // the title bar and the blank line above out
		out = append(out, m.viewQuestion(w, top)...)
	case quiz.PhaseStandings, quiz.PhaseRoundEnd:
		if s.Phase == quiz.PhaseRoundEnd && s.Round != nil {
			add(m.st.Title().Render(m.lang.T("live.round.ended", roundTitle(m.lang, s.Round))))
		} else {
			add(m.st.Title().Render(m.lang.T("live.standings")))
		}
		add(standingsTable(m.st, m.lang, s.Standings, m.me.Code, w, max(h-8, 5)))
	case quiz.PhaseEnded:
		add(m.st.Title().Render(m.lang.T("live.play.ended")), "")
		if s.Me != nil {
			add(m.st.Gold().Render(m.lang.T("live.play.final", s.Me.Standing.Rank, s.Me.Of, s.Me.Standing.Points)))
		}
		add("", standingsTable(m.st, m.lang, s.Standings, m.me.Code, w, max(h-10, 3)))
	}
	// own place, always visible
	if s.Me != nil && s.Phase != quiz.PhaseLobby && s.Phase != quiz.PhaseEnded {
		for len(out) < h-4 {
			out = append(out, "")
		}
		place := m.lang.T("live.play.place", s.Me.Standing.Rank, s.Me.Of, s.Me.Standing.Points)
		if s.Me.Standing.Rank == 0 {
			place = m.lang.T("live.play.points", s.Me.Standing.Points)
		}
		if s.Me.Eliminated {
			place += " · " + m.lang.T("live.play.eliminated_short")
		}
		out = append(out, m.st.Accent().Render(place))
	}
	return out
}

// viewQuestion renders the question screen; top is the screen line of its
// first line, for the mouse map.
func (m *contestant) viewQuestion(w, top int) []string {
	s := m.snap
	q := s.Question
	if q == nil {
		return nil
	}
	var out lines
	add := out.add
	opts := m.options()
	qc := m.questionCache(w, opts)
	out = append(out, qc.head)
	left := remaining(q, s.Phase, m.app.now())
	switch {
	case s.Paused && s.Fault != nil:
		add(m.st.Warn().Render(trunc(m.lang.T("live.play.fault", secondsLeft(left)), w)))
	case s.Paused:
		add(m.st.Warn().Render(m.lang.T("live.q.paused", secondsLeft(left))))
	case s.Phase == quiz.PhaseReading:
		add(m.st.Gold().Render(m.lang.T("live.q.reading", secondsLeft(left))))
	case s.Phase == quiz.PhaseOpen:
		limit := q.Deadline.Sub(q.OpensAt)
		lbl := fmt.Sprintf("⏱ %3ds ", secondsLeft(left))
		add(m.st.Gold().Render(lbl) + clockBar(m.st, min(w-lipgloss.Width(lbl)-2, 50), left, limit) +
			m.st.Muted().Render(" "+m.lang.T("live.q.answered", s.Answered, s.Eligible)))
	case s.Phase == quiz.PhaseClosed:
		add(m.st.Warn().Render(m.lang.T("live.q.closed")))
	}
	add("", qc.body, "")
	revealed := s.Phase == quiz.PhaseRevealed && q.Key != nil
	mine := map[int]bool{}
	if s.Me != nil && s.Me.Answer != nil && s.Me.Answer.Ref == q.Ref {
		for _, i := range s.Me.Answer.Response.Choices {
			mine[i] = true
		}
		if b := s.Me.Answer.Response.Bool; b != nil {
			if *b {
				mine[0] = true
			} else {
				mine[1] = true
			}
		}
	}
	if q.Kind == questions.KindNumeric || q.Kind == questions.KindShort {
		if m.canAnswer() {
			add(m.st.Muted().Render(m.lang.T("live.q.type_"+string(q.Kind))), m.answerInput().View())
		}
	} else if s.Phase != quiz.PhaseReading {
		for i, o := range opts {
			correct := o.Correct
			if revealed && q.Kind == questions.KindTrueFalse {
				correct = (o.Index == 0) == q.Key.Truth
			}
			mark := "  "
			switch {
			case revealed && correct:
				mark = qc.mark(m.st.Good(), "✓ ")
			case revealed && mine[o.Index]:
				mark = qc.mark(m.st.Bad(), "✗ ")
			case q.Kind == questions.KindMultiple && m.ticked[i]:
				mark = qc.mark(m.st.Accent(), "☑ ")
			case q.Kind == questions.KindMultiple:
				mark = "☐ "
			case mine[o.Index] || (m.lock != nil && m.lock.ref == q.Ref && strings.HasPrefix(m.lock.text, o.Letter+". ")):
				mark = qc.mark(m.st.Accent(), "● ")
			}
			for j, l := range qc.option(m.st, i, i == m.cursor && m.canAnswer()) {
				prefix := "     "
				if j == 0 {
					prefix = mark + qc.label[i] + " "
				}
				(*m.rows)[top+len(out)] = i
				out = append(out, prefix+l)
			}
		}
	}
	add("")
	switch {
	case revealed:
		add(m.viewReveal(w)...)
	case m.lock != nil && m.lock.ref == q.Ref && !m.lock.confirmed:
		// locked only once the journal commit has returned
		msg := m.lang.T("live.q.saving", m.lock.text)
		add(m.st.Muted().Render("⏳ " + trunc(msg, w-4)))
	case m.lock != nil && m.lock.ref == q.Ref:
		msg := m.lang.T("live.q.locked", m.lock.text)
		add(m.st.Good().Render("🔒 " + trunc(msg, w-4)))
	case s.Me != nil && s.Me.Eliminated:
		add(m.st.Muted().Render(m.lang.T("live.play.watching")))
	case m.canAnswer():
		add(m.st.Muted().Render(m.lang.T("live.q.help_" + helpKind(q.Kind))))
	case s.Phase == quiz.PhaseClosed:
		add(m.st.Muted().Render(m.lang.T("live.q.no_answer")))
	}
	return out
}

// questionCache returns the cache for the shown question at width w,
// rebuilding it when the question, its text, its options or w changed.
func (m *contestant) questionCache(w int, opts []quiz.OptionView) *questionCache {
	q := m.snap.Question
	if c := m.qc; c != nil && c.ref == q.Ref && c.w == w && c.text == q.Text && len(c.opts) == len(opts) &&
		func() bool {
			for i, o := range opts {
				if c.opts[i] != o.Text {
					return false
				}
			}
			return true
		}() {
		return c
	}
	head := m.lang.T("live.q.head", q.Number, q.Total, q.Points)
	if r := m.snap.Round; r != nil {
		head = r.Title + " · " + head
	}
	c := &questionCache{
		ref: q.Ref, w: w, text: q.Text,
		head:  m.st.Muted().Render(trunc(head, w)),
		body:  m.st.Text().Bold(true).Render(wrap(m.st.r, q.Text, w-2)),
		opts:  make([]string, len(opts)),
		label: make([]string, len(opts)),
		lines: make([][2][]string, len(opts)),
	}
	for i, o := range opts {
		c.opts[i] = o.Text
		c.label[i] = m.st.Letter().Render(o.Letter + ".")
	}
	m.qc = c
	return c
}

// option is option i's wrapped, styled lines, plain or selected.
func (c *questionCache) option(st *styles, i int, selected bool) []string {
	k := 0
	if selected {
		k = 1
	}
	if c.lines[i][k] == nil {
		style := st.Text()
		if selected {
			style = st.Selected()
		}
		ls := strings.Split(wrap(st.r, c.opts[i], c.w-8), "\n")
		for j, l := range ls {
			ls[j] = style.Render(l)
		}
		c.lines[i][k] = ls
	}
	return c.lines[i][k]
}

// mark is text rendered in style, once per question.
func (c *questionCache) mark(style lipgloss.Style, text string) string {
	if out, ok := c.marks[text]; ok {
		return out
	}
	if c.marks == nil {
		c.marks = map[string]string{}
	}
	c.marks[text] = style.Render(text)
	return c.marks[text]
}

func helpKind(k questions.Kind) string {
	switch k {
	case questions.KindMultiple, questions.KindNumeric, questions.KindShort:
		return string(k)
	}
	return "single"
}

func (m *contestant) viewReveal(w int) []string {
	s := m.snap
	q := s.Question
	var out lines
	add := out.add
	switch {
	case s.Me != nil && s.Me.Answer != nil && s.Me.Answer.Ref == q.Ref && s.Me.Answer.Result != nil:
		r := s.Me.Answer.Result
		switch {
		case r.Voided:
			add(m.st.Muted().Render(m.lang.T("live.r.voided")))
		case r.Correct:
			add(m.st.Good().Render(m.lang.T("live.r.right", r.Points)))
		default:
			add(m.st.Bad().Render(m.lang.T("live.r.wrong", r.Points)))
		}
	default:
		add(m.st.Muted().Render(m.lang.T("live.r.none")))
	}
	add(m.st.Text().Render(wrap(m.st.r, m.lang.T("live.r.key", keyLine(q, m.lang)), w-2)))
	if q.Key.Explanation != "" {
		add(m.st.Muted().Render(wrap(m.st.r, q.Key.Explanation, w-2)))
	}
	if q.Key.Source != "" {
		add(m.st.Accent().Render(wrap(m.st.r, m.lang.T("live.r.source", q.Key.Source), w-2)))
	}
	return out
}

func (m *contestant) connected() int {
	if m.sess.Seats != nil {
		return m.sess.Seats.Count()
	}
	return 0
}

// standingsTable renders the top rows and, when outside them, the row of
// code (the contestant's own place is always visible).
func standingsTable(st *styles, lang i18n.Lang, rows []quiz.Standing, code string, w, maxRows int) string {
	if len(rows) == 0 {
		return st.Muted().Render(lang.T("live.standings.empty"))
	}
	top := min(10, max(maxRows-2, 1), len(rows))
	nameW := max(w-32, 10)
	line := func(s quiz.Standing) string {
		name := s.Contestant.Name
		if s.Contestant.Unit != "" {
			name += " (" + s.Contestant.Unit + ")"
		}
		rank := strconv.Itoa(s.Rank)
		if s.Tied {
			rank += "="
		}
		l := padLeft(rank, 4) + "  " + pad(name, nameW) + " " + padLeft(strconv.Itoa(s.Points), 7) + " " + padLeft(strconv.Itoa(s.Correct)+"✓", 5)
		if s.Contestant.Code == code {
			return st.Selected().Render(l)
		}
		return st.Text().Render(l)
	}
	out := []string{st.Muted().Render(padLeft(lang.T("live.standings.rank"), 4) + "  " + pad(lang.T("live.standings.name"), nameW) + " " + padLeft(lang.T("live.standings.points"), 7) + " " + padLeft("✓", 5))}
	seen := false
	for _, s := range rows[:top] {
		out = append(out, line(s))
		if s.Contestant.Code == code {
			seen = true
		}
	}
	if !seen && code != "" {
		for _, s := range rows[top:] {
			if s.Contestant.Code == code {
				out = append(out, st.Muted().Render("   ⋮"), line(s))
			}
		}
	}
	return strings.Join(out, "\n")
}
