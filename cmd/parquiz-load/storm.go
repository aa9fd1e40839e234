package main

import (
	"context"
	"encoding/json"
	"errors"
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

// stormFigure is what the server's side looked like after one phase of
// the storm, and how long it took to get there.
type stormFigure struct {
	Phase       string        `json:"phase"`
	Settled     bool          `json:"settled"`
	After       time.Duration `json:"after_ns"`
	Seats       int           `json:"seats"`
	Sessions    int           `json:"sessions,omitempty"`
	Subscribers int           `json:"subscribers,omitempty"`
	Answered    int           `json:"answered"`
	Detail      string        `json:"detail,omitempty"`
}

// runStorm runs --storm and returns the exit status.
func runStorm(o options) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fail := func(err error) int {
		fmt.Fprintln(os.Stderr, "parquiz-load:", err)
		return 2
	}
	if o.n <= 0 || o.n > 20000 {
		return fail(errors.New("--n must be between 1 and 20000"))
	}
	if o.sources < 0 || o.sources > 250*250 {
		return fail(errors.New("--sources must be between 0 and 62500"))
	}
	lang := i18n.Parse(o.lang)
	head, _, _ := strings.Cut(lang.T("live.q.head", 1, 0, 0), "/")
	// the locked line's first two words ("Đã chốt", "Answer locked"): the
	// rest of its wording is not what a storm checks
	lockWords := strings.Fields(prefix(lang.T("live.q.locked", "%")))
	sc := loadtest.StormConfig{
		Terminal: loadtest.TerminalOptions{Addr: o.addr, User: o.user, Timeout: o.timeout},
		Ramp:     o.ramp, ReconnectRamp: o.reconnectRamp,
		LoginTitle:     or(o.expect, lang.T("live.login.title")),
		LoginExpect:    or(o.loginExpect, prefix(lang.T("live.play.hello", "%"))),
		QuestionExpect: or(o.bcastExpect, head+"/"),
		AnswerKeys:     or(o.answer, "a"),
		LockedExpect:   or(o.ansExp, strings.Join(lockWords[:min(2, len(lockWords))], " ")),
		Answered:       o.stormAnswered, InFlight: o.stormInFlight, Retries: o.retries,
		Progress: func(f string, a ...any) { fmt.Fprintf(os.Stderr, "· "+f+"\n", a...) },
	}
	for i := range o.sources {
		sc.Sources = append(sc.Sources, fmt.Sprintf("127.0.%d.%d", 1+i/250, 1+i%250))
	}
	var signer gossh.Signer
	var hall *loadtest.Hall
	if o.hall {
		dir, err := os.MkdirTemp("", "parquiz-storm-")
		if err != nil {
			return fail(err)
		}
		defer os.RemoveAll(dir)
		if hall, err = loadtest.StartHall(ctx, loadtest.HallConfig{N: o.n, Dir: dir}); err != nil {
			return fail(err)
		}
		defer hall.Close()
		sc.Terminal.Addr, sc.Codes, signer = hall.Addr, hall.Codes, hall.Admin
		fmt.Fprintf(os.Stderr, "· in-process hall of %d contestants on %s (database %s)\n", o.n, hall.Addr, dir)
	} else {
		h, _, err := net.SplitHostPort(o.addr)
		if err != nil {
			return fail(fmt.Errorf("--addr %q: %w", o.addr, err))
		}
		if !o.allowRemote && !isLoopback(h) {
			return fail(fmt.Errorf("--addr %s is not a loopback address; add --allow-remote to load your own rehearsal server on the network", o.addr))
		}
		if o.rosterFile == "" || o.hostKey == "" {
			return fail(errors.New("--storm against a server needs --roster and --host-key (or --hall for an in-process one)"))
		}
		r, err := roster.Load(o.rosterFile)
		if err != nil {
			return fail(err)
		}
		if len(r.Entries) < o.n {
			return fail(fmt.Errorf("the roster has %d codes for --n %d: a storm needs one code per session", len(r.Entries), o.n))
		}
		for _, e := range r.Entries[:o.n] {
			sc.Codes = append(sc.Codes, e.Code)
		}
		pem, err := os.ReadFile(o.hostKey)
		if err != nil {
			return fail(fmt.Errorf("--host-key: %w", err))
		}
		if signer, err = gossh.ParsePrivateKey(pem); err != nil {
			return fail(fmt.Errorf("--host-key %s: %w (an unencrypted OpenSSH private key)", o.hostKey, err))
		}
	}
	host, err := loadtest.DialHost(sc.Terminal.Addr, signer, o.timeout)
	if err != nil {
		return fail(err)
	}
	defer host.Close()
	prep := [][]string{{"start-round"}}
	if o.prepare != "" {
		prep = nil
		for _, c := range strings.Split(o.prepare, ",") {
			if f := strings.Fields(c); len(f) > 0 {
				prep = append(prep, f)
			}
		}
	}
	bcast := strings.Fields(or(o.bcast, "next"))
	sc.Open = func(ctx context.Context) error {
		for _, c := range append(prep, bcast) {
			if _, err := host.Run(ctx, c...); err != nil {
				return err
			}
		}
		return nil
	}
	n := len(sc.Codes)
	var figures []stormFigure
	sc.Probe = func(ctx context.Context, phase string) error {
		f, err := stormProbe(ctx, phase, n, hall, host, o.timeout)
		figures = append(figures, f)
		return err
	}
	res, err := loadtest.Storm(ctx, sc)
	if err != nil {
		return fail(err)
	}
	defects := []error{res.Check()}
	for _, f := range figures {
		if !f.Settled && f.Phase != "dropped" {
			defects = append(defects, fmt.Errorf("after %q the server did not settle in %s: %s", f.Phase, o.timeout, f.Detail))
		}
	}
	stored, twice := -1, 0
	if hall != nil {
		ans, err := hall.Answers(ctx)
		if err != nil {
			return fail(err)
		}
		per := map[string]bool{}
		for k, c := range ans {
			per[k.Code] = true
			if c > 1 {
				twice++
			}
		}
		stored = len(per)
		// every answer a screen showed locked (before the cut, again after
		// it, or answered after it) is in the journal, once
		var unstored []string
		for _, s := range res.Seats {
			if (!s.LockedAt.IsZero() || s.ShownAgain || s.AnsweredAfter) && !per[s.Code] {
				unstored = append(unstored, s.Code)
			}
		}
		if len(unstored) > 0 {
			defects = append(defects, fmt.Errorf("%d answers shown locked are not in the journal: %v", len(unstored), unstored[:min(20, len(unstored))]))
		}
		if twice > 0 {
			defects = append(defects, fmt.Errorf("%d answers stored twice", twice))
		}
	}
	verdict := errors.Join(defects...)
	if o.asJSON {
		out := map[string]any{
			"n": res.N, "in": res.In, "locked": res.Locked, "in_flight": res.InFlight, "unanswered": res.Unanswered,
			"shown_again": res.ShownAgain, "in_flight_kept": res.InFlightKept, "answered_after": res.AnsweredAfter,
			"reattached": res.Reattached, "retries": res.Retries, "lost": res.Lost(), "not_back": res.NotBack(), "locked_all_ms": ms(res.LockedAll), "drop_all_ms": ms(res.DropAll),
			"back_all_ms": ms(res.BackAll), "back": statsJSON(res.Back), "errors": res.Errors, "server": figures,
			"journal_contestants": stored, "journal_twice": twice, "ok": verdict == nil,
		}
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(out)
	} else {
		fmt.Printf("storm         %d contestants; %d in before the cut: %d locked, %d in flight, %d not answered\n", res.N, res.In, res.Locked, res.InFlight, res.Unanswered)
		fmt.Printf("cut           every connection reset in %s\n", res.DropAll.Round(time.Millisecond))
		fmt.Printf("back          %d of %d reattached, the last %s after the cut; per seat %s\n", res.Reattached, res.In, res.BackAll.Round(time.Millisecond), res.Back)
		if res.Retries > 0 {
			fmt.Printf("retries       %d reconnects refused and tried again\n", res.Retries)
		}
		if nb := res.NotBack(); len(nb) > 0 {
			fmt.Printf("not back      %d seats could not log in again\n", len(nb))
		}
		fmt.Printf("answers       %d locked before the cut, %d shown again (%d lost); %d in flight, %d kept; %d answered after\n",
			res.Locked, res.ShownAgain, len(res.Lost()), res.InFlight, res.InFlightKept, res.AnsweredAfter)
		if stored >= 0 {
			fmt.Printf("journal       answers of %d of %d contestants, %d stored twice\n", stored, n, twice)
		}
		for _, f := range figures {
			state := fmt.Sprintf("settled after %s", f.After.Round(time.Millisecond))
			if !f.Settled {
				state = "not settled: " + f.Detail
			}
			if f.Phase == "dropped" {
				state = "right after the cut"
			}
			fmt.Printf("server %-7s seats %d, answered %d", f.Phase, f.Seats, f.Answered)
			if hall != nil {
				fmt.Printf(", sessions %d, hub subscribers %d (%d fixed)", f.Sessions, f.Subscribers, hall.Fixed)
			}
			fmt.Printf("; %s\n", state)
		}
		for _, e := range res.SortedErrors() {
			fmt.Printf("error         %s\n", e)
		}
		if verdict == nil {
			fmt.Println("verdict       ok")
		} else {
			fmt.Printf("verdict       DEFECT\n%v\n", verdict)
		}
	}
	if verdict != nil {
		return 1
	}
	return 0
}

