package tui

import (
	"github.com/charmbracelet/bubbles/key"

	"parquiz/internal/i18n"
)

// KeyMap holds every key binding of the terminal screens, with help texts
// in the interface language. Screens pick the bindings they show in their
// help line (see helpKeys); the same bindings drive Update, so help and
// behaviour cannot drift apart.
type KeyMap struct {
	Up, Down, Left, Right key.Binding
	Enter                 key.Binding // choose, confirm, next
	Back                  key.Binding // q or esc: back / leave
	Esc                   key.Binding // esc only (while typing, q is a letter)
	Quit                  key.Binding // ctrl+c from anywhere
	Toggle                key.Binding // space: tick an option, a topic
	Options               key.Binding // a–h or 1–8: pick an option (help only)
	Next                  key.Binding // n/enter/→ after a reveal
	Search                key.Binding // "/" in the bank browser
	Topic, Level, Kind    key.Binding // filters in the bank browser
	Counts                key.Binding // per-topic counts in the bank browser
	Tab                   key.Binding // next field / pane
	PageUp, PageDown      key.Binding
	Click                 key.Binding // mouse (help only)
}

// NewKeyMap builds the bindings with help in lang.
func NewKeyMap(lang i18n.Lang) KeyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, lang.T(desc)))
	}
	return KeyMap{
		Up:       b([]string{"up", "k"}, "↑/k", "tui.key.up"),
		Down:     b([]string{"down", "j"}, "↓/j", "tui.key.down"),
		Left:     b([]string{"left"}, "←", "tui.key.left"),
		Right:    b([]string{"right"}, "→", "tui.key.right"),
		Enter:    b([]string{"enter"}, "Enter", "tui.key.enter"),
		Back:     b([]string{"q", "esc"}, "q/Esc", "tui.key.back"),
		Esc:      b([]string{"esc"}, "Esc", "tui.key.back"),
		Quit:     b([]string{"ctrl+c"}, "Ctrl+C", "tui.key.quit"),
		Toggle:   b([]string{" "}, "Space", "tui.key.toggle"),
		Options:  b([]string{"a", "b", "c", "d", "e", "f", "g", "h", "A", "B", "C", "D", "E", "F", "G", "H", "1", "2", "3", "4", "5", "6", "7", "8"}, "A–H/1–8", "tui.key.options"),
		Next:     b([]string{"enter", "n", "right"}, "Enter/n", "tui.key.next"),
		Search:   b([]string{"/"}, "/", "tui.key.search"),
		Topic:    b([]string{"t"}, "t", "tui.key.topic"),
		Level:    b([]string{"d"}, "d", "tui.key.level"),
		Kind:     b([]string{"l"}, "l", "tui.key.kind"),
		Counts:   b([]string{"c"}, "c", "tui.key.counts"),
		Tab:      b([]string{"tab"}, "Tab", "tui.key.tab"),
		PageUp:   b([]string{"pgup"}, "PgUp", "tui.key.pgup"),
		PageDown: b([]string{"pgdown"}, "PgDn", "tui.key.pgdown"),
		// "mouse" is no key Bubble Tea ever reports: the binding is enabled
		// only so that help shows it; clicks arrive as tea.MouseMsg.
		Click: b([]string{"mouse"}, lang.T("tui.key.mouse"), "tui.key.click"),
	}
}

// helpKeys is a help.KeyMap made of a fixed list of bindings.
type helpKeys []key.Binding

func (h helpKeys) ShortHelp() []key.Binding  { return h }
func (h helpKeys) FullHelp() [][]key.Binding { return [][]key.Binding{h} }
