// Package tui holds parquiz's terminal screens for one person at one
// terminal: the home screen, practice (setup, questions, summary), the
// read-only bank browser and the organise screen, which checks a contest
// and hands it to `parquiz serve` on the same terminal. It also
// provides the reusable pieces that the live contest screens
// (internal/tui/live) build on: Styles and Theme (from a per-session
// *lipgloss.Renderer), KeyMap, and widgets (Frame, TooSmall, Countdown,
// Bar, RenderOptions, Wrap, Truncate).
//
// The root model (App) keeps a stack of screens. Keys and mouse go to the
// top screen; every other message goes to every screen on the stack, so an
// answer from the bank that arrives after the user moved on is not lost.
// Ctrl+C quits from anywhere, and a terminal below MinWidth×MinHeight
// shows TooSmall instead of a broken layout.
package tui

import (
	"context"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"parquiz/internal/i18n"
	"parquiz/internal/practice"
	"parquiz/questions"
)

// Bank is what the screens read from the question bank
// (*bank.Bank implements it). The screens never write to it.
type Bank interface {
	List(ctx context.Context, f questions.Filter) ([]questions.Question, error)
	Stats(ctx context.Context, f questions.Filter) (questions.Stats, error)
	Draw(ctx context.Context, spec questions.DrawSpec) ([]questions.Question, error)
}

// Results stores practice results and the remembered player name
// (*practice.Store implements it).
type Results interface {
	Name(ctx context.Context) (string, error)
	SetName(ctx context.Context, name string) error
	Save(ctx context.Context, r practice.Result) (int64, error)
	Best(ctx context.Context, limit int) ([]practice.Result, error)
}

// Config is what the App needs. Bank is required; the rest has defaults.
type Config struct {
	Bank     Bank
	Results  Results            // nil: practice results are not saved
	Lang     i18n.Lang          // interface language, VI by default
	Renderer *lipgloss.Renderer // nil: lipgloss.DefaultRenderer() (local terminal only)
	Now      func() time.Time   // the clock; tests inject one
	Notice   string             // shown on the home screen, e.g. where the first run created the DB
	// Organiser lets the organise screen check and start a live contest;
	// nil: the screen only shows the commands.
	Organiser Organiser
}

// env is shared by the screens of one App: configuration, styles, keys
// and the current terminal size. Only the program's goroutine touches it
// (Update and View); Cmds copy what they need.
type env struct {
	cfg  Config
	lang i18n.Lang
	s    Styles
	keys KeyMap
	help help.Model
	now  func() time.Time
	// tick arms the countdown's next repaint; tests replace it to drive
	// the countdown by hand.
	tick func(seq int) tea.Cmd
	w, h int
	// serve is set by the organise screen when it quits the program to
	// start a live contest (see App.Serve).
	serve *ServeRequest
}

func (e *env) t(k string, args ...any) string { return e.lang.T(k, args...) }

// bodySize is the area a screen draws in.
func (e *env) bodySize() (int, int) { return BodySize(e.w, e.h) }

// screen is one page of the app. View returns the body only; the App
// frames it with the title bar and the help line.
type screen interface {
	Init() tea.Cmd
	Update(msg tea.Msg) (screen, tea.Cmd)
	View() string
	Title() string
	Info() string // right side of the title bar
	Help() []key.Binding
}

// Navigation messages, returned by screens as Cmds.
type (
	pushMsg    struct{ s screen } // open s on top
	replaceMsg struct{ s screen } // replace the top screen with s
	popMsg     struct{}           // back; quits when the stack empties
	homeMsg    struct{}           // back to the home screen
	// shownMsg tells a screen it is on top again (after a pop).
	shownMsg struct{}
)

func push(s screen) tea.Cmd    { return func() tea.Msg { return pushMsg{s} } }
func replace(s screen) tea.Cmd { return func() tea.Msg { return replaceMsg{s} } }
func pop() tea.Msg             { return popMsg{} }
func goHome() tea.Msg          { return homeMsg{} }

// App is the root Bubble Tea model of `parquiz` with no arguments.
type App struct {
	env   *env
	stack []screen
}

