package server

import (
	"sync"
)

// Seats keeps one live session per contestant. A second login with the
// same code takes the seat over: the earlier session is told (its kick
// function runs) and can no longer act for the contestant.
type Seats struct {
	mu    sync.Mutex
	seats map[string]*Seat
}

// Seat is one contestant's claim on their seat.
type Seat struct {
	Code   string
	Remote string
	kick   func(by string)
	owner  *Seats
}

// NewSeats returns an empty seat registry.
func NewSeats() *Seats { return &Seats{seats: map[string]*Seat{}} }

// Claim takes the seat of code for a session from remote. kick is called
// (from Claim's goroutine; it must not block) when a later login takes the
// seat over, with that login's remote address.
func (s *Seats) Claim(code, remote string, kick func(by string)) *Seat {
	s.mu.Lock()
	st := &Seat{Code: code, Remote: remote, kick: kick, owner: s}
	old := s.seats[code]
	s.seats[code] = st
	s.mu.Unlock()
	if old != nil && old.kick != nil {
		old.kick(remote)
	}
	return st
}

// Live reports whether st still holds its seat.
func (st *Seat) Live() bool {
	if st == nil {
		return false
	}
	st.owner.mu.Lock()
	defer st.owner.mu.Unlock()
	return st.owner.seats[st.Code] == st
}

// Release gives the seat up when the session ends; a seat already taken
// over is left to its new holder.
func (st *Seat) Release() {
	if st == nil {
		return
	}
	st.owner.mu.Lock()
	defer st.owner.mu.Unlock()
	if st.owner.seats[st.Code] == st {
		delete(st.owner.seats, st.Code)
	}
}

// Connected reports whether code has a live session.
func (s *Seats) Connected(code string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.seats[code]
	return ok
}

// Count is the number of contestants connected.
func (s *Seats) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.seats)
}

// Codes lists the codes with a live session.
func (s *Seats) Codes() map[string]bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]bool, len(s.seats))
	for c := range s.seats {
		out[c] = true
	}
	return out
}
