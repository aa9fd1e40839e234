// Package loadtest simulates a hall of SSH contestants for rehearsals and
// benchmarks: it opens N PTY sessions (xterm-256color, 80×24) within a
// ramp, answers the terminal queries a real terminal would, waits for the
// first frame, logs each session in by typing a contestant code, holds the
// sessions, optionally has the server broadcast something (a question
// opening) and every session answer it, and reports latencies (p50/p99),
// errors and the server's memory and CPU from /proc.
//
// It talks to any SSH server that draws a text UI: `parquiz serve` or the
// bare Wish + Bubble Tea baseline used to judge parquiz's per-session cost.
// All waiting is bounded by timeouts; Run stops by itself.
package loadtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"sort"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// Errors a session can fail with, wrapped in a *StageError-like message
// naming the stage ("dial", "handshake", "first-frame", "login", …).
var (
	// ErrTimeout: the expected text did not appear in time.
	ErrTimeout = errors.New("timed out")
	// ErrClosed: the server ended the session before the expected text.
	ErrClosed = errors.New("session closed by the server")
	// ErrConfig: the Config cannot be run.
	ErrConfig = errors.New("invalid load test configuration")
)

type stageError struct {
	stage string
	err   error
}

func (e *stageError) Error() string { return e.stage + ": " + e.err.Error() }
func (e *stageError) Unwrap() error { return e.err }

// Config describes one load run.
type Config struct {
	// Addr is the server's host:port.
	Addr string
	// User is the SSH user name (parquiz: "play").
	User string
	// Signer, if set, is offered before keyboard-interactive.
	Signer gossh.Signer
	// N is the number of sessions.
	N int
	// Ramp spreads the N connection starts evenly over this time (0: all
	// at once).
	Ramp time.Duration
	// Expect is the text of the first frame (parquiz: the login title).
	Expect string
	// Codes, if not empty, are typed (session i types Codes[i%len(Codes)]
	// and Enter) once the first frame is up; LoginExpect is then the text
	// that shows the login worked (parquiz: the lobby greeting).
	Codes       []string
	LoginExpect string
	// Term, Width and Height describe the PTY; defaults xterm-256color 80×24.
	Term          string
	Width, Height int
	// Timeout bounds each wait of each session (dial, first frame, login,
	// broadcast, answer); default 30 s.
	Timeout time.Duration
	// Settle is waited once every session is in, before the server's
	// memory is read; default 1 s.
	Settle time.Duration
	// Hold keeps the sessions idle this long while the server's CPU is
	// measured; default 2 s.
	Hold time.Duration
	// Prepare, if set, runs once all sessions are in, before the
	// broadcast (parquiz: `start-round`); it is not timed.
	Prepare func(ctx context.Context) error
	// Broadcast, if set, makes the server send BroadcastExpect to every
	// session (parquiz: `next` opens a question; the baseline: SIGUSR1).
	// The time from calling it to each session seeing the text is
	// measured.
	Broadcast       func(ctx context.Context) error
	BroadcastExpect string
	// AnswerKeys, if set, are typed by each session as soon as it sees
	// BroadcastExpect; the time until AnswerExpect appears is measured.
	AnswerKeys   string
	AnswerExpect string
	// AnswersDone, if set, is polled (every 50 ms, up to Timeout) after
	// every session has answered until it reports true (parquiz: the host's
	// status says every answer is stored). Its time is AllAnswered.
	AnswersDone func(ctx context.Context) (bool, error)
	// PID, if > 0, is the server process whose /proc figures are read.
	PID int
	// Progress, if set, is told about each phase (for a CLI).
	Progress func(format string, args ...any)
}

// Stats summarises durations.
type Stats struct {
	Count              int
	P50, P90, P99, Max time.Duration
}

func (s Stats) String() string {
	if s.Count == 0 {
		return "n=0"
	}
	return fmt.Sprintf("n=%d p50=%s p90=%s p99=%s max=%s", s.Count, ms(s.P50), ms(s.P90), ms(s.P99), ms(s.Max))
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond)) }

