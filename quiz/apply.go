package quiz

import (
	"fmt"
	"math"
	"slices"
	"time"

	"parquiz/questions"
)

// apply checks rec against the state and, only if it is allowed, applies
// it and returns the events it causes. A refused record changes nothing.
// Live actions and journal replay both come through here.
func (s *state) apply(rec Record) ([]Event, error) {
	evs, err := s.applyOp(rec)
	if err != nil {
		return nil, err
	}
	s.seq = rec.Seq
	if rec.Op != OpAnswer && rec.Op != OpMark {
		s.actions = append(s.actions, rec)
	}
	if rec.At.After(s.lastAt) {
		s.lastAt = rec.At
	}
	for i := range evs {
		evs[i].Seq = rec.Seq
		evs[i].At = rec.At
		if evs[i].Phase == "" {
			evs[i].Phase = s.phase
		}
		if evs[i].Note == "" {
			evs[i].Note = rec.Note
		}
	}
	return evs, nil
}

func (s *state) applyOp(rec Record) ([]Event, error) {
	if s.phase == PhaseEnded {
		switch rec.Op {
		case OpVoid, OpAccept, OpOverride, OpTarget, OpMark, OpStorage:
			// the jury may still correct scores after the end
		default:
			return nil, invalid(rec.Op, s.phase)
		}
	}
	switch rec.Op {
	case OpStartRound:
		return s.startRound(rec)
	case OpNext:
		return s.next(rec)
	case OpOpen:
		return s.open(rec)
	case OpPause:
		return s.pause(rec)
	case OpResume:
		return s.resume(rec)
	case OpExtend:
		return s.extend(rec)
	case OpClose:
		return s.close(rec)
	case OpReveal:
		return s.reveal(rec)
	case OpStandings:
		return s.standings(rec)
	case OpVoid, OpAccept, OpOverride:
		return s.rescore(rec)
	case OpTarget:
		return s.setTarget(rec)
	case OpRevive:
		return s.revive(rec)
	case OpKick, OpReadmit:
		return s.kick(rec)
	case OpAdd:
		return s.add(rec)
	case OpEndRound:
		return s.endRound(rec)
	case OpEnd:
		return s.end(rec)
	case OpAnswer:
		return s.answer(rec)
	case OpMark, OpStorage:
		return nil, nil
	}
	return nil, fmt.Errorf("unknown journal operation %q: %w", rec.Op, ErrInvalidAction)
}

func (s *state) roundOver() bool {
	return s.round >= 0 && s.rounds[s.round].ended
}

func (s *state) startRound(rec Record) ([]Event, error) {
	if !(s.phase == PhaseLobby || s.phase == PhaseRoundEnd || (s.phase == PhaseStandings && s.roundOver())) {
		return nil, invalid(rec.Op, s.phase)
	}
	if s.round+1 >= len(s.rounds) {
		return nil, fmt.Errorf("no round left to start: %w", ErrInvalidAction)
	}
	s.round++
	s.phase = PhaseRoundIntro
	s.invalidate()
	return []Event{{Kind: EvRoundStarted, Ref: QuestionRef{Round: s.round, Question: -1}}}, nil
}

// over reports whether the current round has nothing more to play.
func (s *state) over(r *roundState) bool {
	if r.cur+1 >= len(r.qs) {
		return true
	}
	if r.cfg.Kind == Elimination && r.cfg.EndWhenLeft > 0 && r.cur >= 0 {
		alive := 0
		for code, ok := range s.derived().alive[s.round] {
			if ok && !s.kicked[code] {
				alive++
			}
		}
		return alive <= r.cfg.EndWhenLeft
	}
	return false
}

