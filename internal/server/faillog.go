package server

import (
	"sync"
	"time"

	"github.com/charmbracelet/log"
)

// failLog logs repeated failures (wrong codes, wrong board passwords,
// refused connections, timeouts) aggregated per kind and address: the
// first of an interval is logged at once with its details, the others are
// counted and logged as one line ("wrong contestant code (repeated)
// remote=… count=12 in=1m0s") when the interval ends. Past maxLines
// lines in one interval, the rest are only counted and summed up in one
// line. So an attacker, however fast, adds at most a few kilobytes of log
// a minute.
type failLog struct {
	l     *log.Logger
	every time.Duration

	mu      sync.Mutex
	keys    map[failKey]*failCount
	lines   int // lines written in this interval
	dropped int // events neither logged nor counted under a key
	dropKey map[string]bool
}

type failKey struct{ msg, addr string }

type failCount struct {
	n     int
	level log.Level
}

// maxFailLines caps the failure lines of one interval.
const maxFailLines = 50

func newFailLog(l *log.Logger, every time.Duration) *failLog {
	return &failLog{l: l, every: every, keys: map[failKey]*failCount{}, dropKey: map[string]bool{}}
}

// warn logs or counts one failure.
func (f *failLog) warn(msg, addr string, kv ...any) { f.log(log.WarnLevel, msg, addr, kv) }

// note logs or counts one event that is not a failure but that anyone can
// repeat at will (a play@ session opened before its code is typed).
func (f *failLog) note(msg, addr string, kv ...any) { f.log(log.InfoLevel, msg, addr, kv) }

func (f *failLog) log(level log.Level, msg, addr string, kv []any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	k := failKey{msg, addr}
	if c, ok := f.keys[k]; ok {
		c.n++
		return
	}
	if f.lines >= maxFailLines {
		f.dropped++
		if len(f.dropKey) < maxTracked {
			f.dropKey[addr] = true
		}
		return
	}
	f.keys[k] = &failCount{level: level}
	f.lines++
	f.l.Log(level, msg, append([]any{"remote", addr}, kv...)...)
}

// flush ends an interval: one line per kind and address that failed again
// since its first line; keys without repeats are forgotten, so their next
// failure is logged at once again.
func (f *failLog) flush() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lines = 0
	for k, c := range f.keys {
		if c.n == 0 {
			delete(f.keys, k)
			continue
		}
		if f.lines >= maxFailLines {
			f.dropped += c.n
			f.dropKey[k.addr] = true
			delete(f.keys, k)
			continue
		}
		f.l.Log(c.level, k.msg+" (repeated)", "remote", k.addr, "count", c.n, "in", f.every)
		f.lines++
		c.n = 0
	}
	if f.dropped > 0 {
		f.l.Warn("failures not logged one by one", "count", f.dropped, "addresses", len(f.dropKey), "in", f.every)
		f.lines++
		f.dropped = 0
		clear(f.dropKey)
	}
}

// run flushes every interval until stop is closed, and once more then.
func (f *failLog) run(stop <-chan struct{}) {
	t := time.NewTicker(f.every)
	defer t.Stop()
	for {
		select {
		case <-stop:
			f.flush()
			return
		case <-t.C:
			f.flush()
		}
	}
}
