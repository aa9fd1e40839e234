package tui

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"parquiz/questions"
)

// splitMinWidth is the width from which the browser shows the list and
// the detail side by side; narrower terminals open the detail with Enter.
const splitMinWidth = 100

// browserTop is the number of body rows above the list (search, filters,
// blank); mouse clicks on list rows subtract it.
const browserTop = 3

type listMsg struct {
	seq   int
	items []questions.Question
	err   error
}

// browser is the read-only question bank: a list filtered by a
// diacritic-insensitive search (the bank's Filter.Search: "cai cach"
// finds "cải cách"), topic, difficulty and kind, a detail pane with the
// options, key, explanation and source, and the count per topic.
type browser struct {
	env       *env
	search    textinput.Model
	searching bool
	topics    []topicCount
	total     int
	topicI    int // 0 = every topic, else topics[topicI-1]
	level     int // 0 = any
	kindI     int // 0 = every kind, else questions.Kinds[kindI-1]

	items   []questions.Question
	loaded  bool
	err     error
	seq     int
	cursor  int
	detail  bool // narrow terminals: the detail fills the body
	counts  bool // the per-topic counts replace the detail
	dscroll int
}

func newBrowser(e *env) *browser {
	ti := e.s.TextInput()
	ti.Prompt = ""
	ti.Placeholder = e.t("tui.bank.searchph")
	ti.CharLimit = 80
	ti.Width = 30
	return &browser{env: e, search: ti}
}

func (m *browser) Init() tea.Cmd {
	b := m.env.cfg.Bank
	return tea.Batch(func() tea.Msg {
		st, err := b.Stats(context.Background(), questions.Filter{})
		var tc []topicCount
		for t, n := range st.ByTopic {
			tc = append(tc, topicCount{t, n})
		}
		sort.Slice(tc, func(i, j int) bool { return tc[i].Topic < tc[j].Topic })
		return topicsMsg{tc, st.Total, err}
	}, m.reload())
}

// filter is the bank query for the current search and filters.
func (m *browser) filter() questions.Filter {
	f := questions.Filter{Difficulty: m.level, Search: questions.CleanLine(m.search.Value())}
	if m.topicI > 0 && m.topicI <= len(m.topics) {
		f.Topic = m.topics[m.topicI-1].Topic
	}
	if m.kindI > 0 {
		f.Kind = questions.Kinds[m.kindI-1]
	}
	return f
}

// reload queries the bank; answers to older queries are dropped by seq.
func (m *browser) reload() tea.Cmd {
	m.seq++
	seq, f, b := m.seq, m.filter(), m.env.cfg.Bank
	return func() tea.Msg {
		items, err := b.List(context.Background(), f)
		return listMsg{seq, items, err}
	}
}

func (m *browser) Title() string { return m.env.t("tui.bank.title") }

func (m *browser) Info() string {
	if !m.loaded {
		return ""
	}
	return m.env.t("tui.bank.info", len(m.items), m.total)
}

func (m *browser) Help() []key.Binding {
	k := m.env.keys
	if m.searching {
		return []key.Binding{k.Enter, k.Esc}
	}
	if m.detail {
		return []key.Binding{k.Up, k.Down, k.Back}
	}
	b := []key.Binding{k.Up, k.Down, k.Search, k.Topic, k.Level, k.Kind, k.Counts}
	if m.env.w < splitMinWidth {
		b = append(b, k.Enter)
	}
	return append(b, k.Back)
}

func (m *browser) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case topicsMsg:
		m.topics, m.total = msg.topics, msg.total
		if msg.err != nil {
			m.err = msg.err
		}
		return m, nil
	case listMsg:
		if msg.seq != m.seq {
			return m, nil
		}
		m.items, m.err, m.loaded = msg.items, msg.err, true
		m.cursor, m.dscroll = min(m.cursor, max(0, len(m.items)-1)), 0
		return m, nil
	case tea.KeyMsg:
		if m.searching {
			return m, m.updateSearch(msg)
		}
		return m, m.updateKey(msg)
	case tea.MouseMsg:
		if msg.Action == tea.MouseActionPress && msg.Button == tea.MouseButtonLeft && !m.detail {
			y := msg.Y - FrameTop - browserTop
			x := msg.X
			if lw, _ := m.listWidth(); x < lw && y >= 0 {
				if i := m.listOffset() + y; i < len(m.items) {
					m.cursor, m.dscroll = i, 0
				}
			}
		}
		if msg.Button == tea.MouseButtonWheelDown {
			m.move(1)
		} else if msg.Button == tea.MouseButtonWheelUp {
			m.move(-1)
		}
		return m, nil
	}
	if m.searching {
		var cmd tea.Cmd
		m.search, cmd = m.search.Update(msg)
		return m, cmd
	}
	return m, nil
}

