package server

import (
	"sync"
	"time"
)

// Limiter slows down guessing of contestant codes from one source address:
// FreeTries wrong codes are free, then every further wrong code makes the
// address wait, twice as long each time (from BaseWait up to MaxWait). An
// address that stays quiet for Forget is forgotten. A right code does not
// clear the count: on a shared address (a NAT) one contestant's success
// must not reset a guesser next to them.
type Limiter struct {
	FreeTries int
	BaseWait  time.Duration
	MaxWait   time.Duration
	Forget    time.Duration
	Now       func() time.Time

	mu    sync.Mutex
	addrs map[string]*limitState
}

type limitState struct {
	fails int
	until time.Time
	last  time.Time
}

// NewLimiter returns a limiter with the contest defaults: 5 free tries,
// then 2 s, 4 s, 8 s … up to 5 minutes; forgotten after 15 minutes.
func NewLimiter(now func() time.Time) *Limiter {
	if now == nil {
		now = time.Now
	}
	return &Limiter{FreeTries: 5, BaseWait: 2 * time.Second, MaxWait: 5 * time.Minute, Forget: 15 * time.Minute, Now: now, addrs: map[string]*limitState{}}
}

// Wait returns how long addr must wait before its next try (0: go ahead).
func (l *Limiter) Wait(addr string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	st := l.state(addr)
	if st == nil {
		return 0
	}
	if d := st.until.Sub(l.Now()); d > 0 {
		return d
	}
	return 0
}

// Fail records a wrong code from addr and returns the wait it now has.
func (l *Limiter) Fail(addr string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.Now()
	st := l.state(addr)
	if st == nil {
		st = &limitState{}
		l.addrs[addr] = st
	}
	st.fails++
	st.last = now
	if over := st.fails - l.FreeTries; over > 0 {
		d := l.BaseWait
		for i := 1; i < over && d < l.MaxWait; i++ {
			d *= 2
		}
		d = min(d, l.MaxWait)
		st.until = now.Add(d)
		return d
	}
	return 0
}

// Fails is the number of wrong codes remembered for addr.
func (l *Limiter) Fails(addr string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	if st := l.state(addr); st != nil {
		return st.fails
	}
	return 0
}

// state returns addr's state, dropping it when it is old. l.mu is held.
func (l *Limiter) state(addr string) *limitState {
	st, ok := l.addrs[addr]
	if !ok {
		return nil
	}
	now := l.Now()
	if now.Sub(st.last) > l.Forget && !now.Before(st.until) {
		delete(l.addrs, addr)
		return nil
	}
	return st
}
