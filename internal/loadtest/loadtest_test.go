package loadtest_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	bm "github.com/charmbracelet/wish/bubbletea"
	gossh "golang.org/x/crypto/ssh"

	"parquiz/internal/hub"
	"parquiz/internal/i18n"
	"parquiz/internal/loadtest"
	"parquiz/internal/server"
	"parquiz/internal/tui/live"
	"parquiz/questions"
	"parquiz/quiz"
)

type hubEvents struct{ s *hub.Subscription }

func (h hubEvents) C() <-chan quiz.Event { return h.s.C }
func (h hubEvents) Close()               { h.s.Close() }

// startParquiz runs internal/server with the live screens and a real engine
// on 127.0.0.1, with n contestants; it returns the address, the codes and
// an admin key.
func startParquiz(t *testing.T, n int) (string, []string, gossh.Signer) {
	t.Helper()
	var qs []questions.Question
	for i := range 2 {
		q := questions.Question{Text: fmt.Sprintf("Câu hỏi %d về cơ chế một cửa?", i+1), Kind: questions.KindSingle, Topic: "CCHC", Difficulty: 1}
		for j := range 4 {
			q.Choices = append(q.Choices, questions.Choice{Text: fmt.Sprintf("Phương án %d", j+1), Correct: j == 0})
		}
		q.Normalize()
		qs = append(qs, q)
	}
	var people []quiz.Contestant
	var codes []string
	for i := range n {
		c := fmt.Sprintf("TS%04d", i+1)
		codes = append(codes, c)
		people = append(people, quiz.Contestant{Code: c, Name: fmt.Sprintf("Thí sinh %d", i+1), Unit: "Sở Nội vụ"})
	}
	plan := &quiz.Plan{
		Config: quiz.Config{Title: "Diễn tập", TieBreak: quiz.DefaultTieBreak, Units: quiz.UnitRule{Method: quiz.UnitSum},
			Rounds: []quiz.RoundConfig{{Title: "Khởi động", Kind: quiz.Classic, TimeLimit: time.Minute, Shuffle: quiz.ShuffleNone, Points: 10, Draw: questions.DrawSpec{Count: 2}}}},
		Rounds: [][]questions.Question{qs},
		Roster: people,
	}
	h := hub.New(0)
	e, err := quiz.New(plan, quiz.Options{Journal: &quiz.MemJournal{}, Publisher: h})
	if err != nil {
		t.Fatal(err)
	}
	app := &live.App{Engine: e, Lang: i18n.VI, Subscribe: func(code string, host bool) live.Events {
		if host {
			return hubEvents{h.SubscribeAll()}
		}
		return hubEvents{h.Subscribe(code)}
	}}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(server.Config{HostKeyPath: filepath.Join(t.TempDir(), "hk"), AdminKeys: []gossh.PublicKey{admin.PublicKey()}, App: app, Lang: i18n.VI})
	if err != nil {
		t.Fatal(err)
	}
	app.Seats = srv.Seats
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return l.Addr().String(), codes, admin
}

