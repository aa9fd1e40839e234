package server

import (
	"net"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
)

// gate admits connections (the SSH library's ConnCallback): it counts the
// unauthenticated ones — from accept until the connection is logged in —
// refuses a connection past MaxUnauth or MaxUnauthPerAddr, and closes a
// connection that has not opened a session within HandshakeTimeout of its
// accept (or of the end of its last session, if none logged in).
// "Logged in" is: a board or host session started (SSH authentication is
// their login), or a valid code typed in a play session (Session.LoggedIn).
type gate struct {
	lim  Limits
	fail *failLog

	mu      sync.Mutex
	unauth  int
	perAddr map[string]int
	freed   chan struct{} // closed (and replaced) when a slot frees
}

type connKey struct{}

func newGate(lim Limits, fl *failLog) *gate {
	return &gate{lim: lim, fail: fl, perAddr: map[string]int{}, freed: make(chan struct{})}
}

// admit is the ConnCallback: nil refuses (closes) the connection.
func (g *gate) admit(ctx ssh.Context, c net.Conn) net.Conn {
	addr := hostOf(c.RemoteAddr())
	// past a cap, wait for a slot (the SSH library calls this in the
	// connection's own goroutine, so accepting goes on meanwhile)
	var timeout <-chan time.Time
	g.mu.Lock()
	for g.unauth >= g.lim.MaxUnauth || g.perAddr[addr] >= g.lim.MaxUnauthPerAddr {
		if timeout == nil {
			t := time.NewTimer(g.lim.QueueWait)
			defer t.Stop()
			timeout = t.C
		}
		freed := g.freed
		g.mu.Unlock()
		select {
		case <-freed:
			g.mu.Lock()
			continue
		case <-timeout:
		}
		g.mu.Lock()
		total, here := g.unauth, g.perAddr[addr]
		g.mu.Unlock()
		g.fail.warn("refused connection: too many not logged in", addr, "unauthenticated", total, "from_address", here, "waited", g.lim.QueueWait)
		return nil
	}
	g.unauth++
	g.perAddr[addr]++
	g.mu.Unlock()
	cs := &connState{g: g, addr: addr, counted: true}
	gc := &gateConn{Conn: c, cs: cs}
	cs.conn = gc
	cs.mu.Lock()
	cs.timer = time.AfterFunc(g.lim.HandshakeTimeout, cs.expire)
	cs.mu.Unlock()
	ctx.SetValue(connKey{}, cs)
	return gc
}

func (g *gate) release(addr string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.unauth--
	if g.perAddr[addr]--; g.perAddr[addr] <= 0 {
		delete(g.perAddr, addr)
	}
	close(g.freed)
	g.freed = make(chan struct{})
}

// Unauthenticated is the number of connections not logged in.
func (g *gate) count() (total int, byAddr map[string]int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	byAddr = make(map[string]int, len(g.perAddr))
	for a, n := range g.perAddr {
		byAddr[a] = n
	}
	return g.unauth, byAddr
}

// gateConn releases its connection's count when it is closed.
type gateConn struct {
	net.Conn
	cs   *connState
	once sync.Once
}

func (c *gateConn) Close() error {
	c.once.Do(c.cs.closed)
	return c.Conn.Close()
}

// connState is what the server knows of one SSH connection beyond the SSH
// library: its login state and timers, the keys it offered, its wrong
// codes and board passwords. Sessions on the same connection share it, so
// opening a new session does not reset a guesser's count.
type connState struct {
	g    *gate
	addr string
	conn net.Conn

	mu       sync.Mutex
	counted  bool // in the gate's unauthenticated count
	loggedIn bool
	gone     bool
	active   int // sessions running
	timer    *time.Timer
	offered  []string // fingerprints of the public keys offered
	// wrong codes typed on this connection, the time the next may be
	// checked, the last one's time, and when the first session started
	codeFails  int
	codeUntil  time.Time
	codeLast   time.Time
	start      time.Time
	boardFails int
}

func connOf(ctx interface{ Value(any) any }) *connState {
	if ctx == nil {
		return nil
	}
	cs, _ := ctx.Value(connKey{}).(*connState)
	return cs
}

// expire closes a connection that is still not logged in and has no
// session.
func (cs *connState) expire() {
	cs.mu.Lock()
	idle := !cs.loggedIn && cs.active == 0 && !cs.gone
	cs.mu.Unlock()
	if idle {
		cs.g.fail.warn("closed connection: no login in time", cs.addr, "limit", cs.g.lim.HandshakeTimeout)
		cs.conn.Close()
	}
}

func (cs *connState) closed() {
	cs.mu.Lock()
	cs.gone = true
	counted := cs.counted
	cs.counted = false
	if cs.timer != nil {
		cs.timer.Stop()
	}
	cs.mu.Unlock()
	if counted {
		cs.g.release(cs.addr)
	}
}

// login marks the connection logged in: it no longer counts as
// unauthenticated and no deadline closes it.
func (cs *connState) login() {
	cs.mu.Lock()
	cs.loggedIn = true
	counted := cs.counted
	cs.counted = false
	if cs.timer != nil {
		cs.timer.Stop()
	}
	cs.mu.Unlock()
	if counted {
		cs.g.release(cs.addr)
	}
}

func (cs *connState) isLoggedIn() bool {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	return cs.loggedIn
}

// sessionStarted stops the handshake deadline while a session runs.
func (cs *connState) sessionStarted(now time.Time) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	cs.active++
	if cs.start.IsZero() {
		cs.start = now
	}
	if cs.timer != nil {
		cs.timer.Stop()
	}
}

// sessionEnded re-arms the deadline of a connection left without a
// session and not logged in; one that used up its wrong codes is closed.
func (cs *connState) sessionEnded(codeTries int) {
	cs.mu.Lock()
	cs.active--
	waiting := cs.active == 0 && !cs.loggedIn && !cs.gone
	spent := cs.codeFails >= codeTries
	if waiting && !spent && cs.timer != nil {
		cs.timer.Reset(cs.g.lim.HandshakeTimeout)
	}
	cs.mu.Unlock()
	if waiting && spent {
		cs.conn.Close()
	}
}

// spent reports whether the connection has used up its wrong codes.
func (cs *connState) spent(codeTries int) bool {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	return cs.codeFails >= codeTries
}

func (cs *connState) offer(fp string) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	for _, f := range cs.offered {
		if f == fp {
			return
		}
	}
	if len(cs.offered) < 8 {
		cs.offered = append(cs.offered, fp)
	}
}

func (cs *connState) offeredKeys() []string {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	return append([]string(nil), cs.offered...)
}
