// Package live holds the screens of a live contest over SSH: the
// contestant's (login with a code, lobby, question, reveal, standings,
// final place), the host console (roster with connection state, the
// current question with its key, every engine action with confirmations
// and reasons, a log) and the projector board (big countdown, answer
// distribution, standings, podium). It also runs the scriptable host
// commands (`ssh host@… status --json`).
//
// Every model renders from the engine's snapshots (SnapshotFor,
// BoardSnapshot, HostSnapshot), so a screen can only show what the engine
// lets its audience see: a contestant's snapshot never holds the key before
// reveal. Events from the hub only say "something changed"; the model then
// fetches a fresh snapshot in a Cmd. Styles come from the session's own
// renderer; no model is shared between sessions.
package live

import (
	"context"
	"io"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/log"

	"parquiz/internal/i18n"
	"parquiz/internal/server"
	"parquiz/quiz"
)

// Events is one screen's subscription to the engine's events.
type Events interface {
	// C delivers events; it is closed when the subscription ends or falls
	// behind (the screen then resubscribes and fetches a snapshot).
	C() <-chan quiz.Event
	Close()
}

// SubscribeFunc subscribes a screen: code "" for the public events (board),
// a contestant code for public events plus that contestant's private ones,
// host true for everything.
type SubscribeFunc func(code string, host bool) Events

// App is the live contest as the SSH server and the local console see it.
// It implements server.App.
type App struct {
	Engine    *quiz.Engine
	Subscribe SubscribeFunc
	Seats     *server.Seats
	Logger    *log.Logger
	Lang      i18n.Lang
	// Now is the clock used for countdowns (the engine's clock in tests).
	Now func() time.Time
	// Export writes the results for the host console's export key and
	// returns the files written.
	Export func(format string) ([]string, error)
	// Welcome are the first lines of the local console's log: how
	// contestants, the board and hosts connect, which the console would
	// otherwise hide until it closes.
	Welcome []string
}

func (a *App) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}

func (a *App) logger() *log.Logger {
	if a.Logger == nil {
		return log.NewWithOptions(io.Discard, log.Options{})
	}
	return a.Logger
}

// NewModel builds the model for one SSH session by its role.
func (a *App) NewModel(sess *server.Session) (tea.Model, func()) {
	res := &resources{}
	switch sess.Role {
	case server.RoleBoard:
		return newBoard(a, sess.Renderer, sess.Lang, res), res.close
	case server.RoleHost:
		by := "ssh"
		if sess.Key != nil {
			by = server.Fingerprint(sess.Key)
		}
		return newHost(a, sess.Renderer, sess.Lang, by, res), res.close
	}
	return newContestant(a, sess, res), res.close
}

// NewConsole builds the host console for the terminal running `parquiz
// serve` (its renderer is the process's own).
func (a *App) NewConsole(r *lipgloss.Renderer) (tea.Model, func()) {
	res := &resources{}
	m := newHost(a, r, a.Lang, "console", res)
	for _, l := range a.Welcome {
		m.addLog(l)
	}
	return m, res.close
}

// Command runs a scriptable host command; see commands.go.
func (a *App) Command(ctx context.Context, args []string, out, errOut io.Writer) int {
	return a.runCommand(ctx, args, out, errOut)
}

var _ server.App = (*App)(nil)
