package live

import (
	"github.com/charmbracelet/lipgloss"
)

// styles are the live screens' Lip Gloss styles, all built on the
// session's renderer: over SSH each client has its own colour profile, and
// a style from the global renderer would use the server's terminal.
// Colours are 256-colour values (what TERM=xterm-256color clients get) in
// the palette of the practice app; meaning never rests on colour alone.
//
// Each style is made the first time a screen uses it and kept: a Lip Gloss
// style is 552 bytes, and the 17 of them made up front were the largest
// piece of a contestant's session in the lobby, which uses five
// (BENCHMARKS.md). Screens hold styles by pointer, and a session's styles
// are used only by its own program's goroutine.
type styles struct {
	r    *lipgloss.Renderer
	made [styleCount]*lipgloss.Style
}

type styleID int

const (
	sTitleBar styleID = iota
	sTitle
	sText
	sMuted
	sAccent
	sGold
	sGood
	sBad
	sWarn
	sBox
	sNotice
	sKey
	sLetter
	sSelected
	sBarFull
	sBarEmpty
	sBig
	styleCount
)

func newStyles(r *lipgloss.Renderer) *styles { return &styles{r: r} }

func adaptive(light, dark string) lipgloss.AdaptiveColor {
	return lipgloss.AdaptiveColor{Light: light, Dark: dark}
}

var (
	colText    = adaptive("235", "253")
	colMuted   = adaptive("242", "246")
	colSubtle  = adaptive("250", "239")
	colAccent  = adaptive("25", "75")
	colAccent2 = adaptive("130", "221")
	colGood    = adaptive("28", "78")
	colBad     = adaptive("160", "203")
	colWarn    = adaptive("130", "214")
	colTitleFg = adaptive("230", "222")
	colTitleBg = adaptive("124", "88")
	colSelBg   = adaptive("254", "236")
)

// build makes style id on the session's renderer.
func (s *styles) build(id styleID) lipgloss.Style {
	n := s.r.NewStyle
	switch id {
	case sTitleBar:
		return n().Bold(true).Foreground(colTitleFg).Background(colTitleBg).Padding(0, 1)
	case sTitle:
		return n().Bold(true).Foreground(colAccent)
	case sText:
		return n().Foreground(colText)
	case sMuted:
		return n().Foreground(colMuted)
	case sAccent, sBarFull:
		return n().Foreground(colAccent)
	case sGold, sKey, sLetter, sBig:
		return n().Foreground(colAccent2).Bold(true)
	case sGood:
		return n().Foreground(colGood).Bold(true)
	case sBad:
		return n().Foreground(colBad).Bold(true)
	case sWarn:
		return n().Foreground(colWarn).Bold(true)
	case sBox:
		return n().Border(lipgloss.RoundedBorder()).BorderForeground(colSubtle).Padding(0, 1)
	case sNotice:
		return n().Border(lipgloss.RoundedBorder()).BorderForeground(colAccent2).Padding(0, 1)
	case sSelected:
		return n().Foreground(colAccent).Background(colSelBg).Bold(true)
	case sBarEmpty:
		return n().Foreground(colSubtle)
	}
	return n()
}

func (s *styles) get(id styleID) lipgloss.Style {
	if p := s.made[id]; p != nil {
		return *p
	}
	st := s.build(id)
	s.made[id] = &st
	return st
}

// The styles by role. Lip Gloss styles are values: changing the one
// returned (st.Text().Bold(true)) never changes the kept one.
func (s *styles) TitleBar() lipgloss.Style { return s.get(sTitleBar) }
func (s *styles) Title() lipgloss.Style    { return s.get(sTitle) }
func (s *styles) Text() lipgloss.Style     { return s.get(sText) }
func (s *styles) Muted() lipgloss.Style    { return s.get(sMuted) }
func (s *styles) Accent() lipgloss.Style   { return s.get(sAccent) }
func (s *styles) Gold() lipgloss.Style     { return s.get(sGold) }
func (s *styles) Good() lipgloss.Style     { return s.get(sGood) }
func (s *styles) Bad() lipgloss.Style      { return s.get(sBad) }
func (s *styles) Warn() lipgloss.Style     { return s.get(sWarn) }
func (s *styles) Box() lipgloss.Style      { return s.get(sBox) }
func (s *styles) Notice() lipgloss.Style   { return s.get(sNotice) }
func (s *styles) Key() lipgloss.Style      { return s.get(sKey) }
func (s *styles) Letter() lipgloss.Style   { return s.get(sLetter) }
func (s *styles) Selected() lipgloss.Style { return s.get(sSelected) }
func (s *styles) BarFull() lipgloss.Style  { return s.get(sBarFull) }
func (s *styles) BarEmpty() lipgloss.Style { return s.get(sBarEmpty) }
func (s *styles) Big() lipgloss.Style      { return s.get(sBig) }
