package live

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"parquiz/internal/i18n"
	"parquiz/internal/roster"
	"parquiz/questions"
	"parquiz/quiz"
)

// Status is what `status --json` prints: the contest's state at a glance.
type Status struct {
	State     quiz.Phase `json:"state"`
	Paused    bool       `json:"paused"`
	Round     int        `json:"round"` // 1-based; 0 before the first round
	RoundName string     `json:"round_title,omitempty"`
	Question  int        `json:"question"` // 1-based within the round; 0 if none
	Questions int        `json:"questions"`
	Deadline  *time.Time `json:"deadline,omitempty"`
	Remaining float64    `json:"remaining_seconds"`
	Answered  int        `json:"answered"`
	Eligible  int        `json:"eligible"`
	Connected int        `json:"connected"`
	Roster    int        `json:"roster"`
	// Storage is the journal's health: a fault (nothing is being saved,
	// the clock stands still, answers are refused), faults so far, answers
	// refused because of them.
	Storage quiz.StorageStatus `json:"storage"`
}

// StatusOf summarises a host snapshot.
func (a *App) StatusOf(s quiz.Snapshot) Status {
	st := Status{State: s.Phase, Paused: s.Paused, Answered: s.Answered, Eligible: s.Eligible, Roster: len(a.Engine.Roster()),
		Storage: a.Engine.Storage()}
	if a.Seats != nil {
		st.Connected = a.Seats.Count()
	}
	if s.Round != nil {
		st.Round, st.RoundName, st.Questions = s.Round.Index+1, s.Round.Title, s.Round.Questions
	}
	if q := s.Question; q != nil {
		st.Question = q.Number
		if !q.Deadline.IsZero() && !q.Paused {
			d := q.Deadline
			st.Deadline = &d
		}
		st.Remaining = remaining(q, s.Phase, a.now()).Seconds()
	}
	return st
}

// StatusLine is the status for people, one line.
func (a *App) StatusLine(lang i18n.Lang, st Status) string {
	var b strings.Builder
	if f := st.Storage.Fault; f != nil {
		b.WriteString("⚠ " + lang.T("live.fault.status", f.Cause, f.Retries) + " · ")
	}
	b.WriteString(lang.T("live.phase." + string(st.State)))
	if st.Paused {
		b.WriteString(" (" + lang.T("live.host.paused") + ")")
	}
	if st.Round > 0 {
		fmt.Fprintf(&b, " · %s", lang.T("live.status.round", st.Round, st.RoundName))
	}
	if st.Question > 0 {
		fmt.Fprintf(&b, " · %s", lang.T("live.status.question", st.Question, st.Questions))
	}
	if st.State == quiz.PhaseOpen || st.State == quiz.PhaseReading {
		fmt.Fprintf(&b, " · %s", lang.T("live.status.left", int(st.Remaining+0.999)))
	}
	fmt.Fprintf(&b, " · %s", lang.T("live.status.answers", st.Answered, st.Eligible))
	fmt.Fprintf(&b, " · %s", lang.T("live.status.connected", st.Connected, st.Roster))
	return b.String()
}

// cmdArgs are a command's arguments after the flags were taken out.
type cmdArgs struct {
	pos    []string
	json   bool
	reason string
}

func parseCmdArgs(args []string) (cmdArgs, error) {
	var c cmdArgs
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--json":
			c.json = true
		case a == "--reason" || a == "-r" || strings.HasPrefix(a, "--reason="):
			// `ssh host@… void 3 --reason "đề sai"` reaches the server as
			// `void 3 --reason đề sai`: the local shell ate the quotes. So
			// the reason runs to the end, or to the next --flag.
			words := []string{strings.TrimPrefix(a, "--reason=")}
			if !strings.HasPrefix(a, "--reason=") {
				words = nil
			}
			for i+1 < len(args) && !strings.HasPrefix(args[i+1], "--") {
				i++
				words = append(words, args[i])
			}
			if len(words) == 0 {
				return c, errors.New("--reason needs a text")
			}
			c.reason = strings.Join(words, " ")
		case strings.HasPrefix(a, "--"):
			return c, fmt.Errorf("unknown flag %s", a)
		default:
			c.pos = append(c.pos, a)
		}
	}
	c.reason = strings.TrimSpace(c.reason)
	return c, nil
}

// errUsage marks a command called wrongly (exit status 2).
var errUsage = errors.New("usage")

