package server

import "time"

// Limits are the server's access limits: how wrong contestant codes and
// wrong board passwords are slowed down, how many connections may be
// unauthenticated at once and how long a connection has to log in. The
// contest file's `limits:` section sets them (quiz.Limits); a zero field
// takes its default (DefaultLimits).
//
// The design, for a hall where many honest contestants share one address
// (a NAT) with, perhaps, one guesser:
//
//   - Waits are per connection. A wrong code makes only the connection
//     that typed it wait (CodeDelay, doubling with each of its wrong codes,
//     up to CodeMaxDelay), and after CodeTries wrong codes that connection
//     is closed. Another contestant on the same address is not affected.
//   - The address has a budget: AddrBudget distinct wrong codes in the last
//     AddrWindow (a code retyped is one guess, not several). A hall of
//     honest typos stays far below it. Over the budget the address is
//     being guessed from, and every connection from it checks a code at
//     most once per AddrDelay (counted from the connection's start and from
//     its last wrong code), doubling per further budget's worth of wrong
//     codes up to AddrMaxDelay. A correct code is therefore never refused
//     because of someone else's mistakes: at worst, while its address is
//     over the budget, it is checked AddrMaxDelay after the contestant
//     connected (most of which the contestant spends typing). The guesser,
//     who needs a new connection for every few guesses and can hold at
//     most MaxUnauthPerAddr of them, is held to MaxUnauthPerAddr guesses per
//     AddrMaxDelay.
//   - The board password (one projector, a human-chosen word) is limited
//     harder: BoardTries wrong passwords per connection, each answered after
//     BoardDelay (doubling), and past BoardBudget wrong passwords per
//     AddrWindow from one address its checks are serialised, one per
//     BoardSlow for the whole address.
//   - At most MaxUnauth connections (MaxUnauthPerAddr per address) may be
//     unauthenticated at once — in the SSH handshake, or at the code prompt
//     for play@ — and the handshake (with SSH authentication and opening a
//     session) must be done within HandshakeTimeout, and a valid code typed
//     within LoginTimeout, as OpenSSH's MaxStartups and LoginGraceTime.
//     A connection past a cap is not refused at once: it waits up to
//     QueueWait for a slot (an honest hall behind one NAT that reconnects
//     all at once gets in as the first ones log in), and is refused only
//     then. The caps bound memory and the guessing rate, not the hall.
//   - Repeated failures are logged as at most one line per kind and address
//     per LogEvery, with counts, so the log cannot fill the disk.
type Limits struct {
	CodeTries    int           // wrong codes per connection, then it is closed
	CodeDelay    time.Duration // wait after a connection's first wrong code; doubles
	CodeMaxDelay time.Duration // the longest per-connection wait

	AddrBudget   int           // distinct wrong codes per address per AddrWindow before it slows
	AddrWindow   time.Duration // the budgets' window
	AddrDelay    time.Duration // over the budget: one check per connection per AddrDelay
	AddrMaxDelay time.Duration // ... doubling up to this

	BoardTries  int           // wrong board passwords per connection
	BoardDelay  time.Duration // wait before answering a wrong board password; doubles
	BoardBudget int           // wrong board passwords per address per AddrWindow
	BoardSlow   time.Duration // over it: one board password check per BoardSlow per address

	MaxUnauth        int           // unauthenticated connections, whole server
	MaxUnauthPerAddr int           // unauthenticated connections per address
	QueueWait        time.Duration // past a cap, how long a new connection waits for a slot before it is refused
	HandshakeTimeout time.Duration // SSH handshake + authentication + a session
	LoginTimeout     time.Duration // play@: from the session's start to a valid code

	LogEvery time.Duration // aggregation interval of repeated-failure log lines
}

// DefaultLimits are the limits of a contest file without `limits:`.
func DefaultLimits() Limits {
	return Limits{
		CodeTries: 5, CodeDelay: time.Second, CodeMaxDelay: 30 * time.Second,
		AddrBudget: 300, AddrWindow: 10 * time.Minute, AddrDelay: 10 * time.Second, AddrMaxDelay: time.Minute,
		BoardTries: 3, BoardDelay: time.Second, BoardBudget: 20, BoardSlow: 5 * time.Second,
		MaxUnauth: 2000, MaxUnauthPerAddr: 500, QueueWait: 20 * time.Second, HandshakeTimeout: 30 * time.Second, LoginTimeout: 5 * time.Minute,
		LogEvery: time.Minute,
	}
}

// withDefaults fills the zero fields of l from DefaultLimits.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	setInt := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	setDur := func(v *time.Duration, def time.Duration) {
		if *v <= 0 {
			*v = def
		}
	}
	setInt(&l.CodeTries, d.CodeTries)
	setDur(&l.CodeDelay, d.CodeDelay)
	setDur(&l.CodeMaxDelay, d.CodeMaxDelay)
	setInt(&l.AddrBudget, d.AddrBudget)
	setDur(&l.AddrWindow, d.AddrWindow)
	setDur(&l.AddrDelay, d.AddrDelay)
	setDur(&l.AddrMaxDelay, d.AddrMaxDelay)
	setInt(&l.BoardTries, d.BoardTries)
	setDur(&l.BoardDelay, d.BoardDelay)
	setInt(&l.BoardBudget, d.BoardBudget)
	setDur(&l.BoardSlow, d.BoardSlow)
	setInt(&l.MaxUnauth, d.MaxUnauth)
	setInt(&l.MaxUnauthPerAddr, d.MaxUnauthPerAddr)
	setDur(&l.QueueWait, d.QueueWait)
	setDur(&l.HandshakeTimeout, d.HandshakeTimeout)
	setDur(&l.LoginTimeout, d.LoginTimeout)
	setDur(&l.LogEvery, d.LogEvery)
	l.CodeMaxDelay = max(l.CodeMaxDelay, l.CodeDelay)
	l.AddrMaxDelay = max(l.AddrMaxDelay, l.AddrDelay)
	return l
}

// doubling is base·2^(n-1) for n ≥ 1, capped at top; 0 for n < 1.
func doubling(base, top time.Duration, n int) time.Duration {
	if n < 1 {
		return 0
	}
	d := base
	for i := 1; i < n && d < top; i++ {
		d *= 2
	}
	return min(d, top)
}
