// Package server is parquiz's SSH front door for a live contest: a wish
// server that gives each SSH session a role by its user name — play
// (contestants), board (the projector) and host (admin keys only) — and
// runs one Bubble Tea program per session with its own Lip Gloss renderer.
// It refuses everything else with a clear message: other user names,
// commands for non-host roles, subsystems (sftp), port and agent
// forwarding, sessions without a terminal. It also keeps one seat per
// contestant, slows down the guessing of codes and of the board password
// without locking out a hall behind one address, caps and times out the
// connections that are not logged in, and logs repeated failures
// aggregated (see Limits). Shutdown ends every session's program, so the
// client's terminal is restored, and tells it why.
//
// What each role's screen shows and does is the App's business (see
// internal/tui/live); the server only authenticates, routes and runs
// sessions safely (see session.go for the wish v1 pitfalls it avoids).
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/log"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	gossh "golang.org/x/crypto/ssh"

	"parquiz/internal/i18n"
)

// Role is what an SSH session is for, chosen by its user name.
type Role string

// The roles. Anything else is refused.
const (
	RolePlay  Role = "play"
	RoleBoard Role = "board"
	RoleHost  Role = "host"
)

// ErrConfig is wrapped by errors in the server's configuration files.
var ErrConfig = errors.New("invalid server configuration")

// App builds what the sessions run. internal/tui/live implements it.
type App interface {
	// NewModel returns the model for one interactive session and a
	// cleanup run when the session's program has ended (close the hub
	// subscription, release the seat). It is called once per session; a
	// model is never shared between sessions.
	NewModel(sess *Session) (tea.Model, func())
	// Command runs a host command (`ssh host@… status --json`), writing
	// its result to out and problems to errOut, and returns the exit
	// status. Only sessions of admins reach it.
	Command(ctx context.Context, args []string, out, errOut io.Writer) int
}

// Session is what a model learns about its SSH session.
type Session struct {
	Role     Role
	User     string
	Remote   string          // the client's IP address, without the port
	Key      gossh.PublicKey // the verified key; nil after keyboard-interactive
	Renderer *lipgloss.Renderer
	Lang     i18n.Lang
	Seats    *Seats
	Limiter  *Limiter

	mu       sync.Mutex
	prog     *tea.Program
	cs       *connState // the connection's state, shared by its sessions
	fail     *failLog
	loggedIn bool
	stop     stopReason // why the server ended the program, if it did
}

// stopReason is why the server ended a session's program.
type stopReason int

const (
	stopNone     stopReason = iota
	stopShutdown            // Server.Shutdown
	stopDeadline            // no valid code within LoginTimeout
)

// Send delivers msg to the session's program from any goroutine without
// blocking the caller (Program.Send blocks while Update runs). It is a
// no-op after the program has ended.
func (s *Session) Send(msg tea.Msg) {
	s.mu.Lock()
	p := s.prog
	s.mu.Unlock()
	if p != nil {
		go p.Send(msg)
	}
}

func (s *Session) setProgram(p *tea.Program) {
	s.mu.Lock()
	s.prog = p
	s.mu.Unlock()
}

// Config configures a Server.
type Config struct {
	// Addr is the listen address (":2222"); Serve with a listener ignores it.
	Addr string
	// HostKeyPath is the ed25519 host key, created (0600) if missing.
	HostKeyPath string
	// AdminKeys may log in as host; nobody else can.
	AdminKeys []gossh.PublicKey
	// BoardPassword, when set, is asked of board sessions.
	BoardPassword string
	App           App
	Logger        *log.Logger
	Lang          i18n.Lang
	// IdleTimeout drops a connection that neither sent nor received
	// anything for that long (dead links); 0 = 2 hours. Screens that
	// repaint keep it alive, so it is not an AFK kick.
	IdleTimeout time.Duration
	// Limits are the access limits; zero fields take DefaultLimits.
	Limits Limits
	// Now is the clock of the rate limiter; nil = time.Now.
	Now func() time.Time
	// Sleep waits before a board password is answered; nil = time.Sleep.
	Sleep func(time.Duration)
}

