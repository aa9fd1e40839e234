package loadtest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"
)

// StormConfig describes a disconnect storm: every contestant is in, a
// question is open, some have answered (and seen the lock), some have just
// typed their answer, the rest have not answered; then every connection is
// cut at once (TCP reset, no SSH goodbye) and every contestant logs in
// again with the same code. What a storm checks is in StormResult.
type StormConfig struct {
	// Terminal is the dial options of every session (Addr is required).
	Terminal TerminalOptions
	// Codes: session i logs in with Codes[i]; one session per code.
	Codes []string
	// Sources, if set, are local addresses to connect from: session i
	// uses Sources[i%len(Sources)] (Terminal.Source otherwise).
	Sources []string
	// Ramp spreads the first logins over this time (0: all at once);
	// ReconnectRamp the logins after the drop (0: all at once, as after a
	// switch restarts).
	Ramp, ReconnectRamp time.Duration
	// LoginTitle is the first frame's text (parquiz: the login title);
	// LoginExpect the text after a login (parquiz: the lobby greeting).
	LoginTitle, LoginExpect string
	// Open opens the question once every session is in (parquiz: the
	// host's start-round and next); QuestionExpect is its text on a
	// contestant's screen (parquiz: "Câu 1/").
	Open           func(ctx context.Context) error
	QuestionExpect string
	// AnswerKeys are typed to answer; LockedExpect is the screen's line
	// for an answer the server holds (parquiz: "Đã chốt").
	AnswerKeys, LockedExpect string
	// Answered is the share of contestants who answer and see the lock
	// before the drop (default 0.5); InFlight the share who type their
	// answer and are cut off without waiting for it (default 0.1). The
	// others have not answered.
	Answered, InFlight float64
	// Retries is how many times a contestant whose reconnect fails (a
	// refused connection or handshake) tries again, RetryWait apart
	// (default 1 s); 0: no retries.
	Retries   int
	RetryWait time.Duration
	// Probe, if set, is called between the phases with the phase's name:
	// "in" (everyone logged in, question open, answers given), "dropped"
	// (every connection cut), "back" (everyone logged in again and
	// answered), "left" (every session closed). It may wait (e.g. for the
	// server to notice) and must return; its error ends the storm.
	Probe func(ctx context.Context, phase string) error
	// Progress, if set, is told about each phase.
	Progress func(format string, args ...any)
}

// Before is what a contestant had done when the connections were cut.
type Before string

// What a contestant had done before the drop.
const (
	BeforeLocked   Before = "locked"    // answered and saw the lock
	BeforeInFlight Before = "in-flight" // typed the answer, cut off at once
	BeforeNone     Before = "none"      // had not answered
)

// StormSeat is one contestant's storm.
type StormSeat struct {
	Code   string
	Before Before
	// In: logged in, saw the question and did its part before the drop.
	In bool
	// LockedAt is when the lock showed before the drop (BeforeLocked).
	LockedAt time.Time
	// ShownAgain: after logging in again the screen showed the lock
	// without a key typed (every BeforeLocked seat must; an in-flight one
	// does if the server committed the answer).
	ShownAgain bool
	// AnsweredAfter: answered after logging in again and saw the lock.
	AnsweredAfter bool
	// Retries is how many times its reconnect was refused and tried again.
	Retries int
	// Reattached: logged in again and saw the question (or the lock);
	// Back is the time from the drop to that.
	Reattached bool
	Back       time.Duration
	// Err is the first failure of this seat ("" if none).
	Err string
}

// StormResult is what a storm measured, per seat and in total.
type StormResult struct {
	N     int
	Seats []StormSeat
	// In is how many got in and saw the question before the drop;
	// Reattached how many logged in again and saw it after.
	In, Reattached int
	// Locked, InFlight, Unanswered split the seats that got in by
	// what they had done before the drop.
	Locked, InFlight, Unanswered int
	// ShownAgain counts the locked seats whose lock showed again;
	// InFlightKept the in-flight ones whose answer the server had kept;
	// AnsweredAfter the seats that answered after reconnecting.
	ShownAgain, InFlightKept, AnsweredAfter int
	// Retries counts the reconnects refused and tried again.
	Retries int
	// LockedAll is the time from the question opening to the last lock
	// before the drop; DropAll from the first cut to every session's
	// output ended; BackAll from the first cut to the last seat back on
	// its question; Back the per-seat times.
	LockedAll, DropAll, BackAll time.Duration
	Back                        Stats
	// Errors counts failures by stage and error.
	Errors map[string]int
}

