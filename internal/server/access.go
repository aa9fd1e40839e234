package server

import (
	"crypto/subtle"
	"math"
	"time"

	"github.com/charmbracelet/ssh"

	"parquiz/questions"
)

// The contestant's code prompt (internal/tui/live) asks its Session, in
// this order: CodeWait before it checks a typed code against the roster,
// CodeFailed after a wrong one, LoggedIn after a right one (or a login by
// key). The roster itself is checked by the screen; the server only keeps
// the counts and the waits (see Limits).

// conn is the session's connection state; a Session built without a
// server (tests) gets one of its own.
func (s *Session) connState() *connState {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cs == nil {
		s.cs = &connState{start: s.now()}
	}
	return s.cs
}

func (s *Session) now() time.Time {
	if s.Limiter != nil {
		return s.Limiter.Now()
	}
	return time.Now()
}

func (s *Session) limits() Limits {
	if s.Limiter != nil {
		return s.Limiter.Limits
	}
	return DefaultLimits()
}

// CodeTries is how many wrong codes the session's connection may type
// before it is closed.
func (s *Session) CodeTries() int { return s.limits().CodeTries }

// CodeWait says whether a typed code may be checked now: 0, or how long
// the connection must still wait and the message that says so. The wait
// comes from this connection's own wrong codes, or, while the address is
// over its budget of wrong codes, from the address's delay, counted from
// the connection's start and its last wrong code — never from another
// connection's wait.
func (s *Session) CodeWait() (time.Duration, string) {
	cs := s.connState()
	now := s.now()
	var addrDelay time.Duration
	if s.Limiter != nil {
		addrDelay = s.Limiter.AddrDelay(s.Remote)
	}
	cs.mu.Lock()
	own := cs.codeUntil.Sub(now)
	var busy time.Duration
	if addrDelay > 0 {
		from := cs.start
		if cs.codeLast.After(from) {
			from = cs.codeLast
		}
		busy = from.Add(addrDelay).Sub(now)
	}
	cs.mu.Unlock()
	switch {
	case own <= 0 && busy <= 0:
		return 0, ""
	case busy > own:
		return busy, s.Lang.T("server.code.busy", seconds(busy))
	default:
		return own, s.Lang.T("server.code.wait", seconds(own))
	}
}

// CodeFailed records a wrong code typed on the session. It returns the
// message to show, or spent when the connection has used up its tries
// and the session should close (its connection is closed when the
// session ends). The failure is logged, aggregated per address.
func (s *Session) CodeFailed(code string) (msg string, spent bool) {
	cs := s.connState()
	lim := s.limits()
	now := s.now()
	var addrDelay time.Duration
	if s.Limiter != nil {
		addrDelay = s.Limiter.CodeFailed(s.Remote, code)
	}
	cs.mu.Lock()
	cs.codeFails++
	n := cs.codeFails
	own := doubling(lim.CodeDelay, lim.CodeMaxDelay, n)
	cs.codeUntil = now.Add(own)
	cs.codeLast = now
	cs.mu.Unlock()
	if s.fail != nil {
		s.fail.warn("wrong contestant code", s.Remote, "tries", n, "wait", own, "address_delay", addrDelay)
	}
	if n >= lim.CodeTries {
		return "", true
	}
	return s.Lang.T("server.code.wrong", lim.CodeTries-n, seconds(max(own, addrDelay))), false
}

// LoggedIn tells the server that the session's contestant is logged in:
// the connection no longer counts as unauthenticated and its login
// deadline is off.
func (s *Session) LoggedIn() {
	s.mu.Lock()
	cs := s.cs
	s.loggedIn = true
	s.mu.Unlock()
	if cs != nil && cs.g != nil {
		cs.login()
	}
}

func (s *Session) isLoggedIn() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.loggedIn
}

func seconds(d time.Duration) int { return int(math.Ceil(d.Seconds())) }

// boardPassword checks a board password (keyboard-interactive or
// password auth) under the board limits: past the address's budget the
// check waits for the address's next slot; a wrong password is answered
// after the connection's growing delay, and the connection is closed
// after BoardTries of them.
func (srv *Server) boardPassword(ctx ssh.Context, pw string) bool {
	addr := hostOf(ctx.RemoteAddr())
	lim := srv.Limiter.Limits
	cs := connOf(ctx)
	wait, ok := srv.Limiter.BoardSlot(addr, lim.HandshakeTimeout/2)
	if !ok {
		srv.fail.warn("board password not checked: address over its budget", addr, "wait", wait)
		srv.sleep(lim.BoardSlow)
		return false
	}
	srv.sleep(wait)
	// NFC on both sides: the same Vietnamese word may arrive precomposed or
	// decomposed depending on the client's input method.
	if subtle.ConstantTimeCompare([]byte(questions.NFC(pw)), []byte(questions.NFC(srv.cfg.BoardPassword))) == 1 {
		return true
	}
	srv.Limiter.BoardFailed(addr, questions.NFC(pw))
	n := 1
	if cs != nil {
		cs.mu.Lock()
		cs.boardFails++
		n = cs.boardFails
		cs.mu.Unlock()
	}
	srv.fail.warn("wrong board password", addr, "tries", n)
	srv.sleep(doubling(lim.BoardDelay, 8*lim.BoardDelay, n))
	if n >= lim.BoardTries && cs != nil {
		cs.conn.Close()
	}
	return false
}
