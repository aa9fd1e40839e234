package quiz

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"parquiz/questions"
)

// gateJournal commits like the store's group-commit writer, but only when
// the test says so: Append queues; commit(n) commits the first n queued
// records in order; fail(err) fails everything queued and everything
// appended after it, until Reset. Acks are delivered in a random order,
// as the waiters of one batch wake in any order.
type gateJournal struct {
	mu        sync.Mutex
	queue     []gateItem
	committed []Record
	failed    *CommitError
	rng       *rand.Rand
	appended  chan struct{}
}

type gateItem struct {
	rec Record
	ack chan error
}

func newGateJournal(seed uint64) *gateJournal {
	return &gateJournal{rng: rand.New(rand.NewPCG(seed, seed)), appended: make(chan struct{}, 1<<16)}
}

func (j *gateJournal) Append(rec Record) <-chan error {
	ack := make(chan error, 1)
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.failed != nil {
		ack <- j.failed
		return ack
	}
	j.queue = append(j.queue, gateItem{rec, ack})
	j.appended <- struct{}{}
	return ack
}

func (j *gateJournal) Reset() {
	j.mu.Lock()
	j.failed = nil
	j.mu.Unlock()
}

// waitQueued waits until n records are queued.
func (j *gateJournal) waitQueued(t *testing.T, n int) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		j.mu.Lock()
		q := len(j.queue)
		j.mu.Unlock()
		if q >= n {
			return
		}
		select {
		case <-j.appended:
		case <-deadline:
			t.Fatalf("%d records queued, want %d", q, n)
		}
	}
}

func (j *gateJournal) ackShuffled(items []gateItem, err error) {
	order := j.rng.Perm(len(items))
	for _, i := range order {
		items[i].ack <- err
	}
}

func (j *gateJournal) commit(n int) {
	j.mu.Lock()
	n = min(n, len(j.queue))
	items := slices.Clone(j.queue[:n])
	j.queue = j.queue[n:]
	for _, it := range items {
		j.committed = append(j.committed, it.rec)
	}
	j.mu.Unlock()
	j.ackShuffled(items, nil)
}

func (j *gateJournal) fail(err error) {
	j.mu.Lock()
	items := j.queue
	j.queue = nil
	from := int64(0)
	if len(items) > 0 {
		from = items[0].rec.Seq
	} else if len(j.committed) > 0 {
		from = j.committed[len(j.committed)-1].Seq + 1
	}
	j.failed = &CommitError{From: from, Err: err}
	ce := j.failed
	j.mu.Unlock()
	j.ackShuffled(items, ce)
}

func (j *gateJournal) records() []Record {
	j.mu.Lock()
	defer j.mu.Unlock()
	return slices.Clone(j.committed)
}

func gateRig(t *testing.T, cfg Config, n int) (*rig, *gateJournal) {
	t.Helper()
	if cfg.Title == "" {
		cfg.Title = "Hội thi thử"
	}
	plan, err := Prepare(context.Background(), cfg, roster(n), newFakeBank(60))
	if err != nil {
		t.Fatal(err)
	}
	j := newGateJournal(1)
	r := &rig{t: t, clock: NewManualClock(t0), pub: &recorder{}, plan: plan}
	r.e, err = New(plan, Options{Clock: r.clock, Journal: j, Publisher: r.pub})
	if err != nil {
		t.Fatal(err)
	}
	return r, j
}

// async runs f in a goroutine and returns its result channel.
func async(f func() error) <-chan error {
	ch := make(chan error, 1)
	go func() { ch <- f() }()
	return ch
}

func TestAnswerInFlightIsNotCounted(t *testing.T) {
	r, j := gateRig(t, Config{Rounds: []RoundConfig{round(Classic, 1)}}, 3)
	done := async(func() error { return r.e.StartRound(Note{}) })
	j.waitQueued(t, 1)
	if ph := r.e.Phase(); ph != PhaseLobby {
		t.Errorf("phase before the commit: %s, want lobby", ph)
	}
	j.commit(1)
	r.must(<-done)
	done = async(func() error { return r.e.NextQuestion(Note{}) })
	j.waitQueued(t, 1)
	j.commit(1)
	r.must(<-done)
	ref := r.e.HostSnapshot().Question.Ref

	sub := async(func() error {
		_, err := r.e.Submit(context.Background(), "TS01", ref, questions.Response{Choices: []int{0}})
		return err
	})
	j.waitQueued(t, 1)
	// the answer is in flight: nothing that counts may include it
	if s := r.e.HostSnapshot(); s.Answered != 0 || s.Contestants[0].Answer != nil {
		t.Errorf("host snapshot counts an uncommitted answer: answered %d", s.Answered)
	}
	if s, _ := r.e.SnapshotFor("TS01"); s.Me.Answer != nil {
		t.Errorf("the contestant's snapshot shows an uncommitted answer")
	}
	if s := r.e.BoardSnapshot(); s.Answered != 0 {
		t.Errorf("board counts an uncommitted answer")
	}
	// and it cannot be given twice while in flight
	if _, err := r.e.Submit(context.Background(), "TS01", ref, questions.Response{Choices: []int{1}}); !errors.Is(err, ErrAlreadyAnswered) {
		t.Errorf("second answer while the first is in flight: %v, want ErrAlreadyAnswered", err)
	}
	if got := r.pub.find(EvAnswerAccepted); len(got) != 0 {
		t.Errorf("accepted announced before the commit")
	}
	j.commit(1)
	r.must(<-sub)
	if s := r.e.HostSnapshot(); s.Answered != 1 {
		t.Errorf("after the commit: answered %d, want 1", s.Answered)
	}
	if s, _ := r.e.SnapshotFor("TS01"); s.Me.Answer == nil {
		t.Errorf("after the commit the contestant's answer is missing")
	}
}