// Lost lists the seats that saw their answer locked before the drop, got
// back in, and did not see it again: each is an answer shown as kept and
// then not kept. (A seat that did not get back in is in NotBack.)
func (r *StormResult) Lost() []string {
	var out []string
	for _, s := range r.Seats {
		if s.Before == BeforeLocked && s.Reattached && !s.ShownAgain {
			out = append(out, s.Code)
		}
	}
	return out
}

// NotBack lists the seats that were in before the drop and did not get
// back in after it.
func (r *StormResult) NotBack() []string {
	var out []string
	for _, s := range r.Seats {
		if s.In && !s.Reattached {
			out = append(out, s.Code)
		}
	}
	return out
}

// ErrorCount is the number of failed seats.
func (r *StormResult) ErrorCount() int {
	n := 0
	for _, c := range r.Errors {
		n += c
	}
	return n
}

// SortedErrors lists the error counts, largest first.
func (r *StormResult) SortedErrors() []string {
	return (&Result{Errors: r.Errors}).SortedErrors()
}

// role is what seat i does before the drop: the shares are spread over
// the seats (not the first half locked, then the rest) so that the drop
// finds every kind in every part of the hall.
func (c *StormConfig) role(i int) Before {
	f := float64((i*37)%100) / 100
	switch {
	case f < c.Answered:
		return BeforeLocked
	case f < c.Answered+c.InFlight:
		return BeforeInFlight
	}
	return BeforeNone
}

// terminal is session i's dial options.
func (c *StormConfig) terminal(i int) TerminalOptions {
	o := c.Terminal
	if len(c.Sources) > 0 {
		o.Source = c.Sources[i%len(c.Sources)]
	}
	return o
}

func (c *StormConfig) check() error {
	if c.Terminal.Addr == "" || len(c.Codes) == 0 || c.Open == nil {
		return fmt.Errorf("%w: storm needs Terminal.Addr, Codes and Open", ErrConfig)
	}
	if c.LoginTitle == "" || c.LoginExpect == "" || c.QuestionExpect == "" || c.AnswerKeys == "" || c.LockedExpect == "" {
		return fmt.Errorf("%w: storm needs LoginTitle, LoginExpect, QuestionExpect, AnswerKeys and LockedExpect", ErrConfig)
	}
	if c.Answered == 0 && c.InFlight == 0 {
		c.Answered, c.InFlight = 0.5, 0.1
	}
	if c.Answered < 0 || c.InFlight < 0 || c.Answered+c.InFlight > 1 {
		return fmt.Errorf("%w: Answered and InFlight are shares that add up to at most 1", ErrConfig)
	}
	if c.RetryWait <= 0 {
		c.RetryWait = time.Second
	}
	if c.Progress == nil {
		c.Progress = func(string, ...any) {}
	}
	if c.Probe == nil {
		c.Probe = func(context.Context, string) error { return nil }
	}
	return nil
}

