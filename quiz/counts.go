package quiz

// AnswerCounts returns how many eligible contestants have answered the open
// question, and how many may answer; (0, 0) when no question is open. It is
// cheap (no copying), for screens that refresh a count on their own clock
// instead of receiving every EvAnswerCount.
func (e *Engine) AnswerCounts() (answered, eligible int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	st := e.st
	if _, q := st.cur(); q != nil && st.phase == PhaseOpen {
		return len(q.answers), st.eligibleCount()
	}
	return 0, 0
}
