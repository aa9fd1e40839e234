package tui

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"parquiz/internal/i18n"
	"parquiz/questions"
)

// The smallest terminal the screens are laid out for; below it the app
// shows TooSmall instead of a broken layout.
const (
	MinWidth  = 60
	MinHeight = 18
)

// Frame rows: a title bar and a blank line above the body, a blank line
// and the help line below it. Mouse hit-tests add FrameTop to body rows.
const (
	FrameTop    = 2
	FrameBottom = 2
)

// Wrap breaks s into lines of at most width cells, at spaces where it can
// and inside a word only when the word alone is too long. It measures
// cells (grapheme widths), never bytes or runes, so Vietnamese in NFC or
// NFD wraps the same.
func Wrap(s string, width int) string {
	if width < 1 {
		width = 1
	}
	return ansi.Wrap(s, width, "")
}

// Truncate cuts s to width cells, ending with "…" when it cut.
func Truncate(s string, width int) string {
	if width < 1 {
		return ""
	}
	return ansi.Truncate(s, width, "…")
}

// Lines splits a rendered block into its lines.
func Lines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// Frame lays out a full screen of exactly w×h cells: a title bar (title on
// the left, info on the right), the body clipped to h-FrameTop-FrameBottom
// lines and every line cut to w cells, and the help line at the bottom. A
// frame of constant height keeps the renderer's line diff small (no
// flicker) and keeps mouse rows stable.
func Frame(s Styles, w, h int, title, info, body, help string) string {
	inner := w - 2 // TitleBar has one cell of padding each side
	info = Truncate(info, max(0, inner/2))
	title = Truncate(title, max(0, inner-lipgloss.Width(info)-1))
	gap := max(1, inner-lipgloss.Width(title)-lipgloss.Width(info))
	bar := s.TitleBar.Width(w).MaxWidth(w).Render(title + strings.Repeat(" ", gap) + info)

	bodyH := max(0, h-FrameTop-FrameBottom)
	lines := make([]string, 0, h)
	lines = append(lines, bar, "")
	bl := Lines(body)
	for i := 0; i < bodyH; i++ {
		if i < len(bl) {
			lines = append(lines, Truncate(bl[i], w))
		} else {
			lines = append(lines, "")
		}
	}
	lines = append(lines, "", Truncate(help, w))
	return strings.Join(lines[:min(len(lines), max(h, 1))], "\n")
}

// BodySize is the body area of a Frame of w×h.
func BodySize(w, h int) (int, int) { return w, max(0, h-FrameTop-FrameBottom) }

// TooSmall is the whole screen shown when the terminal is below
// MinWidth×MinHeight: what the size is and what it must be.
func TooSmall(s Styles, lang i18n.Lang, w, h int) string {
	msg := lang.T("tui.toosmall", w, h, MinWidth, MinHeight)
	box := s.Warn.Render(Wrap(msg, max(10, w-4)))
	return s.R.Place(max(w, 1), max(h, 1), lipgloss.Center, lipgloss.Center, box)
}

// Remaining is the time left until deadline at now, never negative.
// Screens compute it from the deadline on every tick instead of counting
// ticks down, so a late or dropped tick cannot make the clock drift.
func Remaining(now, deadline time.Time) time.Duration {
	if d := deadline.Sub(now); d > 0 {
		return d
	}
	return 0
}

// Bar renders frac (0..1) as a bar of width cells: █ for the filled part
// in style full, ░ for the rest, so it reads without colour too.
func Bar(s Styles, width int, frac float64, full lipgloss.Style) string {
	if width < 1 {
		return ""
	}
	frac = math.Max(0, math.Min(1, frac))
	n := int(math.Round(frac * float64(width)))
	return full.Render(strings.Repeat("█", n)) + s.BarEmpty.Render(strings.Repeat("░", width-n))
}

