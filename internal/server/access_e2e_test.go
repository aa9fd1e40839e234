package server_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/charmbracelet/log"
	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"

	"parquiz/internal/server"
)

// syncBuffer is a bytes.Buffer safe for the server's and the test's
// goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// rawTerm is a term that also keeps every byte the server sent.
type rawTerm struct {
	*term
	raw  *syncBuffer
	exit chan error
}

func (f *fixture) openRaw(t *testing.T, user string, key gossh.Signer, answers ...string) *rawTerm {
	t.Helper()
	c, err := f.dial(t, user, key, answers...)
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	in, _ := s.StdinPipe()
	emu := vt.NewSafeEmulator(80, 24)
	raw := &syncBuffer{}
	s.Stdout = io.MultiWriter(emu, raw)
	s.Stderr = raw
	go io.Copy(in, emu)
	if err := s.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := s.Shell(); err != nil {
		t.Fatal(err)
	}
	rt := &rawTerm{term: &term{t: t, c: c, s: s, in: in, emu: emu, done: make(chan struct{})}, raw: raw, exit: make(chan error, 1)}
	go func() { rt.exit <- s.Wait(); close(rt.done) }()
	t.Cleanup(func() { c.Close() })
	return rt
}

// ended waits for the session to end and returns its exit status.
func (rt *rawTerm) ended() int {
	rt.t.Helper()
	select {
	case err := <-rt.exit:
		var ee *gossh.ExitError
		switch {
		case err == nil:
			return 0
		case errors.As(err, &ee):
			return ee.ExitStatus()
		}
		rt.t.Fatalf("session ended without an exit status: %v", err)
	case <-time.After(10 * time.Second):
		rt.t.Fatal("the session did not end")
	}
	return -1
}

// restored checks that the client's terminal was given back: after the
// last frame, Bubble Tea's exit sequences (cursor shown, mouse reporting
// off, alternate screen left), then the message, on the main screen.
func (rt *rawTerm) restored(msg string) {
	rt.t.Helper()
	out := rt.raw.String()
	enter := strings.LastIndex(out, "\x1b[?1049h")
	if enter < 0 {
		rt.t.Fatalf("the session never entered the alternate screen: %q", out)
	}
	tail := out[enter:]
	last := -1
	for _, seq := range []string{"\x1b[?25h", "\x1b[?1002l", "\x1b[?1006l", "\x1b[?1049l"} {
		i := strings.LastIndex(tail, seq)
		if i < 0 {
			rt.t.Errorf("the stream lacks %q after the last alternate-screen enter; its end: %q", seq, tail[max(0, len(tail)-300):])
			continue
		}
		last = max(last, i)
	}
	if last >= 0 {
		if after := tail[last:]; !strings.Contains(after, msg) {
			rt.t.Errorf("the message %q does not follow the restored terminal; stream end: %q", msg, after)
		}
	}
	if rt.emu.IsAltScreen() {
		rt.t.Error("the emulator is still in the alternate screen")
	}
	if rt.emu.CursorHidden() {
		rt.t.Error("the cursor is still hidden")
	}
	if !strings.Contains(rt.screen(), msg) {
		rt.t.Errorf("the main screen does not show %q:\n%s", msg, rt.screen())
	}
}

// TestHallBehindOneAddress: guessers and honest contestants share
// 127.0.0.1 (a NAT). Wrong codes on some connections make those
// connections wait, never the others: a right code on another connection
// gets in at once, even after more wrong codes from the address than the
// old per-address limit allowed (5).
func TestHallBehindOneAddress(t *testing.T) {
	f := startWith(t, "", func(c *server.Config) { c.Limits.CodeDelay = time.Minute })
	for i := 0; i < 3; i++ {
		g := f.open(t, "play", nil)
		g.waitFor("Nhập mã dự thi")
		g.send("WRONG1\r")
		g.waitFor("Còn 4 lần thử; nhập lại sau 60 giây")
		g.send("WRONG2\r")
		g.waitFor("Vui lòng chờ")
	}
	// six tries from the address so far, three of them refused waits
	a := f.open(t, "play", nil)
	a.waitFor("Nhập mã dự thi")
	a.send("aaa111\r")
	a.waitFor("Đang chờ ban tổ chức")
	if got := f.srv.Limiter.Fails("127.0.0.1"); got != 1 {
		t.Errorf("distinct wrong codes from the address = %d, want 1 (WRONG1 three times)", got)
	}
}