func TestStorageFaultFreezesAndRecovers(t *testing.T) {
	r := newRig(t, Config{Rounds: []RoundConfig{round(Classic, 2)}}, 3)
	ref := r.open()
	if _, err := r.answer("TS01", ref, r.key(), 5*time.Second); err != nil {
		t.Fatal(err)
	}
	left := r.e.HostSnapshot().Question.Remaining // 25 s
	r.j.SetFail(errors.New("database or disk is full"))
	_, err := r.answer("TS02", ref, r.key(), time.Second)
	if !errors.Is(err, ErrStorage) || !errors.Is(err, ErrJournal) {
		t.Fatalf("answer on a full disk: %v, want ErrStorage", err)
	}
	s := r.e.HostSnapshot()
	if s.Fault == nil || s.Fault.Cause == "" {
		t.Fatalf("the host snapshot carries no fault: %+v", s.Fault)
	}
	if !s.Paused || !s.Question.Paused {
		t.Errorf("the open question is not shown paused during the fault")
	}
	if s.Answered != 1 {
		t.Errorf("answered %d during the fault, want 1 (only the committed one)", s.Answered)
	}
	if got := len(r.pub.find(EvStorageFault)); got != 1 {
		t.Errorf("storage fault events: %d, want 1", got)
	}
	if b := r.e.BoardSnapshot(); b.Fault == nil || b.Fault.Cause != "" {
		t.Errorf("board: fault %+v, want one without the cause", b.Fault)
	}
	// time passes: the question neither closes nor loses time
	for range 5 {
		r.clock.Advance(30 * time.Second)
		_ = r.e.Tick()
	}
	s = r.e.HostSnapshot()
	if s.Phase != PhaseOpen {
		t.Errorf("phase %s during the fault, want open (frozen)", s.Phase)
	}
	frozen := s.Question.Remaining
	if frozen > left || frozen < left-2*time.Second {
		t.Errorf("remaining %v during the fault, want about %v", frozen, left-time.Second)
	}
	if _, err := r.answer("TS03", ref, r.key(), 0); !errors.Is(err, ErrStorage) {
		t.Errorf("answer during the fault: %v, want ErrStorage", err)
	}
	if err := r.e.CloseNow(Note{}); !errors.Is(err, ErrStorage) {
		t.Errorf("host action during the fault: %v, want ErrStorage", err)
	}
	if err := r.e.Retry(); !errors.Is(err, ErrStorage) {
		t.Errorf("retry while the disk is still full: %v", err)
	}
	if st := r.e.Storage(); st.Fault == nil || st.Fault.Retries != 1 || st.Refused != 2 {
		t.Errorf("storage status %+v, want a fault with 1 retry and 2 refused answers", st)
	}

	// space is freed: a retry commits the pause at the frozen time
	r.j.SetFail(nil)
	r.must(r.e.Retry())
	s = r.e.HostSnapshot()
	if s.Fault != nil {
		t.Fatalf("fault still set after a successful retry")
	}
	if !s.Paused || s.Question.Remaining != frozen {
		t.Errorf("after recovery: paused %v remaining %v, want paused with %v", s.Paused, s.Question.Remaining, frozen)
	}
	if got := len(r.pub.find(EvStorageOK)); got != 1 {
		t.Errorf("storage ok events: %d, want 1", got)
	}
	recs := r.j.Records()
	ops := []Op{}
	for _, rec := range recs[len(recs)-2:] {
		ops = append(ops, rec.Op)
	}
	if !slices.Equal(ops, []Op{OpPause, OpStorage}) {
		t.Errorf("last records %v, want pause, storage", ops)
	}
	// the host resumes without a restart; the refused contestants answer again
	r.must(r.e.Resume(Note{By: "host"}))
	if _, err := r.answer("TS02", ref, r.key(), time.Second); err != nil {
		t.Errorf("answer again after recovery: %v", err)
	}
	if _, err := r.answer("TS03", ref, r.key(), time.Second); err != nil {
		t.Errorf("answer after recovery: %v", err)
	}
	if s := r.e.HostSnapshot(); s.Answered != 3 {
		t.Errorf("answered %d, want 3", s.Answered)
	}
	// the whole story replays from the journal
	back := replay(t, r.plan, r.clock, r.j.Records())
	if got, want := dump(t, back), dump(t, r.e); got != want {
		t.Errorf("restore differs from the live engine\n got %s\nwant %s", got, want)
	}
	if res := r.e.Results(); !slices.ContainsFunc(res.Actions, func(a Record) bool { return a.Op == OpStorage }) {
		t.Errorf("the host-actions record does not show the storage fault")
	}
}

