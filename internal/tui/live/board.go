package live

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"parquiz/internal/i18n"
	"parquiz/questions"
	"parquiz/quiz"
)

// board is the projector screen: read from the back of a hall, no input
// but ctrl+c. It follows the host's pace through the hub.
type board struct {
	app  *App
	res  *resources
	st   *styles
	lang i18n.Lang
	size
	feed
}

func newBoard(a *App, r *lipgloss.Renderer, lang i18n.Lang, res *resources) *board {
	return &board{app: a, res: res, st: newStyles(r), lang: lang}
}

func (m *board) Init() tea.Cmd {
	m.sub = m.res.subscribe(m.app, "", false)
	return tea.Batch(m.fetch(), waitEvent(m.sub), tick(200*time.Millisecond))
}

func (m *board) fetch() tea.Cmd {
	e := m.app.Engine
	return func() tea.Msg { return snapMsg{e.BoardSnapshot()} }
}

func (m *board) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.size.set(msg)
	case tea.KeyMsg:
		if msg.String() == "ctrl+c" {
			return m, tea.Quit
		}
	case tickMsg:
		d := time.Second
		if m.have && (m.snap.Phase == quiz.PhaseOpen || m.snap.Phase == quiz.PhaseReading) && !m.snap.Paused {
			d = 200 * time.Millisecond
		}
		return m, tick(d)
	case eventMsg:
		if msg.ev.Kind == quiz.EvAnswerCount {
			m.snap.Answered, m.snap.Eligible = msg.ev.Answered, msg.ev.Eligible
			return m, waitEvent(m.sub)
		}
		return m, tea.Batch(m.fetch(), waitEvent(m.sub))
	case subEndedMsg:
		return m, m.resubscribe(m.res, m.app, false, m.fetch())
	case snapMsg:
		m.take(msg.snap)
	}
	return m, nil
}

func (m *board) View() string {
	w, h := m.width(), m.height()
	if !m.have {
		return m.st.Muted().Render(m.lang.T("live.loading"))
	}
	s := m.snap
	right := m.lang.T("live.phase." + string(s.Phase))
	if s.Round != nil {
		right = s.Round.Title + " · " + right
	}
	out := lines{titleBar(m.st, w, trunc(s.Contest.Title, w/2), trunc(right, w/2-4)), ""}
	add := out.add
	center := func(str string) string { return lipgloss.PlaceHorizontal(w, lipgloss.Center, str) }
	switch s.Phase {
	case quiz.PhaseLobby:
		add("", center(m.st.Gold().Render(wrap(m.st.r, s.Contest.Title, w-4))))
		if s.Contest.Organiser != "" {
			add(center(m.st.Text().Render(s.Contest.Organiser)))
		}
		if s.Contest.Date != "" {
			add(center(m.st.Muted().Render(s.Contest.Date)))
		}
		add("", center(bigText(strconv.Itoa(m.connected()))), "",
			center(m.st.Text().Render(m.lang.T("live.board.connected", m.connected(), len(s.Standings)))))
	case quiz.PhaseRoundIntro:
		if r := s.Round; r != nil {
			add("", center(m.st.Gold().Render(roundTitle(m.lang, r))), "",
				center(m.st.Text().Render(m.lang.T("live.round.kind."+string(r.Kind)))),
				center(m.st.Muted().Render(m.lang.T("live.round.plan", r.Questions, int(r.TimeLimit.Seconds())))))
		}
	case quiz.PhaseReading, quiz.PhaseOpen, quiz.PhaseClosed, quiz.PhaseRevealed:
		add(m.viewQuestion(w, h)...)
	case quiz.PhaseStandings, quiz.PhaseRoundEnd:
		add(m.viewStandings(w, h-3)...)
	case quiz.PhaseEnded:
		add(m.viewPodium(w, h-2)...)
	}
	return fit(strings.Join(out, "\n"), h)
}

func (m *board) connected() int {
	if m.app.Seats != nil {
		return m.app.Seats.Count()
	}
	return 0
}

