// Package quiz is the contest domain of parquiz: the contest and round
// configuration, the round state machine, the injected clock, scoring
// (classic, speed, elimination, prediction), tie-breaks, unit standings,
// events and typed errors. It is pure Go — no terminal, SSH or SQLite —
// and is driven by the server, the host console and tests alike.
//
// The Engine is a deterministic state machine over journal Records: every
// host action and every accepted answer becomes a Record that is committed
// through the Journal before the caller gets its answer, and replaying the
// same Records into a fresh Engine (Restore) gives the same state.
//
// What each screen may see is decided here, not in the UI: SnapshotFor
// (one contestant) and BoardSnapshot (the projector) never carry the key
// of a question before it is revealed; HostSnapshot carries everything.
package quiz
