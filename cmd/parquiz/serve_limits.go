package main

import (
	"parquiz/internal/server"
	"parquiz/quiz"
)

// serverLimits maps the contest file's limits (kept with the stored plan)
// to the server's; a zero field keeps the server's default.
func serverLimits(l quiz.Limits) server.Limits {
	return server.Limits{
		CodeTries: l.CodeTries, CodeDelay: l.CodeDelay, CodeMaxDelay: l.CodeMaxDelay,
		AddrBudget: l.AddrBudget, AddrWindow: l.AddrWindow, AddrDelay: l.AddrDelay, AddrMaxDelay: l.AddrMaxDelay,
		BoardTries: l.BoardTries, BoardDelay: l.BoardDelay, BoardBudget: l.BoardBudget, BoardSlow: l.BoardSlow,
		MaxUnauth: l.MaxUnauth, MaxUnauthPerAddr: l.MaxUnauthPerAddr, QueueWait: l.QueueWait,
		HandshakeTimeout: l.HandshakeTimeout, LoginTimeout: l.LoginTimeout, LogEvery: l.LogEvery,
	}
}
