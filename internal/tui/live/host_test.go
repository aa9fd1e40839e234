package live

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"parquiz/internal/hub"
	"parquiz/internal/i18n"
	"parquiz/internal/server"
	"parquiz/questions"
	"parquiz/quiz"
)

// judgeContest has three rounds for the host's judging actions: classic
// (2 single-choice questions, one shuffled order for everyone),
// elimination (2 questions) and prediction (target entered by the host).
// Option i%4 of question i is right.
func judgeContest(t *testing.T) *App { t.Helper(); return shuffledContest(t, quiz.ShuffleAll) }

// shuffledContest is judgeContest with the first round's shuffle mode.
func shuffledContest(t *testing.T, shuffle quiz.ShuffleMode) *App {
	t.Helper()
	single := func(i int) questions.Question {
		q := questions.Question{Text: fmt.Sprintf("Câu hỏi %d về một cửa?", i+1), Kind: questions.KindSingle, Topic: "CCHC", Difficulty: 1}
		for j := 0; j < 4; j++ {
			q.Choices = append(q.Choices, questions.Choice{Text: fmt.Sprintf("Phương án %d", j+1), Correct: j == i%4})
		}
		q.Normalize()
		return q
	}
	pred := questions.Question{Text: "Có bao nhiêu hồ sơ trực tuyến?", Kind: questions.KindNumeric, Topic: "Dự đoán", Difficulty: 2,
		Number: questions.Numeric{Value: 1}}
	pred.Normalize()
	cfg := quiz.Config{Title: "Hội thi CCHC 2025", TieBreak: quiz.DefaultTieBreak, Units: quiz.UnitRule{Method: quiz.UnitSum},
		Rounds: []quiz.RoundConfig{
			{Title: "Khởi động", Kind: quiz.Classic, TimeLimit: 20 * time.Second, Shuffle: shuffle, Points: 10, Draw: questions.DrawSpec{Count: 2, Seed: 3}},
			{Title: "Rung chuông vàng", Kind: quiz.Elimination, TimeLimit: 20 * time.Second, Shuffle: quiz.ShuffleNone, Points: 10, Revives: 1, EndWhenLeft: 0, Draw: questions.DrawSpec{Count: 2}},
			{Title: "Dự đoán", Kind: quiz.Prediction, TimeLimit: 30 * time.Second, Shuffle: quiz.ShuffleNone, Target: quiz.TargetHost, Inline: []questions.Question{pred}},
		}}
	plan := &quiz.Plan{Config: cfg, Rounds: [][]questions.Question{{single(0), single(1)}, {single(2), single(3)}, {pred}},
		Roster: []quiz.Contestant{
			{Code: "AAA111", Name: "Nguyễn Văn An", Unit: "Sở Nội vụ"},
			{Code: "BBB222", Name: "Trần Thị Bình", Unit: "Sở Tư pháp"},
			{Code: "CCC333", Name: "Lê Văn Cường", Unit: "Sở Nội vụ"},
		}}
	clk := quiz.NewManualClock(t0)
	h := hub.New(64)
	e, err := quiz.New(plan, quiz.Options{Clock: clk, Journal: &quiz.MemJournal{}, Publisher: h})
	if err != nil {
		t.Fatal(err)
	}
	return &App{Engine: e, Subscribe: HubSubscriber(h), Now: clk.Now, Seats: server.NewSeats(), Lang: i18n.VI}
}

// console is a host console at 100×30 with a fresh snapshot.
func console(t *testing.T, a *App) *host {
	t.Helper()
	m := newHost(a, lipgloss.NewRenderer(nil), i18n.VI, "test", &resources{})
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	m.Update(snapMsg{a.Engine.HostSnapshot()})
	return m
}

