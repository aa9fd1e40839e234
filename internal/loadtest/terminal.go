package loadtest

import (
	"context"
	"net"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// TerminalOptions describe one simulated terminal for a scripted scenario
// (Storm, or a test that drives a few contestants by hand).
type TerminalOptions struct {
	Addr string
	// User is the SSH user name; default "play".
	User string
	// Signer, if set, is offered before keyboard-interactive.
	Signer gossh.Signer
	// Term, Width and Height describe the PTY; default xterm-256color 80×24.
	Term          string
	Width, Height int
	// Timeout bounds the dial, the handshake and each Wait; default 30 s.
	Timeout time.Duration
	// Source, if set, is the local IP address to connect from (on
	// loopback any 127.x.y.z: a hall of many addresses on one machine).
	Source string
}

func (o TerminalOptions) dial() dialOptions {
	d := dialOptions{addr: o.Addr, user: o.User, signer: o.Signer, term: o.Term, width: o.Width, height: o.Height, timeout: o.Timeout, source: o.Source}
	if d.user == "" {
		d.user = "play"
	}
	if d.term == "" {
		d.term = "xterm-256color"
	}
	if d.width <= 0 || d.height <= 0 {
		d.width, d.height = 80, 24
	}
	if d.timeout <= 0 {
		d.timeout = 30 * time.Second
	}
	return d
}

// Terminal is one simulated terminal: an SSH connection with a PTY
// session, whose output is watched for texts (each shorter than 512
// bytes). It answers a terminal's queries like the sessions of Run.
type Terminal struct {
	s       *session
	timeout time.Duration
}

// OpenTerminal connects and waits until first appears on the screen (the
// server's first frame: parquiz's login title).
func OpenTerminal(ctx context.Context, o TerminalOptions, first string) (*Terminal, error) {
	d := o.dial()
	s, err := dial(ctx, d, first)
	if err != nil {
		return nil, err
	}
	t := &Terminal{s: s, timeout: d.timeout}
	if first != "" {
		if _, err := s.wait(ctx, s.first, d.timeout, "first-frame"); err != nil {
			s.close()
			return nil, err
		}
	}
	return t, nil
}

// Watch starts looking for text in the output from now on (earlier output
// does not count); the channel gets the time it first appeared. Any number
// of texts may be watched at once.
func (t *Terminal) Watch(text string) <-chan time.Time { return t.s.expect(text) }

// Wait waits for a Watch channel, up to the terminal's timeout; the error
// names stage and says whether the text did not come in time or the
// server ended the session first.
func (t *Terminal) Wait(ctx context.Context, ch <-chan time.Time, stage string) (time.Time, error) {
	return t.s.wait(ctx, ch, t.timeout, stage)
}

// Send types keys ("\r" is Enter).
func (t *Terminal) Send(keys string) error { return t.s.send(keys) }

// Ended is closed when the session's output ends.
func (t *Terminal) Ended() <-chan struct{} { return t.s.ended }

// Bytes is the output received so far.
func (t *Terminal) Bytes() int64 {
	t.s.mu.Lock()
	defer t.s.mu.Unlock()
	return t.s.bytes
}

// Close ends the session and the connection the polite way (SSH channel
// close, then the connection).
func (t *Terminal) Close() { t.s.close() }

// Drop cuts the TCP connection the way a pulled cable or a dead Wi-Fi
// access point that comes back does: no SSH goodbye, and a reset (SO_LINGER
// 0) rather than a FIN, so the server's next read fails at once.
func (t *Terminal) Drop() { t.s.drop() }

func (s *session) drop() {
	if tc, ok := s.conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	s.conn.Close()
	<-s.ended
	s.client.Close() // frees the client's goroutines; the connection is gone
}