// TestAddressOverBudgetDelaysARightCode: past the address's budget a right
// code is checked after the address delay, not refused; a wrong one makes
// its connection wait.
func TestAddressOverBudgetDelaysARightCode(t *testing.T) {
	clk := &clock{t: time.Date(2025, 11, 20, 8, 0, 0, 0, time.UTC)}
	f := startWith(t, "", func(c *server.Config) {
		c.Now = clk.Now
		c.Limits.AddrBudget = 3
		c.Limits.CodeDelay = time.Millisecond
	})
	g := f.open(t, "play", nil)
	g.waitFor("Nhập mã dự thi")
	for i := 1; i <= 3; i++ {
		g.send(fmt.Sprintf("GUESS%d\r", i))
		g.waitFor(fmt.Sprintf("Còn %d lần thử", 5-i))
		clk.Advance(time.Second)
	}
	a := f.open(t, "play", nil)
	a.waitFor("Nhập mã dự thi")
	a.send("AAA111\r")
	a.waitFor("kiểm tra sau 10 giây")
	clk.Advance(10 * time.Second)
	a.send("\r")
	a.waitFor("Đang chờ ban tổ chức")
}

// TestUnauthenticatedConnectionsCapped: connections that have not logged
// in are capped per address; one that logs in no longer counts, and a
// connection that never finishes its handshake is closed at the deadline.
func TestUnauthenticatedConnectionsCapped(t *testing.T) {
	f := startWith(t, "", func(c *server.Config) {
		c.Limits.MaxUnauthPerAddr = 3
		c.Limits.HandshakeTimeout = 400 * time.Millisecond
		c.Limits.QueueWait = 100 * time.Millisecond
	})
	var raws []net.Conn
	for i := 0; i < 3; i++ {
		c, err := net.Dial("tcp", f.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		raws = append(raws, c)
	}
	waitUntil(t, func() bool { _, n := f.srv.Unauthenticated("127.0.0.1"); return n == 3 }, "3 connections counted")
	if c, err := f.dial(t, "host", f.admin); err == nil {
		c.Close()
		t.Fatal("a 4th unauthenticated connection from the address was let in")
	}
	// the silent ones are closed at the handshake deadline
	for i, c := range raws {
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		_, err := io.Copy(io.Discard, c) // the server's banner, then EOF
		if err != nil {
			t.Errorf("silent connection %d: %v, want closed by the server", i, err)
		}
	}
	waitUntil(t, func() bool { total, _ := f.srv.Unauthenticated("127.0.0.1"); return total == 0 }, "no connection counted")
	// a play session at the code prompt counts until its code is in
	a := f.open(t, "play", nil)
	a.waitFor("Nhập mã dự thi")
	if _, n := f.srv.Unauthenticated("127.0.0.1"); n != 1 {
		t.Errorf("at the code prompt: %d counted, want 1", n)
	}
	a.send("AAA111\r")
	a.waitFor("Đang chờ ban tổ chức")
	waitUntil(t, func() bool { _, n := f.srv.Unauthenticated("127.0.0.1"); return n == 0 }, "logged in, not counted")
	// a host session is logged in by its key, and stays after the deadline
	h := f.open(t, "host", f.admin)
	h.waitFor("Hội thi CCHC")
	time.Sleep(600 * time.Millisecond)
	select {
	case <-h.done:
		t.Error("a logged-in host session was closed by the handshake deadline")
	default:
	}
}

// TestAuthenticatedButNoSessionIsClosed: the handshake deadline covers
// opening a session too (a connection held open with no session).
func TestAuthenticatedButNoSessionIsClosed(t *testing.T) {
	f := startWith(t, "", func(c *server.Config) { c.Limits.HandshakeTimeout = 300 * time.Millisecond })
	c, err := f.dial(t, "play", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	done := make(chan error, 1)
	go func() { done <- c.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("a connection without a session was kept")
	}
}

// TestCodePromptDeadline: a play@ session that has not typed a valid code
// within LoginTimeout is closed with a message, its terminal restored.
func TestCodePromptDeadline(t *testing.T) {
	f := startWith(t, "", func(c *server.Config) { c.Limits.LoginTimeout = 500 * time.Millisecond })
	a := f.openRaw(t, "play", nil)
	a.waitFor("Nhập mã dự thi")
	if code := a.ended(); code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	a.restored("Hết thời gian nhập mã dự thi (1s)")
	// one who logged in in time is not affected
	b := f.open(t, "play", nil)
	b.waitFor("Nhập mã dự thi")
	b.send("BBB222\r")
	b.waitFor("Trần Thị Bình")
	time.Sleep(800 * time.Millisecond)
	select {
	case <-b.done:
		t.Error("a logged-in contestant was closed by the code deadline")
	default:
	}
}

// TestBoardPasswordLimited: wrong board passwords are answered after a
// growing delay, a connection is closed after BoardTries of them, past the
// address's budget its checks are serialised (one per BoardSlow); the
// right password still gets in; the log has one line per interval, not
// one per guess.
func TestBoardPasswordLimited(t *testing.T) {
	var mu sync.Mutex
	var slept []time.Duration
	logs := &syncBuffer{}
	clk := &clock{t: time.Date(2025, 11, 20, 8, 0, 0, 0, time.UTC)}
	f := startWith(t, "máy chiếu", func(c *server.Config) {
		c.Logger = log.NewWithOptions(logs, log.Options{})
		c.Now = clk.Now
		c.Limits.BoardTries = 3
		c.Limits.BoardBudget = 6
		c.Sleep = func(d time.Duration) {
			if d > 0 {
				mu.Lock()
				slept = append(slept, d)
				mu.Unlock()
			}
		}
	})
	var tries atomic.Int64
	guess := func() error {
		ki := gossh.KeyboardInteractive(func(_, _ string, q []string, _ []bool) ([]string, error) {
			return []string{fmt.Sprintf("đoán %d", tries.Add(1))}, nil
		})
		c, err := gossh.Dial("tcp", f.addr, &gossh.ClientConfig{User: "board", Auth: []gossh.AuthMethod{gossh.RetryableAuthMethod(ki, 10)},
			HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
		if err == nil {
			c.Close()
		}
		return err
	}
	// connections 1 and 2: three wrong passwords each, answered after 1 s,
	// 2 s, 4 s, then closed. That spends the budget (6): connection 3's
	// checks wait their slots, 0, 5 and 10 s on the address's clock, and
	// connection 4's first one 15 s; its later ones, past half the
	// handshake deadline, are refused without a check.
	for i := 0; i < 4; i++ {
		if err := guess(); err == nil {
			t.Fatal("a wrong board password was accepted")
		}
	}
	if got := tries.Load(); got > 4*6 {
		t.Errorf("%d tries over 4 connections", got)
	}
	mu.Lock()
	got := append([]time.Duration(nil), slept...)
	mu.Unlock()
	count := func(d time.Duration) int {
		n := 0
		for _, s := range got {
			if s == d {
				n++
			}
		}
		return n
	}
	if count(time.Second) != 4 || count(2*time.Second) != 3 || count(4*time.Second) != 3 {
		t.Errorf("per-connection delays: %v; want 1 s ×4, 2 s ×3, 4 s ×3", got)
	}
	if count(10*time.Second) != 1 || count(15*time.Second) != 1 || count(5*time.Second) < 2 {
		t.Errorf("slot waits: %v; want 5 s (and the refused checks'), 10 s, 15 s", got)
	}
	clk.Advance(time.Minute) // the slots are behind
	c, err := f.dial(t, "board", nil, "máy chiếu")
	if err != nil {
		t.Fatalf("the right password after the guesses: %v", err)
	}
	c.Close()
	if n := strings.Count(logs.String(), "wrong board password"); n != 1 {
		t.Errorf("10 wrong passwords: %d log lines, want 1 until the interval ends:\n%s", n, logs.String())
	}
	f.srv.FlushLog()
	if !strings.Contains(logs.String(), "wrong board password (repeated) remote=127.0.0.1 count=9") {
		t.Errorf("no aggregated line:\n%s", logs.String())
	}
}

// TestWrongCodesLogAggregated drives 2,000 wrong codes through a real
// session and counts the log: a line for the first, one line with the
// count when the interval ends.
func TestWrongCodesLogAggregated(t *testing.T) {
	logs := &syncBuffer{}
	f := startWith(t, "", func(c *server.Config) {
		c.Logger = log.NewWithOptions(logs, log.Options{ReportTimestamp: true})
		c.Limits.CodeTries = 100000
		c.Limits.CodeDelay = time.Nanosecond
		c.Limits.CodeMaxDelay = time.Nanosecond
		c.Limits.AddrBudget = 1 << 30
	})
	a := f.open(t, "play", nil)
	a.waitFor("Nhập mã dự thi")
	const n = 2000
	var batch strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&batch, "W%05d\r", i)
	}
	a.send(batch.String())
	a.send("AAA111\r")
	a.waitFor("Đang chờ ban tổ chức")
	f.srv.FlushLog()
	out := logs.String()
	if got := strings.Count(out, "wrong contestant code"); got != 2 {
		t.Errorf("%d wrong codes: %d lines mention them, want 2:\n%s", n, got, out)
	}
	if !strings.Contains(out, fmt.Sprintf("count=%d", n-1)) {
		t.Errorf("the aggregated line lacks count=%d:\n%s", n-1, out)
	}
	if len(out) > 4096 {
		t.Errorf("%d bytes of log for %d wrong codes", len(out), n)
	}
}

// TestShutdownRestoresTerminals: Shutdown ends every session's program
// the normal way — terminal restored — then says why, with exit status 0,
// and no one can connect after it.
func TestShutdownRestoresTerminals(t *testing.T) {
	f := start(t, "")
	a := f.openRaw(t, "play", nil)
	a.waitFor("Nhập mã dự thi")
	a.send("AAA111\r")
	a.waitFor("Đang chờ ban tổ chức")
	b := f.openRaw(t, "play", nil) // still at the code prompt
	b.waitFor("Nhập mã dự thi")
	board := f.openRaw(t, "board", nil)
	board.waitFor("Hội thi CCHC")
	h := f.openRaw(t, "host", f.admin)
	h.waitFor("Hội thi CCHC")

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := f.srv.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	const msg = "Máy chủ đang dừng; câu trả lời đã lưu; kết nối lại bằng mã cũ"
	for name, rt := range map[string]*rawTerm{"contestant": a, "code prompt": b, "board": board, "host": h} {
		t.Run(name, func(t *testing.T) {
			rt.t = t
			if code := rt.ended(); code != 0 {
				t.Errorf("exit status %d, want 0", code)
			}
			rt.restored(msg)
		})
	}
	if c, err := f.dial(t, "play", nil); err == nil {
		c.Close()
		t.Error("a client could connect after Shutdown")
	}
	if f.srv.Sessions() != 0 {
		t.Errorf("%d sessions after Shutdown", f.srv.Sessions())
	}
}

// TestOverCapConnectionWaitsForASlot: past the cap a connection is not
// cut off at once; it gets in as soon as another connection logs in or
// goes (a hall behind one NAT that reconnects all at once).
func TestOverCapConnectionWaitsForASlot(t *testing.T) {
	f := startWith(t, "", func(c *server.Config) {
		c.Limits.MaxUnauthPerAddr = 2
		c.Limits.QueueWait = 20 * time.Second
	})
	var raws []net.Conn
	for i := 0; i < 2; i++ {
		c, err := net.Dial("tcp", f.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		raws = append(raws, c)
	}
	waitUntil(t, func() bool { _, n := f.srv.Unauthenticated("127.0.0.1"); return n == 2 }, "2 connections counted")
	type res struct {
		c   io.Closer
		err error
	}
	got := make(chan res, 1)
	go func() {
		c, err := f.dial(t, "host", f.admin)
		got <- res{c, err}
	}()
	select {
	case r := <-got:
		if r.err == nil {
			r.c.Close()
		}
		t.Fatalf("a 3rd connection was not held while the cap was reached (err %v)", r.err)
	case <-time.After(300 * time.Millisecond):
	}
	raws[0].Close() // a slot frees
	select {
	case r := <-got:
		if r.err != nil {
			t.Fatalf("the waiting connection was refused after a slot freed: %v", r.err)
		}
		r.c.Close()
	case <-time.After(15 * time.Second):
		t.Fatal("the waiting connection did not get the freed slot")
	}
}