// Summarize computes nearest-rank percentiles of ds.
func Summarize(ds []time.Duration) Stats {
	if len(ds) == 0 {
		return Stats{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	at := func(p float64) time.Duration {
		i := int(float64(len(s))*p+0.999999) - 1
		return s[max(0, min(i, len(s)-1))]
	}
	return Stats{Count: len(s), P50: at(0.50), P90: at(0.90), P99: at(0.99), Max: s[len(s)-1]}
}

// Result is what a run measured.
type Result struct {
	N int
	// FirstFrame: from starting the dial to the first frame.
	FirstFrame Stats
	// Login: from typing the code to the login text.
	Login Stats
	// ConnectAll: from the first dial to the last session in.
	ConnectAll time.Duration
	// Held is the number of sessions that got in (and logged in).
	Held int
	// Broadcast: from the trigger to each session seeing the text.
	Broadcast Stats
	// Answer: from typing the answer to AnswerExpect.
	Answer Stats
	// AllAnswered: from the broadcast trigger until AnswersDone said yes.
	AllAnswered time.Duration
	// Errors counts failures by stage and error.
	Errors map[string]int
	// Server figures from /proc (zero without PID).
	Before, Connected, After ProcStat
	// IdleCPU is the server's CPU use (cores) while the sessions were
	// held idle; BusyCPU over the whole run.
	IdleCPU, BusyCPU float64
	// BytesPerSession is the average output a session received.
	BytesPerSession int64
}

// ErrorCount is the total number of failed sessions and waits.
func (r *Result) ErrorCount() int {
	n := 0
	for _, c := range r.Errors {
		n += c
	}
	return n
}

// RSSPerSession is the server's resident memory growth per held session
// (KiB), from before the first dial to Settle after the last one got in.
func (r *Result) RSSPerSession() float64 {
	if r.Held == 0 || r.Connected.RSS == 0 {
		return 0
	}
	return float64(r.Connected.RSS-r.Before.RSS) / float64(r.Held)
}

func (c *Config) defaults() error {
	if c.Addr == "" || c.N <= 0 || c.Expect == "" {
		return fmt.Errorf("%w: Addr, N > 0 and Expect are required", ErrConfig)
	}
	if len(c.Codes) > 0 && c.LoginExpect == "" {
		return fmt.Errorf("%w: Codes need LoginExpect (the text after a login)", ErrConfig)
	}
	if c.Broadcast != nil && c.BroadcastExpect == "" {
		return fmt.Errorf("%w: Broadcast needs BroadcastExpect", ErrConfig)
	}
	if c.AnswerKeys != "" && (c.Broadcast == nil || c.AnswerExpect == "") {
		return fmt.Errorf("%w: AnswerKeys need Broadcast and AnswerExpect", ErrConfig)
	}
	for _, t := range []string{c.Expect, c.LoginExpect, c.BroadcastExpect, c.AnswerExpect} {
		if len(t) >= tailKeep {
			return fmt.Errorf("%w: expected text longer than %d bytes", ErrConfig, tailKeep)
		}
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("%w: address %q: %w", ErrConfig, c.Addr, err)
	}
	if c.User == "" {
		c.User = "play"
	}
	if c.Term == "" {
		c.Term = "xterm-256color"
	}
	if c.Width <= 0 || c.Height <= 0 {
		c.Width, c.Height = 80, 24
	}
	if c.Timeout <= 0 {
		c.Timeout = 30 * time.Second
	}
	if c.Settle <= 0 {
		c.Settle = time.Second
	}
	if c.Hold <= 0 {
		c.Hold = 2 * time.Second
	}
	if c.Progress == nil {
		c.Progress = func(string, ...any) {}
	}
	return nil
}

// collector gathers per-session results from many goroutines.
type collector struct {
	mu   sync.Mutex
	durs []time.Duration
}

func (c *collector) add(d time.Duration) {
	c.mu.Lock()
	c.durs = append(c.durs, d)
	c.mu.Unlock()
}

// errKey names an error by stage and kind, without per-connection detail
// (addresses, ports) so that equal failures are counted together.
func errKey(err error) string {
	var se *stageError
	stage := "session"
	if errors.As(err, &se) {
		stage = se.stage
	}
	var ne net.Error
	switch {
	case errors.Is(err, ErrTimeout):
		return stage + ": timeout"
	case errors.Is(err, ErrClosed):
		return stage + ": closed by server"
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return stage + ": cancelled"
	case errors.As(err, &ne) && ne.Timeout():
		return stage + ": network timeout"
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		return stage + ": " + oe.Op + ": " + oe.Err.Error()
	}
	return stage + ": " + err.Error()
}

// Run runs the load described by cfg and returns what it measured. The
// error is for a run that could not be done at all (bad Config, failed
// Prepare); failures of single sessions are counted in Result.Errors.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	if err := cfg.defaults(); err != nil {
		return nil, err
	}
	res := &Result{N: cfg.N, Errors: map[string]int{}}
	var errMu sync.Mutex
	fail := func(err error) {
		errMu.Lock()
		res.Errors[errKey(err)]++
		errMu.Unlock()
	}
	res.Before, _ = ReadProc(cfg.PID)

	opts := dialOptions{addr: cfg.Addr, user: cfg.User, signer: cfg.Signer, term: cfg.Term, width: cfg.Width, height: cfg.Height, timeout: cfg.Timeout}
	sessions := make([]*session, cfg.N)
	var first, login collector
	var wg sync.WaitGroup
	start := time.Now()
	cfg.Progress("connecting %d sessions over %s", cfg.N, cfg.Ramp)
	var lastIn time.Time
	var lastMu sync.Mutex
	for i := range cfg.N {
		at := start
		if cfg.N > 1 {
			at = start.Add(cfg.Ramp * time.Duration(i) / time.Duration(cfg.N))
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if d := time.Until(at); d > 0 {
				select {
				case <-time.After(d):
				case <-ctx.Done():
					fail(&stageError{"dial", ctx.Err()})
					return
				}
			}
			t0 := time.Now()
			s, err := dial(ctx, opts, cfg.Expect)
			if err != nil {
				fail(err)
				return
			}
			got, err := s.wait(ctx, s.first, cfg.Timeout, "first-frame")
			if err != nil {
				fail(err)
				s.close()
				return
			}
			first.add(got.Sub(t0))
			if len(cfg.Codes) > 0 {
				ch := s.expect(cfg.LoginExpect)
				t1 := time.Now()
				if err := s.send(cfg.Codes[i%len(cfg.Codes)] + "\r"); err != nil {
					fail(&stageError{"login", err})
					s.close()
					return
				}
				got, err := s.wait(ctx, ch, cfg.Timeout, "login")
				if err != nil {
					fail(err)
					s.close()
					return
				}
				login.add(got.Sub(t1))
			}
			lastMu.Lock()
			if got.After(lastIn) {
				lastIn = got
			}
			lastMu.Unlock()
			sessions[i] = s
		}()
	}
	wg.Wait()
	live := slices.DeleteFunc(slices.Clone(sessions), func(s *session) bool { return s == nil })
	defer func() {
		// Close in parallel: a few thousand sequential closes take seconds.
		var cw sync.WaitGroup
		for _, s := range live {
			cw.Add(1)
			go func() { defer cw.Done(); s.close() }()
		}
		cw.Wait()
	}()
	res.Held = len(live)
	res.FirstFrame, res.Login = Summarize(first.durs), Summarize(login.durs)
	if !lastIn.IsZero() {
		res.ConnectAll = lastIn.Sub(start)
	}
	cfg.Progress("%d of %d sessions in after %s; first frame %s", res.Held, cfg.N, res.ConnectAll.Round(time.Millisecond), res.FirstFrame)

	if !sleep(ctx, cfg.Settle) {
		return res, ctx.Err()
	}
	res.Connected, _ = ReadProc(cfg.PID)
	if !sleep(ctx, cfg.Hold) {
		return res, ctx.Err()
	}
	held, _ := ReadProc(cfg.PID)
	res.IdleCPU = held.cpuSince(res.Connected)

	if cfg.Broadcast != nil && len(live) > 0 {
		if cfg.Prepare != nil {
			if err := cfg.Prepare(ctx); err != nil {
				return res, fmt.Errorf("prepare: %w", err)
			}
			if !sleep(ctx, cfg.Settle) {
				return res, ctx.Err()
			}
		}
		if err := broadcast(ctx, &cfg, live, res, fail); err != nil {
			return res, err
		}
	}
	res.After, _ = ReadProc(cfg.PID)
	res.BusyCPU = res.After.cpuSince(res.Before)
	var total int64
	for _, s := range live {
		s.mu.Lock()
		total += s.bytes
		s.mu.Unlock()
	}
	if len(live) > 0 {
		res.BytesPerSession = total / int64(len(live))
	}
	return res, nil
}