func (m *browser) updateSearch(msg tea.KeyMsg) tea.Cmd {
	switch msg.Type {
	case tea.KeyEsc, tea.KeyEnter, tea.KeyDown, tea.KeyUp, tea.KeyTab:
		m.searching = false
		m.search.Blur()
		return nil
	}
	before := m.search.Value()
	var cmd tea.Cmd
	m.search, cmd = m.search.Update(msg)
	if v := questions.NFC(m.search.Value()); v != m.search.Value() {
		m.search.SetValue(v)
	}
	if m.search.Value() != before {
		m.cursor = 0
		return tea.Batch(cmd, m.reload())
	}
	return cmd
}

func (m *browser) move(d int) {
	if len(m.items) == 0 {
		return
	}
	m.cursor = max(0, min(len(m.items)-1, m.cursor+d))
	m.dscroll = 0
}

func (m *browser) updateKey(msg tea.KeyMsg) tea.Cmd {
	k := m.env.keys
	_, h := m.env.bodySize()
	if m.detail {
		switch {
		case key.Matches(msg, k.Back), key.Matches(msg, k.Enter):
			m.detail = false
		case key.Matches(msg, k.Up), key.Matches(msg, k.PageUp):
			m.dscroll = max(0, m.dscroll-1)
		case key.Matches(msg, k.Down), key.Matches(msg, k.PageDown):
			m.dscroll++
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Back):
		if m.counts {
			m.counts = false
			return nil
		}
		return pop
	case key.Matches(msg, k.Search):
		m.searching = true
		return m.search.Focus()
	case msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && msg.Runes[0] == '/':
		// "/" and the first letters arrived in one read (fast typing, a
		// paste, a slow link): search for the rest.
		m.searching = true
		focus := m.search.Focus()
		return tea.Batch(focus, m.updateSearch(tea.KeyMsg{Type: tea.KeyRunes, Runes: msg.Runes[1:]}))
	case key.Matches(msg, k.Up):
		m.move(-1)
	case key.Matches(msg, k.Down):
		m.move(1)
	case key.Matches(msg, k.PageUp):
		m.dscroll = max(0, m.dscroll-(h/2))
	case key.Matches(msg, k.PageDown):
		m.dscroll += h / 2
	case key.Matches(msg, k.Enter):
		if m.env.w < splitMinWidth && len(m.items) > 0 {
			m.detail = true
		}
	case key.Matches(msg, k.Counts):
		m.counts = !m.counts
	case key.Matches(msg, k.Topic):
		m.topicI = (m.topicI + 1) % (len(m.topics) + 1)
		m.cursor = 0
		return m.reload()
	case key.Matches(msg, k.Level):
		m.level = (m.level + 1) % 4
		m.cursor = 0
		return m.reload()
	case key.Matches(msg, k.Kind):
		m.kindI = (m.kindI + 1) % (len(questions.Kinds) + 1)
		m.cursor = 0
		return m.reload()
	}
	return nil
}

// listWidth is the list pane's width and whether the detail is beside it.
func (m *browser) listWidth() (int, bool) {
	w, _ := m.env.bodySize()
	if w >= splitMinWidth {
		return w * 2 / 5, true
	}
	return w, false
}

// listOffset is the first list row shown, keeping the cursor in view.
func (m *browser) listOffset() int {
	_, h := m.env.bodySize()
	rows := max(1, h-browserTop)
	if m.cursor >= rows {
		return m.cursor - rows + 1
	}
	return 0
}

func (m *browser) View() string {
	w, h := m.env.bodySize()
	s := m.env.s
	searchLabel := s.Muted.Render(m.env.t("tui.bank.search") + " ")
	var line0 string
	if m.searching || m.search.Value() != "" {
		line0 = searchLabel + m.search.View()
	} else {
		line0 = searchLabel + s.Muted.Render(m.env.t("tui.bank.searchhint"))
	}
	topic := m.env.t("tui.bank.alltopics")
	if f := m.filter(); f.Topic != "" {
		topic = f.Topic
	}
	kind := m.env.t("tui.bank.allkinds")
	if m.kindI > 0 {
		kind = KindName(m.env.lang, questions.Kinds[m.kindI-1])
	}
	line1 := m.env.t("tui.bank.filters", topic, LevelName(m.env.lang, m.level), kind)
	head := []string{Truncate(line0, w), Truncate(s.Muted.Render(line1), w), ""}

	paneH := max(1, h-browserTop)
	if m.detail {
		return strings.Join(append(head, m.detailView(w, paneH)...), "\n")
	}
	lw, split := m.listWidth()
	list := m.listView(lw, paneH)
	if !split {
		if m.counts {
			return strings.Join(append(head, m.countsView(w, paneH)...), "\n")
		}
		return strings.Join(append(head, list...), "\n")
	}
	dw := w - lw - 3
	var right []string
	if m.counts {
		right = m.countsView(dw, paneH)
	} else {
		right = m.detailView(dw, paneH)
	}
	sep := make([]string, paneH)
	for i := range sep {
		sep[i] = s.Muted.Render(" │ ")
	}
	block := lipgloss.JoinHorizontal(lipgloss.Top, s.R.NewStyle().Width(lw).Render(strings.Join(padLines(list, paneH), "\n")), strings.Join(sep, "\n"), strings.Join(right, "\n"))
	return strings.Join(append(head, Lines(block)...), "\n")
}

