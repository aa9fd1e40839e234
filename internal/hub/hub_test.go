package hub

import (
	"fmt"
	"sync"
	"testing"

	"parquiz/quiz"
)

func drain(s *Subscription) []string {
	var out []string
	for {
		select {
		case e, ok := <-s.C:
			if !ok {
				return append(out, "closed")
			}
			out = append(out, fmt.Sprintf("%s>%s", e.Kind, e.To))
		default:
			return out
		}
	}
}

func TestRouting(t *testing.T) {
	h := New(8)
	a, b, board, host := h.Subscribe("ts01"), h.Subscribe("TS02"), h.Subscribe(""), h.SubscribeAll()
	h.Publish(quiz.Event{Kind: quiz.EvQuestionOpened})
	h.Publish(quiz.Event{Kind: quiz.EvAnswerAccepted, To: "TS01"})
	tests := []struct {
		name string
		sub  *Subscription
		want string
	}{
		{"contestant TS01", a, "[question_opened> answer_accepted>TS01]"},
		{"contestant TS02", b, "[question_opened>]"},
		{"board", board, "[question_opened>]"},
		{"host", host, "[question_opened> answer_accepted>TS01]"},
	}
	for _, tt := range tests {
		if got := fmt.Sprint(drain(tt.sub)); got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestSlowSubscriberIsDroppedNotWaitedFor(t *testing.T) {
	h := New(2)
	slow, fast := h.Subscribe("A"), h.Subscribe("B")
	for i := 0; i < 3; i++ { // must return although slow never reads
		h.Publish(quiz.Event{Kind: quiz.EvStandings, Seq: int64(i)})
		<-fast.C
	}
	if !slow.Dropped() || fast.Dropped() {
		t.Fatalf("dropped: slow %v fast %v", slow.Dropped(), fast.Dropped())
	}
	if got := drain(slow); fmt.Sprint(got) != "[standings> standings> closed]" {
		t.Errorf("slow gets what fitted, then a closed channel: %v", got)
	}
	if h.Len() != 1 || h.DroppedCount() != 1 {
		t.Errorf("len %d dropped %d", h.Len(), h.DroppedCount())
	}
	slow.Close() // safe after a drop
	fast.Close()
	fast.Close()
	if h.Len() != 0 {
		t.Errorf("len after close: %d", h.Len())
	}
	h.Publish(quiz.Event{Kind: quiz.EvClosed}) // no subscribers: fine
}

func TestConcurrent(t *testing.T) {
	h := New(0)
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			s := h.Subscribe(fmt.Sprint(i))
			for j := 0; j < 10; j++ {
				h.Publish(quiz.Event{Kind: quiz.EvAnswerCount, To: fmt.Sprint(j)})
			}
			s.Close()
		}(i)
	}
	wg.Wait()
	if h.Len() != 0 {
		t.Errorf("len %d", h.Len())
	}
}

// A host sees every contestant's receipt: a thousand answers in a second
// must not drop the console, while a contestant screen that far behind is
// dropped (and resyncs from a snapshot).
func TestHostBufferHoldsABurstOfReceipts(t *testing.T) {
	h := New(8)
	host, c := h.SubscribeAll(), h.Subscribe("TS01")
	for i := range 1000 {
		h.Publish(quiz.Event{Kind: quiz.EvAnswerAccepted, To: fmt.Sprintf("TS%04d", i)})
	}
	if host.Dropped() {
		t.Fatal("host dropped by a burst of 1000 receipts")
	}
	if got := len(drain(host)); got != 1000 {
		t.Fatalf("host got %d events, want 1000", got)
	}
	for range 9 {
		h.Publish(quiz.Event{Kind: quiz.EvStandings})
	}
	if !c.Dropped() {
		t.Fatal("a contestant 9 events behind with a buffer of 8 was not dropped")
	}
	if h.Len() != 1 {
		t.Fatalf("Len = %d after the drop, want 1 (the host)", h.Len())
	}
	c2 := h.Subscribe("ts01")
	c2.Close()
	h.Publish(quiz.Event{Kind: quiz.EvAnswerAccepted, To: "TS01"}) // no closed channel is written
}

func TestContestantsGetNoAnswerCounts(t *testing.T) {
	h := New(8)
	c, board, host := h.Subscribe("TS01"), h.Subscribe(""), h.SubscribeAll()
	h.Publish(quiz.Event{Kind: quiz.EvAnswerCount, Answered: 1})
	h.Publish(quiz.Event{Kind: quiz.EvClosed})
	if got := fmt.Sprint(drain(c)); got != "[closed>]" {
		t.Errorf("contestant got %s, want only the close", got)
	}
	for name, s := range map[string]*Subscription{"board": board, "host": host} {
		if got := fmt.Sprint(drain(s)); got != "[answer_count> closed>]" {
			t.Errorf("%s got %s", name, got)
		}
	}
}

// Subscribers and Census count live subscriptions only: a closed one and
// a dropped one leave the count, a second subscription of the same code
// is a second subscriber but not a second code.
func TestSubscribersCountsLiveSubscriptions(t *testing.T) {
	h := New(1)
	if h.Subscribers() != 0 || h.Census() != (Census{}) {
		t.Fatalf("empty hub: %d, %+v", h.Subscribers(), h.Census())
	}
	a, a2, b := h.Subscribe("TS01"), h.Subscribe("ts01"), h.Subscribe("TS02")
	board, host := h.Subscribe(""), h.SubscribeAll()
	if got, want := h.Census(), (Census{Contestants: 3, Boards: 1, Hosts: 1, Codes: 2}); got != want || h.Subscribers() != 5 {
		t.Fatalf("census %+v (%d), want %+v (5)", got, h.Subscribers(), want)
	}
	a.Close()
	a.Close()
	h.Publish(quiz.Event{Kind: quiz.EvStandings})
	h.Publish(quiz.Event{Kind: quiz.EvStandings}) // a buffer of 1: the unread ones are dropped
	if got := h.Subscribers(); got != 1 || h.Census().Hosts != 1 {
		t.Fatalf("after a close and drops: %d subscribers (%+v), want the host's alone", got, h.Census())
	}
	for _, s := range []*Subscription{a2, b, board, host} {
		s.Close()
	}
	if h.Subscribers() != 0 || h.Census() != (Census{}) {
		t.Fatalf("all closed: %d, %+v", h.Subscribers(), h.Census())
	}
}