// Storm runs a disconnect storm. Every wait is bounded by the terminal
// timeout, so it ends by itself; the error is for a storm that could not
// be run (bad config, Open or Probe failed), failures of single seats are
// in StormResult.Errors and their StormSeat.
func Storm(ctx context.Context, cfg StormConfig) (*StormResult, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	n := len(cfg.Codes)
	res := &StormResult{N: n, Seats: make([]StormSeat, n), Errors: map[string]int{}}
	var mu sync.Mutex
	fail := func(i int, err error) {
		mu.Lock()
		defer mu.Unlock()
		res.Errors[errKey(err)]++
		if res.Seats[i].Err == "" {
			res.Seats[i].Err = err.Error()
		}
	}
	terms := make([]*Terminal, n)
	defer func() { closeAll(terms) }()
	for i, c := range cfg.Codes {
		res.Seats[i] = StormSeat{Code: c, Before: cfg.role(i)}
	}

	// 1. everyone logs in
	cfg.Progress("storm: %d contestants log in over %s", n, cfg.Ramp)
	questions := make([]<-chan time.Time, n)
	each(n, cfg.Ramp, func(i int) {
		t, err := OpenTerminal(ctx, cfg.terminal(i), cfg.LoginTitle)
		if err != nil {
			fail(i, err)
			return
		}
		hello := t.Watch(cfg.LoginExpect)
		if err := t.Send(cfg.Codes[i] + "\r"); err != nil {
			fail(i, &stageError{"login", err})
			t.Close()
			return
		}
		if _, err := t.Wait(ctx, hello, "login"); err != nil {
			fail(i, err)
			t.Close()
			return
		}
		questions[i] = t.Watch(cfg.QuestionExpect)
		terms[i] = t
	})

	// 2. the question opens; some answer
	cfg.Progress("storm: the question opens")
	opened := time.Now()
	if err := cfg.Open(ctx); err != nil {
		return res, fmt.Errorf("open the question: %w", err)
	}
	var lastLock time.Time
	each(n, 0, func(i int) {
		t := terms[i]
		if t == nil {
			return
		}
		if _, err := t.Wait(ctx, questions[i], "question"); err != nil {
			fail(i, err)
			return
		}
		seat := &res.Seats[i]
		switch seat.Before {
		case BeforeLocked:
			locked := t.Watch(cfg.LockedExpect)
			if err := t.Send(cfg.AnswerKeys); err != nil {
				fail(i, &stageError{"answer", err})
				return
			}
			at, err := t.Wait(ctx, locked, "answer")
			if err != nil {
				fail(i, err)
				return
			}
			mu.Lock()
			seat.LockedAt = at
			if at.After(lastLock) {
				lastLock = at
			}
			mu.Unlock()
		case BeforeInFlight:
			if err := t.Send(cfg.AnswerKeys); err != nil {
				fail(i, &stageError{"answer", err})
				return
			}
		}
		mu.Lock()
		res.In++
		mu.Unlock()
	})
	in := make([]bool, n) // got in, saw the question, did its part
	for i := range res.Seats {
		s := &res.Seats[i]
		in[i] = terms[i] != nil && s.Err == ""
		s.In = in[i]
		if !in[i] {
			continue
		}
		switch s.Before {
		case BeforeLocked:
			res.Locked++
		case BeforeInFlight:
			res.InFlight++
		default:
			res.Unanswered++
		}
	}
	if !lastLock.IsZero() {
		res.LockedAll = lastLock.Sub(opened)
	}
	if err := cfg.Probe(ctx, "in"); err != nil {
		return res, err
	}

	// 3. every connection is cut at once
	cfg.Progress("storm: %d connections cut (%d locked, %d in flight, %d not answered)", res.In, res.Locked, res.InFlight, res.Unanswered)
	cut := time.Now()
	each(n, 0, func(i int) {
		if terms[i] != nil {
			terms[i].Drop()
			terms[i] = nil
		}
	})
	res.DropAll = time.Since(cut)
	if err := cfg.Probe(ctx, "dropped"); err != nil {
		return res, err
	}

	// 4. everyone logs in again with the same code
	cfg.Progress("storm: %d contestants log in again over %s", res.In, cfg.ReconnectRamp)
	var backs collector
	var lastBack time.Time
	each(n, cfg.ReconnectRamp, func(i int) {
		if !in[i] {
			return
		}
		seat := &res.Seats[i]
		t, err := OpenTerminal(ctx, cfg.terminal(i), cfg.LoginTitle)
		for try := 0; err != nil && try < cfg.Retries && sleep(ctx, cfg.RetryWait); try++ {
			// refused (the server caps connections not yet logged in): a
			// contestant tries again
			seat.Retries++
			t, err = OpenTerminal(ctx, cfg.terminal(i), cfg.LoginTitle)
		}
		if err != nil {
			fail(i, &stageError{"reconnect", err})
			return
		}
		terms[i] = t
		// both watched from before the code is typed: the lock may come in
		// the same frame as the question, or in the next
		question, locked := t.Watch(cfg.QuestionExpect), t.Watch(cfg.LockedExpect)
		if err := t.Send(cfg.Codes[i] + "\r"); err != nil {
			fail(i, &stageError{"relogin", err})
			return
		}
		var at time.Time
		gotLock := false
		select {
		case at = <-locked:
			gotLock = true
		default:
			if at, err = t.Wait(ctx, question, "relogin"); err != nil {
				fail(i, err)
				return
			}
		}
		mu.Lock()
		seat.Reattached, seat.Back = true, at.Sub(cut)
		if at.After(lastBack) {
			lastBack = at
		}
		res.Reattached++
		mu.Unlock()
		backs.add(seat.Back)
		switch {
		case gotLock:
		case seat.Before == BeforeLocked:
			// a kept answer is drawn with the question (the same frame, or
			// the next read): it must come
			if _, err := t.Wait(ctx, locked, "lock-again"); err != nil {
				fail(i, err)
				return
			}
			gotLock = true
		case seat.Before == BeforeInFlight:
			// kept or not: the rest of the frame comes within inFlightGrace
			select {
			case <-locked:
				gotLock = true
			case <-time.After(inFlightGrace):
			}
		}
		if gotLock {
			seat.ShownAgain = true
			return
		}
		if err := t.Send(cfg.AnswerKeys); err != nil {
			fail(i, &stageError{"answer-again", err})
			return
		}
		if _, err := t.Wait(ctx, locked, "answer-again"); err != nil {
			fail(i, err)
			return
		}
		seat.AnsweredAfter = true
	})
	for _, s := range res.Seats {
		res.Retries += s.Retries
		switch {
		case s.ShownAgain && s.Before == BeforeLocked:
			res.ShownAgain++
		case s.ShownAgain && s.Before == BeforeInFlight:
			res.InFlightKept++
		}
		if s.AnsweredAfter {
			res.AnsweredAfter++
		}
	}
	if !lastBack.IsZero() {
		res.BackAll = lastBack.Sub(cut)
	}
	res.Back = Summarize(backs.durs)
	cfg.Progress("storm: %d of %d back after %s (%s); %d locked answers shown again, %d in-flight kept, %d answered after",
		res.Reattached, res.In, res.BackAll.Round(time.Millisecond), res.Back, res.ShownAgain, res.InFlightKept, res.AnsweredAfter)
	if err := cfg.Probe(ctx, "back"); err != nil {
		return res, err
	}

	// 5. everyone leaves
	closeAll(terms)
	if err := cfg.Probe(ctx, "left"); err != nil {
		return res, err
	}
	return res, nil
}

