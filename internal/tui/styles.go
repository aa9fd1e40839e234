package tui

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/lipgloss"
)

// Theme is the colour palette. Every colour is an AdaptiveColor in the
// 256-colour range (what an SSH client with TERM=xterm-256color gets), one
// value for light and one for dark backgrounds; the renderer picks the side
// from the terminal's answer (HasDarkBackground) and downsamples for 16
// colours. With NO_COLOR the renderer's profile is Ascii and no colour is
// sent at all, so no meaning may rest on colour alone: marks (✓ ✗ ▸ ●) and
// glyphs (█ ░) carry it too.
type Theme struct {
	Text, Muted, Subtle lipgloss.AdaptiveColor
	Accent, Accent2     lipgloss.AdaptiveColor
	Good, Bad, Warn     lipgloss.AdaptiveColor
	TitleFg, TitleBg    lipgloss.AdaptiveColor
	SelectedBg          lipgloss.AdaptiveColor
}

// DefaultTheme is parquiz's palette: a red and gold title bar (the colours
// of the flag, as contest banners use), blue accents, green/red for
// right/wrong and amber for a running-out clock.
func DefaultTheme() Theme {
	c := func(light, dark string) lipgloss.AdaptiveColor {
		return lipgloss.AdaptiveColor{Light: light, Dark: dark}
	}
	return Theme{
		Text:       c("235", "253"),
		Muted:      c("242", "246"),
		Subtle:     c("250", "239"),
		Accent:     c("25", "75"),
		Accent2:    c("130", "221"),
		Good:       c("28", "78"),
		Bad:        c("160", "203"),
		Warn:       c("130", "214"),
		TitleFg:    c("230", "222"),
		TitleBg:    c("124", "88"),
		SelectedBg: c("254", "236"),
	}
}

// Styles are all the Lip Gloss styles of the terminal screens, built from
// one renderer. Over SSH each session has its own renderer (its client's
// colour profile and background), so Styles must never come from the
// global lipgloss.NewStyle(): build them with NewStyles(session renderer).
type Styles struct {
	R     *lipgloss.Renderer
	Theme Theme

	TitleBar lipgloss.Style // the top line of every screen
	Title    lipgloss.Style // headings inside a screen
	Text     lipgloss.Style
	Muted    lipgloss.Style
	Accent   lipgloss.Style
	Gold     lipgloss.Style
	Good     lipgloss.Style
	Bad      lipgloss.Style
	Warn     lipgloss.Style
	Error    lipgloss.Style
	Notice   lipgloss.Style // a framed message (first run, hints)
	Selected lipgloss.Style // the row under the cursor
	Box      lipgloss.Style // a rounded border around a pane
	Key      lipgloss.Style // a key name shown in text ("Enter")

	Letter        lipgloss.Style // the option letter "A."
	OptionCursor  lipgloss.Style // the option under the cursor
	OptionChecked lipgloss.Style // a ticked option (multiple choice)
	OptionRight   lipgloss.Style // the key at reveal
	OptionWrong   lipgloss.Style // a wrong pick at reveal

	BarFull, BarEmpty lipgloss.Style
}

// NewStyles builds the styles on r. It asks r for the background
// (HasDarkBackground) once here, before the program starts reading the
// input, because the terminal's answer arrives on the same input; termenv
// falls back to dark when the terminal does not answer (and never asks
// inside tmux or screen).
func NewStyles(r *lipgloss.Renderer, t Theme) Styles {
	if r == nil {
		r = lipgloss.DefaultRenderer()
	}
	r.HasDarkBackground()
	n := r.NewStyle
	return Styles{
		R:     r,
		Theme: t,

		TitleBar: n().Bold(true).Foreground(t.TitleFg).Background(t.TitleBg).Padding(0, 1),
		Title:    n().Bold(true).Foreground(t.Accent),
		Text:     n().Foreground(t.Text),
		Muted:    n().Foreground(t.Muted),
		Accent:   n().Foreground(t.Accent),
		Gold:     n().Foreground(t.Accent2).Bold(true),
		Good:     n().Foreground(t.Good).Bold(true),
		Bad:      n().Foreground(t.Bad).Bold(true),
		Warn:     n().Foreground(t.Warn).Bold(true),
		Error:    n().Foreground(t.Bad),
		Notice:   n().Foreground(t.Text).Border(lipgloss.RoundedBorder()).BorderForeground(t.Accent2).Padding(0, 1),
		Selected: n().Foreground(t.Accent).Background(t.SelectedBg).Bold(true),
		Box:      n().Border(lipgloss.RoundedBorder()).BorderForeground(t.Subtle).Padding(0, 1),
		Key:      n().Foreground(t.Accent2).Bold(true),

		Letter:        n().Foreground(t.Accent2).Bold(true),
		OptionCursor:  n().Foreground(t.Accent).Background(t.SelectedBg).Bold(true),
		OptionChecked: n().Foreground(t.Accent).Bold(true),
		OptionRight:   n().Foreground(t.Good).Bold(true),
		OptionWrong:   n().Foreground(t.Bad).Strikethrough(true),

		BarFull:  n().Foreground(t.Accent),
		BarEmpty: n().Foreground(t.Subtle),
	}
}

// Help returns a bubbles help model whose styles come from s's renderer
// (bubbles' defaults use the global renderer, which over SSH is the
// server's terminal, not the player's).
func (s Styles) Help() help.Model {
	h := help.New()
	key := s.R.NewStyle().Foreground(s.Theme.Accent2).Bold(true)
	desc := s.R.NewStyle().Foreground(s.Theme.Muted)
	sep := s.R.NewStyle().Foreground(s.Theme.Subtle)
	h.Styles = help.Styles{
		Ellipsis: sep, ShortKey: key, ShortDesc: desc, ShortSeparator: sep,
		FullKey: key, FullDesc: desc, FullSeparator: sep,
	}
	return h
}

// TextInput returns a bubbles text input styled from s's renderer (so the
// cursor stays visible over SSH) with ctrl+v disabled: that binding reads
// the clipboard of the machine running parquiz, which for an SSH player is
// the server. Bracketed paste from the player's terminal still works.
func (s Styles) TextInput() textinput.Model {
	ti := textinput.New()
	ti.Prompt = "› "
	ti.PromptStyle = s.R.NewStyle().Foreground(s.Theme.Accent).Bold(true)
	ti.TextStyle = s.R.NewStyle().Foreground(s.Theme.Text)
	ti.PlaceholderStyle = s.R.NewStyle().Foreground(s.Theme.Muted)
	ti.CompletionStyle = s.R.NewStyle().Foreground(s.Theme.Muted)
	ti.Cursor.Style = s.R.NewStyle()
	ti.Cursor.TextStyle = s.R.NewStyle()
	ti.KeyMap.Paste.SetEnabled(false)
	return ti
}