// hostAction is one engine action a host may take, from the console or a
// command. It returns a short description for the log.
func (a *App) hostAction(name string, c cmdArgs, by string) (string, error) {
	e := a.Engine
	note := quiz.Note{By: by, Reason: c.reason}
	need := func(n int) error {
		if len(c.pos) != n {
			return fmt.Errorf("%w: %s takes %d argument(s)", errUsage, name, n)
		}
		return nil
	}
	var err error
	switch name {
	case "start-round":
		if err = need(0); err == nil {
			err = e.StartRound(note)
		}
	case "next":
		if err = need(0); err == nil {
			err = e.NextQuestion(note)
		}
	case "pause":
		if err = need(0); err == nil {
			err = e.Pause(note)
		}
	case "resume":
		if err = need(0); err == nil {
			err = e.Resume(note)
		}
	case "retry":
		if err = need(0); err == nil {
			err = e.Retry()
		}
	case "extend":
		if err = need(1); err != nil {
			break
		}
		d, perr := parseSeconds(c.pos[0])
		if perr != nil {
			return "", fmt.Errorf("%w: extend 10s: %v", errUsage, perr)
		}
		err = e.Extend(d, note)
		name = "extend " + d.String()
	case "close":
		if err = need(0); err == nil {
			err = e.CloseNow(note)
		}
	case "reveal":
		if err = need(0); err == nil {
			err = e.Reveal(note)
		}
	case "standings":
		if err = need(0); err == nil {
			err = e.ShowStandings(note)
		}
	case "void":
		if err = need(1); err != nil {
			break
		}
		ref, rerr := a.refOf(c.pos[0])
		if rerr != nil {
			return "", rerr
		}
		err = e.Void(ref, note)
		name = "void " + c.pos[0]
	case "kick", "readmit":
		if err = need(1); err != nil {
			break
		}
		code := roster.NormalizeCode(c.pos[0])
		if name == "kick" {
			err = e.Kick(code, note)
		} else {
			err = e.Readmit(code, note)
		}
		name += " " + code
	case "revive":
		var codes []string
		for _, p := range c.pos {
			codes = append(codes, roster.NormalizeCode(p))
		}
		err = e.Revive(codes, note)
		if len(codes) > 0 {
			name += " " + strings.Join(codes, ",")
		}
	case "accept":
		// accept N ANSWER…: the answer may have spaces ("A C", "1 250")
		if len(c.pos) < 2 {
			return "", fmt.Errorf("%w: accept N ANSWER --reason TEXT", errUsage)
		}
		ref, rerr := a.refOf(c.pos[0])
		if rerr != nil {
			return "", rerr
		}
		text := strings.Join(c.pos[1:], " ")
		resp, perr := a.parseAnswer(ref, text)
		if perr != nil {
			return "", perr
		}
		err = e.AcceptAnswer(ref, resp, note)
		name = "accept " + c.pos[0] + " " + text
	case "override":
		if err = need(3); err != nil {
			err = fmt.Errorf("%w: override N CODE right|wrong --reason TEXT", errUsage)
			break
		}
		ref, rerr := a.refOf(c.pos[0])
		if rerr != nil {
			return "", rerr
		}
		right, verr := parseVerdict(c.pos[2])
		if verr != nil {
			return "", fmt.Errorf("%w: override N CODE right|wrong: %w", errUsage, verr)
		}
		code := roster.NormalizeCode(c.pos[1])
		err = e.Override(ref, code, right, note)
		name = "override " + c.pos[0] + " " + code + " " + verdictWord(right)
	case "target":
		if len(c.pos) < 2 {
			return "", fmt.Errorf("%w: target ROUND VALUE --reason TEXT", errUsage)
		}
		round, rerr := strconv.Atoi(c.pos[0])
		if rerr != nil || round < 1 || round > len(e.Plan().Config.Rounds) {
			return "", fmt.Errorf("%w: target ROUND VALUE: ROUND is a round number (1–%d)", errUsage, len(e.Plan().Config.Rounds))
		}
		v, nerr := parseNumber(strings.Join(c.pos[1:], " "))
		if nerr != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return "", fmt.Errorf("%w: target ROUND VALUE: %q is not a number", errUsage, strings.Join(c.pos[1:], " "))
		}
		err = e.SetTarget(round-1, v, note)
		name = "target " + c.pos[0] + " " + strconv.FormatFloat(v, 'f', -1, 64)
	case "end-round":
		if err = need(0); err == nil {
			err = e.EndRound(note)
		}
	case "end":
		if err = need(0); err == nil {
			err = e.End(note)
		}
	default:
		return "", fmt.Errorf("%w: unknown command %q", errUsage, name)
	}
	if c.reason != "" {
		name += " — " + c.reason
	}
	return name, err
}