// Server is the contest's SSH server.
type Server struct {
	cfg     Config
	ssh     *ssh.Server
	Seats   *Seats
	Limiter *Limiter
	// HostKey is the server's public host key, for the fingerprint.
	HostKey gossh.PublicKey
	// KeyCreated reports whether the host key was created by New.
	KeyCreated bool
	log        *log.Logger
	fail       *failLog
	gate       *gate
	sleep      func(time.Duration)

	mu        sync.Mutex
	sessions  int
	closing   bool           // set by Shutdown: handlers that start later return at once
	handlers  sync.WaitGroup // handle calls running; Add only under mu while !closing
	programs  map[*Session]struct{}
	listeners []net.Listener
	stopLog   chan struct{} // ends the failure log's flusher; nil until Serve
}

// New builds a server; it creates the host key if needed.
func New(cfg Config) (*Server, error) {
	if cfg.App == nil {
		return nil, fmt.Errorf("server: %w: no App", ErrConfig)
	}
	if cfg.Logger == nil {
		cfg.Logger = log.NewWithOptions(io.Discard, log.Options{})
	}
	if cfg.IdleTimeout == 0 {
		cfg.IdleTimeout = 2 * time.Hour
	}
	signer, pemBytes, created, err := HostKey(cfg.HostKeyPath)
	if err != nil {
		return nil, err
	}
	lim := newLimiter(cfg.Limits, cfg.Now)
	if cfg.Sleep == nil {
		cfg.Sleep = time.Sleep
	}
	fl := newFailLog(cfg.Logger, lim.Limits.LogEvery)
	srv := &Server{cfg: cfg, Seats: NewSeats(), Limiter: lim, HostKey: signer.PublicKey(), KeyCreated: created, log: cfg.Logger,
		fail: fl, gate: newGate(lim.Limits, fl), sleep: cfg.Sleep, programs: map[*Session]struct{}{}}
	s, err := wish.NewServer(
		wish.WithAddress(cfg.Addr),
		wish.WithHostKeyPEM(pemBytes),
		wish.WithVersion("parquiz"),
		wish.WithPublicKeyAuth(srv.publicKeyAuth),
		wish.WithKeyboardInteractiveAuth(srv.keyboardAuth),
		wish.WithPasswordAuth(srv.passwordAuth),
		wish.WithIdleTimeout(cfg.IdleTimeout),
		wish.WithSubsystem("default", srv.refuseSubsystem),
		// handle routes the session and logs it (wish's logging
		// middleware would log every unauthenticated play@ connection).
		wish.WithMiddleware(func(ssh.Handler) ssh.Handler { return srv.handle }),
	)
	if err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	// Port forwarding (-L) opens direct-tcpip channels, which only the
	// "session" handler is registered for; say why instead of "unknown
	// channel type". Remote forwarding (-R) requests are refused by the
	// empty request handler table.
	s.ChannelHandlers = map[string]ssh.ChannelHandler{"session": ssh.DefaultSessionHandler}
	s.ChannelHandlers["default"] = func(_ *ssh.Server, _ *gossh.ServerConn, nc gossh.NewChannel, _ ssh.Context) {
		nc.Reject(gossh.Prohibited, cfg.Lang.T("live.refuse.forward"))
	}
	// Count and time out the connections that are not logged in.
	s.ConnCallback = srv.gate.admit
	srv.ssh = s
	return srv, nil
}

// Serve accepts connections on l until Close or Shutdown.
func (srv *Server) Serve(l net.Listener) error {
	srv.mu.Lock()
	if srv.closing {
		srv.mu.Unlock()
		l.Close()
		return nil
	}
	srv.listeners = append(srv.listeners, l)
	if srv.stopLog == nil {
		srv.stopLog = make(chan struct{})
		go srv.fail.run(srv.stopLog)
	}
	srv.mu.Unlock()
	err := srv.ssh.Serve(l)
	srv.mu.Lock()
	closing := srv.closing
	srv.mu.Unlock()
	if errors.Is(err, ssh.ErrServerClosed) || closing {
		return nil
	}
	return err
}

// ListenAndServe listens on Config.Addr.
func (srv *Server) ListenAndServe() error {
	l, err := net.Listen("tcp", srv.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", srv.cfg.Addr, err)
	}
	return srv.Serve(l)
}

