package loadtest_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"parquiz/internal/loadtest"
)

// stormN is the hall of the CI storm: large enough that the reconnects
// race the server's cleanup of the cut sessions, small enough for -race on
// two cores. `parquiz-load --storm` runs the same storm with thousands.
const stormN = 200

// TestStormKeepsAnswersSeatsAndSubscriptions cuts every contestant's TCP
// connection at once while a question is open (half of them have seen
// their answer locked, a tenth have just typed theirs, the rest have not
// answered) and logs every one in again with the same code. Every answer
// shown locked before the cut is stored once and shown again; everyone
// else can answer; every seat is held once; and the hub's subscriptions
// are the live sessions' and the fixed ones, also after everyone leaves.
func TestStormKeepsAnswersSeatsAndSubscriptions(t *testing.T) {
	if testing.Short() {
		t.Skip("opens 400 SSH sessions")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Second)
	defer cancel()
	hall, err := loadtest.StartHall(ctx, loadtest.HallConfig{N: stormN, Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer hall.Close()
	topts := loadtest.TerminalOptions{Addr: hall.Addr, Timeout: 20 * time.Second}
	host, err := loadtest.DialHost(hall.Addr, hall.Admin, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer host.Close()
	bopts := topts
	bopts.User = "board"
	board, err := loadtest.OpenTerminal(ctx, bopts, "thí sinh đã kết nối")
	if err != nil {
		t.Fatal(err)
	}
	defer board.Close()
	fixed := hall.Fixed + 1 // serve's own and the board's
	if err := settle(ctx, func() error {
		return expectCount("subscribers with the board alone", hall.Hub.Subscribers(), fixed)
	}); err != nil {
		t.Fatal(err)
	}

	figures := map[string]string{}
	probe := func(ctx context.Context, phase string) error {
		defer func() {
			c := hall.Hub.Census()
			figures[phase] = fmt.Sprintf("seats %d, sessions %d, subscribers %d (contestants %d of %d codes, boards %d, hosts %d)",
				hall.Server.Seats.Count(), hall.Server.Sessions(), hall.Hub.Subscribers(), c.Contestants, c.Codes, c.Boards, c.Hosts)
		}()
		switch phase {
		case "in", "back":
			return settle(ctx, func() error { return hallHolds(hall, stormN, fixed) })
		case "left":
			return settle(ctx, func() error {
				return firstErr(
					expectCount("seats", hall.Server.Seats.Count(), 0),
					expectCount("sessions (the board's)", hall.Server.Sessions(), 1),
					expectCount("subscribers", hall.Hub.Subscribers(), fixed))
			})
		}
		return nil // "dropped": counted, not waited for; the reconnects race the cleanup
	}
	res, err := loadtest.Storm(ctx, loadtest.StormConfig{
		Terminal: topts, Codes: hall.Codes, Ramp: time.Second,
		LoginTitle: "Nhập mã dự thi", LoginExpect: "Xin chào",
		Open: func(ctx context.Context) error {
			if _, err := host.Run(ctx, "start-round"); err != nil {
				return err
			}
			_, err := host.Run(ctx, "next")
			return err
		},
		QuestionExpect: "Câu 1/", AnswerKeys: "a", LockedExpect: "Đã chốt",
		Probe:    probe,
		Progress: func(f string, a ...any) { t.Logf(f, a...) },
	})
	for _, p := range []string{"in", "dropped", "back", "left"} {
		t.Logf("%-7s %s", p, figures[p])
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("answers locked before the cut %d, shown again %d; in flight %d, kept %d; answered after %d; all back after %s (per seat %s)",
		res.Locked, res.ShownAgain, res.InFlight, res.InFlightKept, res.AnsweredAfter, res.BackAll.Round(time.Millisecond), res.Back)
	if err := res.Check(); err != nil {
		t.Error(err)
	}
	if res.Locked == 0 || res.InFlight == 0 || res.Unanswered == 0 {
		t.Errorf("the cut did not find every kind of seat: %d locked, %d in flight, %d not answered", res.Locked, res.InFlight, res.Unanswered)
	}

	// the journal, read back from SQLite: every seat has exactly one answer
	stored, err := hall.Answers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	per := map[string]int{}
	for k, c := range stored {
		per[k.Code] += c
		if c != 1 {
			t.Errorf("%s's answer to %+v is stored %d times", k.Code, k.Ref, c)
		}
	}
	var missing []string
	for _, s := range res.Seats {
		if per[s.Code] == 0 {
			missing = append(missing, fmt.Sprintf("%s (%s)", s.Code, s.Before))
		}
	}
	if len(missing) > 0 || len(per) != stormN {
		t.Errorf("%d answers stored for %d contestants; no answer stored for %v", len(per), stormN, missing)
	}
	st, err := host.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Answered != stormN {
		t.Errorf("host status: %d answered, want %d", st.Answered, stormN)
	}
}

// hallHolds checks that n contestants are seated once each and that the
// hub's subscriptions are theirs and the fixed ones.
func hallHolds(hall *loadtest.Hall, n, fixed int) error {
	c := hall.Hub.Census()
	var notSeated []string
	seated := hall.Server.Seats.Codes()
	for _, code := range hall.Codes[:n] {
		if !seated[code] {
			notSeated = append(notSeated, code)
		}
	}
	var errs []error
	if len(notSeated) > 0 {
		errs = append(errs, fmt.Errorf("%d codes not seated: %v", len(notSeated), notSeated[:min(len(notSeated), 10)]))
	}
	return firstErr(append(errs,
		expectCount("seats", hall.Server.Seats.Count(), n),
		expectCount("contestant subscriptions", c.Contestants, n),
		expectCount("codes subscribed", c.Codes, n),
		expectCount("subscribers", hall.Hub.Subscribers(), n+fixed))...)
}

func expectCount(what string, got, want int) error {
	if got != want {
		return fmt.Errorf("%s: %d, want %d", what, got, want)
	}
	return nil
}

func firstErr(errs ...error) error {
	errs = slices.DeleteFunc(errs, func(e error) bool { return e == nil })
	if len(errs) == 0 {
		return nil
	}
	var s []string
	for _, e := range errs {
		s = append(s, e.Error())
	}
	return fmt.Errorf("%s", strings.Join(s, "; "))
}

// settle polls check until it passes, for up to 10 s: the server notices a
// closed connection and ends its session asynchronously, so counts are
// waited for, not read once. The last failure is the error.
func settle(ctx context.Context, check func() error) error {
	deadline := time.Now().Add(10 * time.Second)
	for {
		err := check()
		if err == nil || time.Now().After(deadline) || ctx.Err() != nil {
			return err
		}
		time.Sleep(20 * time.Millisecond)
	}
}