// refOf reads a question number N of the current round (1-based).
func (a *App) refOf(s string) (quiz.QuestionRef, error) {
	n, err := strconv.Atoi(s)
	snap := a.Engine.HostSnapshot()
	if err != nil || n < 1 || snap.Round == nil || n > snap.Round.Questions {
		return quiz.QuestionRef{}, fmt.Errorf("%w: N is a question number of the current round, not %q", errUsage, s)
	}
	return quiz.QuestionRef{Round: snap.Round.Index, Question: n - 1}, nil
}

// errBadAnswer marks an answer typed by the host that does not fit the
// question (an option letter it does not have, a word for a number…).
var errBadAnswer = errors.New("not an answer to this question")

// badAnswer says what answer a question takes; it matches errBadAnswer.
type badAnswer struct {
	kind questions.Kind
	last string // the last option letter, for choice questions
	text string
}

func (e *badAnswer) Error() string {
	return fmt.Sprintf("%q is not an answer to this question (%s)", e.text, e.hint(i18n.EN))
}

func (e *badAnswer) Is(target error) bool { return target == errBadAnswer }

func (e *badAnswer) hint(lang i18n.Lang) string { return answerHint(lang, e.kind, e.last) }

// answerHint says what to type for a question of kind k (last: its last
// option letter).
func answerHint(lang i18n.Lang, k questions.Kind, last string) string {
	if k.HasChoices() {
		return lang.T("live.host.hint."+string(k), last)
	}
	return lang.T("live.host.hint." + string(k))
}

// parseAnswer reads an answer the host typed for question ref, as the
// host's screen shows it: option letters (A, "A C", "AC", "A,C") or their
// numbers (1–8) for choice questions, Đ/S (đúng/sai, true/false) for
// true/false, a number ("12,5", "1 250") for numeric questions, the text
// for short answers. Letters are the host's (quiz.Plan.OptionOrder), so a
// shuffled round still accepts the option the host sees under that letter.
func (a *App) parseAnswer(ref quiz.QuestionRef, text string) (questions.Response, error) {
	plan := a.Engine.Plan()
	if ref.Round < 0 || ref.Round >= len(plan.Rounds) || ref.Question < 0 || ref.Question >= len(plan.Rounds[ref.Round]) {
		return questions.Response{}, fmt.Errorf("round %d question %d: %w", ref.Round+1, ref.Question+1, quiz.ErrNoSuchQuestion)
	}
	q := &plan.Rounds[ref.Round][ref.Question]
	text = questions.CleanLine(text)
	bad := &badAnswer{kind: q.Kind, text: text}
	var r questions.Response
	switch q.Kind {
	case questions.KindSingle, questions.KindMultiple:
		ord := plan.OptionOrder(ref, quiz.ForHost, "")
		bad.last = questions.Letter(len(ord) - 1)
		for _, f := range strings.FieldsFunc(strings.ToUpper(text), func(r rune) bool { return strings.ContainsRune(" ,;+/.", r) }) {
			for _, ch := range f {
				j := -1
				switch {
				case ch >= 'A' && ch <= 'Z':
					j = int(ch - 'A')
				case ch >= '1' && ch <= '9':
					j = int(ch - '1')
				}
				if j < 0 || j >= len(ord) || slices.Contains(r.Choices, ord[j]) {
					return questions.Response{}, bad
				}
				r.Choices = append(r.Choices, ord[j])
			}
		}
		if len(r.Choices) == 0 || q.Kind == questions.KindSingle && len(r.Choices) != 1 {
			return questions.Response{}, bad
		}
	case questions.KindTrueFalse:
		b, err := parseTruth(text)
		if err != nil {
			return questions.Response{}, bad
		}
		r.Bool = &b
	case questions.KindNumeric:
		v, err := parseNumber(text)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return questions.Response{}, bad
		}
		r.Number = &v
	default:
		if questions.FoldKey(text) == "" {
			return questions.Response{}, bad
		}
		r.Text = text
	}
	return r, nil
}

// parseTruth reads Đ/đúng/true/A as true and S/sai/false/B as false (the
// true/false screens show A. Đúng, B. Sai).
func parseTruth(s string) (bool, error) {
	switch strings.ToLower(questions.SearchKey(s)) {
	case "d", "dung", "t", "true", "a", "1":
		return true, nil
	case "s", "sai", "f", "false", "b", "0":
		return false, nil
	}
	return false, errBadAnswer
}

// errBadVerdict: a judge's decision is right or wrong, nothing else.
var errBadVerdict = errors.New("say right (đúng) or wrong (sai)")

