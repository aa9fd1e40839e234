// Package hub broadcasts the contest engine's events to the sessions in
// this process (contestant, host and board screens). Each subscriber has
// its own buffered channel; Publish never blocks: a subscriber whose
// buffer is full is dropped (its channel closed), and must resynchronise
// from a snapshot (quiz.Engine.SnapshotFor / BoardSnapshot / HostSnapshot)
// and subscribe again.
//
// Routing: an event with To == "" goes to everyone; an event with To set
// (e.g. "answer accepted") goes only to subscribers of that contestant
// code and to host subscribers (SubscribeAll).
package hub

import (
	"strings"
	"sync"

	"parquiz/quiz"
)

// DefaultBuffer is the per-subscriber buffer when New is given 0. A
// contestant or board screen gets a few events per host action (the
// engine coalesces answer counts and contestants get none of them), so one
// that has 16 waiting is far behind and cheaper to resync from a snapshot.
// Each slot costs a quiz.Event (~270 bytes) in every session: the load runs
// measured 256 slots as the largest per-session cost, and 32 still as
// 9 KiB a session (BENCHMARKS.md).
const DefaultBuffer = 16

// hostBufferFactor scales the buffer of host subscriptions, which also get
// every contestant's private events (one receipt per answer: two thousand
// in the second after a question opens in a large hall); 4096 by default.
const hostBufferFactor = 256

// Hub is an in-process publisher of quiz events. It implements
// quiz.Publisher. The zero value is not usable; call New.
type Hub struct {
	mu     sync.Mutex
	subs   map[*Subscription]struct{} // every subscriber, for broadcasts
	byCode map[string]map[*Subscription]struct{}
	hosts  map[*Subscription]struct{} // SubscribeAll
	buffer int
	// dropped counts subscribers dropped for falling behind.
	dropped int
}

var _ quiz.Publisher = (*Hub)(nil)

// New returns a hub whose subscribers get buffer events of slack.
func New(buffer int) *Hub {
	if buffer <= 0 {
		buffer = DefaultBuffer
	}
	return &Hub{
		subs:   map[*Subscription]struct{}{},
		byCode: map[string]map[*Subscription]struct{}{},
		hosts:  map[*Subscription]struct{}{},
		buffer: buffer,
	}
}

// Subscription is one subscriber. Read events from C until it is closed:
// closed by Close, or by the hub when the subscriber fell behind (then
// Dropped reports true).
type Subscription struct {
	C <-chan quiz.Event

	c       chan quiz.Event
	code    string // contestant code (upper case); "" for a board
	all     bool   // host: every event, private ones included
	hub     *Hub
	dropped bool // guarded by hub.mu
	closed  bool // guarded by hub.mu
}

// Subscribe returns a subscription for contestant code: broadcast events
// and events addressed to that code. Pass "" for a board (broadcast only).
func (h *Hub) Subscribe(code string) *Subscription {
	return h.add(&Subscription{code: strings.ToUpper(strings.TrimSpace(code))})
}

// SubscribeAll returns a host subscription: every event, including those
// addressed to one contestant.
func (h *Hub) SubscribeAll() *Subscription { return h.add(&Subscription{all: true}) }

func (h *Hub) add(s *Subscription) *Subscription {
	n := h.buffer
	if s.all {
		n *= hostBufferFactor
	}
	s.c = make(chan quiz.Event, n)
	s.C = s.c
	s.hub = h
	h.mu.Lock()
	h.subs[s] = struct{}{}
	switch {
	case s.all:
		h.hosts[s] = struct{}{}
	case s.code != "":
		m := h.byCode[s.code]
		if m == nil {
			m = map[*Subscription]struct{}{}
			h.byCode[s.code] = m
		}
		m[s] = struct{}{}
	}
	h.mu.Unlock()
	return s
}

// Publish delivers e to every subscriber it is for, never blocking; a
// subscriber with a full buffer is dropped. An event addressed to one
// contestant (e.To) touches only that contestant's and the hosts'
// subscriptions, not every session in the hall.
func (h *Hub) Publish(e quiz.Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if e.To == "" {
		for s := range h.subs {
			// Contestant screens read the answer count on their own
			// once-a-second repaint (Engine.AnswerCounts): sending them the
			// engine's 10-a-second count events made every screen in the
			// hall repaint ten times a second while answers came in.
			if e.Kind == quiz.EvAnswerCount && s.code != "" {
				continue
			}
			h.sendLocked(s, e)
		}
		return
	}
	for s := range h.byCode[strings.ToUpper(e.To)] {
		h.sendLocked(s, e)
	}
	for s := range h.hosts {
		h.sendLocked(s, e)
	}
}

func (h *Hub) sendLocked(s *Subscription, e quiz.Event) {
	select {
	case s.c <- e:
	default:
		s.dropped = true
		h.dropped++
		h.removeLocked(s)
	}
}

func (h *Hub) removeLocked(s *Subscription) {
	if s.closed {
		return
	}
	s.closed = true
	delete(h.subs, s)
	delete(h.hosts, s)
	if m := h.byCode[s.code]; m != nil {
		delete(m, s)
		if len(m) == 0 {
			delete(h.byCode, s.code)
		}
	}
	close(s.c)
}

// Close ends the subscription and closes C. It is safe to call more than
// once and after the hub dropped it.
func (s *Subscription) Close() {
	s.hub.mu.Lock()
	s.hub.removeLocked(s)
	s.hub.mu.Unlock()
}

// Dropped reports whether the hub dropped this subscriber for falling
// behind (as opposed to Close).
func (s *Subscription) Dropped() bool {
	s.hub.mu.Lock()
	defer s.hub.mu.Unlock()
	return s.dropped
}

// Len is the number of current subscribers (Subscribers).
func (h *Hub) Len() int { return h.Subscribers() }

// Subscribers is the number of live subscriptions: those neither closed
// nor dropped. Every session that follows the contest holds one (a
// logged-in contestant, a board, a host console) and `parquiz serve` one
// of its own, so a count above that after sessions end is a leak.
func (h *Hub) Subscribers() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}

// Census counts the live subscriptions by kind.
type Census struct {
	Contestants int // Subscribe(code)
	Boards      int // Subscribe("")
	Hosts       int // SubscribeAll
	// Codes is the number of contestant codes with at least one
	// subscription; below Contestants when a code has two.
	Codes int
}

// Census counts the live subscriptions by kind.
func (h *Hub) Census() Census {
	h.mu.Lock()
	defer h.mu.Unlock()
	c := Census{Hosts: len(h.hosts), Codes: len(h.byCode)}
	for _, m := range h.byCode {
		c.Contestants += len(m)
	}
	c.Boards = len(h.subs) - c.Hosts - c.Contestants
	return c
}

// DroppedCount is how many subscribers were dropped for falling behind.
func (h *Hub) DroppedCount() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.dropped
}
