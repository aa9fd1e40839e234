package tui

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"parquiz/internal/practice"
	"parquiz/questions"
)

type savedMsg struct{ err error }

// topicScore is the per-topic line of the summary.
type topicScore struct {
	Topic          string
	Points         float64
	Correct, Total int
}

// summary is the end of a practice: score, correct count, time, a bar per
// topic and the questions missed with their keys. It saves the result
// once, when it opens.
type summary struct {
	env     *env
	result  practice.Result
	topics  []topicScore
	missed  []int
	qs      []questions.Question
	ans     []answer
	saved   bool
	saveErr error
	scroll  int
}

func newSummary(e *env, sp practiceSpec, qs []questions.Question, ans []answer, took time.Duration) *summary {
	m := &summary{env: e, qs: qs, ans: ans}
	r := practice.Result{Name: sp.Name, Max: float64(len(qs)), Total: len(qs), Duration: took,
		Topics: sp.Topics, Difficulty: sp.Difficulty, At: e.now()}
	byTopic := map[string]*topicScore{}
	for i, a := range ans {
		r.Score += a.Points
		t := byTopic[qs[i].Topic]
		if t == nil {
			t = &topicScore{Topic: qs[i].Topic}
			byTopic[qs[i].Topic] = t
		}
		t.Total++
		t.Points += a.Points
		if a.Points >= 0.9999 {
			r.Correct++
			t.Correct++
		} else {
			m.missed = append(m.missed, i)
		}
	}
	r.Score = float64(int(r.Score*10000+0.5)) / 10000 // keep 0.1+0.2 from exceeding Max
	for _, t := range byTopic {
		m.topics = append(m.topics, *t)
	}
	sort.Slice(m.topics, func(i, j int) bool { return m.topics[i].Topic < m.topics[j].Topic })
	m.result = r
	return m
}

func (m *summary) Init() tea.Cmd {
	res, r := m.env.cfg.Results, m.result
	if res == nil || r.Name == "" {
		return nil
	}
	return func() tea.Msg {
		_, err := res.Save(context.Background(), r)
		return savedMsg{err}
	}
}

func (m *summary) Title() string { return m.env.t("tui.sum.title") }
func (m *summary) Info() string  { return "" }

func (m *summary) Help() []key.Binding {
	k := m.env.keys
	return []key.Binding{k.Up, k.Down, k.Enter, k.Back}
}

func (m *summary) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case savedMsg:
		m.saved, m.saveErr = true, msg.err
	case tea.KeyMsg:
		k := m.env.keys
		_, h := m.env.bodySize()
		switch {
		case key.Matches(msg, k.Enter), key.Matches(msg, k.Back):
			return m, goHome
		case key.Matches(msg, k.Up):
			m.scroll = max(0, m.scroll-1)
		case key.Matches(msg, k.Down):
			m.scroll = min(m.scroll+1, max(0, len(m.lines())-h))
		case key.Matches(msg, k.PageDown):
			m.scroll = min(m.scroll+h-1, max(0, len(m.lines())-h))
		case key.Matches(msg, k.PageUp):
			m.scroll = max(0, m.scroll-h+1)
		}
	}
	return m, nil
}

func (m *summary) lines() []string {
	w, _ := m.env.bodySize()
	s := m.env.s
	r := m.result
	lang := m.env.lang
	lines := []string{
		s.Gold.Render(m.env.t("tui.sum.score", formatPoints(lang, r.Score), len(m.qs), fmt.Sprintf("%.0f", r.Percent()))),
		s.Text.Render(m.env.t("tui.sum.correct", r.Correct, r.Total, FormatDuration(r.Duration))),
	}
	switch {
	case m.env.cfg.Results == nil:
	case !m.saved:
		lines = append(lines, s.Muted.Render(m.env.t("tui.sum.saving")))
	case m.saveErr != nil:
		lines = append(lines, Lines(s.Error.Render(Wrap(m.env.t("tui.sum.saveerr", m.saveErr), w)))...)
	default:
		lines = append(lines, s.Muted.Render(Truncate(m.env.t("tui.sum.saved", r.Name), w)))
	}
	lines = append(lines, "", s.Title.Render(m.env.t("tui.sum.bytopic")))
	nameW := min(32, max(12, w/3))
	for _, t := range m.topics {
		frac := t.Points / float64(t.Total)
		label := fmt.Sprintf(" %d/%d", t.Correct, t.Total)
		st := s.Good
		if frac < 0.5 {
			st = s.Bad
		} else if frac < 0.8 {
			st = s.Warn
		}
		barW := max(5, w-nameW-1-len(label))
		lines = append(lines, PadRight(Truncate(t.Topic, nameW), nameW)+" "+Bar(s, barW, frac, st)+label)
	}
	lines = append(lines, "")
	if len(m.missed) == 0 {
		lines = append(lines, s.Good.Render(m.env.t("tui.sum.nomiss")))
	} else {
		lines = append(lines, s.Title.Render(m.env.t("tui.sum.missed", len(m.missed))))
		for _, i := range m.missed {
			q := &m.qs[i]
			head := fmt.Sprintf("%d. ", i+1)
			lines = append(lines, s.Bad.Render("✗ ")+head+Truncate(q.Text, w-2-len(head)))
			lines = append(lines, "    "+s.Good.Render(Truncate(m.env.t("tui.sum.key", q.KeyText(string(lang))), w-4)))
			if q.Source != "" {
				lines = append(lines, "    "+s.Muted.Render(Truncate(m.env.t("tui.sum.source", q.Source), w-4)))
			}
		}
	}
	return lines
}

func (m *summary) View() string {
	_, h := m.env.bodySize()
	return scrollLines(m.env.s, m.lines(), m.scroll, h)
}

// Result is the practice result the summary shows (and saves).
func (m *summary) Result() practice.Result { return m.result }