// parseVerdict reads right/đúng/đ/r/y as correct and wrong/sai/s/w/n as not.
func parseVerdict(s string) (bool, error) {
	switch strings.ToLower(questions.SearchKey(s)) {
	case "right", "r", "correct", "dung", "d", "y", "yes", "1":
		return true, nil
	case "wrong", "w", "incorrect", "sai", "s", "n", "no", "0":
		return false, nil
	}
	return false, errBadVerdict
}

func verdictWord(right bool) string {
	if right {
		return "right"
	}
	return "wrong"
}

// parseSeconds reads "10s", "1m", or a bare number of seconds.
func parseSeconds(s string) (time.Duration, error) {
	if n, err := strconv.Atoi(s); err == nil {
		s = strconv.Itoa(n) + "s"
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 || d > time.Hour {
		return 0, fmt.Errorf("%q is not a duration like 10s", s)
	}
	return d, nil
}

// explain turns an engine error into a sentence for the host.
func explain(lang i18n.Lang, err error, phase quiz.Phase) string {
	switch {
	case errors.Is(err, quiz.ErrStorage):
		return lang.T("live.err.storage", err.Error())
	case errors.Is(err, quiz.ErrReasonRequired):
		return lang.T("live.err.reason")
	case errors.Is(err, quiz.ErrInvalidAction):
		return lang.T("live.err.invalid", lang.T("live.phase."+string(phase))) + " (" + err.Error() + ")"
	case errors.Is(err, quiz.ErrUnknownContestant):
		return lang.T("live.err.unknown")
	case errors.Is(err, quiz.ErrNoRevives):
		return lang.T("live.err.norevives")
	case errors.Is(err, quiz.ErrBadResponse):
		return lang.T("live.err.bad_response") + " (" + err.Error() + ")"
	}
	var ba *badAnswer
	if errors.As(err, &ba) {
		return lang.T("live.err.bad_answer", ba.text, ba.hint(lang))
	}
	if errors.Is(err, errBadVerdict) {
		return lang.T("live.err.verdict")
	}
	return err.Error()
}

const commandHelp = `commands: status [--json] | start-round | next | pause | resume | retry | extend 10s | close | reveal |
standings | void N --reason TEXT | accept N ANSWER --reason TEXT | override N CODE right|wrong --reason TEXT |
target ROUND VALUE --reason TEXT | kick CODE --reason TEXT | readmit CODE --reason TEXT |
revive [CODE...] [--reason TEXT] | end-round [--reason TEXT] | end [--reason TEXT]   (add --json for JSON)
(N is a question number of the current round; ANSWER is option letters as the host sees them, Đ/S, a number or a text)`

// runCommand runs `ssh host@… CMD ARGS…`: 0 done, 1 refused by the engine,
// 2 a usage error.
func (a *App) runCommand(ctx context.Context, args []string, out, errOut io.Writer) int {
	lang := a.Lang
	if len(args) == 0 || args[0] == "help" || args[0] == "--help" {
		fmt.Fprintln(out, commandHelp)
		return 0
	}
	c, err := parseCmdArgs(args[1:])
	if err != nil {
		fmt.Fprintf(errOut, "parquiz: %v\n%s\n", err, commandHelp)
		return 2
	}
	name := args[0]
	type result struct {
		OK     bool   `json:"ok"`
		Action string `json:"action,omitempty"`
		Error  string `json:"error,omitempty"`
		Status Status `json:"status"`
	}
	res := result{OK: true}
	if name != "status" {
		desc, err := a.hostAction(name, c, "ssh-command")
		res.Action = desc
		if err != nil {
			if errors.Is(err, errUsage) {
				fmt.Fprintf(errOut, "parquiz: %v\n%s\n", err, commandHelp)
				return 2
			}
			res.OK = false
			res.Error = explain(lang, err, a.Engine.Phase())
		} else {
			a.logger().Info("host command", "action", desc)
		}
	} else if len(c.pos) > 0 {
		fmt.Fprintf(errOut, "parquiz: status takes no argument\n")
		return 2
	}
	res.Status = a.StatusOf(a.Engine.HostSnapshot())
	if f := res.Status.Storage.Fault; f != nil && res.OK {
		// nothing is being saved: a script polling status must not read ok
		res.OK = false
		res.Error = lang.T("live.fault.status", f.Cause, f.Retries)
	}
	if c.json {
		enc := json.NewEncoder(out)
		if err := enc.Encode(res); err != nil {
			return 1
		}
	} else {
		if !res.OK {
			fmt.Fprintf(errOut, "parquiz: %s: %s\n", name, res.Error)
		} else if res.Action != "" {
			fmt.Fprintf(out, "ok: %s\n", res.Action)
		}
		fmt.Fprintln(out, a.StatusLine(lang, res.Status))
	}
	if !res.OK {
		return 1
	}
	return 0
}