func (m *board) viewQuestion(w, h int) []string {
	s := m.snap
	q := s.Question
	if q == nil {
		return nil
	}
	var out lines
	add := out.add
	add(m.st.Muted().Render(m.lang.T("live.q.head", q.Number, q.Total, q.Points)))
	add(m.st.Text().Bold(true).Render(wrap(m.st.r, q.Text, w-2)), "")
	revealed := s.Phase == quiz.PhaseRevealed && q.Key != nil
	if revealed {
		add(m.distribution(w)...)
		add("", m.st.Good().Render(wrap(m.st.r, m.lang.T("live.r.key", keyLine(q, m.lang)), w-2)))
		if q.Key.Source != "" {
			add(m.st.Accent().Render(wrap(m.st.r, m.lang.T("live.r.source", q.Key.Source), w-2)))
		}
		return out
	}
	if s.Phase != quiz.PhaseReading {
		for _, o := range q.Options {
			add(m.st.Letter().Render(o.Letter+".") + " " + m.st.Text().Render(wrap(m.st.r, o.Text, w-6)))
		}
		if q.Kind == questions.KindTrueFalse {
			add(m.st.Letter().Render("A.")+" "+questions.TruthWord(true, string(m.lang)), m.st.Letter().Render("B.")+" "+questions.TruthWord(false, string(m.lang)))
		}
	}
	add("")
	left := remaining(q, s.Phase, m.app.now())
	switch {
	case s.Phase == quiz.PhaseClosed:
		add(m.st.Warn().Render(m.lang.T("live.q.closed")))
	case s.Paused && s.Fault != nil:
		add(m.st.Warn().Render(m.lang.T("live.board.fault", secondsLeft(left))))
	case s.Paused:
		add(m.st.Warn().Render(m.lang.T("live.q.paused", secondsLeft(left))))
	default:
		digits := bigText(fmt.Sprintf("%02d", secondsLeft(left)))
		label := m.lang.T("live.q.reading_short")
		limit := q.OpensAt.Sub(q.ShownAt)
		if s.Phase == quiz.PhaseOpen {
			label = ""
			limit = q.Deadline.Sub(q.OpensAt)
		}
		style := m.st.Big()
		if left <= 5*time.Second && s.Phase == quiz.PhaseOpen {
			style = m.st.Warn()
		}
		add(lipgloss.JoinHorizontal(lipgloss.Center, style.Render(digits), "   ", m.st.Gold().Render(label)))
		add(clockBar(m.st, max(w-2, 10), left, limit))
	}
	add(m.st.Accent().Render(m.lang.T("live.board.answered", s.Answered, s.Eligible)))
	return out
}

// distribution draws one bar per option: how many chose it, the key
// marked ✓ (a mark, not only a colour).
func (m *board) distribution(w int) []string {
	s := m.snap
	q := s.Question
	opts := q.Options
	if q.Kind == questions.KindTrueFalse {
		opts = []quiz.OptionView{{Index: 0, Letter: "A", Text: questions.TruthWord(true, string(m.lang)), Correct: q.Key.Truth}, {Index: 1, Letter: "B", Text: questions.TruthWord(false, string(m.lang)), Correct: !q.Key.Truth}}
	}
	if len(opts) == 0 {
		return []string{m.st.Muted().Render(m.lang.T("live.board.answered", s.Answered, s.Eligible))}
	}
	total, most := 0, 1
	counts := make([]int, len(opts))
	for i, o := range opts {
		n := o.Count
		if o.Index < len(s.Distribution) {
			n = s.Distribution[o.Index]
		}
		counts[i] = n
		total += n
		most = max(most, n)
	}
	labelW := min(max(w/3, 12), 40)
	barW := max(w-labelW-16, 5)
	var out []string
	for i, o := range opts {
		mark := "  "
		st := m.st.Text()
		if o.Correct {
			mark, st = m.st.Good().Render("✓ "), m.st.Good()
		}
		pct := 0
		if total > 0 {
			pct = counts[i] * 100 / total
		}
		b := bar(m.st, barW, float64(counts[i])/float64(most))
		if o.Correct {
			b = m.st.Good().Render(strings.Repeat("█", int(float64(barW)*float64(counts[i])/float64(most)+0.5))) + m.st.BarEmpty().Render(strings.Repeat("░", barW-int(float64(barW)*float64(counts[i])/float64(most)+0.5)))
		}
		out = append(out, mark+st.Render(pad(o.Letter+". "+o.Text, labelW))+" "+b+" "+padLeft(fmt.Sprintf("%d (%d%%)", counts[i], pct), 10))
	}
	return out
}