// press feeds keys (one rune each, "enter", "esc") to the console; when a
// key starts an engine action it runs it and feeds the result back. It
// returns the last action's result, if any.
func press(t *testing.T, m *host, keys ...string) *actionDoneMsg {
	t.Helper()
	var done *actionDoneMsg
	for _, k := range keys {
		var msg tea.KeyMsg
		switch k {
		case "enter":
			msg = tea.KeyMsg{Type: tea.KeyEnter}
		case "esc":
			msg = tea.KeyMsg{Type: tea.KeyEsc}
		default:
			msg = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
		}
		before := m.prompt
		_, cmd := m.Update(msg)
		// an action starts when a key ends the prompt (or needs none);
		// typing into a prompt only returns the cursor's commands
		if cmd == nil || (before != nil && m.prompt != nil) {
			continue
		}
		if ad, ok := cmd().(actionDoneMsg); ok {
			done = &ad
			m.Update(ad)
			m.Update(snapMsg{m.app.Engine.HostSnapshot()})
		}
	}
	return done
}

func typed(s string) []string {
	var out []string
	for _, r := range s {
		out = append(out, string(r))
	}
	return out
}

func row(t *testing.T, a *App, code string) quiz.ContestantState {
	t.Helper()
	for _, c := range a.Engine.HostSnapshot().Contestants {
		if c.Contestant.Code == code {
			return c
		}
	}
	t.Fatalf("%s not on the roster", code)
	return quiz.ContestantState{}
}

func submit(t *testing.T, a *App, code string, choice int) {
	t.Helper()
	ref := a.Engine.HostSnapshot().Question.Ref
	if _, err := a.Engine.Submit(context.Background(), code, ref, questions.Response{Choices: []int{choice}}); err != nil {
		t.Fatal(err)
	}
}

// letterOf is the letter under which the host sees original option i.
func letterOf(t *testing.T, a *App, i int) string {
	t.Helper()
	for _, o := range a.Engine.HostSnapshot().Question.Options {
		if o.Index == i {
			return o.Letter
		}
	}
	t.Fatalf("option %d not shown", i)
	return ""
}

// TestHostConsoleJudging: accept an alternative answer (by the letter the
// host sees in a shuffled round), judge one contestant, void — each from
// the console's keys, each refused without a reason.
func TestHostConsoleJudging(t *testing.T) {
	a := judgeContest(t)
	n := quiz.Note{By: "test"}
	a.Engine.StartRound(n)
	a.Engine.NextQuestion(n)
	submit(t, a, "AAA111", 1) // wrong: option 0 is the key
	submit(t, a, "BBB222", 0) // right
	a.Engine.CloseNow(n)
	a.Engine.Reveal(n)
	m := console(t, a)

	// accept: a letter the question does not have is refused at once
	press(t, m, "a")
	if m.prompt == nil || m.prompt.value == nil {
		t.Fatal("a did not ask for the answer to accept")
	}
	press(t, m, append(typed("Z"), "enter")...)
	if m.prompt == nil || !strings.Contains(m.prompt.err, "A–D") {
		t.Fatalf("bad answer not explained: %+v", m.prompt)
	}
	press(t, m, "esc")
	if m.prompt != nil {
		t.Fatal("esc did not cancel")
	}
	// the letter the host sees for option 1 (the round is shuffled)
	press(t, m, append(append([]string{"a"}, typed(letterOf(t, a, 1))...), "enter")...)
	if m.prompt == nil || !m.prompt.reason || m.prompt.value != nil {
		t.Fatalf("no reason step after the answer: %+v", m.prompt)
	}
	if !strings.Contains(screen(m), "nhập lý do") {
		t.Errorf("the reason step is not on screen:\n%s", screen(m))
	}
	// no reason, no action
	if done := press(t, m, "enter"); done != nil || m.prompt == nil || m.prompt.err == "" {
		t.Fatalf("accepted without a reason: done=%v prompt=%+v", done, m.prompt)
	}
	if got := row(t, a, "AAA111").Points; got != 0 {
		t.Fatalf("points changed without a reason: %d", got)
	}
	done := press(t, m, append(typed("hai đáp án cùng đúng"), "enter")...)
	if done == nil || done.err != nil {
		t.Fatalf("accept: %+v", done)
	}
	if got, want := row(t, a, "AAA111").Points, 10; got != want {
		t.Errorf("after accept: AAA111 has %d points, want %d", got, want)
	}
	if k := a.Engine.HostSnapshot().Question.Key; len(k.Extra) != 1 || !strings.Contains(k.Text, " | ") {
		t.Errorf("the key does not show the accepted answer: %+v", k)
	}

	// override: the selected contestant (BBB222) is judged wrong
	press(t, m, "j", "o")
	if m.prompt == nil || !strings.Contains(m.prompt.text, "Trần Thị Bình") {
		t.Fatalf("o did not ask about the selected contestant: %+v", m.prompt)
	}
	press(t, m, append(typed("có lẽ"), "enter")...)
	if m.prompt == nil || m.prompt.err == "" || m.prompt.value == nil {
		t.Fatalf("a verdict other than đ/s was taken: %+v", m.prompt)
	}
	press(t, m, "esc", "o", "s", "enter", "enter")
	if got := row(t, a, "BBB222").Points; got != 10 {
		t.Fatalf("override without a reason changed the score: %d", got)
	}
	done = press(t, m, append(typed("ghi sai mã"), "enter")...)
	if done == nil || done.err != nil {
		t.Fatalf("override: %+v", done)
	}
	r := row(t, a, "BBB222")
	if r.Points != 0 || r.Answer == nil || r.Answer.Result == nil || !r.Answer.Result.Overridden {
		t.Errorf("after override: %+v", r)
	}

	// void: reason required
	press(t, m, "v", "enter")
	if a.Engine.HostSnapshot().Question.Voided {
		t.Fatal("voided without a reason")
	}
	if done = press(t, m, append(typed("đề sai"), "enter")...); done == nil || done.err != nil {
		t.Fatalf("void: %+v", done)
	}
	if !a.Engine.HostSnapshot().Question.Voided || row(t, a, "AAA111").Points != 0 {
		t.Errorf("void did not remove the question from scoring: %+v", row(t, a, "AAA111"))
	}
	if !strings.Contains(strings.Join(m.log, "\n"), "✓ void 1 — đề sai") {
		t.Errorf("the log lacks the void:\n%s", strings.Join(m.log, "\n"))
	}
}

