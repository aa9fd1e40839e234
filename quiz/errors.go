package quiz

import "errors"

// Sentinel errors. Engine methods wrap them with detail
// (fmt.Errorf("...: %w", ErrX)); test them with errors.Is. An action that
// returns an error has changed nothing.
var (
	// ErrInvalidAction: the action is not allowed in the current phase
	// (e.g. Reveal while the question is still open).
	ErrInvalidAction = errors.New("action not allowed now")
	// ErrReasonRequired: an override (void, accept, judge decision, named
	// revive, kick, readmit, early end, prediction target) needs a reason.
	ErrReasonRequired = errors.New("a reason is required")
	// ErrUnknownContestant: the code is not on the roster.
	ErrUnknownContestant = errors.New("unknown contestant")
	// ErrNotOpen: no question is open for answers (not yet, reading time,
	// paused, closed, or the answer names another question).
	ErrNotOpen = errors.New("question not open")
	// ErrTooLate: the answer arrived after the deadline (plus grace).
	ErrTooLate = errors.New("answer too late")
	// ErrAlreadyAnswered: the contestant already answered this question and
	// the round does not allow changing.
	ErrAlreadyAnswered = errors.New("already answered")
	// ErrEliminated: the contestant is eliminated in this elimination round.
	ErrEliminated = errors.New("contestant eliminated")
	// ErrKicked: the contestant was removed by the host.
	ErrKicked = errors.New("contestant removed by the host")
	// ErrBadResponse: the response is empty or does not fit the question
	// (option index out of range, a number for a choice question, …).
	ErrBadResponse = errors.New("invalid response")
	// ErrNoSuchQuestion: the round/question reference does not exist.
	ErrNoSuchQuestion = errors.New("no such question")
	// ErrNoRevives: the round has used all its revive-all allowances.
	ErrNoRevives = errors.New("no revives left")
	// ErrJournal: the journal could not commit.
	ErrJournal = errors.New("journal write failed")
	// ErrStorage: storage has failed; the engine has rolled back what was
	// not committed and refuses actions and answers until a retry commits
	// (Engine.Retry, which Tick calls with backoff). It comes with
	// ErrJournal.
	ErrStorage = errors.New("storage fault: nothing is being saved")
	// ErrConfig: the contest file or plan is invalid; see ConfigError.
	ErrConfig = errors.New("invalid contest configuration")
	// ErrNotEnoughQuestions: a round's draw cannot be satisfied.
	ErrNotEnoughQuestions = errors.New("not enough questions")
)