func (s *state) next(rec Record) ([]Event, error) {
	if !(s.phase == PhaseRoundIntro || s.phase == PhaseRevealed || (s.phase == PhaseStandings && !s.roundOver())) {
		return nil, invalid(rec.Op, s.phase)
	}
	r, _ := s.cur()
	if s.over(r) {
		return s.finishRound()
	}
	r.cur++
	q := r.qs[r.cur]
	q.shown = true
	q.shownAt = rec.At
	q.opensAt = rec.At.Add(r.cfg.ReadTime)
	q.deadline = q.opensAt.Add(r.cfg.TimeLimit)
	ref := QuestionRef{s.round, r.cur}
	if r.cfg.ReadTime <= 0 {
		s.phase = PhaseOpen
		return []Event{{Kind: EvQuestionOpened, Ref: ref, Question: s.questionView(ForBoard, "", rec.At), Deadline: q.deadline, Remaining: r.cfg.TimeLimit}}, nil
	}
	s.phase = PhaseReading
	return []Event{{Kind: EvQuestionReading, Ref: ref, Question: s.questionView(ForBoard, "", rec.At), Deadline: q.opensAt, Remaining: r.cfg.ReadTime}}, nil
}

func (s *state) finishRound() ([]Event, error) {
	r := s.rounds[s.round]
	r.ended = true
	s.phase = PhaseRoundEnd
	s.invalidate()
	return []Event{{Kind: EvRoundEnded, Ref: QuestionRef{Round: s.round, Question: r.cur}}}, nil
}

func (s *state) open(rec Record) ([]Event, error) {
	r, q := s.cur()
	if s.phase != PhaseReading || q.paused {
		return nil, invalid(rec.Op, s.phase)
	}
	if rec.At.Before(q.opensAt) {
		return nil, fmt.Errorf("open before the read time ends: %w", ErrInvalidAction)
	}
	s.phase = PhaseOpen
	return []Event{{Kind: EvQuestionOpened, Ref: QuestionRef{s.round, r.cur}, Question: s.questionView(ForBoard, "", rec.At),
		Deadline: q.deadline, Remaining: q.deadline.Sub(rec.At)}}, nil
}

func (s *state) pause(rec Record) ([]Event, error) {
	r, q := s.cur()
	if !(s.phase == PhaseReading || s.phase == PhaseOpen) || q.paused {
		return nil, invalid(rec.Op, s.phase)
	}
	q.paused = true
	q.pausedAt = rec.At
	return []Event{{Kind: EvPaused, Ref: QuestionRef{s.round, r.cur}, Remaining: s.remaining(q, rec.At)}}, nil
}

// remaining is the time left in the current step (reading or answering).
func (s *state) remaining(q *qState, now time.Time) time.Duration {
	if q.paused {
		now = q.pausedAt
	}
	end := q.deadline
	if s.phase == PhaseReading {
		end = q.opensAt
	}
	if d := end.Sub(now); d > 0 {
		return d
	}
	return 0
}

func (s *state) resume(rec Record) ([]Event, error) {
	r, q := s.cur()
	if !(s.phase == PhaseReading || s.phase == PhaseOpen) || !q.paused {
		return nil, invalid(rec.Op, s.phase)
	}
	shift := rec.At.Sub(q.pausedAt)
	if shift < 0 {
		shift = 0
	}
	if s.phase == PhaseReading {
		q.opensAt = q.opensAt.Add(shift)
	} else {
		q.pausedOpen += shift
	}
	q.deadline = q.deadline.Add(shift)
	q.paused = false
	dl := q.deadline
	if s.phase == PhaseReading {
		dl = q.opensAt
	}
	return []Event{{Kind: EvResumed, Ref: QuestionRef{s.round, r.cur}, Deadline: dl, Remaining: s.remaining(q, rec.At)}}, nil
}

func (s *state) extend(rec Record) ([]Event, error) {
	r, q := s.cur()
	if !(s.phase == PhaseReading || s.phase == PhaseOpen) {
		return nil, invalid(rec.Op, s.phase)
	}
	d := time.Duration(rec.Seconds * float64(time.Second))
	if d <= 0 || math.IsNaN(rec.Seconds) {
		return nil, fmt.Errorf("extend by %v s: %w", rec.Seconds, ErrInvalidAction)
	}
	q.deadline = q.deadline.Add(d)
	return []Event{{Kind: EvExtended, Ref: QuestionRef{s.round, r.cur}, Deadline: q.deadline, Remaining: s.remaining(q, rec.At)}}, nil
}

