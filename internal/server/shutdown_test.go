package server_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestShutdownWhileConnecting shuts the server down while clients are in
// the middle of logging in. The SSH library's own Shutdown counts
// connections in a WaitGroup that a handshake finishing during the wait
// adds to, which the race detector reports; Server.Shutdown must not.
func TestShutdownWhileConnecting(t *testing.T) {
	f := start(t, "")
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var logins atomic.Int64
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if c, err := f.dial(t, "play", f.player); err == nil {
					logins.Add(1)
					c.Close()
				}
			}
		}()
	}
	// shut down while logins are in every phase
	waitUntil(t, func() bool { return logins.Load() >= 16 }, "16 logins")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := f.srv.Shutdown(ctx)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	if c, err := f.dial(t, "play", f.player); err == nil {
		c.Close()
		t.Fatal("a client could still log in after Shutdown")
	}
}