// TestHostConsoleReviveKickTarget: revive one (reason) and all (confirm),
// remove and readmit, enter the prediction target — from the console.
func TestHostConsoleReviveKickTarget(t *testing.T) {
	a := judgeContest(t)
	e := a.Engine
	n := quiz.Note{By: "test", Reason: "sang vòng 2"}
	e.StartRound(n)
	e.EndRound(n)
	e.StartRound(n)
	e.NextQuestion(n)
	submit(t, a, "AAA111", 2) // right (question 3 of the pool: option 2)
	submit(t, a, "BBB222", 0) // wrong
	e.CloseNow(n)
	e.Reveal(n)
	if !row(t, a, "BBB222").Eliminated || !row(t, a, "CCC333").Eliminated {
		t.Fatal("set-up: BBB222 and CCC333 should be out")
	}
	m := console(t, a)

	// revive the selected one: reason required
	press(t, m, "j", "V", "enter")
	if !row(t, a, "BBB222").Eliminated {
		t.Fatal("revived without a reason")
	}
	if done := press(t, m, append(typed("lỗi mạng"), "enter")...); done == nil || done.err != nil {
		t.Fatalf("revive BBB222: %+v", done)
	}
	if row(t, a, "BBB222").Eliminated || !row(t, a, "CCC333").Eliminated {
		t.Errorf("revive one: BBB222 %+v, CCC333 %+v", row(t, a, "BBB222"), row(t, a, "CCC333"))
	}
	// revive everyone: a confirmation; n declines
	press(t, m, "R", "n")
	if !row(t, a, "CCC333").Eliminated {
		t.Fatal("revived everyone after n")
	}
	if done := press(t, m, "R", "y"); done == nil || done.err != nil {
		t.Fatalf("revive all: %+v", done)
	}
	if row(t, a, "CCC333").Eliminated || e.HostSnapshot().Round.RevivesLeft != 0 {
		t.Errorf("revive all: CCC333 %+v, revives left %d", row(t, a, "CCC333"), e.HostSnapshot().Round.RevivesLeft)
	}

	// remove and readmit the selected contestant (CCC333), reasons required
	press(t, m, "j", "K", "enter")
	if row(t, a, "CCC333").Kicked {
		t.Fatal("removed without a reason")
	}
	press(t, m, append(typed("dùng tài liệu"), "enter")...)
	if !row(t, a, "CCC333").Kicked {
		t.Fatal("K did not remove")
	}
	press(t, m, "M", "enter")
	if !row(t, a, "CCC333").Kicked {
		t.Fatal("readmitted without a reason")
	}
	press(t, m, append(typed("ban giám khảo xem lại"), "enter")...)
	if row(t, a, "CCC333").Kicked {
		t.Fatal("M did not readmit")
	}

	// the prediction target (round 3, the next prediction round)
	press(t, m, "T")
	if m.prompt == nil || !strings.Contains(m.prompt.text, "Dự đoán") {
		t.Fatalf("T did not ask for the target of the prediction round: %+v", m.prompt)
	}
	press(t, m, append(typed("nhiều"), "enter")...)
	if m.prompt == nil || m.prompt.err == "" {
		t.Fatal("a word was taken as the target")
	}
	press(t, m, "esc", "T")
	press(t, m, append(typed("1 250,5"), "enter", "enter")...)
	if e.HostSnapshot().Rounds[2].Target != nil {
		t.Fatal("target set without a reason")
	}
	done := press(t, m, append(typed("báo cáo của Sở"), "enter")...)
	if done == nil || done.err != nil {
		t.Fatalf("target: %+v", done)
	}
	if tg := e.HostSnapshot().Rounds[2].Target; tg == nil || *tg != 1250.5 {
		t.Errorf("target = %v, want 1250.5", tg)
	}
}