func (s *state) close(rec Record) ([]Event, error) {
	r, q := s.cur()
	if !(s.phase == PhaseReading || s.phase == PhaseOpen) {
		return nil, invalid(rec.Op, s.phase)
	}
	if s.phase == PhaseReading {
		// withdrawn before the options appeared: nobody could answer
		q.opensAt = rec.At
	}
	if q.paused {
		q.pausedOpen += rec.At.Sub(q.pausedAt)
		q.paused = false
	}
	q.closedAt = rec.At
	s.phase = PhaseClosed
	return []Event{{Kind: EvClosed, Ref: QuestionRef{s.round, r.cur}, Answered: len(q.answers), Eligible: s.eligibleCount()}}, nil
}

func (s *state) reveal(rec Record) ([]Event, error) {
	r, q := s.cur()
	if s.phase != PhaseClosed {
		return nil, invalid(rec.Op, s.phase)
	}
	before := s.aliveSet()
	q.revealed = true
	s.phase = PhaseRevealed
	s.invalidate()
	ref := QuestionRef{s.round, r.cur}
	evs := []Event{{Kind: EvRevealed, Ref: ref, Question: s.questionView(ForBoard, "", rec.At), Distribution: distribution(q),
		Answered: len(q.answers), Eligible: s.eligibleCount()}}
	return append(evs, s.aliveDiff(before, ref)...), nil
}

func (s *state) standings(rec Record) ([]Event, error) {
	if !(s.phase == PhaseRevealed || s.phase == PhaseRoundEnd) {
		return nil, invalid(rec.Op, s.phase)
	}
	r, _ := s.cur()
	s.phase = PhaseStandings
	return []Event{{Kind: EvStandings, Ref: QuestionRef{s.round, r.cur}}}, nil
}

// closedQuestion returns a question that has been shown and is no longer
// reading or open.
func (s *state) closedQuestion(ref QuestionRef) (*roundState, *qState, error) {
	r, q, err := s.question(ref)
	if err != nil {
		return nil, nil, err
	}
	if !q.shown || (ref.Round == s.round && ref.Question == r.cur && (s.phase == PhaseReading || s.phase == PhaseOpen)) {
		return nil, nil, fmt.Errorf("round %d question %d is not closed: %w", ref.Round+1, ref.Question+1, ErrInvalidAction)
	}
	return r, q, nil
}

func (s *state) rescore(rec Record) ([]Event, error) {
	if err := needReason(rec.Note, string(rec.Op)); err != nil {
		return nil, err
	}
	ref := QuestionRef{rec.Round, rec.Question}
	_, q, err := s.closedQuestion(ref)
	if err != nil {
		return nil, err
	}
	var code string
	switch rec.Op {
	case OpVoid:
		if q.voided {
			return nil, fmt.Errorf("round %d question %d is already void: %w", ref.Round+1, ref.Question+1, ErrInvalidAction)
		}
	case OpAccept:
		if rec.Response == nil {
			return nil, fmt.Errorf("accept: no response given: %w", ErrBadResponse)
		}
		if err := checkResponse(&q.q, *rec.Response); err != nil {
			return nil, err
		}
	case OpOverride:
		var ok bool
		if code, ok = s.lookup(rec.Code); !ok {
			return nil, fmt.Errorf("%q: %w", rec.Code, ErrUnknownContestant)
		}
		if q.answers[code] == nil {
			return nil, fmt.Errorf("%s gave no answer to round %d question %d: %w", code, ref.Round+1, ref.Question+1, ErrInvalidAction)
		}
		if rec.Correct == nil {
			return nil, fmt.Errorf("override: correct or wrong not given: %w", ErrInvalidAction)
		}
	}
	before := s.aliveSet()
	switch rec.Op {
	case OpVoid:
		q.voided = true
		q.voidNote = rec.Note
	case OpAccept:
		q.extra = append(q.extra, normResponse(&q.q, *rec.Response))
	case OpOverride:
		q.overrides[code] = override{correct: *rec.Correct, note: rec.Note}
	}
	s.invalidate()
	evs := []Event{{Kind: EvRescored, Ref: ref}}
	return append(evs, s.aliveDiff(before, ref)...), nil
}