// Shutdown stops the server gracefully and waits for its sessions to end.
//
// It stops accepting connections, ends every session's Bubble Tea program
// the normal way — which gives the client's terminal back as it was: the
// alternate screen left, mouse reporting off, the cursor shown — then
// writes the closing message ("the server is stopping; your answers are
// saved; connect again with the same code") and the exit status 0 to the
// session. When every session's handler (its program, a host command in
// flight) has returned, or ctx is done, it closes every connection,
// including those still logging in. The engine and the journal are the
// caller's: serve closes the journal after Shutdown, so an answer whose
// commit was in flight is kept.
//
// It does not use the SSH library's own Shutdown: that one waits for
// connections to end by themselves, which a contestant's session never
// does, and it counts them in a WaitGroup that a login finishing during
// the wait adds to concurrently (a data race).
func (srv *Server) Shutdown(ctx context.Context) error {
	srv.mu.Lock()
	srv.closing = true
	ls := srv.listeners
	srv.listeners = nil
	progs := make([]*Session, 0, len(srv.programs))
	for s := range srv.programs {
		progs = append(progs, s)
	}
	srv.mu.Unlock()
	for _, l := range ls {
		l.Close()
	}
	for _, s := range progs {
		s.end(stopShutdown)
	}
	done := make(chan struct{})
	go func() {
		srv.handlers.Wait()
		close(done)
	}()
	var err error
	select {
	case <-ctx.Done():
		err = ctx.Err()
	case <-done:
	}
	if cerr := srv.Close(); err == nil {
		err = cerr
	}
	return err
}

// Close closes the listener and every connection at once, without ending
// the sessions' programs first (Shutdown does).
func (srv *Server) Close() error {
	srv.mu.Lock()
	srv.closing = true
	if srv.stopLog != nil {
		close(srv.stopLog)
		srv.stopLog = nil
	}
	srv.mu.Unlock()
	return srv.ssh.Close()
}

// Sessions is the number of interactive sessions running.
func (srv *Server) Sessions() int {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	return srv.sessions
}

// Unauthenticated is the number of connections not logged in, in total
// and for one address.
func (srv *Server) Unauthenticated(addr string) (total, fromAddr int) {
	total, by := srv.gate.count()
	return total, by[addr]
}

// FlushLog writes the aggregated failure lines now, as at the end of an
// interval (LogEvery).
func (srv *Server) FlushLog() { srv.fail.flush() }

// publicKeyAuth accepts any key except for host, where only admin keys
// pass: refusing the others makes OpenSSH offer its next key, so an admin
// with several keys still gets in. Non-admins then fall through to
// keyboard-interactive and are told what is wrong in the session (with the
// keys they offered). A board protected by a password must go through the
// password prompt.
func (srv *Server) publicKeyAuth(ctx ssh.Context, k ssh.PublicKey) bool {
	switch Role(ctx.User()) {
	case RoleHost:
		if keyIn(k, srv.cfg.AdminKeys) {
			return true
		}
		if cs := connOf(ctx); cs != nil {
			cs.offer(Fingerprint(k))
		}
		return false
	case RoleBoard:
		return srv.cfg.BoardPassword == ""
	}
	return true
}

func (srv *Server) keyboardAuth(ctx ssh.Context, ch gossh.KeyboardInteractiveChallenge) bool {
	if Role(ctx.User()) != RoleBoard || srv.cfg.BoardPassword == "" {
		return true
	}
	ans, err := ch("", "", []string{srv.cfg.Lang.T("live.board.password") + " "}, []bool{false})
	if err != nil || len(ans) != 1 {
		return false
	}
	return srv.boardPassword(ctx, ans[0])
}

func (srv *Server) passwordAuth(ctx ssh.Context, pw string) bool {
	if Role(ctx.User()) != RoleBoard || srv.cfg.BoardPassword == "" {
		return true
	}
	return srv.boardPassword(ctx, pw)
}

func (srv *Server) refuseSubsystem(s ssh.Session) {
	srv.fail.warn("refused subsystem", hostOf(s.RemoteAddr()), "user", s.User(), "subsystem", s.Subsystem())
	refuse(s, srv.cfg.Lang.T("live.refuse.subsystem", s.Subsystem()))
}

