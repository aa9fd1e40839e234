// Command parquiz-load simulates a hall of SSH contestants against a running
// `parquiz serve` (or the bare Wish baseline with --baseline): it connects
// N PTY sessions within a ramp, logs each in with a code from the roster,
// holds them, optionally opens a question through the host account and has
// every session answer it, and prints first-frame, login, broadcast and
// answer latencies (p50/p99), errors, and the server's memory and CPU
// (with --pid). It stops by itself: every wait has a timeout.
//
//	parquiz roster codes --count 500 -o codes.csv   # then fill in names
//	parquiz serve --headless --listen 127.0.0.1:2222 --contest c.yaml --roster r.csv --admin-keys admin.pub
//	parquiz-load --addr 127.0.0.1:2222 --roster r.csv --n 500 --ramp 2s \
//	    --host-key admin --prepare start-round --broadcast next --answer a --pid $(pidof parquiz)
//
// With --storm it runs a disconnect storm instead (loadtest.Storm): the
// sessions log in, a question opens, some answer, then every TCP
// connection is reset at once and every contestant logs in again with the
// same code; it reports answers seen locked before the cut and shown again
// after it, seats reattached and the time to reattach all. Against a
// `parquiz serve` (--addr, --roster, --host-key) the server's side is read
// from `status --json`; with --hall it starts an in-process server with
// --n contestants itself and also counts the hub's subscriptions and reads
// the answers back from its SQLite journal:
//
//	parquiz-load --storm --hall --n 2000 --ramp 4s
//	parquiz-load --storm --addr 127.0.0.1:2222 --roster r.csv --n 1000 --host-key admin
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"parquiz/internal/i18n"
	"parquiz/internal/loadtest"
	"parquiz/internal/roster"
)

type options struct {
	addr, user, rosterFile, expect, loginExpect, lang    string
	hostKey, prepare, bcast, bcastExpect, answer, ansExp string
	n, pid                                               int
	ramp, timeout, settle, hold                          time.Duration
	baseline, allowRemote, asJSON, waitStored            bool
	storm, hall                                          bool
	stormAnswered, stormInFlight                         float64
	reconnectRamp                                        time.Duration
	sources, retries                                     int
}

func main() {
	var o options
	fs := flag.NewFlagSet("parquiz-load", flag.ContinueOnError)
	fs.StringVar(&o.addr, "addr", "127.0.0.1:2222", "server address host:port")
	fs.StringVar(&o.user, "user", "play", "SSH user name of the sessions")
	fs.StringVar(&o.rosterFile, "roster", "", "roster file (CSV/XLSX): session i logs in with the i-th code")
	fs.IntVar(&o.n, "n", 100, "number of sessions")
	fs.DurationVar(&o.ramp, "ramp", 2*time.Second, "spread the connection starts over this time")
	fs.StringVar(&o.lang, "lang", "vi", "language of the server's screens (vi or en): picks the default expected texts")
	fs.StringVar(&o.expect, "expect", "", "text of the first frame (default: the login title)")
	fs.StringVar(&o.loginExpect, "login-expect", "", "text shown after a login (default: the lobby greeting)")
	fs.DurationVar(&o.timeout, "timeout", 30*time.Second, "limit for each wait of each session")
	fs.DurationVar(&o.settle, "settle", time.Second, "wait this long after the last session is in before reading the server's memory")
	fs.DurationVar(&o.hold, "hold", 2*time.Second, "hold the sessions idle this long (server CPU is measured)")
	fs.IntVar(&o.pid, "pid", 0, "server process ID, to read its RSS and CPU from /proc")
	fs.StringVar(&o.hostKey, "host-key", "", "private key of an admin (for ssh host@…: --prepare, --broadcast)")
	fs.StringVar(&o.prepare, "prepare", "", "host commands run before the broadcast, comma-separated (e.g. start-round)")
	fs.StringVar(&o.bcast, "broadcast", "", "host command whose effect every session must see (e.g. next)")
	fs.StringVar(&o.bcastExpect, "broadcast-expect", "", "text every session waits for after --broadcast (default: question 1's heading)")
	fs.StringVar(&o.answer, "answer", "", "keys each session types once it sees the broadcast (e.g. a)")
	fs.StringVar(&o.ansExp, "answer-expect", "", "text that shows the answer was taken (default: the locked-answer line)")
	fs.BoolVar(&o.waitStored, "wait-stored", true, "after --answer, poll the host status until every answer is stored")
	fs.BoolVar(&o.baseline, "baseline", false, "target the bare Wish baseline: first frame \"ready tick\", no login, broadcast = SIGUSR1 to --pid")
	fs.BoolVar(&o.allowRemote, "allow-remote", false, "allow a non-loopback --addr (only against your own rehearsal server)")
	fs.BoolVar(&o.asJSON, "json", false, "print the result as JSON")
	fs.BoolVar(&o.storm, "storm", false, "disconnect storm: cut every connection mid-question, log everyone in again, check answers and seats")
	fs.BoolVar(&o.hall, "hall", false, "with --storm: start an in-process server with --n contestants (counts its hub subscriptions too)")
	fs.Float64Var(&o.stormAnswered, "storm-answered", 0.5, "with --storm: share of contestants who answer and see the lock before the cut")
	fs.Float64Var(&o.stormInFlight, "storm-inflight", 0.1, "with --storm: share who type their answer and are cut off at once")
	fs.DurationVar(&o.reconnectRamp, "reconnect-ramp", 0, "with --storm: spread the logins after the cut over this time (0: all at once)")
	fs.IntVar(&o.retries, "retries", 0, "with --storm: a contestant whose reconnect is refused tries again this many times, a second apart")
	fs.IntVar(&o.sources, "sources", 0, "connect from this many loopback addresses 127.0.1.1… (0: the default one); a hall of many machines")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: parquiz-load --addr HOST:PORT --roster FILE --n N [flags]\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}
	if o.storm {
		os.Exit(runStorm(o))
	}
	cfg, cleanup, err := configure(o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "parquiz-load:", err)
		os.Exit(2)
	}
	defer cleanup()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	res, err := loadtest.Run(ctx, cfg)
	if res != nil {
		if o.asJSON {
			out := jsonResult(res)
			enc := json.NewEncoder(os.Stdout)
			enc.SetIndent("", "  ")
			_ = enc.Encode(out)
		} else {
			printResult(res)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "parquiz-load:", err)
		os.Exit(1)
	}
	if res.ErrorCount() > 0 {
		os.Exit(1)
	}
}