func (s *state) setTarget(rec Record) ([]Event, error) {
	if err := needReason(rec.Note, string(rec.Op)); err != nil {
		return nil, err
	}
	if rec.Round < 0 || rec.Round >= len(s.rounds) || s.rounds[rec.Round].cfg.Kind != Prediction {
		return nil, fmt.Errorf("round %d is not a prediction round: %w", rec.Round+1, ErrInvalidAction)
	}
	if rec.Value == nil || math.IsNaN(*rec.Value) || math.IsInf(*rec.Value, 0) {
		return nil, fmt.Errorf("target: not a number: %w", ErrBadResponse)
	}
	v := *rec.Value
	s.rounds[rec.Round].target = &v
	s.invalidate()
	return []Event{{Kind: EvRescored, Ref: QuestionRef{rec.Round, -1}}}, nil
}

func (s *state) revive(rec Record) ([]Event, error) {
	r, _ := s.cur()
	if r == nil || r.cfg.Kind != Elimination || r.ended || !(s.phase == PhaseRevealed || s.phase == PhaseStandings) {
		return nil, invalid(rec.Op, s.phase)
	}
	alive := s.derived().alive[s.round]
	var codes []string
	if len(rec.Codes) == 0 {
		if r.used >= r.cfg.Revives {
			return nil, fmt.Errorf("round %d: %w", s.round+1, ErrNoRevives)
		}
		for _, c := range s.roster {
			if !alive[c.Code] {
				codes = append(codes, c.Code)
			}
		}
		if len(codes) == 0 {
			return nil, fmt.Errorf("nobody is eliminated: %w", ErrInvalidAction)
		}
	} else {
		if err := needReason(rec.Note, "revive"); err != nil {
			return nil, err
		}
		for _, c := range rec.Codes {
			code, ok := s.lookup(c)
			if !ok {
				return nil, fmt.Errorf("%q: %w", c, ErrUnknownContestant)
			}
			if alive[code] {
				return nil, fmt.Errorf("%s is not eliminated: %w", code, ErrInvalidAction)
			}
			if !slices.Contains(codes, code) {
				codes = append(codes, code)
			}
		}
	}
	rv := revive{after: r.cur}
	if len(rec.Codes) == 0 {
		r.used++
	} else {
		rv.codes = codes
	}
	r.revives = append(r.revives, rv)
	s.invalidate()
	return []Event{{Kind: EvRevived, Ref: QuestionRef{s.round, r.cur}, Codes: codes}}, nil
}

func (s *state) kick(rec Record) ([]Event, error) {
	if err := needReason(rec.Note, string(rec.Op)); err != nil {
		return nil, err
	}
	code, ok := s.lookup(rec.Code)
	if !ok {
		return nil, fmt.Errorf("%q: %w", rec.Code, ErrUnknownContestant)
	}
	if (rec.Op == OpKick) == s.kicked[code] {
		return nil, fmt.Errorf("%s %s: %w", rec.Op, code, ErrInvalidAction)
	}
	if rec.Op == OpKick {
		s.kicked[code] = true
	} else {
		delete(s.kicked, code)
	}
	s.invalidate()
	kind := EvKicked
	if rec.Op == OpReadmit {
		kind = EvReadmitted
	}
	return []Event{{Kind: kind, Codes: []string{code}}}, nil
}

func (s *state) add(rec Record) ([]Event, error) {
	if err := needReason(rec.Note, "add"); err != nil {
		return nil, err
	}
	if rec.Person == nil || questions.CleanLine(rec.Person.Code) == "" || questions.CleanLine(rec.Person.Name) == "" {
		return nil, fmt.Errorf("add: a contestant needs a code and a name: %w", ErrInvalidAction)
	}
	if _, dup := s.lookup(rec.Person.Code); dup {
		return nil, fmt.Errorf("add %s: the code is already on the roster: %w", rec.Person.Code, ErrInvalidAction)
	}
	s.addContestant(*rec.Person)
	s.invalidate()
	return []Event{{Kind: EvJoined, Codes: []string{s.roster[len(s.roster)-1].Code}}}, nil
}

