package live

import (
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// TestStylesAreMadeOnUseFromTheSessionRenderer: a style is made the first
// time it is used, on the session's own renderer (its colour profile), and
// kept; changing a returned style does not change the kept one.
func TestStylesAreMadeOnUseFromTheSessionRenderer(t *testing.T) {
	r256 := lipgloss.NewRenderer(io.Discard)
	r256.SetColorProfile(termenv.ANSI256)
	r256.SetHasDarkBackground(true)
	plain := lipgloss.NewRenderer(io.Discard)
	plain.SetColorProfile(termenv.Ascii)
	a, b := newStyles(r256), newStyles(plain)
	for id, p := range a.made {
		if p != nil {
			t.Errorf("style %d made before use", id)
		}
	}
	if got := a.Gold().Render("x"); !strings.Contains(got, "38;5;221") {
		t.Errorf("256-colour session: Gold renders %q, want colour 221", got)
	}
	if got := b.Gold().Render("x"); got != "x" {
		t.Errorf("no-colour session: Gold renders %q, want plain x", got)
	}
	if a.made[sGold] == nil || a.made[sText] != nil {
		t.Errorf("after using Gold: made Gold %v, Text %v; want only Gold", a.made[sGold] != nil, a.made[sText] != nil)
	}
	if got := a.Text().Bold(true).Render("x"); !strings.Contains(got, "\x1b[1;") {
		t.Fatalf("bold text renders %q; the check below would prove nothing", got)
	}
	if got := a.Text().Render("x"); strings.Contains(got, "\x1b[1;") || strings.Contains(got, ";1m") {
		t.Errorf("Text became bold after a caller changed its copy: %q", got)
	}
}
