package live

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"parquiz/internal/i18n"
	"parquiz/quiz"
)

// resources are what one session holds outside its model (which Bubble Tea
// copies around): the event subscription and the contestant's seat. The
// server calls close when the session's program has ended.
type resources struct {
	mu     sync.Mutex
	sub    Events
	seat   interface{ Release() }
	stop   func() // stops a pending timer of the model
	closed bool
}

// subscribe replaces the subscription (after a drop) and returns it; nil
// once the session is closed.
func (r *resources) subscribe(a *App, code string, host bool) Events {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed || a.Subscribe == nil {
		return nil
	}
	if r.sub != nil {
		r.sub.Close()
	}
	r.sub = a.Subscribe(code, host)
	return r.sub
}

// feed is what the board and the host console follow: their hub
// subscription and the newest snapshot they have shown.
type feed struct {
	sub  Events
	snap quiz.Snapshot
	have bool
}

// take shows s unless it is older than the snapshot shown (snapshots
// fetched in parallel can arrive out of order).
func (f *feed) take(s quiz.Snapshot) {
	if !f.have || s.Seq >= f.snap.Seq {
		f.snap, f.have = s, true
	}
}

// resubscribe replaces a subscription the hub dropped (the screen fell
// behind) and resyncs with fetch; nil once the screen is closed.
func (f *feed) resubscribe(res *resources, a *App, host bool, fetch tea.Cmd) tea.Cmd {
	f.sub = res.subscribe(a, "", host)
	if f.sub == nil {
		return nil
	}
	return tea.Batch(fetch, waitEvent(f.sub))
}

func (r *resources) setSeat(s interface{ Release() }) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seat = s
}

func (r *resources) isClosed() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.closed
}

// setStop registers f to run at close (and replaces an earlier one).
func (r *resources) setStop(f func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stop = f
}

func (r *resources) close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	if r.stop != nil {
		r.stop()
	}
	if r.sub != nil {
		r.sub.Close()
	}
	if r.seat != nil {
		r.seat.Release()
	}
}

// Messages shared by the screens.
type (
	// eventMsg is an event, and for the contestant's screen the snapshot
	// fetched right after it (snap nil: not fetched); an eventMsg with no
	// event (Kind "") is a resync.
	eventMsg struct {
		ev   quiz.Event
		snap *quiz.Snapshot
		err  error
	}
	// subEndedMsg: the subscription was closed (dropped for falling behind,
	// or the session is ending).
	subEndedMsg struct{}
	snapMsg     struct{ snap quiz.Snapshot }
	tickMsg     time.Time
	errMsg      struct{ err error }
)

// waitEvent waits for the next event (notes §5, pattern A: a Cmd that the
// model re-arms after each event; closing the subscription releases it).
func waitEvent(ev Events) tea.Cmd {
	if ev == nil {
		return nil
	}
	return func() tea.Msg {
		e, ok := <-ev.C()
		if !ok {
			return subEndedMsg{}
		}
		return eventMsg{ev: e}
	}
}

func tick(d time.Duration) tea.Cmd {
	return tea.Tick(d, func(t time.Time) tea.Msg { return tickMsg(t) })
}

// size keeps the terminal size; a 0×0 PTY counts as 80×24.
type size struct{ w, h int }

func (s *size) set(m tea.WindowSizeMsg) {
	s.w, s.h = m.Width, m.Height
	if s.w <= 0 || s.h <= 0 {
		s.w, s.h = 80, 24
	}
}

func (s size) width() int {
	if s.w <= 0 {
		return 80
	}
	return s.w
}

func (s size) height() int {
	if s.h <= 0 {
		return 24
	}
	return s.h
}

// remaining is the time left on q's clock at now: until the options appear
// while reading, until the deadline while open, frozen while paused.
func remaining(q *quiz.QuestionView, phase quiz.Phase, now time.Time) time.Duration {
	if q == nil {
		return 0
	}
	if q.Paused || q.Deadline.IsZero() {
		return q.Remaining
	}
	var d time.Duration
	switch phase {
	case quiz.PhaseReading:
		d = q.OpensAt.Sub(now)
	case quiz.PhaseOpen:
		d = q.Deadline.Sub(now)
	default:
		return 0
	}
	return max(d, 0)
}

