// Package server is parquiz's SSH front door for a live contest: a wish
// server that gives each SSH session a role by its user name — play
// (contestants), board (the projector) and host (admin keys only) — and
// runs one Bubble Tea program per session with its own Lip Gloss renderer.
// It refuses everything else with a clear message: other user names,
// commands for non-host roles, subsystems (sftp), port and agent
// forwarding, sessions without a terminal. It also keeps one seat per
// contestant and slows down code guessing per source address.
//
// What each role's screen shows and does is the App's business (see
// internal/tui/live); the server only authenticates, routes and runs
// sessions safely (see session.go for the wish v1 pitfalls it avoids).
package server

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/log"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	"github.com/charmbracelet/wish/logging"
	gossh "golang.org/x/crypto/ssh"

	"parquiz/internal/i18n"
	"parquiz/questions"
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

	mu   sync.Mutex
	prog *tea.Program
}

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
	// Now is the clock of the rate limiter; nil = time.Now.
	Now func() time.Time
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

	mu       sync.Mutex
	sessions int
	closing  bool           // set by Shutdown: handlers that start later return at once
	handlers sync.WaitGroup // handle calls running; Add only under mu while !closing
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
	srv := &Server{cfg: cfg, Seats: NewSeats(), Limiter: NewLimiter(cfg.Now), HostKey: signer.PublicKey(), KeyCreated: created, log: cfg.Logger}
	s, err := wish.NewServer(
		wish.WithAddress(cfg.Addr),
		wish.WithHostKeyPEM(pemBytes),
		wish.WithVersion("parquiz"),
		wish.WithPublicKeyAuth(srv.publicKeyAuth),
		wish.WithKeyboardInteractiveAuth(srv.keyboardAuth),
		wish.WithPasswordAuth(srv.passwordAuth),
		wish.WithIdleTimeout(cfg.IdleTimeout),
		wish.WithSubsystem("default", srv.refuseSubsystem),
		// Middlewares compose so that the last runs first: logging wraps
		// everything, then the gate routes the session.
		wish.WithMiddleware(
			func(ssh.Handler) ssh.Handler { return srv.handle },
			logging.StructuredMiddlewareWithLogger(cfg.Logger, log.InfoLevel),
		),
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
	srv.ssh = s
	return srv, nil
}

// Serve accepts connections on l until Close or Shutdown.
func (srv *Server) Serve(l net.Listener) error {
	err := srv.ssh.Serve(l)
	if errors.Is(err, ssh.ErrServerClosed) {
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

// Shutdown stops the server and waits for its sessions to end.
//
// It closes the listener and every connection, then waits until each
// session's handler (its Bubble Tea program, its host command) has
// returned, or ctx is done. It does not use the SSH library's own
// Shutdown: that one waits for connections to end by themselves, which a
// contestant's session never does, and it counts them in a WaitGroup that
// a login finishing during the wait adds to concurrently (a data race).
func (srv *Server) Shutdown(ctx context.Context) error {
	srv.mu.Lock()
	srv.closing = true
	srv.mu.Unlock()
	err := srv.ssh.Close()
	done := make(chan struct{})
	go func() {
		srv.handlers.Wait()
		close(done)
	}()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-done:
		return err
	}
}

// Close closes the listener and every connection.
func (srv *Server) Close() error { return srv.ssh.Close() }

// Sessions is the number of interactive sessions running.
func (srv *Server) Sessions() int {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	return srv.sessions
}

// publicKeyAuth accepts any key except for host, where only admin keys
// pass: refusing the others makes OpenSSH offer its next key, so an admin
// with several keys still gets in. Non-admins then fall through to
// keyboard-interactive and are told what is wrong in the session. A board
// protected by a password must go through the password prompt.
func (srv *Server) publicKeyAuth(ctx ssh.Context, k ssh.PublicKey) bool {
	switch Role(ctx.User()) {
	case RoleHost:
		return keyIn(k, srv.cfg.AdminKeys)
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

func (srv *Server) boardPassword(ctx ssh.Context, pw string) bool {
	// NFC on both sides: the same Vietnamese word may arrive precomposed or
	// decomposed depending on the client's input method.
	ok := subtle.ConstantTimeCompare([]byte(questions.NFC(pw)), []byte(questions.NFC(srv.cfg.BoardPassword))) == 1
	if !ok {
		srv.log.Warn("wrong board password", "remote", hostOf(ctx.RemoteAddr()))
	}
	return ok
}

func (srv *Server) refuseSubsystem(s ssh.Session) {
	srv.log.Warn("refused subsystem", "user", s.User(), "remote", hostOf(s.RemoteAddr()), "subsystem", s.Subsystem())
	refuse(s, srv.cfg.Lang.T("live.refuse.subsystem", s.Subsystem()))
}

// handle routes one session by role after refusing what is not allowed.
func (srv *Server) handle(s ssh.Session) {
	srv.mu.Lock()
	if srv.closing {
		srv.mu.Unlock()
		return
	}
	srv.handlers.Add(1)
	srv.mu.Unlock()
	defer srv.handlers.Done()
	lang := srv.cfg.Lang
	role := Role(s.User())
	remote := hostOf(s.RemoteAddr())
	l := sessionLog{srv.log, []any{"user", s.User(), "remote", remote}}
	switch role {
	case RolePlay, RoleBoard, RoleHost:
	default:
		l.Warn("refused user name")
		refuse(s, lang.T("live.refuse.user", s.User()))
		return
	}
	if ssh.AgentRequested(s) {
		l.Warn("refused agent forwarding")
		refuse(s, lang.T("live.refuse.agent"))
		return
	}
	if role == RoleHost && !keyIn(s.PublicKey(), srv.cfg.AdminKeys) {
		fp := lang.T("live.refuse.nokey")
		if s.PublicKey() != nil {
			fp = Fingerprint(s.PublicKey())
		}
		l.Warn("refused host without admin key", "key", fp)
		refuse(s, lang.T("live.refuse.host", fp))
		return
	}
	if s.RawCommand() != "" {
		if role != RoleHost {
			l.Warn("refused command", "command", s.RawCommand())
			refuse(s, lang.T("live.refuse.command", string(role)))
			return
		}
		l.Info("host command", "command", s.Command())
		code := srv.cfg.App.Command(s.Context(), s.Command(), s, s.Stderr())
		s.Exit(code)
		return
	}
	if _, _, ok := s.Pty(); !ok {
		refuse(s, lang.T("live.refuse.nopty", string(role)))
		return
	}
	srv.mu.Lock()
	srv.sessions++
	srv.mu.Unlock()
	defer func() {
		srv.mu.Lock()
		srv.sessions--
		srv.mu.Unlock()
	}()
	srv.runProgram(s, role, remote, l)
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
