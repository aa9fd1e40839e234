package loadtest

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"time"

	"github.com/charmbracelet/log"
	gossh "golang.org/x/crypto/ssh"

	"parquiz/internal/hub"
	"parquiz/internal/i18n"
	"parquiz/internal/server"
	"parquiz/internal/store"
	"parquiz/internal/tui/live"
	"parquiz/questions"
	"parquiz/quiz"
)

// HallConfig describes an in-process parquiz server for a storm: the
// live screens, a real engine journaling into SQLite, the hub and the SSH
// server, on a loopback port, wired as `parquiz serve` wires them.
type HallConfig struct {
	// N contestants, codes TS0001…; Questions single-choice questions in
	// one classic round (default 2), 60 s each.
	N, Questions int
	// Dir holds the database and the host key.
	Dir string
	// Logger, if set, gets the server's log.
	Logger *log.Logger
}

// Hall is a running in-process server. What a storm checks on the
// server's side is read from it directly: seats, sessions, hub
// subscriptions and the journal.
type Hall struct {
	Addr   string
	Codes  []string
	Admin  gossh.Signer // an admin key (ssh host@)
	Hub    *hub.Hub
	Server *server.Server
	Engine *quiz.Engine
	Store  *store.Store
	ID     int64 // the contest's ID in Store
	// Fixed is the number of hub subscriptions the hall holds itself
	// (serve's own host subscription, which saves the results).
	Fixed int

	stop    context.CancelFunc
	done    chan struct{}
	journal *store.Journal
}

// StartHall starts the server; Close stops it.
func StartHall(ctx context.Context, cfg HallConfig) (*Hall, error) {
	if cfg.N <= 0 || cfg.Dir == "" {
		return nil, fmt.Errorf("%w: a hall needs N > 0 and Dir", ErrConfig)
	}
	if cfg.Questions <= 0 {
		cfg.Questions = 2
	}
	var qs []questions.Question
	for i := range cfg.Questions {
		q := questions.Question{Text: fmt.Sprintf("Câu hỏi %d về cơ chế một cửa?", i+1), Kind: questions.KindSingle, Topic: "CCHC", Difficulty: 1}
		for j := range 4 {
			q.Choices = append(q.Choices, questions.Choice{Text: fmt.Sprintf("Phương án %d", j+1), Correct: j == 0})
		}
		q.Normalize()
		qs = append(qs, q)
	}
	h := &Hall{Hub: hub.New(0), done: make(chan struct{})}
	var people []quiz.Contestant
	for i := range cfg.N {
		c := fmt.Sprintf("TS%04d", i+1)
		h.Codes = append(h.Codes, c)
		people = append(people, quiz.Contestant{Code: c, Name: fmt.Sprintf("Thí sinh %d", i+1), Unit: fmt.Sprintf("Đơn vị %d", i%20+1)})
	}
	plan := &quiz.Plan{
		Config: quiz.Config{Title: "Diễn tập mất kết nối", TieBreak: quiz.DefaultTieBreak, Units: quiz.UnitRule{Method: quiz.UnitSum},
			Rounds: []quiz.RoundConfig{{Title: "Khởi động", Kind: quiz.Classic, TimeLimit: time.Minute, Shuffle: quiz.ShuffleNone, Points: 10,
				Draw: questions.DrawSpec{Count: cfg.Questions}}}},
		Rounds: [][]questions.Question{qs},
		Roster: people,
	}
	st, err := store.Open(filepath.Join(cfg.Dir, "hall.db"))
	if err != nil {
		return nil, err
	}
	h.Store = st
	id, eng, journal, err := st.Start(ctx, plan, quiz.Options{Publisher: h.Hub})
	if err != nil {
		st.Close()
		return nil, err
	}
	h.ID, h.Engine, h.journal = id, eng, journal
	runCtx, stop := context.WithCancel(context.Background())
	h.stop = stop
	ticker := time.NewTicker(100 * time.Millisecond)
	subscribe := live.HubSubscriber(h.Hub)
	// as serve does: the engine's clock, and a host subscription of its own
	own := subscribe("", true)
	h.Fixed = 1
	go func() {
		defer close(h.done)
		defer ticker.Stop()
		go eng.Run(runCtx, ticker.C)
		for {
			select {
			case <-runCtx.Done():
				own.Close()
				return
			case _, ok := <-own.C():
				if !ok {
					own = subscribe("", true)
				}
			}
		}
	}()
	logger := cfg.Logger
	if logger == nil {
		logger = log.NewWithOptions(io.Discard, log.Options{})
	}
	app := &live.App{Engine: eng, Subscribe: subscribe, Logger: logger, Lang: i18n.VI}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err == nil {
		h.Admin, err = gossh.NewSignerFromKey(priv)
	}
	if err != nil {
		h.Close()
		return nil, err
	}
	srv, err := server.New(server.Config{HostKeyPath: filepath.Join(cfg.Dir, "hostkey"), AdminKeys: []gossh.PublicKey{h.Admin.PublicKey()},
		App: app, Logger: logger, Lang: i18n.VI})
	if err != nil {
		h.Close()
		return nil, err
	}
	app.Seats = srv.Seats
	h.Server = srv
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		h.Close()
		return nil, err
	}
	h.Addr = l.Addr().String()
	go srv.Serve(l)
	return h, nil
}

// Answers reads the contest's journal back from the database and counts
// its answer records.
func (h *Hall) Answers(ctx context.Context) (map[AnswerKey]int, error) {
	_, recs, err := h.Store.Load(ctx, h.ID)
	if err != nil {
		return nil, err
	}
	return AnswersIn(recs), nil
}

// AnswerKey is one contestant's answer to one question.
type AnswerKey struct {
	Code string
	Ref  quiz.QuestionRef
}

// AnswersIn counts the answer records (op "answer") of a journal per
// contestant and question: a count above 1 is an answer stored twice.
func AnswersIn(recs []quiz.Record) map[AnswerKey]int {
	out := map[AnswerKey]int{}
	for _, r := range recs {
		if r.Op == quiz.OpAnswer {
			out[AnswerKey{r.Code, quiz.QuestionRef{Round: r.Round, Question: r.Question}}]++
		}
	}
	return out
}

// Close stops the server, the engine and the journal.
func (h *Hall) Close() error {
	var errs []error
	if h.Server != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		errs = append(errs, h.Server.Shutdown(ctx))
		cancel()
	}
	if h.stop != nil {
		h.stop()
		<-h.done
	}
	if h.journal != nil {
		errs = append(errs, h.journal.Close())
	}
	if h.Store != nil {
		errs = append(errs, h.Store.Close())
	}
	return errors.Join(errs...)
}