// handle routes one session by role after refusing what is not allowed.
func (srv *Server) handle(s ssh.Session) {
	lang := srv.cfg.Lang
	srv.mu.Lock()
	if srv.closing {
		srv.mu.Unlock()
		fmt.Fprintf(s.Stderr(), "parquiz: %s\r\n", lang.T("server.stopping"))
		return
	}
	srv.handlers.Add(1)
	srv.mu.Unlock()
	defer srv.handlers.Done()
	role := Role(s.User())
	remote := hostOf(s.RemoteAddr())
	l := sessionLog{srv.log, []any{"user", s.User(), "remote", remote}}
	cs := connOf(s.Context())
	if cs != nil {
		cs.sessionStarted(srv.Limiter.Now())
		defer cs.sessionEnded(srv.Limiter.Limits.CodeTries)
	}
	switch role {
	case RolePlay, RoleBoard, RoleHost:
	default:
		srv.fail.warn("refused user name", remote, "user", s.User())
		refuse(s, lang.T("live.refuse.user", s.User()))
		return
	}
	if ssh.AgentRequested(s) {
		srv.fail.warn("refused agent forwarding", remote, "user", s.User())
		refuse(s, lang.T("live.refuse.agent"))
		return
	}
	if role == RoleHost && !keyIn(s.PublicKey(), srv.cfg.AdminKeys) {
		var offered []string
		if cs != nil {
			offered = cs.offeredKeys()
		}
		msg := lang.T("server.refuse.host_nokey")
		if len(offered) > 0 {
			msg = lang.T("server.refuse.host_keys", strings.Join(offered, ", "))
		}
		srv.fail.warn("refused host without admin key", remote, "offered", strings.Join(offered, ","))
		refuse(s, msg)
		return
	}
	if role == RolePlay && cs != nil && !cs.isLoggedIn() && cs.spent(srv.Limiter.Limits.CodeTries) {
		refuse(s, lang.T("live.login.closed", srv.Limiter.Limits.CodeTries))
		return
	}
	if role != RolePlay && cs != nil {
		cs.login() // SSH authentication is the login of board@ and host@
	}
	if s.RawCommand() != "" {
		if role != RoleHost {
			srv.fail.warn("refused command", remote, "user", s.User(), "command", s.RawCommand())
			refuse(s, lang.T("live.refuse.command", string(role)))
			return
		}
		l.Info("host command", "command", s.Command())
		code := srv.cfg.App.Command(s.Context(), s.Command(), s, s.Stderr())
		s.Exit(code)
		return
	}
	pty, _, ok := s.Pty()
	if !ok {
		srv.fail.warn("refused session without a terminal", remote, "user", s.User())
		refuse(s, lang.T("live.refuse.nopty", string(role)))
		return
	}
	// the connect line of wish's logging middleware, for sessions that
	// count; play@ sessions are logged aggregated until their code is in
	// ("contestant logged in", by the screen)
	connected := time.Now()
	kv := []any{"user", s.User(), "remote-addr", s.RemoteAddr().String(), "public-key", s.PublicKey() != nil,
		"term", pty.Term, "width", pty.Window.Width, "height", pty.Window.Height, "client-version", s.Context().ClientVersion()}
	if role == RolePlay {
		srv.fail.note("play session", remote, kv...)
	} else {
		srv.log.Info("connect", kv...)
	}
	srv.mu.Lock()
	srv.sessions++
	srv.mu.Unlock()
	defer func() {
		srv.mu.Lock()
		srv.sessions--
		srv.mu.Unlock()
	}()
	sess := srv.runProgram(s, role, remote, l)
	if role != RolePlay || sess.isLoggedIn() {
		srv.log.Info("disconnect", "user", s.User(), "remote-addr", s.RemoteAddr().String(), "duration", time.Since(connected))
	}
}

// sessionLog logs with a session's fields. It adds them at each call
// instead of keeping a derived logger (log.With), which costs about 4.6 KiB
// for every session of the hall and is rarely used.
type sessionLog struct {
	l  *log.Logger
	kv []any
}

func (sl sessionLog) with(kv []any) []any { return append(append([]any(nil), sl.kv...), kv...) }

func (sl sessionLog) Info(msg string, kv ...any)  { sl.l.Info(msg, sl.with(kv)...) }
func (sl sessionLog) Warn(msg string, kv ...any)  { sl.l.Warn(msg, sl.with(kv)...) }
func (sl sessionLog) Error(msg string, kv ...any) { sl.l.Error(msg, sl.with(kv)...) }

// refuse prints one line to the session's stderr and exits with status 1.
func refuse(s ssh.Session, msg string) {
	fmt.Fprintf(s.Stderr(), "parquiz: %s\r\n", msg)
	s.Exit(1)
}

func hostOf(a net.Addr) string {
	if a == nil {
		return ""
	}
	h, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	return h
}