// broadcast triggers the broadcast and, per session, waits for it and
// answers.
func broadcast(ctx context.Context, cfg *Config, live []*session, res *Result, fail func(error)) error {
	chans := make([]<-chan time.Time, len(live))
	for i, s := range live {
		chans[i] = s.expect(cfg.BroadcastExpect)
	}
	cfg.Progress("broadcast to %d sessions", len(live))
	t0 := time.Now()
	if err := cfg.Broadcast(ctx); err != nil {
		return fmt.Errorf("broadcast: %w", err)
	}
	var seen, answered collector
	var wg sync.WaitGroup
	for i, s := range live {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := s.wait(ctx, chans[i], cfg.Timeout, "broadcast")
			if err != nil {
				fail(err)
				return
			}
			seen.add(got.Sub(t0))
			if cfg.AnswerKeys == "" {
				return
			}
			ch := s.expect(cfg.AnswerExpect)
			t1 := time.Now()
			if err := s.send(cfg.AnswerKeys); err != nil {
				fail(&stageError{"answer", err})
				return
			}
			got, err = s.wait(ctx, ch, cfg.Timeout, "answer")
			if err != nil {
				fail(err)
				return
			}
			answered.add(got.Sub(t1))
		}()
	}
	wg.Wait()
	res.Broadcast, res.Answer = Summarize(seen.durs), Summarize(answered.durs)
	cfg.Progress("broadcast %s; answer %s", res.Broadcast, res.Answer)
	if cfg.AnswersDone == nil {
		return nil
	}
	deadline := time.Now().Add(cfg.Timeout)
	for time.Now().Before(deadline) {
		done, err := cfg.AnswersDone(ctx)
		if err != nil {
			return fmt.Errorf("answers done: %w", err)
		}
		if done {
			res.AllAnswered = time.Since(t0)
			return nil
		}
		if !sleep(ctx, 50*time.Millisecond) {
			return ctx.Err()
		}
	}
	res.Errors["answers-done: timeout"]++
	return nil
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// SortedErrors lists the error counts, largest first.
func (r *Result) SortedErrors() []string {
	keys := make([]string, 0, len(r.Errors))
	for k := range r.Errors {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if r.Errors[keys[i]] != r.Errors[keys[j]] {
			return r.Errors[keys[i]] > r.Errors[keys[j]]
		}
		return keys[i] < keys[j]
	})
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = fmt.Sprintf("%d × %s", r.Errors[k], k)
	}
	return out
}