func (s *state) endRound(rec Record) ([]Event, error) {
	if !(s.phase == PhaseRoundIntro || s.phase == PhaseClosed || s.phase == PhaseRevealed || (s.phase == PhaseStandings && !s.roundOver())) {
		return nil, invalid(rec.Op, s.phase)
	}
	r, q := s.cur()
	if s.phase == PhaseClosed && q != nil {
		// a closed question that is never revealed does not count
		if err := needReason(rec.Note, "end round before reveal"); err != nil {
			return nil, err
		}
	}
	if !s.over(r) {
		if err := needReason(rec.Note, "end round early"); err != nil {
			return nil, err
		}
	}
	return s.finishRound()
}

func (s *state) end(rec Record) ([]Event, error) {
	if s.phase == PhaseReading || s.phase == PhaseOpen {
		return nil, invalid(rec.Op, s.phase)
	}
	r, _ := s.cur()
	// complete: the last round has ended, or its last question was revealed
	complete := s.round == len(s.rounds)-1 && (r.ended || ((s.phase == PhaseRevealed || s.phase == PhaseStandings) && s.over(r)))
	if !complete {
		if err := needReason(rec.Note, "end contest early"); err != nil {
			return nil, err
		}
	}
	if r != nil {
		r.ended = true
	}
	s.phase = PhaseEnded
	s.invalidate()
	return []Event{{Kind: EvContestEnded}}, nil
}

func (s *state) answer(rec Record) ([]Event, error) {
	code, ok := s.lookup(rec.Code)
	if !ok {
		return nil, fmt.Errorf("%q: %w", rec.Code, ErrUnknownContestant)
	}
	r, q := s.cur()
	ref := QuestionRef{rec.Round, rec.Question}
	if q == nil || ref != (QuestionRef{s.round, r.cur}) {
		return nil, fmt.Errorf("round %d question %d: %w", ref.Round+1, ref.Question+1, ErrNotOpen)
	}
	switch {
	case s.phase == PhaseClosed || s.phase == PhaseRevealed || s.phase == PhaseStandings:
		return nil, fmt.Errorf("round %d question %d closed: %w", ref.Round+1, ref.Question+1, ErrTooLate)
	case s.phase != PhaseOpen || q.paused:
		return nil, fmt.Errorf("round %d question %d: %w", ref.Round+1, ref.Question+1, ErrNotOpen)
	case !rec.At.Before(s.limit(q)):
		return nil, fmt.Errorf("round %d question %d: %w", ref.Round+1, ref.Question+1, ErrTooLate)
	}
	if err := s.eligible(code); err != nil {
		return nil, err
	}
	prev := q.answers[code]
	if prev != nil && !r.cfg.AllowChange {
		return nil, fmt.Errorf("%s, round %d question %d: %w", code, ref.Round+1, ref.Question+1, ErrAlreadyAnswered)
	}
	if rec.Response == nil {
		return nil, fmt.Errorf("no response: %w", ErrBadResponse)
	}
	if err := checkResponse(&q.q, *rec.Response); err != nil {
		return nil, err
	}
	a := &answer{
		resp:    normResponse(&q.q, *rec.Response),
		at:      rec.At,
		elapsed: rec.At.Sub(q.opensAt) - q.pausedOpen,
		changed: prev != nil,
	}
	if a.elapsed < 0 {
		a.elapsed = 0
	}
	if prev == nil {
		q.order = append(q.order, code)
	}
	q.answers[code] = a
	rc := a.receipt(ref, code)
	return []Event{{Kind: EvAnswerAccepted, To: code, Ref: ref, Receipt: &rc}}, nil
}

func (a *answer) receipt(ref QuestionRef, code string) Receipt {
	return Receipt{Ref: ref, Code: code, Response: a.resp, At: a.at, Elapsed: a.elapsed, Changed: a.changed}
}

