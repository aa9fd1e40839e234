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