// Countdown renders a countdown bar of width cells followed by the
// seconds left ("12.3s"). The bar turns amber under 30 % and red under
// 10 % of total.
func Countdown(s Styles, width int, left, total time.Duration) string {
	label := fmt.Sprintf("%4.1fs", math.Ceil(left.Seconds()*10)/10)
	frac := 0.0
	if total > 0 {
		frac = float64(left) / float64(total)
	}
	st := s.BarFull
	switch {
	case frac <= 0.1:
		st = s.Bad
	case frac <= 0.3:
		st = s.Warn
	}
	return Bar(s, max(1, width-lipgloss.Width(label)-1), frac, st) + " " + st.Render(label)
}

// OptionsView says how to draw the options of a question.
type OptionsView struct {
	Texts    []string
	Multiple bool   // draw tick boxes
	Checked  []bool // ticked (multiple) or chosen (single) options
	Cursor   int    // the option under the cursor, -1 for none
	Reveal   bool   // show the key
	Correct  []bool // the key, read when Reveal
}

// Span is where one option sits in the block RenderOptions returned:
// lines Top to Top+Height-1.
type Span struct{ Top, Height int }

// Contains reports whether line y is inside the span.
func (sp Span) Contains(y int) bool { return y >= sp.Top && y < sp.Top+sp.Height }

// RenderOptions draws options as "▸ A. text" rows (with "[x]" boxes for
// multiple choice), letters A–H, each text wrapped under itself, and marks
// ✓ on the key and ✗ on wrong picks at reveal. It returns the block and
// each option's Span, which the caller uses to map a mouse click's row to
// an option.
func RenderOptions(s Styles, v OptionsView, width int) (string, []Span) {
	var out []string
	spans := make([]Span, len(v.Texts))
	for i, text := range v.Texts {
		checked := i < len(v.Checked) && v.Checked[i]
		correct := i < len(v.Correct) && v.Correct[i]
		mark := "  "
		switch {
		case v.Reveal && correct:
			mark = s.Good.Render("✓ ")
		case v.Reveal && checked:
			mark = s.Bad.Render("✗ ")
		case i == v.Cursor:
			mark = s.Accent.Render("▸ ")
		}
		box := ""
		if v.Multiple {
			box = "[ ] "
			if checked {
				box = "[x] "
			}
		} else if checked && !v.Reveal {
			box = "● "
		}
		letter := s.Letter.Render(questions.Letter(i) + ".")
		prefixW := 2 + lipgloss.Width(box) + 3
		st := s.Text
		switch {
		case v.Reveal && correct:
			st = s.OptionRight
		case v.Reveal && checked:
			st = s.OptionWrong
		case i == v.Cursor:
			st = s.OptionCursor
		case checked:
			st = s.OptionChecked
		}
		wrapped := Lines(Wrap(text, max(8, width-prefixW)))
		spans[i] = Span{Top: len(out), Height: len(wrapped)}
		for j, l := range wrapped {
			if j == 0 {
				out = append(out, mark+box+letter+" "+st.Render(l))
			} else {
				out = append(out, strings.Repeat(" ", prefixW)+st.Render(l))
			}
		}
	}
	return strings.Join(out, "\n"), spans
}

// TruthOptions are the two options of a true/false question, in order
// Đúng (true), Sai (false).
func TruthOptions(lang i18n.Lang) []string {
	return []string{questions.TruthWord(true, string(lang)), questions.TruthWord(false, string(lang))}
}

// KindName is the name of a kind in lang.
func KindName(lang i18n.Lang, k questions.Kind) string { return lang.T("tui.kind." + string(k)) }

// LevelName is the name of a difficulty in lang; 0 is "any".
func LevelName(lang i18n.Lang, d int) string { return lang.T(fmt.Sprintf("tui.level.%d", d)) }

// FormatDuration shows a duration as m:ss.
func FormatDuration(d time.Duration) string {
	sec := int(d.Round(time.Second).Seconds())
	return fmt.Sprintf("%d:%02d", sec/60, sec%60)
}

// PadRight pads s with spaces to width cells (measured, not counted).
func PadRight(s string, width int) string {
	if w := lipgloss.Width(s); w < width {
		return s + strings.Repeat(" ", width-w)
	}
	return s
}
