package tui

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"parquiz/internal/practice"
)

// The home menu, in order.
const (
	menuPractice = iota
	menuBank
	menuHost
	menuQuit
	menuLen
)

// bestLimit is how many rows the best-scores table shows.
const bestLimit = 5

type bestMsg struct {
	rows []practice.Result
	err  error
}

// home is the first screen: the contest's title, what parquiz is, the
// menu and the best practice scores.
type home struct {
	env     *env
	cursor  int
	best    []practice.Result
	loaded  bool
	bestErr error
}

func newHome(e *env) *home { return &home{env: e} }

// Init loads the best scores in a Cmd, so the first frame does not wait
// for the database.
func (h *home) Init() tea.Cmd { return h.loadBest() }

func (h *home) loadBest() tea.Cmd {
	res := h.env.cfg.Results
	if res == nil {
		return func() tea.Msg { return bestMsg{} }
	}
	return func() tea.Msg {
		rows, err := res.Best(context.Background(), bestLimit)
		return bestMsg{rows, err}
	}
}

func (h *home) Title() string { return "" }
func (h *home) Info() string  { return h.env.t("tui.home.info") }

func (h *home) Help() []key.Binding {
	k := h.env.keys
	return []key.Binding{k.Up, k.Down, k.Enter, k.Back}
}

func (h *home) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case bestMsg:
		h.best, h.bestErr, h.loaded = msg.rows, msg.err, true
	case shownMsg:
		return h, h.loadBest()
	case tea.KeyMsg:
		k := h.env.keys
		switch {
		case key.Matches(msg, k.Up):
			h.cursor = (h.cursor + menuLen - 1) % menuLen
		case key.Matches(msg, k.Down), key.Matches(msg, k.Tab):
			h.cursor = (h.cursor + 1) % menuLen
		case key.Matches(msg, k.Enter):
			return h, h.choose(h.cursor)
		case key.Matches(msg, k.Back):
			return h, tea.Quit
		case msg.Type == tea.KeyRunes && len(msg.Runes) == 1 && msg.Runes[0] >= '1' && msg.Runes[0] < '1'+menuLen:
			h.cursor = int(msg.Runes[0] - '1')
			return h, h.choose(h.cursor)
		}
	case tea.MouseMsg:
		if msg.Action == tea.MouseActionPress && msg.Button == tea.MouseButtonLeft {
			if i, ok := h.menuAt(msg.Y - FrameTop); ok {
				h.cursor = i
				return h, h.choose(i)
			}
		}
	}
	return h, nil
}

func (h *home) choose(i int) tea.Cmd {
	switch i {
	case menuPractice:
		return push(newSetup(h.env))
	case menuBank:
		return push(newBrowser(h.env))
	case menuHost:
		return push(newOrganise(h.env))
	}
	return tea.Quit
}

// header is everything above the menu; its height gives the menu's row.
func (h *home) header(w int) []string {
	s := h.env.s
	var lines []string
	lines = append(lines, Lines(s.Gold.Render(Wrap(h.env.t("tui.home.contest"), w)))...)
	lines = append(lines, Lines(s.Muted.Render(Wrap(h.env.t("tui.home.about"), w)))...)
	if n := h.env.cfg.Notice; n != "" {
		lines = append(lines, "")
		lines = append(lines, Lines(s.Notice.Render(Wrap(n, max(10, w-4))))...)
	}
	return append(lines, "")
}

func (h *home) menuAt(y int) (int, bool) {
	w, _ := h.env.bodySize()
	i := y - len(h.header(w))
	return i, i >= 0 && i < menuLen
}

func (h *home) View() string {
	w, _ := h.env.bodySize()
	s := h.env.s
	lines := h.header(w)

	items := []string{"tui.menu.practice", "tui.menu.bank", "tui.menu.host", "tui.menu.quit"}
	var menu []string
	for i, it := range items {
		label := fmt.Sprintf("%d  %s", i+1, h.env.t(it))
		if i == h.cursor {
			menu = append(menu, s.Accent.Render("▸ ")+s.Selected.Render(label))
		} else {
			menu = append(menu, "  "+s.Text.Render(label))
		}
	}
	menuBlock := strings.Join(menu, "\n")
	const menuW = 30
	var block string
	if w >= menuW+44 {
		block = lipgloss.JoinHorizontal(lipgloss.Top, s.R.NewStyle().Width(menuW).Render(menuBlock), h.bestTable(w-menuW))
	} else {
		block = menuBlock + "\n\n" + h.bestTable(w)
	}
	return strings.Join(append(lines, Lines(block)...), "\n")
}

// bestTable renders the best scores in columns measured in cells.
func (h *home) bestTable(w int) string {
	s := h.env.s
	out := []string{s.Title.Render(h.env.t("tui.home.best"))}
	switch {
	case !h.loaded:
		return strings.Join(append(out, s.Muted.Render(h.env.t("tui.loading"))), "\n")
	case h.bestErr != nil:
		return strings.Join(append(out, s.Error.Render(Truncate(h.env.t("tui.home.besterr", h.bestErr), w))), "\n")
	case len(h.best) == 0:
		return strings.Join(append(out, s.Muted.Render(Wrap(h.env.t("tui.home.nobest"), w))), "\n")
	}
	nameW := max(8, w-3-8-8-6-4)
	head := PadRight("#", 3) + PadRight(h.env.t("tui.col.name"), nameW) + " " +
		PadRight(h.env.t("tui.col.score"), 8) + PadRight(h.env.t("tui.col.correct"), 8) + h.env.t("tui.col.time")
	out = append(out, s.Muted.Render(Truncate(head, w)))
	for i, r := range h.best {
		row := PadRight(fmt.Sprint(i+1), 3) + PadRight(Truncate(r.Name, nameW), nameW) + " " +
			PadRight(fmt.Sprintf("%.0f%%", r.Percent()), 8) +
			PadRight(fmt.Sprintf("%d/%d", r.Correct, r.Total), 8) + FormatDuration(r.Duration)
		st := s.Text
		if i == 0 {
			st = s.Gold
		}
		out = append(out, st.Render(Truncate(row, w)))
	}
	return strings.Join(out, "\n")
}