// A fault found after the deadline: the retry closes the question at its
// deadline, not later.
func TestStorageFaultAfterDeadlineCloses(t *testing.T) {
	r := newRig(t, Config{Rounds: []RoundConfig{round(Classic, 1)}}, 2)
	ref := r.open()
	r.must(func() error { _, err := r.answer("TS01", ref, r.key(), time.Second); return err }())
	r.j.SetFail(errors.New("disk I/O error"))
	r.clock.Advance(40 * time.Second) // past the deadline
	if err := r.e.Tick(); !errors.Is(err, ErrStorage) {
		t.Fatalf("tick: %v, want ErrStorage", err)
	}
	if s := r.e.HostSnapshot(); s.Phase != PhaseOpen || s.Fault == nil {
		t.Errorf("phase %s fault %v: the failed close must not show", s.Phase, s.Fault)
	}
	r.j.SetFail(nil)
	r.must(r.e.Retry())
	s := r.e.HostSnapshot()
	if s.Phase != PhaseClosed || s.Paused {
		t.Errorf("phase %s paused %v, want closed", s.Phase, s.Paused)
	}
	r.must(r.e.Reveal(Note{}))
	if got := r.standing("TS01").Points; got != 10 {
		t.Errorf("TS01 points %d, want 10", got)
	}
}

// Many answers in flight when a commit fails: those committed before the
// failure stand, the rest are refused to their senders and are nowhere
// in the engine; after recovery the engine equals a replay of what was
// committed, and every acknowledged answer is in the journal once.
func TestRollbackUnderConcurrency(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			const n = 40
			r, j := gateRig(t, Config{Rounds: []RoundConfig{round(Classic, 2)}}, n)
			j.rng = rand.New(rand.NewPCG(seed, 99))
			rng := rand.New(rand.NewPCG(seed, 7))
			for _, f := range []func(Note) error{r.e.StartRound, r.e.NextQuestion} {
				done := async(func() error { return f(Note{}) })
				j.waitQueued(t, 1)
				j.commit(1)
				r.must(<-done)
			}
			ref := r.e.HostSnapshot().Question.Ref
			type result struct {
				code string
				err  error
			}
			results := make(chan result, n)
			for i := range n {
				code := fmt.Sprintf("TS%02d", i+1)
				go func() {
					_, err := r.e.Submit(context.Background(), code, ref, questions.Response{Choices: []int{i % 4}})
					results <- result{code, err}
				}()
			}
			j.waitQueued(t, n)
			k := rng.IntN(n)
			j.commit(k)
			j.fail(errors.New("database is locked"))
			acked := map[string]bool{}
			for range n {
				res := <-results
				if res.err == nil {
					acked[res.code] = true
				} else if !errors.Is(res.err, ErrStorage) {
					t.Errorf("%s: %v, want ErrStorage", res.code, res.err)
				}
			}
			if len(acked) != k {
				t.Errorf("%d answers acknowledged, %d committed", len(acked), k)
			}
			s := r.e.HostSnapshot()
			if s.Answered != k || s.Fault == nil {
				t.Errorf("during the fault: answered %d (want %d), fault %v", s.Answered, k, s.Fault)
			}
			retry := async(r.e.Retry)
			j.waitQueued(t, 2) // pause, storage
			j.commit(2)
			r.must(<-retry)
			r.must(func() error {
				done := async(func() error { return r.e.Resume(Note{}) })
				j.waitQueued(t, 1)
				j.commit(1)
				return <-done
			}())
			// the refused answer again, and are accepted
			for code := range n {
				c := fmt.Sprintf("TS%02d", code+1)
				if acked[c] {
					continue
				}
				done := async(func() error {
					_, err := r.e.Submit(context.Background(), c, ref, questions.Response{Choices: []int{1}})
					return err
				})
				j.waitQueued(t, 1)
				j.commit(1)
				r.must(<-done)
			}
			recs := j.records()
			seen := map[string]int{}
			for i, rec := range recs {
				if rec.Seq != int64(i+1) {
					t.Fatalf("journal record %d has seq %d", i, rec.Seq)
				}
				if rec.Op == OpAnswer {
					seen[rec.Code]++
				}
			}
			for c := range acked {
				if seen[c] != 1 {
					t.Errorf("acknowledged answer of %s is in the journal %d times", c, seen[c])
				}
			}
			if len(seen) != n {
				t.Errorf("%d contestants in the journal, want %d", len(seen), n)
			}
			back := replay(t, r.plan, r.clock, recs)
			if got, want := dump(t, back), dump(t, r.e); got != want {
				t.Errorf("replay of the committed journal differs from the engine")
			}
		})
	}
}