// checkResponse reports whether r is a well-formed answer to q.
func checkResponse(q *questions.Question, r questions.Response) error {
	bad := func(why string) error { return fmt.Errorf("%s: %w", why, ErrBadResponse) }
	switch q.Kind {
	case questions.KindSingle, questions.KindMultiple:
		if len(r.Choices) == 0 {
			return bad("no option chosen")
		}
		if q.Kind == questions.KindSingle && len(r.Choices) != 1 {
			return bad("choose exactly one option")
		}
		seen := map[int]bool{}
		for _, i := range r.Choices {
			if i < 0 || i >= len(q.Choices) {
				return bad(fmt.Sprintf("option %d does not exist", i))
			}
			if seen[i] {
				return bad("an option is chosen twice")
			}
			seen[i] = true
		}
	case questions.KindTrueFalse:
		if r.Bool == nil {
			return bad("true or false expected")
		}
	case questions.KindNumeric:
		if r.Number == nil || math.IsNaN(*r.Number) || math.IsInf(*r.Number, 0) {
			return bad("a number expected")
		}
	case questions.KindShort:
		if questions.FoldKey(r.Text) == "" {
			return bad("an answer text expected")
		}
	}
	return nil
}

// normResponse keeps only the field for q's kind, in canonical form.
func normResponse(q *questions.Question, r questions.Response) questions.Response {
	var out questions.Response
	switch q.Kind {
	case questions.KindSingle, questions.KindMultiple:
		out.Choices = slices.Clone(r.Choices)
		slices.Sort(out.Choices)
	case questions.KindTrueFalse:
		b := *r.Bool
		out.Bool = &b
	case questions.KindNumeric:
		v := *r.Number
		out.Number = &v
	case questions.KindShort:
		out.Text = questions.CleanLine(r.Text)
	}
	return out
}

// sameResponse compares two normalised responses to q.
func sameResponse(q *questions.Question, a, b questions.Response) bool {
	switch q.Kind {
	case questions.KindSingle, questions.KindMultiple:
		return slices.Equal(a.Choices, b.Choices)
	case questions.KindTrueFalse:
		return a.Bool != nil && b.Bool != nil && *a.Bool == *b.Bool
	case questions.KindNumeric:
		return a.Number != nil && b.Number != nil && math.Abs(*a.Number-*b.Number) < 1e-9
	case questions.KindShort:
		return questions.FoldKey(a.Text) == questions.FoldKey(b.Text)
	}
	return false
}

// distribution counts answers per original option (choice kinds) or as
// [true, false] for true/false questions; nil for other kinds.
func distribution(q *qState) []int {
	switch q.q.Kind {
	case questions.KindSingle, questions.KindMultiple:
		d := make([]int, len(q.q.Choices))
		for _, a := range q.answers {
			for _, i := range a.resp.Choices {
				d[i]++
			}
		}
		return d
	case questions.KindTrueFalse:
		d := make([]int, 2)
		for _, a := range q.answers {
			if *a.resp.Bool {
				d[0]++
			} else {
				d[1]++
			}
		}
		return d
	}
	return nil
}

// aliveSet copies the alive set of the current elimination round.
func (s *state) aliveSet() map[string]bool {
	r, _ := s.cur()
	if r == nil || r.cfg.Kind != Elimination {
		return nil
	}
	out := map[string]bool{}
	for k, v := range s.derived().alive[s.round] {
		if v {
			out[k] = true
		}
	}
	return out
}

// aliveDiff reports who was eliminated or revived by a change.
func (s *state) aliveDiff(before map[string]bool, ref QuestionRef) []Event {
	if before == nil {
		return nil
	}
	after := s.aliveSet()
	var out, in []string
	for _, c := range s.roster {
		switch {
		case before[c.Code] && !after[c.Code]:
			out = append(out, c.Code)
		case !before[c.Code] && after[c.Code]:
			in = append(in, c.Code)
		}
	}
	var evs []Event
	if len(out) > 0 {
		evs = append(evs, Event{Kind: EvEliminated, Ref: ref, Codes: out})
	}
	if len(in) > 0 {
		evs = append(evs, Event{Kind: EvRevived, Ref: ref, Codes: in})
	}
	return evs
}
