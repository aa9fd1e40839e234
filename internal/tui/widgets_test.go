package tui

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
	"golang.org/x/text/unicode/norm"

	"parquiz/internal/i18n"
)

func TestWrapAndTruncateMeasureCellsNotRunes(t *testing.T) {
	text := "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021–2030"
	for _, form := range []norm.Form{norm.NFC, norm.NFD} {
		s := form.String(text)
		for _, w := range []int{10, 17, 30} {
			for _, l := range Lines(Wrap(s, w)) {
				if got := ansi.StringWidth(l); got > w {
					t.Errorf("Wrap(%v, %d): line %q is %d cells", form, w, l, got)
				}
			}
			if got := ansi.StringWidth(Truncate(s, w)); got > w {
				t.Errorf("Truncate(%v, %d) is %d cells", form, w, got)
			}
		}
	}
	if got := Truncate("Tiếng Việt", 5); got != "Tiến…" {
		t.Errorf("Truncate = %q, want %q", got, "Tiến…")
	}
	// The decomposed form keeps its marks on the kept letters.
	if got := norm.NFC.String(Truncate(norm.NFD.String("Tiếng Việt"), 5)); got != "Tiến…" {
		t.Errorf("Truncate(NFD) = %q", got)
	}
}

func asciiStyles() Styles {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	return NewStyles(r, DefaultTheme())
}

func TestCountdownFromDeadline(t *testing.T) {
	s := asciiStyles()
	start := time.Date(2025, 1, 1, 8, 0, 0, 0, time.UTC)
	deadline := start.Add(20 * time.Second)
	if got := Remaining(start.Add(25*time.Second), deadline); got != 0 {
		t.Errorf("Remaining after the deadline = %v", got)
	}
	left := Remaining(start.Add(15*time.Second), deadline)
	bar := Countdown(s, 30, left, 20*time.Second)
	if ansi.StringWidth(bar) != 30 || !strings.HasSuffix(bar, " 5.0s") {
		t.Errorf("Countdown = %q (%d cells)", bar, ansi.StringWidth(bar))
	}
	if full, empty := strings.Count(bar, "█"), strings.Count(bar, "░"); full != 6 || empty != 18 {
		t.Errorf("bar has %d full and %d empty cells, want 6 and 18", full, empty)
	}
}

func TestRenderOptionsSpansAndMarks(t *testing.T) {
	s := asciiStyles()
	long := strings.Repeat("cải cách hành chính ", 6)
	block, spans := RenderOptions(s, OptionsView{
		Texts: []string{"Một", long, "Ba"}, Multiple: true, Checked: []bool{true, false, true},
		Cursor: 1, Reveal: true, Correct: []bool{true, true, false},
	}, 40)
	lines := Lines(block)
	if spans[0] != (Span{0, 1}) || spans[1].Top != 1 || spans[1].Height < 3 || spans[2].Top != spans[1].Top+spans[1].Height {
		t.Fatalf("spans = %v", spans)
	}
	if !strings.HasPrefix(lines[0], "✓ [x] A. Một") || !strings.HasPrefix(lines[spans[2].Top], "✗ [x] C. Ba") {
		t.Errorf("marks:\n%s", block)
	}
	for _, l := range lines {
		if ansi.StringWidth(l) > 40 {
			t.Errorf("line %q wider than 40", l)
		}
	}
}

func TestFrameIsExactlyTheTerminal(t *testing.T) {
	s := asciiStyles()
	body := strings.Repeat(strings.Repeat("Việt ", 30)+"\n", 40)
	for _, sz := range [][2]int{{60, 18}, {80, 24}, {132, 43}} {
		out := Frame(s, sz[0], sz[1], "parquiz · Luyện tập", "Câu 1/10", body, "help")
		lines := strings.Split(out, "\n")
		if len(lines) != sz[1] {
			t.Errorf("%v: %d lines", sz, len(lines))
		}
		for _, l := range lines {
			if ansi.StringWidth(l) > sz[0] {
				t.Errorf("%v: line %d cells", sz, ansi.StringWidth(l))
			}
		}
		if !strings.HasSuffix(out, "help") || !strings.Contains(lines[0], "Câu 1/10") {
			t.Errorf("%v: frame:\n%s", sz, out)
		}
	}
}

func TestTooSmallSaysWhatToDo(t *testing.T) {
	out := TooSmall(asciiStyles(), i18n.EN, 40, 10)
	if !strings.Contains(ansi.Strip(strings.Join(strings.Fields(out), " ")), "at least 60×18") {
		t.Errorf("TooSmall:\n%s", out)
	}
}

// NO_COLOR turns colour off through termenv's EnvColorProfile, which the
// renderer uses unless a profile is set explicitly.
func TestNoColorIsRespected(t *testing.T) {
	render := func() string {
		out := termenv.NewOutput(io.Discard, termenv.WithTTY(true), termenv.WithProfile(termenv.ANSI256))
		r := lipgloss.NewRenderer(io.Discard)
		r.SetOutput(out)
		r.SetHasDarkBackground(true)
		return NewStyles(r, DefaultTheme()).Good.Render("Đúng")
	}
	t.Setenv("TERM", "xterm-256color")
	t.Setenv("NO_COLOR", "")
	if got := render(); !strings.Contains(got, "38;5;78") {
		t.Errorf("without NO_COLOR: %q, want the 256-colour green", got)
	}
	t.Setenv("NO_COLOR", "1")
	if got := render(); strings.Contains(got, "38;5") || strings.Contains(got, "92m") {
		t.Errorf("with NO_COLOR: %q has colour", got)
	}
}

func TestLightAndDarkBackgrounds(t *testing.T) {
	style := func(dark bool) string {
		r := lipgloss.NewRenderer(io.Discard)
		r.SetColorProfile(termenv.ANSI256)
		r.SetHasDarkBackground(dark)
		return NewStyles(r, DefaultTheme()).Good.Render("x")
	}
	if d, l := style(true), style(false); !strings.Contains(d, "38;5;78") || !strings.Contains(l, "38;5;28") {
		t.Errorf("dark %q, light %q", d, l)
	}
}

func TestBubblesStylesComeFromTheSessionRenderer(t *testing.T) {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI256)
	s := NewStyles(r, DefaultTheme())
	ti := s.TextInput()
	ti.Focus()
	ti.SetValue("An")
	// The cursor is a Reverse cell: visible only when rendered with r, not
	// with the global (Ascii under go test) renderer.
	if !strings.Contains(ti.View(), "\x1b[7m") {
		t.Errorf("textinput cursor not drawn with the session renderer: %q", ti.View())
	}
	if ti.KeyMap.Paste.Enabled() {
		t.Error("ctrl+v paste (server clipboard) is enabled")
	}
	h := s.Help()
	if got := h.View(helpKeys{NewKeyMap(i18n.VI).Quit}); !strings.Contains(got, "38;5;") {
		t.Errorf("help not coloured by the session renderer: %q", got)
	}
}