// TestHostCommandsJudging: accept, override and target as SSH commands;
// refused without a reason (exit 1, nothing changed), wrong use exits 2.
func TestHostCommandsJudging(t *testing.T) {
	a := judgeContest(t)
	e := a.Engine
	n := quiz.Note{By: "test"}
	e.StartRound(n)
	e.NextQuestion(n)
	submit(t, a, "AAA111", 1)
	submit(t, a, "BBB222", 0)
	e.CloseNow(n)
	e.Reveal(n)
	run := func(args ...string) (int, string) {
		var out, errOut bytes.Buffer
		code := a.runCommand(context.Background(), args, &out, &errOut)
		return code, out.String() + errOut.String()
	}
	b := letterOf(t, a, 1)
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"accept", "1", b}, 1, "lý do"},
		{[]string{"accept", "1", "Z", "--reason", "x"}, 1, "A–D"},
		{[]string{"accept", "1"}, 2, "accept N ANSWER"},
		{[]string{"accept", "9", "A", "--reason", "x"}, 2, "question number"},
		{[]string{"override", "1", "AAA111", "maybe", "--reason", "x"}, 2, "right|wrong"},
		{[]string{"override", "1", "CCC333", "right", "--reason", "x"}, 1, "không thực hiện được"},
		{[]string{"override", "1", "BBB222", "wrong"}, 1, "lý do"},
		{[]string{"target", "3", "99"}, 1, "lý do"},
		{[]string{"target", "1", "99", "--reason", "x"}, 1, ""},
		{[]string{"target", "7", "99", "--reason", "x"}, 2, "ROUND"},
		{[]string{"target", "3", "nhiều", "--reason", "x"}, 2, "not a number"},
	}
	for _, tt := range tests {
		code, out := run(tt.args...)
		if code != tt.code || !strings.Contains(out, tt.want) {
			t.Errorf("%v: exit %d, want %d; output lacks %q?\n%s", tt.args, code, tt.code, tt.want, out)
		}
	}
	if row(t, a, "AAA111").Points != 0 || row(t, a, "BBB222").Points != 10 || e.HostSnapshot().Rounds[2].Target != nil {
		t.Fatalf("refused commands changed the contest: %+v %+v", row(t, a, "AAA111"), row(t, a, "BBB222"))
	}
	if code, out := run("accept", "1", strings.ToLower(b), "--reason", "hai đáp án đúng"); code != 0 || !strings.Contains(out, "ok: accept 1 "+strings.ToLower(b)) {
		t.Errorf("accept: exit %d\n%s", code, out)
	}
	if code, out := run("override", "1", "bbb-222", "sai", "--reason", "ghi nhầm", "--json"); code != 0 || !strings.Contains(out, `"action":"override 1 BBB222 wrong`) {
		t.Errorf("override: exit %d\n%s", code, out)
	}
	if code, out := run("target", "3", "1", "250", "--reason", "báo cáo"); code != 0 || !strings.Contains(out, "ok: target 3 1250") {
		t.Errorf("target: exit %d\n%s", code, out)
	}
	if got := row(t, a, "AAA111").Points; got != 10 {
		t.Errorf("AAA111 after accept: %d points, want 10", got)
	}
	if got := row(t, a, "BBB222").Points; got != 0 {
		t.Errorf("BBB222 after override: %d points, want 0", got)
	}
	if tg := e.HostSnapshot().Rounds[2].Target; tg == nil || *tg != 1250 {
		t.Errorf("target = %v, want 1250", tg)
	}
}

