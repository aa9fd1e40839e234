package tui

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"parquiz/questions"
	"parquiz/questions/bank"
)

// Choices offered by the practice setup; the defaults are 10 questions,
// 20 seconds each, every topic, any difficulty.
var (
	countChoices   = []int{5, 10, 15, 20, 30, 50}
	secondsChoices = []int{10, 15, 20, 30, 45, 60, 90}
)

const (
	defaultCount   = 10
	defaultSeconds = 20
)

// practiceSpec is what the player chose.
type practiceSpec struct {
	Name       string
	Topics     []string // empty = all
	Difficulty int      // 0 = any
	Count      int
	PerQ       time.Duration
}

// The setup rows.
const (
	fieldName = iota
	fieldTopics
	fieldLevel
	fieldCount
	fieldTime
	fieldStart
	fieldLen
)

type (
	nameMsg   struct{ name string }
	topicsMsg struct {
		topics []topicCount
		total  int
		err    error
	}
	drawnMsg struct {
		qs  []questions.Question
		err error
	}
)

type topicCount struct {
	Topic string
	N     int
}

// setup is the practice settings page: name, topics (a multi-select list
// opened with Enter), difficulty, number of questions, seconds per
// question, and Start.
type setup struct {
	env     *env
	field   int
	name    textinput.Model
	topics  []topicCount
	total   int
	chosen  map[string]bool
	level   int
	countI  int
	secI    int
	picking bool // the topic list is open
	tcursor int
	err     string
	busy    bool
}

func newSetup(e *env) *setup {
	ti := e.s.TextInput()
	ti.Placeholder = e.t("tui.setup.nameph")
	ti.CharLimit = 60
	ti.Width = 40
	ti.Focus()
	return &setup{env: e, name: ti, chosen: map[string]bool{},
		countI: indexOf(countChoices, defaultCount), secI: indexOf(secondsChoices, defaultSeconds)}
}

func indexOf(xs []int, x int) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return 0
}

func (m *setup) Init() tea.Cmd {
	b, res := m.env.cfg.Bank, m.env.cfg.Results
	cmds := []tea.Cmd{textinput.Blink, func() tea.Msg {
		st, err := b.Stats(context.Background(), questions.Filter{})
		var tc []topicCount
		for t, n := range st.ByTopic {
			tc = append(tc, topicCount{t, n})
		}
		sort.Slice(tc, func(i, j int) bool { return tc[i].Topic < tc[j].Topic })
		return topicsMsg{tc, st.Total, err}
	}}
	if res != nil {
		cmds = append(cmds, func() tea.Msg {
			n, _ := res.Name(context.Background()) // no remembered name is fine
			return nameMsg{n}
		})
	}
	return tea.Batch(cmds...)
}

func (m *setup) Title() string { return m.env.t("tui.setup.title") }
func (m *setup) Info() string  { return "" }

func (m *setup) Help() []key.Binding {
	k := m.env.keys
	if m.picking {
		return []key.Binding{k.Up, k.Down, k.Toggle, k.Enter}
	}
	return []key.Binding{k.Up, k.Down, k.Left, k.Right, k.Enter, k.Esc}
}

func (m *setup) spec() practiceSpec {
	var topics []string
	for _, t := range m.topics {
		if m.chosen[t.Topic] {
			topics = append(topics, t.Topic)
		}
	}
	return practiceSpec{
		Name:       questions.CleanLine(m.name.Value()),
		Topics:     topics,
		Difficulty: m.level,
		Count:      countChoices[m.countI],
		PerQ:       time.Duration(secondsChoices[m.secI]) * time.Second,
	}
}

