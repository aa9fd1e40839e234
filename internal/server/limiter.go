package server

import (
	"hash/fnv"
	"sync"
	"time"
)

// Limiter keeps the per-address budgets of wrong contestant codes and
// wrong board passwords (see Limits for the whole design). It remembers,
// per address, the distinct wrong codes and passwords of the last
// AddrWindow (as 64-bit hashes, never the text), and forgets an address
// that stayed quiet for a window. Per-connection counts live with the
// connection (connState), not here.
type Limiter struct {
	Limits Limits
	Now    func() time.Time

	mu    sync.Mutex
	addrs map[string]*addrState
	swept time.Time
}

type addrState struct {
	codes     map[uint64]time.Time // distinct wrong codes → when last tried
	board     map[uint64]time.Time // distinct wrong board passwords
	boardNext time.Time            // over the board budget: the next free check slot
	last      time.Time
}

// maxTracked caps the addresses remembered; past it the oldest is dropped.
const maxTracked = 20000

// NewLimiter returns a limiter with the default limits.
func NewLimiter(now func() time.Time) *Limiter {
	return newLimiter(DefaultLimits(), now)
}

func newLimiter(l Limits, now func() time.Time) *Limiter {
	if now == nil {
		now = time.Now
	}
	return &Limiter{Limits: l.withDefaults(), Now: now, addrs: map[string]*addrState{}}
}

func hash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// AddrDelay is how long, at least, a connection from addr must wait
// between its code checks (and after its start) because of the address's
// wrong codes: 0 while the address is within its budget.
func (l *Limiter) AddrDelay(addr string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	st := l.state(addr, false)
	if st == nil {
		return 0
	}
	return l.addrDelay(len(st.codes))
}

func (l *Limiter) addrDelay(n int) time.Duration {
	b := l.Limits.AddrBudget
	if n < b {
		return 0
	}
	return doubling(l.Limits.AddrDelay, l.Limits.AddrMaxDelay, 1+(n-b)/b)
}

// CodeFailed records a wrong code from addr and returns the address's
// delay (AddrDelay) after it.
func (l *Limiter) CodeFailed(addr, code string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	st := l.state(addr, true)
	if len(st.codes) < 8*l.Limits.AddrBudget { // past that the delay is at its top anyway
		st.codes[hash(code)] = l.Now()
	}
	return l.addrDelay(len(st.codes))
}

// Fails is the number of distinct wrong codes from addr in the window.
func (l *Limiter) Fails(addr string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	if st := l.state(addr, false); st != nil {
		return len(st.codes)
	}
	return 0
}

// BoardSlot is called before a board password from addr is checked. It
// returns how long the check must wait: 0 while the address is within its
// board budget; past it, checks from the address are serialised one per
// BoardSlow, and the slot returned is reserved. A caller that will not
// wait that long (its connection's deadline comes first) passes the most
// it can wait as limit: nothing is reserved and ok is false.
func (l *Limiter) BoardSlot(addr string, limit time.Duration) (wait time.Duration, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	st := l.state(addr, false)
	if st == nil || len(st.board) < l.Limits.BoardBudget {
		return 0, true
	}
	now := l.Now()
	slot := st.boardNext
	if slot.Before(now) {
		slot = now
	}
	wait = slot.Sub(now)
	if wait > limit {
		return wait, false
	}
	st.boardNext = slot.Add(l.Limits.BoardSlow)
	return wait, true
}

// BoardFailed records a wrong board password from addr.
func (l *Limiter) BoardFailed(addr, pw string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	st := l.state(addr, true)
	if len(st.board) < 8*l.Limits.BoardBudget {
		st.board[hash(pw)] = l.Now()
	}
}

// state returns addr's state with the entries older than the window
// dropped (nil if none is left, unless create). l.mu is held.
func (l *Limiter) state(addr string, create bool) *addrState {
	now := l.Now()
	win := l.Limits.AddrWindow
	if now.Sub(l.swept) > win {
		l.swept = now
		for a, st := range l.addrs {
			if now.Sub(st.last) > win && !now.Before(st.boardNext) {
				delete(l.addrs, a)
			}
		}
	}
	st, ok := l.addrs[addr]
	if ok {
		for _, m := range []map[uint64]time.Time{st.codes, st.board} {
			for k, t := range m {
				if now.Sub(t) > win {
					delete(m, k)
				}
			}
		}
		if !create && len(st.codes) == 0 && len(st.board) == 0 && !now.Before(st.boardNext) {
			delete(l.addrs, addr)
			return nil
		}
	}
	if !ok {
		if !create {
			return nil
		}
		if len(l.addrs) >= maxTracked {
			l.dropOldest()
		}
		st = &addrState{codes: map[uint64]time.Time{}, board: map[uint64]time.Time{}}
		l.addrs[addr] = st
	}
	if create {
		st.last = now
	}
	return st
}

func (l *Limiter) dropOldest() {
	var oldest string
	var t time.Time
	for a, st := range l.addrs {
		if oldest == "" || st.last.Before(t) {
			oldest, t = a, st.last
		}
	}
	delete(l.addrs, oldest)
}