// secondsLeft rounds up, so "0" shows only when time is really up.
func secondsLeft(d time.Duration) int { return int(math.Ceil(d.Seconds())) }

// bar draws a horizontal bar of width w filled to frac (0..1).
func bar(st *styles, w int, frac float64) string {
	if w < 1 {
		return ""
	}
	frac = math.Max(0, math.Min(1, frac))
	full := int(math.Round(frac * float64(w)))
	return st.BarFull().Render(strings.Repeat("█", full)) + st.BarEmpty().Render(strings.Repeat("░", w-full))
}

// clockBar is the countdown bar: how much of the limit is left.
func clockBar(st *styles, w int, left, limit time.Duration) string {
	if limit <= 0 {
		return bar(st, w, 0)
	}
	s := bar(st, w, float64(left)/float64(limit))
	if left <= 5*time.Second {
		frac := math.Max(0, math.Min(1, float64(left)/float64(limit)))
		full := int(math.Round(frac * float64(w)))
		s = st.Warn().Render(strings.Repeat("█", full)) + st.BarEmpty().Render(strings.Repeat("░", w-full))
	}
	return s
}

// wrap wraps text to width w (by words, by display width).
func wrap(r *lipgloss.Renderer, text string, w int) string {
	if w < 10 {
		w = 10
	}
	return r.NewStyle().Width(w).Render(text)
}

// fit cuts a rendered view to h lines so a small terminal never scrolls.
func fit(view string, h int) string {
	lines := strings.Split(view, "\n")
	if h > 0 && len(lines) > h {
		lines = lines[:h]
	}
	return strings.Join(lines, "\n")
}

// titleBar is the top line: the contest title, and on the right a status.
func titleBar(st *styles, w int, left, right string) string {
	lw := lipgloss.Width(left)
	rw := lipgloss.Width(right)
	gap := w - lw - rw - 2
	if gap < 1 {
		return st.TitleBar().Width(w).MaxWidth(w).Render(left)
	}
	return st.TitleBar().Width(w).MaxWidth(w).Render(left + strings.Repeat(" ", gap) + right)
}

// trunc cuts s to w display cells with an ellipsis.
func trunc(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if lipgloss.Width(s) <= w {
		return s
	}
	return truncate(s, w-1) + "…"
}

func pad(s string, w int) string {
	s = trunc(s, w)
	if d := w - lipgloss.Width(s); d > 0 {
		return s + strings.Repeat(" ", d)
	}
	return s
}

func padLeft(s string, w int) string {
	s = trunc(s, w)
	if d := w - lipgloss.Width(s); d > 0 {
		return strings.Repeat(" ", d) + s
	}
	return s
}

func fmtDur(d time.Duration) string { return fmt.Sprintf("%.1fs", d.Seconds()) }

// keyLine is the key as this screen shows it. The engine writes the key
// text for each audience with that audience's letters (options may be
// shuffled per contestant) and adds answers the host accepted later.
func keyLine(q *quiz.QuestionView, lang i18n.Lang) string {
	if q.Key == nil {
		return ""
	}
	if lang == i18n.EN && q.Key.TextEN != "" {
		return q.Key.TextEN
	}
	return q.Key.Text
}

// roundTitle is "Vòng 2: Tăng tốc", without doubling a title that already
// starts with the word for round.
func roundTitle(lang i18n.Lang, r *quiz.RoundView) string {
	low := strings.ToLower(r.Title)
	if strings.HasPrefix(low, "vòng") || strings.HasPrefix(low, "round") {
		return r.Title
	}
	return lang.T("live.round.title", r.Index+1, r.Title)
}

// fmtScore prints a unit score: whole numbers plain, others with two decimals.
func fmtScore(f float64) string {
	if f == math.Trunc(f) {
		return strconv.FormatFloat(f, 'f', 0, 64)
	}
	return strconv.FormatFloat(f, 'f', 2, 64)
}

// lines collects rendered blocks as screen lines: add splits a multi-line
// block (wrapped text, a table) into its lines.
type lines []string

func (o *lines) add(ls ...string) {
	for _, l := range ls {
		*o = append(*o, strings.Split(l, "\n")...)
	}
}