// TestRunParquiz: 20 contestants connect, log in, see question 1 open and
// answer it; every stage is measured for every session and every answer
// is stored.
func TestRunParquiz(t *testing.T) {
	const n = 20
	addr, codes, admin := startParquiz(t, n)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	host, err := loadtest.DialHost(addr, admin, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer host.Close()
	lang := i18n.VI
	res, err := loadtest.Run(ctx, loadtest.Config{
		Addr: addr, N: n, Ramp: 100 * time.Millisecond, Timeout: 10 * time.Second,
		Settle: time.Millisecond, Hold: time.Millisecond, PID: os.Getpid(),
		Expect: lang.T("live.login.title"), Codes: codes, LoginExpect: "Xin chào",
		Prepare:         func(ctx context.Context) error { _, err := host.Run(ctx, "start-round"); return err },
		Broadcast:       func(ctx context.Context) error { _, err := host.Run(ctx, "next"); return err },
		BroadcastExpect: "Câu 1/2",
		AnswerKeys:      "a", AnswerExpect: "Đã chốt đáp án",
		AnswersDone: func(ctx context.Context) (bool, error) {
			st, err := host.Status(ctx)
			return st.Answered == n, err
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.SortedErrors(); len(got) != 0 {
		t.Fatalf("errors: %v", got)
	}
	for name, got := range map[string]int{"held": res.Held, "first frame": res.FirstFrame.Count, "login": res.Login.Count,
		"broadcast": res.Broadcast.Count, "answer": res.Answer.Count} {
		if got != n {
			t.Errorf("%s: got %d sessions, want %d", name, got, n)
		}
	}
	for name, s := range map[string]loadtest.Stats{"first frame": res.FirstFrame, "login": res.Login, "broadcast": res.Broadcast, "answer": res.Answer} {
		if s.P50 <= 0 || s.P50 > s.P99 || s.P99 > s.Max || s.Max > 10*time.Second {
			t.Errorf("%s: figures not sane: %s", name, s)
		}
	}
	if res.AllAnswered <= 0 || res.AllAnswered > 10*time.Second {
		t.Errorf("all answers stored after %s", res.AllAnswered)
	}
	if res.Before.RSS <= 0 || res.Connected.RSS <= 0 || res.After.HWM < res.After.RSS {
		t.Errorf("proc figures not sane: before %+v connected %+v after %+v", res.Before, res.Connected, res.After)
	}
	st, err := host.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Answered != n || st.State != string(quiz.PhaseOpen) {
		t.Errorf("host status after the run: %+v, want %d answered in an open question", st, n)
	}
}

// TestRunAnswersTerminalQueries: wish's MakeRenderer asks the terminal for
// its background (OSC 11) and attributes (DA1) and draws nothing until it
// gets an answer, so the first frame only comes if the load tool replies
// like a terminal.
func TestRunAnswersTerminalQueries(t *testing.T) {
	srv, err := wish.NewServer(
		wish.WithHostKeyPath(filepath.Join(t.TempDir(), "hk")),
		wish.WithMiddleware(bm.Middleware(func(s ssh.Session) (tea.Model, []tea.ProgramOption) {
			r := bm.MakeRenderer(s)
			return readyModel(r.NewStyle().Bold(true).Render("ready")), nil
		})),
	)
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	res, err := loadtest.Run(context.Background(), loadtest.Config{
		Addr: l.Addr().String(), User: "anyone", N: 5, Expect: "ready", Timeout: 5 * time.Second,
		Settle: time.Millisecond, Hold: time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Held != 5 || res.FirstFrame.Count != 5 || res.ErrorCount() != 0 {
		t.Fatalf("held %d, first frames %d, errors %v; want 5, 5, none", res.Held, res.FirstFrame.Count, res.SortedErrors())
	}
}

type readyModel string

func (m readyModel) Init() tea.Cmd                       { return nil }
func (m readyModel) Update(tea.Msg) (tea.Model, tea.Cmd) { return m, nil }
func (m readyModel) View() string                        { return string(m) + "\n" }

// TestRunCountsFailures: nothing listens, so every session fails at the
// dial and is counted once under the same key.
func TestRunCountsFailures(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	res, err := loadtest.Run(context.Background(), loadtest.Config{Addr: addr, N: 3, Expect: "x", Timeout: 2 * time.Second, Settle: time.Millisecond, Hold: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if res.Held != 0 || res.ErrorCount() != 3 || len(res.Errors) != 1 {
		t.Fatalf("held %d, errors %v; want 0 held and 3 equal dial errors", res.Held, res.SortedErrors())
	}
}

func TestConfigErrors(t *testing.T) {
	for _, c := range []loadtest.Config{
		{N: 1, Expect: "x"},
		{Addr: "127.0.0.1:1", Expect: "x"},
		{Addr: "127.0.0.1:1", N: 1},
		{Addr: "127.0.0.1:1", N: 1, Expect: "x", Codes: []string{"A"}},
		{Addr: "127.0.0.1:1", N: 1, Expect: "x", AnswerKeys: "a"},
		{Addr: "nonsense", N: 1, Expect: "x"},
	} {
		if _, err := loadtest.Run(context.Background(), c); !errors.Is(err, loadtest.ErrConfig) {
			t.Errorf("%+v: got %v, want ErrConfig", c, err)
		}
	}
}

func TestSummarize(t *testing.T) {
	var ds []time.Duration
	for i := 100; i >= 1; i-- {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	got := loadtest.Summarize(ds)
	want := loadtest.Stats{Count: 100, P50: 50 * time.Millisecond, P90: 90 * time.Millisecond, P99: 99 * time.Millisecond, Max: 100 * time.Millisecond}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if got := loadtest.Summarize(nil); got != (loadtest.Stats{}) {
		t.Errorf("empty: got %+v", got)
	}
}