// configure turns the flags into a loadtest.Config; cleanup closes the
// host connection.
func configure(o options) (loadtest.Config, func(), error) {
	nop := func() {}
	host, _, err := net.SplitHostPort(o.addr)
	if err != nil {
		return loadtest.Config{}, nop, fmt.Errorf("--addr %q: %w", o.addr, err)
	}
	if !o.allowRemote && !isLoopback(host) {
		return loadtest.Config{}, nop, fmt.Errorf("--addr %s is not a loopback address; add --allow-remote to load your own rehearsal server on the network", o.addr)
	}
	if o.n <= 0 || o.n > 20000 {
		return loadtest.Config{}, nop, errors.New("--n must be between 1 and 20000")
	}
	cfg := loadtest.Config{
		Addr: o.addr, User: o.user, N: o.n, Ramp: o.ramp, Timeout: o.timeout, Settle: o.settle, Hold: o.hold, PID: o.pid,
		Progress: func(f string, a ...any) { fmt.Fprintf(os.Stderr, "· "+f+"\n", a...) },
	}
	if o.baseline {
		cfg.Expect = or(o.expect, "ready tick")
		if o.pid > 0 {
			pid := o.pid
			cfg.Broadcast = func(context.Context) error { return syscall.Kill(pid, syscall.SIGUSR1) }
			cfg.BroadcastExpect = or(o.bcastExpect, "ready tick")
		}
		return cfg, nop, nil
	}
	lang := i18n.Parse(o.lang)
	cfg.Expect = or(o.expect, lang.T("live.login.title"))
	if o.rosterFile != "" {
		r, err := roster.Load(o.rosterFile)
		if err != nil {
			return cfg, nop, err
		}
		for _, e := range r.Entries {
			cfg.Codes = append(cfg.Codes, e.Code)
		}
		if len(cfg.Codes) < o.n {
			fmt.Fprintf(os.Stderr, "parquiz-load: the roster has %d codes for %d sessions: later sessions take earlier seats over\n", len(cfg.Codes), o.n)
		}
		cfg.LoginExpect = or(o.loginExpect, prefix(lang.T("live.play.hello", "%")))
	}
	if o.bcast == "" && o.prepare == "" {
		return cfg, nop, nil
	}
	if o.hostKey == "" {
		return cfg, nop, errors.New("--prepare and --broadcast need --host-key (an admin's private key)")
	}
	pem, err := os.ReadFile(o.hostKey)
	if err != nil {
		return cfg, nop, fmt.Errorf("--host-key: %w", err)
	}
	signer, err := gossh.ParsePrivateKey(pem)
	if err != nil {
		return cfg, nop, fmt.Errorf("--host-key %s: %w (an unencrypted OpenSSH private key)", o.hostKey, err)
	}
	h, err := loadtest.DialHost(o.addr, signer, o.timeout)
	if err != nil {
		return cfg, nop, err
	}
	var prep [][]string
	for _, c := range strings.Split(o.prepare, ",") {
		if f := strings.Fields(c); len(f) > 0 {
			prep = append(prep, f)
		}
	}
	bcast := strings.Fields(o.bcast)
	cfg.Prepare = func(ctx context.Context) error {
		for _, c := range prep {
			if _, err := h.Run(ctx, c...); err != nil {
				return err
			}
		}
		return nil
	}
	if len(bcast) > 0 {
		cfg.Broadcast = func(ctx context.Context) error { _, err := h.Run(ctx, bcast...); return err }
		// "Câu 1/10 · 10 điểm" → "Câu 1/"
		head, _, _ := strings.Cut(lang.T("live.q.head", 1, 0, 0), "/")
		cfg.BroadcastExpect = or(o.bcastExpect, head+"/")
	}
	if o.answer != "" {
		cfg.AnswerKeys = o.answer
		cfg.AnswerExpect = or(o.ansExp, prefix(lang.T("live.q.locked", "%")))
		if o.waitStored {
			cfg.AnswersDone = func(ctx context.Context) (bool, error) {
				st, err := h.Status(ctx)
				return err == nil && st.Answered >= st.Connected, err
			}
		}
	}
	return cfg, func() { h.Close() }, nil
}