// inFlightGrace is how long a seat whose answer was in flight at the drop
// waits, after its question shows again, for the lock line of a kept
// answer before it answers again (if the answer was kept after all, the key
// is ignored and the lock still shows: the journal has one answer).
const inFlightGrace = time.Second

// each runs f(0..n-1) in parallel, start i delayed by ramp·i/n, and waits.
func each(n int, ramp time.Duration, f func(i int)) {
	var wg sync.WaitGroup
	start := time.Now()
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if ramp > 0 && n > 1 {
				time.Sleep(time.Until(start.Add(ramp * time.Duration(i) / time.Duration(n))))
			}
			f(i)
		}()
	}
	wg.Wait()
}

// closeAll closes the terminals left open, in parallel.
func closeAll(terms []*Terminal) {
	each(len(terms), 0, func(i int) {
		if terms[i] != nil {
			terms[i].Close()
			terms[i] = nil
		}
	})
}

// ErrStormDefect is wrapped by StormResult.Check's errors.
var ErrStormDefect = errors.New("storm")

// Check is the storm's verdict from the contestants' side: every seat got
// back in, every answer locked before the drop showed again, every seat
// ended with its answer locked. The server's side (stored answers, seats,
// subscriptions) is for the caller's Probe to check.
func (r *StormResult) Check() error {
	var errs []error
	if r.ErrorCount() > 0 {
		errs = append(errs, fmt.Errorf("%w: %d failures: %v", ErrStormDefect, r.ErrorCount(), r.SortedErrors()))
	}
	if r.In != r.N || r.Reattached != r.In {
		errs = append(errs, fmt.Errorf("%w: %d of %d in before the drop, %d back after it; not back: %s", ErrStormDefect, r.In, r.N, r.Reattached, some(r.NotBack())))
	}
	if lost := r.Lost(); len(lost) > 0 {
		errs = append(errs, fmt.Errorf("%w: %d answers shown locked before the drop are not shown after it: %s", ErrStormDefect, len(lost), some(lost)))
	}
	if done := r.ShownAgain + r.InFlightKept + r.AnsweredAfter; done != r.Reattached {
		errs = append(errs, fmt.Errorf("%w: %d of %d seats back ended with a locked answer", ErrStormDefect, done, r.Reattached))
	}
	return errors.Join(errs...)
}

// some is up to 20 of codes, sorted, and how many more.
func some(codes []string) string {
	codes = slices.Clone(codes)
	slices.Sort(codes)
	if len(codes) <= 20 {
		return fmt.Sprint(codes)
	}
	return fmt.Sprintf("%v and %d more", codes[:20], len(codes)-20)
}