func (m *setup) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case nameMsg:
		if m.name.Value() == "" && msg.name != "" {
			m.name.SetValue(msg.name)
			m.name.CursorEnd()
			m.field = fieldStart // a returning player only presses Enter
			m.name.Blur()
		}
		return m, nil
	case topicsMsg:
		m.topics, m.total = msg.topics, msg.total
		if msg.err != nil {
			m.err = m.env.t("tui.err.bank", msg.err)
		}
		return m, nil
	case drawnMsg:
		m.busy = false
		if msg.err != nil {
			m.err = m.env.t("tui.err.bank", msg.err)
			return m, nil
		}
		if len(msg.qs) == 0 {
			m.err = m.env.t("tui.setup.none")
			return m, nil
		}
		return m, replace(newRun(m.env, m.spec(), msg.qs))
	case tea.KeyMsg:
		if m.picking {
			return m, m.updatePicker(msg)
		}
		return m, m.updateKey(msg)
	case tea.MouseMsg:
		if msg.Action == tea.MouseActionPress && msg.Button == tea.MouseButtonLeft && !m.picking {
			if f := msg.Y - FrameTop - 2; f >= 0 && f < fieldLen {
				m.focus(f)
				if f == fieldStart {
					return m, m.start()
				}
			}
		}
		return m, nil
	}
	if m.field == fieldName {
		var cmd tea.Cmd
		m.name, cmd = m.name.Update(msg)
		return m, cmd
	}
	return m, nil
}

func (m *setup) focus(f int) {
	m.field = (f + fieldLen) % fieldLen
	if m.field == fieldName {
		m.name.Focus()
	} else {
		m.name.Blur()
	}
}

func (m *setup) updateKey(msg tea.KeyMsg) tea.Cmd {
	k := m.env.keys
	typing := m.field == fieldName
	switch {
	case key.Matches(msg, k.Esc), !typing && key.Matches(msg, k.Back):
		return pop
	case msg.Type == tea.KeyUp, msg.Type == tea.KeyShiftTab, !typing && key.Matches(msg, k.Up):
		m.focus(m.field - 1)
	case msg.Type == tea.KeyDown, msg.Type == tea.KeyTab, !typing && key.Matches(msg, k.Down):
		m.focus(m.field + 1)
	case key.Matches(msg, k.Enter):
		switch m.field {
		case fieldName:
			m.focus(fieldTopics)
		case fieldTopics:
			m.picking = true
		default:
			return m.start()
		}
	case !typing && key.Matches(msg, k.Left):
		m.step(-1)
	case !typing && key.Matches(msg, k.Right):
		m.step(+1)
	case typing:
		var cmd tea.Cmd
		m.name, cmd = m.name.Update(msg)
		m.err = ""
		return cmd
	}
	return nil
}

func (m *setup) step(d int) {
	wrap := func(i, n int) int { return ((i+d)%n + n) % n }
	switch m.field {
	case fieldLevel:
		m.level = wrap(m.level, 4)
	case fieldCount:
		m.countI = wrap(m.countI, len(countChoices))
	case fieldTime:
		m.secI = wrap(m.secI, len(secondsChoices))
	case fieldTopics:
		m.picking = true
	}
}

func (m *setup) updatePicker(msg tea.KeyMsg) tea.Cmd {
	k := m.env.keys
	n := len(m.topics) + 1 // row 0 is "all topics"
	switch {
	case key.Matches(msg, k.Up):
		m.tcursor = (m.tcursor + n - 1) % n
	case key.Matches(msg, k.Down):
		m.tcursor = (m.tcursor + 1) % n
	case key.Matches(msg, k.Toggle):
		if m.tcursor == 0 {
			m.chosen = map[string]bool{}
		} else {
			t := m.topics[m.tcursor-1].Topic
			m.chosen[t] = !m.chosen[t]
		}
	case key.Matches(msg, k.Enter), key.Matches(msg, k.Back):
		m.picking = false
	}
	return nil
}

// start checks the name, remembers it and draws the questions.
func (m *setup) start() tea.Cmd {
	sp := m.spec()
	if sp.Name == "" {
		m.err = m.env.t("tui.setup.needname")
		m.focus(fieldName)
		return nil
	}
	if m.busy {
		return nil
	}
	m.busy, m.err = true, ""
	b, res := m.env.cfg.Bank, m.env.cfg.Results
	ds := questions.DrawSpec{Topics: sp.Topics, Count: sp.Count, Seed: m.env.now().UnixNano()}
	if sp.Difficulty != 0 {
		ds.Mix = map[int]int{sp.Difficulty: sp.Count}
	}
	return func() tea.Msg {
		ctx := context.Background()
		if res != nil {
			_ = res.SetName(ctx, sp.Name) // remembering the name is a convenience; the result save reports errors
		}
		qs, err := drawUpTo(ctx, b, ds)
		return drawnMsg{qs, err}
	}
}

