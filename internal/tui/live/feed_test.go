package live

import (
	"testing"

	"parquiz/quiz"
)

// TestBoardFollowsAfterItsSubscriptionEnds: when the hub drops a board
// (it fell behind), the board subscribes again and resyncs from a
// snapshot, so the projector keeps following the contest; the board is
// driven only by events here (no ticks), so without resubscribing it would
// stay in the lobby.
func TestBoardFollowsAfterItsSubscriptionEnds(t *testing.T) {
	a, _ := podiumContest(t, 2, podiumRoster[:3])
	b := followBoard(t, a, 80, 24)
	b.untilContains("Hội thi cán bộ trẻ")
	old := b.m.(*board).sub
	if old == nil {
		t.Fatal("the board has no subscription")
	}
	old.Close() // as the hub does to a subscriber that falls behind
	n := quiz.Note{By: "test"}
	must(t, a.Engine.StartRound(n))
	must(t, a.Engine.NextQuestion(n))
	b.untilContains("Câu hỏi 1")
	if now := b.m.(*board).sub; now == nil || now == old {
		t.Errorf("the board did not subscribe again (old %p, now %p)", old, now)
	}
	// and the new subscription carries events
	must(t, a.Engine.CloseNow(n))
	must(t, a.Engine.Reveal(n))
	b.untilContains("✓")

	// a closed screen does not subscribe again
	b.res.close()
	if cmd := b.m.(*board).resubscribe(b.res, a, false, nil); cmd != nil {
		t.Error("a closed board subscribed again")
	}
}