// prefix is the text before the first "%" placeholder, trimmed.
func prefix(s string) string {
	p, _, _ := strings.Cut(s, "%")
	return strings.TrimSpace(p)
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func printResult(r *loadtest.Result) {
	fmt.Printf("sessions      %d of %d held, all in after %s\n", r.Held, r.N, r.ConnectAll.Round(time.Millisecond))
	fmt.Printf("first frame   %s\n", r.FirstFrame)
	if r.Login.Count > 0 {
		fmt.Printf("login         %s\n", r.Login)
	}
	if r.Broadcast.Count > 0 {
		fmt.Printf("broadcast     %s\n", r.Broadcast)
	}
	if r.Answer.Count > 0 {
		fmt.Printf("answer        %s\n", r.Answer)
	}
	if r.AllAnswered > 0 {
		fmt.Printf("all stored    %s after the broadcast\n", r.AllAnswered.Round(time.Millisecond))
	}
	fmt.Printf("output        %d bytes per session\n", r.BytesPerSession)
	if r.Before.RSS > 0 {
		fmt.Printf("server RSS    before %.1f MiB, held %.1f MiB, end %.1f MiB, peak %.1f MiB; %.1f KiB per session\n",
			mib(r.Before.RSS), mib(r.Connected.RSS), mib(r.After.RSS), mib(r.After.HWM), r.RSSPerSession())
		fmt.Printf("server CPU    %.2f cores idle with %d sessions; %.2f cores over the run; %d threads\n", r.IdleCPU, r.Held, r.BusyCPU, r.After.Threads)
	}
	if len(r.Errors) == 0 {
		fmt.Println("errors        none")
	}
	for _, e := range r.SortedErrors() {
		fmt.Printf("error         %s\n", e)
	}
}

func mib(kib int64) float64 { return float64(kib) / 1024 }

func jsonResult(r *loadtest.Result) map[string]any {
	st := func(s loadtest.Stats) map[string]any {
		return map[string]any{"n": s.Count, "p50_ms": s.P50.Seconds() * 1000, "p90_ms": s.P90.Seconds() * 1000, "p99_ms": s.P99.Seconds() * 1000, "max_ms": s.Max.Seconds() * 1000}
	}
	return map[string]any{
		"n": r.N, "held": r.Held, "connect_all_ms": r.ConnectAll.Seconds() * 1000,
		"first_frame": st(r.FirstFrame), "login": st(r.Login), "broadcast": st(r.Broadcast), "answer": st(r.Answer),
		"all_stored_ms": r.AllAnswered.Seconds() * 1000, "bytes_per_session": r.BytesPerSession,
		"rss_before_kib": r.Before.RSS, "rss_held_kib": r.Connected.RSS, "rss_end_kib": r.After.RSS, "hwm_kib": r.After.HWM,
		"rss_per_session_kib": r.RSSPerSession(), "idle_cpu_cores": r.IdleCPU, "busy_cpu_cores": r.BusyCPU,
		"threads": r.After.Threads, "errors": r.Errors,
	}
}
