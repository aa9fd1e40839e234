package server

import (
	"errors"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/muesli/termenv"

	"parquiz/internal/i18n"
)

// sessionFPS is the frame rate of each session's renderer.
const sessionFPS = 30

// runProgram runs one session's Bubble Tea program. It replaces wish's
// bubbletea middleware, which has two bugs in v1.4.7 (see
// shared/design/bubbletea_notes.md §4): it reads the window-change channel
// without noticing that it was closed — a session that ends while its
// connection lives on (OpenSSH ControlMaster) then spins a core on
// WindowSizeMsg{0,0} — and it scopes cleanup to s.Context(), which belongs
// to the connection, not the session. Here the program quits when the
// channel closes, and everything per session is released when Run returns.
func (srv *Server) runProgram(s ssh.Session, role Role, remote string, l sessionLog) {
	pty, winch, _ := s.Pty()
	env := sessionEnv(s, pty.Term)
	lang := srv.cfg.Lang
	for _, kv := range s.Environ() {
		if v, ok := strings.CutPrefix(kv, "PARQUIZ_LANG="); ok {
			lang = i18n.Parse(v)
		}
	}
	sess := &Session{
		Role:     role,
		User:     s.User(),
		Remote:   remote,
		Key:      s.PublicKey(),
		Renderer: sessionRenderer(s, env),
		Lang:     lang,
		Seats:    srv.Seats,
		Limiter:  srv.Limiter,
	}
	model, cleanup := srv.cfg.App.NewModel(sess)
	if cleanup != nil {
		defer cleanup()
	}
	p := tea.NewProgram(model,
		tea.WithInput(s), tea.WithOutput(s),
		tea.WithAltScreen(), tea.WithMouseCellMotion(),
		// The process's signals belong to `parquiz serve`, not to each
		// session's program.
		tea.WithoutSignalHandler(),
		// The client's environment, not the server's: without it every
		// program keeps its own copy of the server process's environment.
		tea.WithEnvironment(env),
		// Bubble Tea v1 flushes each program's frame on its own ticker;
		// at the default 60 a second that is 120,000 timer wake-ups a
		// second with 2,000 sessions, most of the server's idle CPU
		// (BENCHMARKS.md). 30 frames a second is still instant for typing
		// and a countdown in whole seconds.
		tea.WithFPS(sessionFPS),
	)
	sess.setProgram(p)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case <-s.Context().Done(): // the connection is gone
				p.Quit()
				return
			case w, ok := <-winch:
				if !ok { // the session is gone; its connection may live on
					p.Quit()
					return
				}
				// also delivers the initial size (pre-queued from pty-req)
				p.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
			}
		}
	}()
	_, err := p.Run()
	switch {
	case errors.Is(err, tea.ErrProgramPanic):
		l.Error("session program panicked", "err", err)
	case err != nil && !errors.Is(err, tea.ErrProgramKilled):
		l.Error("session program failed", "err", err)
	}
	p.Kill()
	close(done)
}

// sessionRenderer builds the session's Lip Gloss renderer from the client's
// TERM and environment, without wish's MakeRenderer: that one queries the
// terminal's background (OSC 11 + DA1) and, on an SSH session, cannot time
// out the read, so a client that does not answer sees nothing until it
// types and loses what it typed first. We assume a dark background, which
// is what terminals in a hall (and the theme's fallback) use.
func sessionRenderer(s ssh.Session, env []string) *lipgloss.Renderer {
	r := lipgloss.NewRenderer(s, termenv.WithEnvironment(sshEnv(env)), termenv.WithUnsafe(), termenv.WithColorCache(true))
	r.SetHasDarkBackground(true)
	return r
}

// sessionEnv is the client's environment (what it sent with setenv), with
// TERM from the PTY request if the client did not send one.
func sessionEnv(s ssh.Session, term string) []string {
	env := s.Environ()
	for _, kv := range env {
		if strings.HasPrefix(kv, "TERM=") {
			return env
		}
	}
	if term != "" {
		env = append(env, "TERM="+term)
	}
	return env
}

// sshEnv is the client's environment for termenv's profile detection.
type sshEnv []string

func (e sshEnv) Environ() []string { return e }

func (e sshEnv) Getenv(k string) string {
	for _, kv := range e {
		if v, ok := strings.CutPrefix(kv, k+"="); ok {
			return v
		}
	}
	return ""
}