func padLines(l []string, n int) []string {
	for len(l) < n {
		l = append(l, "")
	}
	return l[:n]
}

func (m *browser) listView(w, h int) []string {
	s := m.env.s
	switch {
	case m.err != nil:
		return Lines(s.Error.Render(Wrap(m.env.t("tui.err.bank", m.err), w)))
	case !m.loaded:
		return []string{s.Muted.Render(m.env.t("tui.loading"))}
	case len(m.items) == 0:
		return Lines(s.Muted.Render(Wrap(m.env.t("tui.bank.empty"), w)))
	}
	off := m.listOffset()
	var out []string
	for i := off; i < len(m.items) && len(out) < h; i++ {
		q := &m.items[i]
		text := Truncate(strings.Join(strings.Fields(q.Text), " "), w-2)
		if i == m.cursor {
			out = append(out, s.Accent.Render("▸ ")+s.Selected.Render(text))
		} else {
			out = append(out, "  "+s.Text.Render(text))
		}
	}
	return out
}

func (m *browser) detailView(w, h int) []string {
	s := m.env.s
	if len(m.items) == 0 || m.cursor >= len(m.items) {
		return nil
	}
	q := &m.items[m.cursor]
	lang := m.env.lang
	meta := fmt.Sprintf("#%d · %s · %s · %s", q.ID, q.Topic, LevelName(lang, q.Difficulty), KindName(lang, q.Kind))
	lines := Lines(s.Muted.Render(Wrap(meta, w)))
	lines = append(lines, "")
	lines = append(lines, Lines(s.Text.Bold(true).Render(Wrap(q.Text, w)))...)
	lines = append(lines, "")
	var opts []string
	var correct []bool
	switch q.Kind {
	case questions.KindSingle, questions.KindMultiple:
		for _, c := range q.Choices {
			opts = append(opts, c.Text)
			correct = append(correct, c.Correct)
		}
	case questions.KindTrueFalse:
		opts = TruthOptions(lang)
		correct = []bool{q.Truth, !q.Truth}
	}
	if len(opts) > 0 {
		block, _ := RenderOptions(s, OptionsView{Texts: opts, Cursor: -1, Reveal: true, Correct: correct}, w)
		lines = append(lines, Lines(block)...)
		lines = append(lines, "")
	}
	lines = append(lines, Lines(Wrap(s.Good.Render(m.env.t("tui.run.key"))+" "+q.KeyText(string(lang)), w))...)
	if q.Explanation != "" {
		lines = append(lines, Lines(Wrap(s.Title.Render(m.env.t("tui.run.why"))+" "+q.Explanation, w))...)
	}
	if q.Source != "" {
		lines = append(lines, Lines(Wrap(s.Gold.Render(m.env.t("tui.run.source"))+" "+s.Muted.Render(q.Source), w))...)
	}
	off := max(0, min(m.dscroll, len(lines)-h))
	return Lines(scrollLines(s, lines, off, h))
}

func (m *browser) countsView(w, h int) []string {
	s := m.env.s
	lines := []string{s.Title.Render(Truncate(m.env.t("tui.bank.counts", m.total), w))}
	maxN := 1
	for _, t := range m.topics {
		maxN = max(maxN, t.N)
	}
	nameW := min(36, max(10, w/2))
	for _, t := range m.topics {
		label := fmt.Sprintf(" %d", t.N)
		barW := max(3, w-nameW-1-len(label))
		lines = append(lines, PadRight(Truncate(t.Topic, nameW), nameW)+" "+Bar(s, barW, float64(t.N)/float64(maxN), s.BarFull)+label)
	}
	if len(lines) > h {
		lines = lines[:h]
	}
	return lines
}