func (m *board) viewStandings(w, h int) []string {
	s := m.snap
	title := m.lang.T("live.standings")
	if s.Phase == quiz.PhaseRoundEnd && s.Round != nil {
		title = m.lang.T("live.round.ended", roundTitle(m.lang, s.Round))
	}
	left := standingsTable(m.st, m.lang, s.Standings, "", min(w, 80), min(h-2, 12))
	if len(s.Units) == 0 {
		return strings.Split(m.st.Title().Render(title)+"\n"+left, "\n")
	}
	units := unitTable(m.st, m.lang, s.Units, 44, 10)
	var body string
	if w >= 120 {
		body = lipgloss.JoinHorizontal(lipgloss.Top, left, "   ", units)
	} else {
		body = left + "\n\n" + units
	}
	return strings.Split(m.st.Title().Render(title)+"\n"+body, "\n")
}

func unitTable(st *styles, lang i18n.Lang, units []quiz.UnitStanding, w, n int) string {
	out := []string{st.Title().Render(lang.T("live.units"))}
	for i, u := range units {
		if i >= n {
			break
		}
		rank := strconv.Itoa(u.Rank)
		if u.Tied {
			rank += "="
		}
		out = append(out, st.Text().Render(padLeft(rank, 3)+"  "+pad(u.Unit, w-22)+" "+padLeft(fmtScore(u.Score), 8)+" "+padLeft(fmt.Sprintf("%d/%d", u.Participants, u.Members), 7)))
	}
	return strings.Join(out, "\n")
}

// viewPodium shows the top three on steps, then the unit table.
func (m *board) viewPodium(w, h int) []string {
	s := m.snap
	out := []string{lipgloss.PlaceHorizontal(w, lipgloss.Center, m.st.Gold().Render(m.lang.T("live.board.podium"))), ""}
	// The first three in standing order take the steps, each step as high
	// as its rank: two tied winners both stand on first-place steps (and
	// there is no second place). Anyone further tied with the third is
	// named under the podium.
	var top []*quiz.Standing
	var more []string
	for i := range s.Standings {
		p := &s.Standings[i]
		switch {
		case p.Rank < 1 || p.Rank > 3:
		case len(top) < 3:
			top = append(top, p)
		default:
			more = append(more, p.Contestant.Name+" ("+p.Contestant.Unit+")")
		}
	}
	heights := [4]int{0, 8, 6, 5}
	colW := max(min(w/3-2, 30), 12)
	step := func(pos int) string {
		name, unit, pts, tie, rank := "—", "", "", "", pos+1
		if pos < len(top) {
			p := top[pos]
			name, unit, pts, rank = p.Contestant.Name, p.Contestant.Unit, m.lang.T("live.play.points", p.Points), p.Rank
			if p.Tied {
				tie = m.lang.T("live.board.tied")
			}
		}
		center := func(st lipgloss.Style, text string) string {
			return st.Render(lipgloss.PlaceHorizontal(colW, lipgloss.Center, trunc(text, colW)))
		}
		lines := []string{center(m.st.Gold(), name), center(m.st.Muted(), unit), center(m.st.Text(), pts), center(m.st.Muted(), tie)}
		block := m.st.Box().Width(colW - 2).Height(heights[rank]).Align(lipgloss.Center).Render(bigText(strconv.Itoa(rank)))
		return lipgloss.JoinVertical(lipgloss.Center, append(lines, block)...)
	}
	pod := lipgloss.JoinHorizontal(lipgloss.Bottom, step(1), step(0), step(2))
	out = append(out, strings.Split(lipgloss.PlaceHorizontal(w, lipgloss.Center, pod), "\n")...)
	if len(more) > 0 {
		line := m.lang.T("live.board.tiedalso", top[2].Rank, strings.Join(more, ", "))
		out = append(out, lipgloss.PlaceHorizontal(w, lipgloss.Center, m.st.Text().Render(trunc(line, w))))
	}
	if len(s.Units) > 0 && len(out) < h-4 {
		out = append(out, "")
		out = append(out, strings.Split(unitTable(m.st, m.lang, s.Units, min(w, 60), h-len(out)-2), "\n")...)
	}
	return out
}
