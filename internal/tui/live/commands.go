package live

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"parquiz/internal/i18n"
	"parquiz/internal/roster"
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
}

// StatusOf summarises a host snapshot.
func (a *App) StatusOf(s quiz.Snapshot) Status {
	st := Status{State: s.Phase, Paused: s.Paused, Answered: s.Answered, Eligible: s.Eligible, Roster: len(a.Engine.Roster())}
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
		case a == "--reason" || a == "-r":
			if i+1 >= len(args) {
				return c, errors.New("--reason needs a text")
			}
			i++
			c.reason = args[i]
		case strings.HasPrefix(a, "--reason="):
			c.reason = strings.TrimPrefix(a, "--reason=")
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
		return quiz.QuestionRef{}, fmt.Errorf("%w: void N: N is a question number of the current round", errUsage)
	}
	return quiz.QuestionRef{Round: snap.Round.Index, Question: n - 1}, nil
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
	case errors.Is(err, quiz.ErrReasonRequired):
		return lang.T("live.err.reason")
	case errors.Is(err, quiz.ErrInvalidAction):
		return lang.T("live.err.invalid", lang.T("live.phase."+string(phase))) + " (" + err.Error() + ")"
	case errors.Is(err, quiz.ErrUnknownContestant):
		return lang.T("live.err.unknown")
	case errors.Is(err, quiz.ErrNoRevives):
		return lang.T("live.err.norevives")
	}
	return err.Error()
}

const commandHelp = `commands: status [--json] | start-round | next | pause | resume | extend 10s | close | reveal |
standings | void N --reason TEXT | kick CODE --reason TEXT | readmit CODE --reason TEXT |
revive [CODE...] [--reason TEXT] | end-round [--reason TEXT] | end [--reason TEXT]   (add --json for JSON)`

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