func TestParseAnswerKinds(t *testing.T) {
	a := judgeContest(t)
	ref := quiz.QuestionRef{Round: 2, Question: 0}
	for _, tt := range []struct {
		in   string
		want float64
	}{{"12", 12}, {"12,5", 12.5}, {"1 250", 1250}, {"1.250.000", 1250000}} {
		r, err := a.parseAnswer(ref, tt.in)
		if err != nil || r.Number == nil || *r.Number != tt.want {
			t.Errorf("numeric %q: %v %v", tt.in, r.Number, err)
		}
	}
	if _, err := a.parseAnswer(ref, "mười"); err == nil {
		t.Error("a word was read as a number")
	}
	for in, want := range map[string]bool{"Đ": true, "đúng": true, "true": true, "S": false, "sai": false, "F": false} {
		if got, err := parseTruth(in); err != nil || got != want {
			t.Errorf("truth %q = %v, %v", in, got, err)
		}
	}
	// choice letters map through the host's order (shuffle: all)
	ref = quiz.QuestionRef{Round: 0, Question: 0}
	ord := a.Engine.Plan().OptionOrder(ref, quiz.ForHost, "")
	r, err := a.parseAnswer(ref, "c.")
	if err != nil || len(r.Choices) != 1 || r.Choices[0] != ord[2] {
		t.Errorf("C → %v (order %v), %v", r.Choices, ord, err)
	}
	if _, err := a.parseAnswer(ref, "A B"); err == nil {
		t.Error("two options accepted for a single-choice question")
	}
}

// TestReasonWithoutQuotes: OpenSSH joins the command's words with spaces,
// so `--reason "đề sai nguồn"` arrives unquoted; the reason is every word
// after --reason up to the next flag.
func TestReasonWithoutQuotes(t *testing.T) {
	for _, tt := range []struct {
		args   []string
		pos    string
		reason string
		json   bool
	}{
		{[]string{"3", "--reason", "đề", "sai", "nguồn"}, "3", "đề sai nguồn", false},
		{[]string{"3", "C", "--reason", "cũng", "đúng", "--json"}, "3 C", "cũng đúng", true},
		{[]string{"3", "--reason=đề", "sai"}, "3", "đề sai", false},
		{[]string{"3", "--reason", "đề sai"}, "3", "đề sai", false},
	} {
		c, err := parseCmdArgs(tt.args)
		if err != nil || strings.Join(c.pos, " ") != tt.pos || c.reason != tt.reason || c.json != tt.json {
			t.Errorf("%q: pos %q reason %q json %v err %v", tt.args, c.pos, c.reason, c.json, err)
		}
	}
	if _, err := parseCmdArgs([]string{"3", "--reason", "--json"}); err == nil {
		t.Error("--reason without a text was taken")
	}
}
