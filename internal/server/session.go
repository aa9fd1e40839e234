package server

import (
	"errors"
	"fmt"
	"strings"
	"time"

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
//
// The server can end the program itself (Session.end): at Shutdown, or
// when a play@ session has not logged in within LoginTimeout. The program
// then quits the normal way, which restores the client's terminal, and
// the reason is written after it, with the exit status.
func (srv *Server) runProgram(s ssh.Session, role Role, remote string, l sessionLog) *Session {
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
		cs:       connOf(s.Context()),
		fail:     srv.fail,
	}
	if role != RolePlay {
		sess.loggedIn = true
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
	srv.mu.Lock()
	closing := srv.closing
	if !closing {
		srv.programs[sess] = struct{}{}
	}
	srv.mu.Unlock()
	if closing {
		p.Kill() // never started: Run returns at once
		sess.stop = stopShutdown
	} else {
		defer func() {
			srv.mu.Lock()
			delete(srv.programs, sess)
			srv.mu.Unlock()
		}()
	}
	if role == RolePlay && !sess.isLoggedIn() {
		t := time.AfterFunc(srv.Limiter.Limits.LoginTimeout, func() {
			if !sess.isLoggedIn() {
				srv.fail.warn("closed session: no valid code in time", remote, "limit", srv.Limiter.Limits.LoginTimeout)
				sess.end(stopDeadline)
			}
		})
		defer t.Stop()
	}
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
	var err error
	if !closing {
		_, err = p.Run()
	}
	switch {
	case errors.Is(err, tea.ErrProgramPanic):
		l.Error("session program panicked", "err", err)
	case err != nil && !errors.Is(err, tea.ErrProgramKilled):
		l.Error("session program failed", "err", err)
	}
	p.Kill()
	close(done)
	sess.mu.Lock()
	why := sess.stop
	sess.mu.Unlock()
	switch why {
	case stopShutdown:
		fmt.Fprintf(s, "\r\nparquiz: %s\r\n", lang.T("server.stopping"))
		s.Exit(0)
	case stopDeadline:
		fmt.Fprintf(s, "\r\nparquiz: %s\r\n", lang.T("server.login.timeout", srv.Limiter.Limits.LoginTimeout.Round(time.Second).String()))
		s.Exit(1)
	}
	return sess
}

// end ends the session's program for a reason of the server's: Quit, so
// that Bubble Tea restores the terminal; runProgram writes why. The first
// reason stands.
func (s *Session) end(why stopReason) {
	s.mu.Lock()
	if s.stop == stopNone {
		s.stop = why
	}
	p := s.prog
	s.mu.Unlock()
	if p != nil {
		go p.Quit() // blocks until the program's loop reads it, or it ended
	}
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
