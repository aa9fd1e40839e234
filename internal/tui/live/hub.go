package live

import (
	"parquiz/internal/hub"
	"parquiz/quiz"
)

// HubSubscriber subscribes screens to the in-process hub: hosts get every
// event, a contestant its code's private events too, a board ("") the
// public ones.
func HubSubscriber(h *hub.Hub) SubscribeFunc {
	return func(code string, host bool) Events {
		if host {
			return hubEvents{h.SubscribeAll()}
		}
		return hubEvents{h.Subscribe(code)}
	}
}

// hubEvents adapts a hub subscription to Events.
type hubEvents struct{ s *hub.Subscription }

func (e hubEvents) C() <-chan quiz.Event { return e.s.C }
func (e hubEvents) Close()               { e.s.Close() }