// New builds the App on the home screen.
func New(cfg Config) App {
	if cfg.Lang == "" {
		cfg.Lang = i18n.VI
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := NewStyles(cfg.Renderer, DefaultTheme())
	e := &env{cfg: cfg, lang: cfg.Lang, s: s, keys: NewKeyMap(cfg.Lang), help: s.Help(), now: cfg.Now, tick: tick, w: 80, h: 24}
	return App{env: e, stack: []screen{newHome(e)}}
}

// Options are the Bubble Tea options the App is meant to run with: the
// alternate screen and mouse clicks (cell motion, SGR).
func Options() []tea.ProgramOption {
	return []tea.ProgramOption{tea.WithAltScreen(), tea.WithMouseCellMotion()}
}

// Init starts the home screen's loading (best scores) after the first
// frame: nothing slow runs before the user sees something.
func (a App) Init() tea.Cmd { return a.top().Init() }

func (a App) top() screen { return a.stack[len(a.stack)-1] }

// Update routes msg: global keys and size here, input to the top screen,
// everything else to every screen on the stack.
func (a App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		// A 0×0 PTY (some SSH clients) is treated as 80×24.
		a.env.w, a.env.h = msg.Width, msg.Height
		if a.env.w <= 0 || a.env.h <= 0 {
			a.env.w, a.env.h = 80, 24
		}
		a.env.help.Width = a.env.w
		return a, nil
	case tea.KeyMsg:
		if key.Matches(msg, a.env.keys.Quit) {
			return a, tea.Quit
		}
		if a.tooSmall() {
			if key.Matches(msg, a.env.keys.Back) {
				return a, tea.Quit
			}
			return a, nil
		}
		return a.updateTop(msg)
	case tea.MouseMsg:
		if a.tooSmall() {
			return a, nil
		}
		return a.updateTop(msg)
	case pushMsg:
		a.stack = append(a.stack, msg.s)
		return a, msg.s.Init()
	case replaceMsg:
		a.stack = append(a.stack[:len(a.stack)-1:len(a.stack)-1], msg.s)
		return a, msg.s.Init()
	case popMsg:
		if len(a.stack) == 1 {
			return a, tea.Quit
		}
		a.stack = a.stack[:len(a.stack)-1]
		return a.updateTop(shownMsg{})
	case homeMsg:
		a.stack = a.stack[:1]
		return a.updateTop(shownMsg{})
	}
	cmds := make([]tea.Cmd, 0, len(a.stack))
	for i, s := range a.stack {
		var cmd tea.Cmd
		a.stack[i], cmd = s.Update(msg)
		cmds = append(cmds, cmd)
	}
	return a, tea.Batch(cmds...)
}

func (a App) updateTop(msg tea.Msg) (tea.Model, tea.Cmd) {
	stack := append([]screen(nil), a.stack...)
	var cmd tea.Cmd
	stack[len(stack)-1], cmd = a.top().Update(msg)
	a.stack = stack
	return a, cmd
}

func (a App) tooSmall() bool { return a.env.w < MinWidth || a.env.h < MinHeight }

// View frames the top screen, or shows TooSmall.
func (a App) View() string {
	e := a.env
	if a.tooSmall() {
		return TooSmall(e.s, e.lang, e.w, e.h)
	}
	t := a.top()
	title := "parquiz"
	if st := t.Title(); st != "" {
		title += " · " + st
	}
	keys := append(t.Help(), e.keys.Quit)
	return Frame(e.s, e.w, e.h, title, t.Info(), t.View(), e.help.View(helpKeys(keys)))
}

// Serve reports the live contest the user chose to start on the organise
// screen; the program has quit, and the caller runs it.
func (a App) Serve() (ServeRequest, bool) {
	if a.env.serve == nil {
		return ServeRequest{}, false
	}
	return *a.env.serve, true
}

// Screen names the top screen, for tests and logs.
func (a App) Screen() string {
	switch a.top().(type) {
	case *home:
		return "home"
	case *organise:
		return "organise"
	case *setup:
		return "setup"
	case *run:
		return "run"
	case *summary:
		return "summary"
	case *browser:
		return "browser"
	}
	return "?"
}
