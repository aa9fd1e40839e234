package live

import (
	"testing"
	"time"
)

func TestUntilNextSecond(t *testing.T) {
	tests := []struct{ left, want time.Duration }{
		{19400 * time.Millisecond, 405 * time.Millisecond}, // 20 s shown until 19 s: 0.4 s away
		{20 * time.Second, 1005 * time.Millisecond},
		{1 * time.Millisecond, 50 * time.Millisecond}, // never a busy loop
		{0, 1005 * time.Millisecond},
	}
	for _, tt := range tests {
		if got := untilNextSecond(tt.left); got != tt.want {
			t.Errorf("untilNextSecond(%v) = %v, want %v", tt.left, got, tt.want)
		}
		// the shown seconds really change at that moment
		if tt.left > time.Second && secondsLeft(tt.left-untilNextSecond(tt.left)) != secondsLeft(tt.left)-1 {
			t.Errorf("after %v the screen still shows %ds", untilNextSecond(tt.left), secondsLeft(tt.left))
		}
	}
}
