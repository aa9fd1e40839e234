package live

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"parquiz/internal/i18n"
	"parquiz/internal/server"
	"parquiz/quiz"
)

// TestKeyOnlyOnHostBeforeReveal: the host console shows the key of an open
// question, the board never does before the reveal, and shows the
// distribution after it.
func TestKeyOnlyOnHostBeforeReveal(t *testing.T) {
	a, _, _ := testContest(t, 2)
	a.Seats = server.NewSeats()
	n := quiz.Note{By: "test"}
	a.Engine.StartRound(n)
	a.Engine.NextQuestion(n)
	r := lipgloss.NewRenderer(nil)
	var h tea.Model = newHost(a, r, i18n.VI, "test", &resources{})
	var b tea.Model = newBoard(a, r, i18n.VI, &resources{})
	h, _ = h.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	b, _ = b.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	h, _ = h.Update(snapMsg{a.Engine.HostSnapshot()})
	b, _ = b.Update(snapMsg{a.Engine.BoardSnapshot()})
	if got := screen(h); !strings.Contains(got, "Đáp án: A. Phương án 1") || !strings.Contains(got, "Nguyễn Văn An") {
		t.Errorf("host console lacks the key or the roster:\n%s", got)
	}
	if got := screen(b); strings.Contains(got, "Đáp án") || strings.Contains(got, "✓") {
		t.Errorf("board shows the key before the reveal:\n%s", got)
	}
	a.Engine.CloseNow(n)
	a.Engine.Reveal(n)
	b, _ = b.Update(snapMsg{a.Engine.BoardSnapshot()})
	if got := screen(b); !strings.Contains(got, "✓ A. Phương án 1") || !strings.Contains(got, "0 (0%)") {
		t.Errorf("board reveal lacks the distribution:\n%s", got)
	}
	// the host's keys drive the engine: s/n/… are commands in Cmds
	_, cmd := h.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("t")})
	if msg := cmd(); msg.(actionDoneMsg).err != nil {
		t.Errorf("standings from the console: %v", msg.(actionDoneMsg).err)
	}
	if got, want := a.Engine.Phase(), quiz.PhaseStandings; got != want {
		t.Errorf("phase = %q, want %q", got, want)
	}
	// destructive actions ask first
	h, cmd = h.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("E")})
	if cmd != nil || h.(*host).prompt == nil {
		t.Error("ending the contest did not ask for a reason")
	}
}

// TestShuffledLettersOnScreens: with a per-contestant shuffle the board
// and the host show the bank's letters (the key is A here), while a
// contestant who has the key under another letter sees their own letter
// in the reveal, marked ✓.
func TestShuffledLettersOnScreens(t *testing.T) {
	a := shuffledContest(t, quiz.ShuffleContestant)
	n := quiz.Note{By: "test"}
	a.Engine.StartRound(n)
	a.Engine.NextQuestion(n)
	code, mine := "", ""
	for _, c := range []string{"AAA111", "BBB222", "CCC333"} {
		s, _ := a.Engine.SnapshotFor(c)
		for _, o := range s.Question.Options {
			if o.Index == 0 && o.Letter != "A" {
				code, mine = c, o.Letter
			}
		}
	}
	if code == "" {
		t.Fatal("set-up: every contestant has the key under A")
	}
	submit(t, a, code, 0)
	a.Engine.CloseNow(n)
	a.Engine.Reveal(n)

	r := lipgloss.NewRenderer(nil)
	var b tea.Model = newBoard(a, r, i18n.VI, &resources{})
	b, _ = b.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	b, _ = b.Update(snapMsg{a.Engine.BoardSnapshot()})
	if got := screen(b); !strings.Contains(got, "✓ A. Phương án 1") || !strings.Contains(got, "1 (100%)") || !strings.Contains(got, "Đáp án: A. Phương án 1") {
		t.Errorf("board: the key is not A with its count:\n%s", got)
	}
	h := console(t, a)
	if got := screen(h); !strings.Contains(got, "Đáp án: A. Phương án 1") || !strings.Contains(got, "A:1  B:0") {
		t.Errorf("host: the key or the distribution is not in the bank's letters:\n%s", got)
	}

	m, res := newTestContestant(a, a.Seats, nil)
	defer res.close()
	var tm tea.Model = m
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	tm = typeText(t, tm, code)
	tm, cmd := tm.Update(key("enter"))
	tm = drain(t, tm, cmd)
	got := screen(tm)
	if !strings.Contains(got, "✓ "+mine+". Phương án 1") || !strings.Contains(got, "Đáp án: "+mine+". Phương án 1") || !strings.Contains(got, "Chính xác!") {
		t.Errorf("%s's reveal does not use their letter %s:\n%s", code, mine, got)
	}
}
