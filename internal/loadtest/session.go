package loadtest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"slices"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// Terminal queries a server may send, and what a dark xterm answers. wish's
// MakeRenderer sends OSC 11 and DA1 and shows nothing until they are
// answered (shared/design/bubbletea_notes.md §3), so a simulated terminal
// must reply like a real one.
var queries = []struct{ q, reply []byte }{
	{[]byte("\x1b[c"), []byte("\x1b[?62;c")},
	{[]byte("\x1b[0c"), []byte("\x1b[?62;c")},
	{[]byte("\x1b]11;?\x07"), []byte("\x1b]11;rgb:0000/0000/0000\x07")},
	{[]byte("\x1b]11;?\x1b\\"), []byte("\x1b]11;rgb:0000/0000/0000\x1b\\")},
}

// tailKeep is how many bytes of earlier output are kept so that a text
// split across two reads is still found. Texts to expect must be shorter.
const tailKeep = 512

// session is one simulated terminal: an SSH connection with one PTY
// session whose output is scanned for the text currently expected.
type session struct {
	conn   net.Conn // the TCP connection, for an abrupt drop
	client *gossh.Client
	sess   *gossh.Session
	stdin  io.WriteCloser

	mu      sync.Mutex
	tail    []byte
	watches []*watch         // texts looked for, each until it appears
	ended   chan struct{}    // closed when the output ends
	bytes   int64            // output so far
	first   <-chan time.Time // the first frame's text (dial's firstText)
}

// watch is one text a session looks for in the output that comes after
// offset from (a count of output bytes); seen gets the time it appeared.
type watch struct {
	text []byte
	from int64
	seen chan time.Time // buffer 1
}

// dialOptions are what every simulated terminal uses.
type dialOptions struct {
	addr          string
	user          string
	signer        gossh.Signer
	term          string
	width, height int
	timeout       time.Duration
	source        string // local IP to dial from; "" = any
}

// dial connects, authenticates (public key if one is given, then
// keyboard-interactive with empty answers; "none" is tried first by the
// client anyway), asks for a PTY and a shell, and starts reading.
// firstText is registered before the shell starts so the first frame is
// never missed.
func dial(ctx context.Context, o dialOptions, firstText string) (*session, error) {
	d := net.Dialer{Timeout: o.timeout}
	if o.source != "" {
		ip := net.ParseIP(o.source)
		if ip == nil {
			return nil, &stageError{"dial", fmt.Errorf("%w: source address %q", ErrConfig, o.source)}
		}
		d.LocalAddr = &net.TCPAddr{IP: ip}
	}
	conn, err := d.DialContext(ctx, "tcp", o.addr)
	if err != nil {
		return nil, &stageError{"dial", err}
	}
	// The handshake has no context of its own: bound it with a deadline.
	_ = conn.SetDeadline(time.Now().Add(o.timeout))
	auth := []gossh.AuthMethod{gossh.KeyboardInteractive(func(_, _ string, q []string, _ []bool) ([]string, error) {
		return make([]string, len(q)), nil
	})}
	if o.signer != nil {
		auth = append([]gossh.AuthMethod{gossh.PublicKeys(o.signer)}, auth...)
	}
	cc, chans, reqs, err := gossh.NewClientConn(conn, o.addr, &gossh.ClientConfig{
		User: o.user, Auth: auth,
		// A load tool talks to a server the organiser just started; the
		// host key is not what is being tested.
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         o.timeout,
	})
	if err != nil {
		conn.Close()
		return nil, &stageError{"handshake", err}
	}
	_ = conn.SetDeadline(time.Time{})
	client := gossh.NewClient(cc, chans, reqs)
	s := &session{conn: conn, client: client, ended: make(chan struct{})}
	if err := s.open(o, firstText); err != nil {
		client.Close()
		return nil, err
	}
	return s, nil
}

func (s *session) open(o dialOptions, firstText string) error {
	sess, err := s.client.NewSession()
	if err != nil {
		return &stageError{"session", err}
	}
	s.sess = sess
	if s.stdin, err = sess.StdinPipe(); err != nil {
		return &stageError{"session", err}
	}
	out, err := sess.StdoutPipe()
	if err != nil {
		return &stageError{"session", err}
	}
	if err := sess.RequestPty(o.term, o.height, o.width, gossh.TerminalModes{}); err != nil {
		return &stageError{"pty", err}
	}
	if firstText != "" {
		s.first = s.expect(firstText)
	}
	go s.read(out)
	if err := sess.Shell(); err != nil {
		return &stageError{"shell", err}
	}
	return nil
}

// expect makes the session watch for text from now on; the returned
// channel gets the time it appeared. Output seen before the call does not
// count. Several texts may be watched at once, each until it appears.
func (s *session) expect(text string) <-chan time.Time {
	ch := make(chan time.Time, 1)
	s.mu.Lock()
	s.watches = append(s.watches, &watch{text: []byte(text), from: s.bytes, seen: ch})
	s.mu.Unlock()
	return ch
}

// read scans the output until it ends: it answers terminal queries and
// reports the expected text.
func (s *session) read(out io.Reader) {
	defer close(s.ended)
	buf := make([]byte, 8192)
	var window []byte
	for {
		n, err := out.Read(buf)
		if n > 0 {
			now := time.Now()
			s.mu.Lock()
			s.bytes += int64(n)
			old := len(s.tail)
			window = append(append(window[:0], s.tail...), buf[:n]...)
			var replies [][]byte
			for _, q := range queries {
				// count only queries that end in the new bytes
				for i := 0; ; {
					j := bytes.Index(window[i:], q.q)
					if j < 0 {
						break
					}
					if i+j+len(q.q) > old {
						replies = append(replies, q.reply)
					}
					i += j + 1
				}
			}
			// window[0] is output byte number base
			base := s.bytes - int64(len(window))
			s.watches = slices.DeleteFunc(s.watches, func(w *watch) bool {
				if !seenAfter(window, w.text, w.from-base) {
					return false
				}
				w.seen <- now
				return true
			})
			keep := min(len(window), tailKeep)
			s.tail = append(s.tail[:0], window[len(window)-keep:]...)
			s.mu.Unlock()
			for _, r := range replies {
				if _, err := s.stdin.Write(r); err != nil {
					break
				}
			}
		}
		if err != nil {
			return
		}
	}
}

// seenAfter reports whether text occurs in window ending after index from.
func seenAfter(window, text []byte, from int64) bool {
	for i := 0; ; {
		j := bytes.Index(window[i:], text)
		if j < 0 {
			return false
		}
		if int64(i+j+len(text)) > from {
			return true
		}
		i += j + 1
	}
}

// wait waits for ch until the deadline, the output ending or ctx.
func (s *session) wait(ctx context.Context, ch <-chan time.Time, timeout time.Duration, stage string) (time.Time, error) {
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case at := <-ch:
		return at, nil
	case <-s.ended:
		// the text may have come in the last read
		select {
		case at := <-ch:
			return at, nil
		default:
		}
		return time.Time{}, &stageError{stage, ErrClosed}
	case <-t.C:
		return time.Time{}, &stageError{stage, fmt.Errorf("%w after %s", ErrTimeout, timeout)}
	case <-ctx.Done():
		return time.Time{}, &stageError{stage, ctx.Err()}
	}
}

// send types keys as a terminal would (raw bytes, "\r" for Enter).
func (s *session) send(keys string) error {
	_, err := io.WriteString(s.stdin, keys)
	return err
}

func (s *session) close() {
	if s.sess != nil {
		s.sess.Close()
	}
	s.client.Close()
	<-s.ended
}