func ms(d time.Duration) float64 { return d.Seconds() * 1000 }

func statsJSON(s loadtest.Stats) map[string]any {
	return map[string]any{"n": s.Count, "p50_ms": ms(s.P50), "p90_ms": ms(s.P90), "p99_ms": ms(s.P99), "max_ms": ms(s.Max)}
}

// stormProbe reads the server's side after a phase, waiting (up to
// timeout) for it to settle where it should be: every seat held once and
// (hall) one hub subscription per seat besides the fixed ones after "in"
// and "back", no seat and the fixed subscriptions alone after "left".
// "dropped" is read at once: the reconnects race the server's cleanup.
func stormProbe(ctx context.Context, phase string, n int, hall *loadtest.Hall, host *loadtest.Host, timeout time.Duration) (stormFigure, error) {
	f := stormFigure{Phase: phase}
	t0 := time.Now()
	read := func() error {
		if hall != nil {
			f.Seats, f.Sessions, f.Subscribers = hall.Server.Seats.Count(), hall.Server.Sessions(), hall.Hub.Subscribers()
			f.Answered = hall.Engine.HostSnapshot().Answered
		} else {
			st, err := host.Status(ctx)
			if err != nil {
				return err
			}
			f.Seats, f.Answered = st.Connected, st.Answered
		}
		return nil
	}
	want := func() string {
		seats, subs := n, n
		if phase == "left" {
			seats, subs = 0, 0
		}
		var miss []string
		if f.Seats != seats {
			miss = append(miss, fmt.Sprintf("seats %d, want %d", f.Seats, seats))
		}
		if phase == "back" && f.Answered != n {
			miss = append(miss, fmt.Sprintf("answered %d, want %d", f.Answered, n))
		}
		if hall != nil && f.Subscribers != subs+hall.Fixed {
			miss = append(miss, fmt.Sprintf("hub subscribers %d, want %d", f.Subscribers, subs+hall.Fixed))
		}
		return strings.Join(miss, "; ")
	}
	for {
		if err := read(); err != nil {
			return f, err
		}
		f.After = time.Since(t0)
		f.Detail = want()
		f.Settled = f.Detail == ""
		if f.Settled || phase == "dropped" || f.After > timeout || ctx.Err() != nil {
			return f, nil
		}
		time.Sleep(50 * time.Millisecond)
	}
}