// drawUpTo draws ds, and when the bank has fewer matching questions than
// asked, as many as it has: practice with 7 questions beats an error.
func drawUpTo(ctx context.Context, b Bank, ds questions.DrawSpec) ([]questions.Question, error) {
	qs, err := b.Draw(ctx, ds)
	var ne *bank.NotEnoughError
	if !errors.As(err, &ne) {
		return qs, err
	}
	if ne.Have <= 0 {
		return nil, nil
	}
	if ne.Difficulty != 0 {
		ds.Mix = map[int]int{ne.Difficulty: ne.Have}
	}
	ds.Count = ne.Have
	return b.Draw(ctx, ds)
}

func (m *setup) View() string {
	if m.picking {
		return m.pickerView()
	}
	w, _ := m.env.bodySize()
	s := m.env.s
	sp := m.spec()
	topics := m.env.t("tui.setup.alltopics", m.total)
	if len(sp.Topics) > 0 {
		topics = m.env.t("tui.setup.ntopics", len(sp.Topics))
	}
	const labelW = 22
	row := func(f int, label, value string) string {
		mark, st := "  ", s.Text
		if m.field == f {
			mark, st = s.Accent.Render("▸ "), s.Selected
		}
		return mark + PadRight(s.Muted.Render(label), labelW) + st.Render(value)
	}
	arrows := func(f int, v string) string {
		if m.field == f {
			return "‹ " + v + " ›"
		}
		return v
	}
	nameRow := "  " + PadRight(s.Muted.Render(m.env.t("tui.setup.name")), labelW) + m.name.View()
	if m.field == fieldName {
		nameRow = s.Accent.Render("▸ ") + nameRow[2:]
	}
	start := "[ " + m.env.t("tui.setup.start") + " ]"
	if m.busy {
		start = m.env.t("tui.loading")
	}
	lines := []string{
		Truncate(s.Muted.Render(m.env.t("tui.setup.intro")), w), "",
		nameRow,
		row(fieldTopics, m.env.t("tui.setup.topics"), topics+" …"),
		row(fieldLevel, m.env.t("tui.setup.level"), arrows(fieldLevel, LevelName(m.env.lang, m.level))),
		row(fieldCount, m.env.t("tui.setup.count"), arrows(fieldCount, fmt.Sprint(countChoices[m.countI]))),
		row(fieldTime, m.env.t("tui.setup.time"), arrows(fieldTime, m.env.t("tui.seconds", secondsChoices[m.secI]))),
		row(fieldStart, "", start),
		"",
	}
	if m.err != "" {
		lines = append(lines, Lines(s.Error.Render(Wrap(m.err, w)))...)
	}
	if len(sp.Topics) > 0 {
		lines = append(lines, s.Muted.Render(m.env.t("tui.setup.chosen")))
		for _, t := range sp.Topics {
			lines = append(lines, "  • "+Truncate(t, w-4))
		}
	}
	return strings.Join(lines, "\n")
}

func (m *setup) pickerView() string {
	w, h := m.env.bodySize()
	s := m.env.s
	lines := []string{s.Title.Render(m.env.t("tui.setup.pick")), ""}
	rows := []string{}
	for i := 0; i <= len(m.topics); i++ {
		var label, box string
		if i == 0 {
			label = m.env.t("tui.setup.alltopics", m.total)
			box = "( )"
			if len(m.spec().Topics) == 0 {
				box = "(•)"
			}
		} else {
			t := m.topics[i-1]
			label = fmt.Sprintf("%s (%d)", t.Topic, t.N)
			box = "[ ]"
			if m.chosen[t.Topic] {
				box = "[x]"
			}
		}
		mark, st := "  ", s.Text
		if i == m.tcursor {
			mark, st = s.Accent.Render("▸ "), s.Selected
		}
		rows = append(rows, mark+box+" "+st.Render(Truncate(label, w-8)))
	}
	// Scroll so the cursor stays in view.
	avail := max(1, h-len(lines))
	off := 0
	if m.tcursor >= avail {
		off = m.tcursor - avail + 1
	}
	end := min(len(rows), off+avail)
	return strings.Join(append(lines, rows[off:end]...), "\n")
}
