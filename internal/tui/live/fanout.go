package live

import (
	"sync"

	"parquiz/quiz"
)

// Fanout is a small in-process event hub: it implements quiz.Publisher and
// SubscribeFunc. Each subscriber has a buffered channel; Publish never
// blocks, and a subscriber whose buffer is full is dropped (its channel
// closed) and resynchronises from a snapshot. Private events (To set) go
// only to their contestant and to hosts. It stands in for internal/hub
// until that package is wired into `parquiz serve`.
type Fanout struct {
	mu     sync.Mutex
	subs   map[*fanSub]bool
	buffer int
}

// NewFanout returns a hub with a per-subscriber buffer of 64 events.
func NewFanout() *Fanout { return &Fanout{subs: map[*fanSub]bool{}, buffer: 64} }

type fanSub struct {
	f    *Fanout
	code string
	host bool
	c    chan quiz.Event
}

// Publish delivers e to every matching subscriber without blocking.
func (f *Fanout) Publish(e quiz.Event) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for s := range f.subs {
		if e.To != "" && !s.host && e.To != s.code {
			continue
		}
		select {
		case s.c <- e:
		default:
			delete(f.subs, s)
			close(s.c)
		}
	}
}

// Subscribe is a SubscribeFunc.
func (f *Fanout) Subscribe(code string, host bool) Events {
	s := &fanSub{f: f, code: code, host: host, c: make(chan quiz.Event, f.buffer)}
	f.mu.Lock()
	f.subs[s] = true
	f.mu.Unlock()
	return s
}

// Count is the number of live subscriptions.
func (f *Fanout) Count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.subs)
}

func (s *fanSub) C() <-chan quiz.Event { return s.c }

func (s *fanSub) Close() {
	s.f.mu.Lock()
	defer s.f.mu.Unlock()
	if s.f.subs[s] {
		delete(s.f.subs, s)
		close(s.c)
	}
}
