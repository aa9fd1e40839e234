package live

import (
	"github.com/charmbracelet/lipgloss"
)

// styles are the live screens' Lip Gloss styles, all built on the
// session's renderer: over SSH each client has its own colour profile, and
// a style from the global renderer would use the server's terminal.
// Colours are 256-colour values (what TERM=xterm-256color clients get) in
// the palette of the practice app; meaning never rests on colour alone.
// Screens hold them by pointer: the struct is ~9 KB (17 Lip Gloss styles),
// and passing it by value to every render helper made each session's
// render goroutine grow a larger stack.
type styles struct {
	r *lipgloss.Renderer

	TitleBar, Title, Text, Muted, Accent, Gold lipgloss.Style
	Good, Bad, Warn, Box, Notice, Key, Letter  lipgloss.Style
	Selected, BarFull, BarEmpty, Big           lipgloss.Style
}

func newStyles(r *lipgloss.Renderer) *styles {
	c := func(light, dark string) lipgloss.AdaptiveColor {
		return lipgloss.AdaptiveColor{Light: light, Dark: dark}
	}
	var (
		text    = c("235", "253")
		muted   = c("242", "246")
		subtle  = c("250", "239")
		accent  = c("25", "75")
		accent2 = c("130", "221")
		good    = c("28", "78")
		bad     = c("160", "203")
		warn    = c("130", "214")
		titleFg = c("230", "222")
		titleBg = c("124", "88")
		selBg   = c("254", "236")
	)
	n := r.NewStyle
	return &styles{
		r:        r,
		TitleBar: n().Bold(true).Foreground(titleFg).Background(titleBg).Padding(0, 1),
		Title:    n().Bold(true).Foreground(accent),
		Text:     n().Foreground(text),
		Muted:    n().Foreground(muted),
		Accent:   n().Foreground(accent),
		Gold:     n().Foreground(accent2).Bold(true),
		Good:     n().Foreground(good).Bold(true),
		Bad:      n().Foreground(bad).Bold(true),
		Warn:     n().Foreground(warn).Bold(true),
		Box:      n().Border(lipgloss.RoundedBorder()).BorderForeground(subtle).Padding(0, 1),
		Notice:   n().Border(lipgloss.RoundedBorder()).BorderForeground(accent2).Padding(0, 1),
		Key:      n().Foreground(accent2).Bold(true),
		Letter:   n().Foreground(accent2).Bold(true),
		Selected: n().Foreground(accent).Background(selBg).Bold(true),
		BarFull:  n().Foreground(accent),
		BarEmpty: n().Foreground(subtle),
		Big:      n().Foreground(accent2).Bold(true),
	}
}
