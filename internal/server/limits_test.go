package server

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/log"

	"parquiz/internal/i18n"
)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *fakeClock { return &fakeClock{t: time.Date(2025, 11, 20, 8, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// session is a play@ session on its own connection from addr.
func session(lim *Limiter, addr string) *Session {
	return &Session{Role: RolePlay, Remote: addr, Lang: i18n.VI, Limiter: lim}
}

func TestDefaultsFillZeroFields(t *testing.T) {
	got := Limits{CodeTries: 3, LoginTimeout: time.Minute}.withDefaults()
	want := DefaultLimits()
	want.CodeTries, want.LoginTimeout = 3, time.Minute
	if got != want {
		t.Errorf("withDefaults = %+v\nwant %+v", got, want)
	}
	// a per-connection delay above the default cap raises the cap
	if got := (Limits{CodeDelay: time.Minute}).withDefaults(); got.CodeMaxDelay != time.Minute {
		t.Errorf("CodeMaxDelay = %v, want 1m", got.CodeMaxDelay)
	}
}

// TestWrongCodesWaitPerConnection: a connection's wrong codes make it
// wait, doubling, and close it after CodeTries; another contestant on the
// same address is not affected at all.
func TestWrongCodesWaitPerConnection(t *testing.T) {
	clk := newClock()
	lim := NewLimiter(clk.Now)
	guesser := session(lim, "10.0.0.7")
	for i, want := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second} {
		if d, _ := guesser.CodeWait(); d != 0 {
			t.Fatalf("try %d: wait %v before it", i+1, d)
		}
		msg, spent := guesser.CodeFailed(fmt.Sprintf("WRONG%d", i))
		if spent {
			t.Fatalf("try %d: spent", i+1)
		}
		if !strings.Contains(msg, fmt.Sprintf("Còn %d lần thử", 4-i)) || !strings.Contains(msg, fmt.Sprintf("sau %d giây", int(want.Seconds()))) {
			t.Errorf("try %d: message %q", i+1, msg)
		}
		if d, why := guesser.CodeWait(); d != want || !strings.Contains(why, "chờ") {
			t.Errorf("try %d: wait %v %q, want %v", i+1, d, why, want)
		}
		// the honest contestant next to the guesser checks at once
		if d, _ := session(lim, "10.0.0.7").CodeWait(); d != 0 {
			t.Fatalf("after the guesser's try %d another connection waits %v", i+1, d)
		}
		clk.Advance(want)
	}
	if _, spent := guesser.CodeFailed("WRONG5"); !spent {
		t.Error("5th wrong code: the connection is not closed")
	}
	if d, _ := session(lim, "10.0.0.7").CodeWait(); d != 0 {
		t.Errorf("after a closed guesser another connection waits %v", d)
	}
}

// TestAddressBudget: a hall of honest typos does not slow the address;
// past the budget of distinct wrong codes every connection from it checks
// at most once per AddrDelay (from its start), doubling up to the top; a
// right code is then checked after that delay, never refused; other
// addresses are not affected; after the window it is all forgotten.
func TestAddressBudget(t *testing.T) {
	clk := newClock()
	lim := NewLimiter(clk.Now)
	lim.Limits.AddrBudget = 100
	addr := "203.0.113.9"
	// 200 contestants behind one NAT, each retyping the same typo 3 times:
	// 200 distinct wrong codes would be over; a hall's typos are repeats
	for i := 0; i < 200; i++ {
		s := session(lim, addr)
		for range 3 {
			s.CodeFailed(fmt.Sprintf("TYPO%02d", i%50))
		}
	}
	if got := lim.Fails(addr); got != 50 {
		t.Fatalf("distinct wrong codes = %d, want 50", got)
	}
	if d, _ := session(lim, addr).CodeWait(); d != 0 {
		t.Fatalf("under the budget a new connection waits %v", d)
	}
	// a guesser: distinct codes over many connections
	for i := 0; i < 50; i++ {
		session(lim, addr).CodeFailed(fmt.Sprintf("G%05d", i))
	}
	honest := session(lim, addr)
	d, why := honest.CodeWait()
	if d != lim.Limits.AddrDelay || !strings.Contains(why, "rất nhiều mã sai") {
		t.Fatalf("over the budget: wait %v %q, want %v", d, why, lim.Limits.AddrDelay)
	}
	if d, _ := session(lim, "198.51.100.1").CodeWait(); d != 0 {
		t.Errorf("another address waits %v", d)
	}
	clk.Advance(lim.Limits.AddrDelay)
	if d, _ := honest.CodeWait(); d != 0 {
		t.Errorf("after the address delay the honest connection still waits %v", d)
	}
	// a wrong code over the budget: the connection waits the address delay
	msg, _ := honest.CodeFailed("G99999")
	if d, _ := honest.CodeWait(); d != lim.Limits.AddrDelay || !strings.Contains(msg, "sau 10 giây") {
		t.Errorf("wrong code over budget: wait %v, message %q", d, msg)
	}
	// the delay doubles per budget's worth of distinct wrong codes, up to the top
	for i := 0; i < 1000; i++ {
		session(lim, addr).CodeFailed(fmt.Sprintf("H%05d", i))
	}
	if got := lim.AddrDelay(addr); got != lim.Limits.AddrMaxDelay {
		t.Errorf("after 1,100 distinct wrong codes the delay is %v, want %v", got, lim.Limits.AddrMaxDelay)
	}
	clk.Advance(lim.Limits.AddrWindow + time.Second)
	if got := lim.Fails(addr); got != 0 {
		t.Errorf("after the window: %d wrong codes remembered", got)
	}
	if d, _ := session(lim, addr).CodeWait(); d != 0 {
		t.Errorf("after the window a new connection waits %v", d)
	}
}

func TestBoardSlots(t *testing.T) {
	clk := newClock()
	lim := NewLimiter(clk.Now)
	addr := "10.0.0.9"
	for i := 0; i < lim.Limits.BoardBudget; i++ {
		if w, ok := lim.BoardSlot(addr, time.Minute); w != 0 || !ok {
			t.Fatalf("under the budget: slot %v %v", w, ok)
		}
		lim.BoardFailed(addr, fmt.Sprintf("pw%d", i))
	}
	// over it: one check per BoardSlow for the whole address
	slow := lim.Limits.BoardSlow
	for i := 0; i < 3; i++ {
		if w, ok := lim.BoardSlot(addr, time.Minute); w != time.Duration(i)*slow || !ok {
			t.Errorf("slot %d: %v %v, want %v", i, w, ok, time.Duration(i)*slow)
		}
	}
	if w, ok := lim.BoardSlot(addr, 2*slow); ok || w != 3*slow {
		t.Errorf("a slot past the caller's limit: %v %v", w, ok)
	}
	if w, _ := lim.BoardSlot("10.0.0.10", time.Minute); w != 0 {
		t.Errorf("another address waits %v", w)
	}
}

// TestFailLogIsBounded drives many thousands of failures, from one
// address and from thousands, and counts the log: at most one line per
// kind and address per interval, and a cap on lines per interval.
func TestFailLogIsBounded(t *testing.T) {
	var buf bytes.Buffer
	l := log.NewWithOptions(&buf, log.Options{ReportTimestamp: true})
	f := newFailLog(l, time.Minute)
	for i := 0; i < 20000; i++ {
		f.warn("wrong contestant code", "203.0.113.9", "tries", i%5+1)
	}
	first := strings.Count(buf.String(), "\n")
	if first != 1 {
		t.Errorf("20,000 failures from one address: %d lines before the interval ends, want 1:\n%s", first, buf.String())
	}
	f.flush()
	out := buf.String()
	if !strings.Contains(out, "wrong contestant code (repeated)") || !strings.Contains(out, "count=19999") || !strings.Contains(out, "remote=203.0.113.9") {
		t.Errorf("the repeated line lacks its count:\n%s", out)
	}
	// many addresses: the lines of an interval are capped
	buf.Reset()
	for i := 0; i < 20000; i++ {
		f.warn("wrong board password", fmt.Sprintf("10.%d.%d.%d", i/65536, i/256%256, i%256))
	}
	f.flush()
	f.flush()
	lines := strings.Count(buf.String(), "\n")
	if lines > 2*maxFailLines+2 {
		t.Errorf("20,000 failures from 20,000 addresses: %d lines", lines)
	}
	// every failure is either its own line or counted in the summary
	one := strings.Count(buf.String(), "WARN wrong board password remote=")
	var summed int
	if i := strings.Index(buf.String(), "failures not logged one by one count="); i >= 0 {
		fmt.Sscanf(buf.String()[i+len("failures not logged one by one count="):], "%d", &summed)
	}
	if one+summed != 20000 || one > maxFailLines {
		t.Errorf("%d lines one by one + %d in the summary, want ≤ %d + the rest of 20,000:\n%s", one, summed, maxFailLines, buf.String()[max(0, buf.Len()-400):])
	}
	if buf.Len() > 16<<10 {
		t.Errorf("%d bytes of log for one interval", buf.Len())
	}
	// a quiet interval forgets: the next failure is logged at once again
	buf.Reset()
	f.flush()
	f.warn("wrong contestant code", "203.0.113.9")
	if !strings.Contains(buf.String(), "wrong contestant code remote=203.0.113.9") {
		t.Errorf("after a quiet interval: %q", buf.String())
	}
}
