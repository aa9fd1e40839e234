package tui

import (
	"context"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"parquiz/internal/i18n"
	"parquiz/internal/practice"
	"parquiz/questions"
	"parquiz/questions/bank"
)

// fakeBank is an in-memory Bank: List filters like the SQLite bank
// (topic prefix, kind, difficulty, diacritic-insensitive search), Draw
// returns the first matches in order, so flows are deterministic.
type fakeBank struct {
	qs    []questions.Question
	draws []questions.DrawSpec
	mu    sync.Mutex
}

func (b *fakeBank) match(q *questions.Question, f questions.Filter) bool {
	if f.Topic != "" && q.Topic != f.Topic && !strings.HasPrefix(q.Topic, f.Topic+"/") {
		return false
	}
	if f.Kind != "" && q.Kind != f.Kind {
		return false
	}
	if f.Difficulty != 0 && q.Difficulty != f.Difficulty {
		return false
	}
	if s := questions.SearchKey(f.Search); s != "" {
		hay := q.Text + " " + q.Source
		for _, c := range q.Choices {
			hay += " " + c.Text
		}
		if !strings.Contains(questions.SearchKey(hay), s) {
			return false
		}
	}
	return true
}

func (b *fakeBank) List(_ context.Context, f questions.Filter) ([]questions.Question, error) {
	var out []questions.Question
	for i := range b.qs {
		if b.match(&b.qs[i], f) {
			out = append(out, b.qs[i])
		}
	}
	return out, nil
}

func (b *fakeBank) Stats(_ context.Context, f questions.Filter) (questions.Stats, error) {
	st := questions.Stats{ByTopic: map[string]int{}}
	for i := range b.qs {
		if b.match(&b.qs[i], f) {
			st.Total++
			st.ByTopic[b.qs[i].Topic]++
		}
	}
	return st, nil
}

func (b *fakeBank) Draw(_ context.Context, spec questions.DrawSpec) ([]questions.Question, error) {
	b.mu.Lock()
	b.draws = append(b.draws, spec)
	b.mu.Unlock()
	var out []questions.Question
	want, level := spec.Count, 0
	for d, n := range spec.Mix {
		want, level = n, d
	}
	for i := range b.qs {
		q := &b.qs[i]
		okTopic := len(spec.Topics) == 0
		for _, t := range spec.Topics {
			okTopic = okTopic || b.match(q, questions.Filter{Topic: t})
		}
		if okTopic && (level == 0 || q.Difficulty == level) {
			out = append(out, *q)
		}
	}
	if len(out) < want {
		return nil, &bank.NotEnoughError{Difficulty: level, Want: want, Have: len(out), Spec: spec}
	}
	return out[:want], nil
}

// fakeResults keeps practice results in memory.
type fakeResults struct {
	mu    sync.Mutex
	name  string
	saved []practice.Result
}

func (r *fakeResults) Name(context.Context) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.name, nil
}

func (r *fakeResults) SetName(_ context.Context, n string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.name = n
	return nil
}

func (r *fakeResults) Save(_ context.Context, res practice.Result) (int64, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.saved = append(r.saved, res)
	return int64(len(r.saved)), nil
}

func (r *fakeResults) Best(context.Context, int) ([]practice.Result, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]practice.Result(nil), r.saved...), nil
}

func pf(f float64) *float64 { return &f }

// sampleQuestions has one question of each kind, Vietnamese text in NFC.
func sampleQuestions() []questions.Question {
	qs := []questions.Question{
		{ID: 1, Kind: questions.KindSingle, Topic: "CCHC/Một cửa", Difficulty: 1,
			Text:        "Cơ chế một cửa liên thông được quy định tại văn bản nào?",
			Choices:     []questions.Choice{{Text: "Nghị định 61/2018/NĐ-CP", Correct: true}, {Text: "Luật Đất đai"}, {Text: "Hiến pháp 1992"}, {Text: "Bộ luật Dân sự"}},
			Explanation: "Nghị định 61/2018 quy định cơ chế một cửa.", Source: "NĐ 61/2018/NĐ-CP, Điều 1"},
		{ID: 2, Kind: questions.KindTrueFalse, Topic: "CCHC/Chương trình", Difficulty: 1, Truth: true,
			Text: "Nghị quyết 76/NQ-CP ban hành Chương trình tổng thể cải cách hành chính 2021–2030.", Source: "NQ 76/NQ-CP"},
		{ID: 3, Kind: questions.KindMultiple, Topic: "CCHC/Chương trình", Difficulty: 2,
			Text:    "Những nội dung nào thuộc Chương trình tổng thể CCHC 2021–2030?",
			Choices: []questions.Choice{{Text: "Cải cách thể chế", Correct: true}, {Text: "Cải cách ruộng đất"}, {Text: "Cải cách chế độ công vụ", Correct: true}},
			Source:  "NQ 76/NQ-CP"},
		{ID: 4, Kind: questions.KindSingle, Topic: "CCHC/Chỉ số", Difficulty: 2,
			Text:    "Chỉ số đo sự hài lòng của người dân là gì?",
			Choices: []questions.Choice{{Text: "PAPI"}, {Text: "SIPAS", Correct: true}, {Text: "PCI"}},
			Source:  "QĐ 2640/QĐ-BNV"},
		{ID: 5, Kind: questions.KindNumeric, Topic: "CCHC/Chỉ số", Difficulty: 3,
			Text: "Mục tiêu tỷ lệ hài lòng (phần trăm) đến 2020 theo NQ 30c là trên bao nhiêu?", Number: questions.Numeric{Value: 80},
			Source: "NQ 30c/NQ-CP"},
		{ID: 6, Kind: questions.KindShort, Topic: "CCHC/Một cửa", Difficulty: 3,
			Text: "Bộ nào là cơ quan thường trực về cải cách hành chính?", Accepted: []string{"Bộ Nội vụ"},
			Source: "QĐ 225/QĐ-TTg"},
	}
	for i := range qs {
		qs[i].Normalize()
	}
	return qs
}

// clock is a settable clock for tests.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

// harness drives an App by calling Update directly and running the
// returned Cmds: quick ones (bank, navigation) are executed and their
// messages fed back; slow ones (the textinput cursor's blink timer) are
// dropped after a grace period. Countdown ticks are replaced by a no-op
// so the test moves the clock and sends tickMsg itself.
type harness struct {
	t     *testing.T
	app   App
	bank  *fakeBank
	res   *fakeResults
	clock *clock
	quit  bool
}

func newHarness(t *testing.T, lang i18n.Lang, w, h int) *harness {
	t.Helper()
	hs := &harness{t: t, bank: &fakeBank{qs: sampleQuestions()}, res: &fakeResults{},
		clock: &clock{time.Date(2025, 5, 1, 8, 0, 0, 0, time.UTC)}}
	hs.app = New(Config{Bank: hs.bank, Results: hs.res, Lang: lang, Now: hs.clock.now})
	hs.app.env.tick = func(int) tea.Cmd { return nil }
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	hs.run(hs.app.Init())
	return hs
}

func (hs *harness) send(msgs ...tea.Msg) {
	hs.t.Helper()
	for _, msg := range msgs {
		m, cmd := hs.app.Update(msg)
		hs.app = m.(App)
		hs.run(cmd)
	}
}

// keys sends each string as a key: names like "enter", "esc", "up",
// "down", "space", "ctrl+c", "tab", "backspace", else runes (whole
// string, as a terminal delivers typed Vietnamese).
func (hs *harness) keys(ks ...string) {
	hs.t.Helper()
	for _, k := range ks {
		hs.send(keyMsg(k))
	}
}

func keyMsg(k string) tea.KeyMsg {
	switch k {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "left":
		return tea.KeyMsg{Type: tea.KeyLeft}
	case "right":
		return tea.KeyMsg{Type: tea.KeyRight}
	case "space":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "backspace":
		return tea.KeyMsg{Type: tea.KeyBackspace}
	case "ctrl+c":
		return tea.KeyMsg{Type: tea.KeyCtrlC}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

func click(x, y int) tea.MouseMsg {
	return tea.MouseMsg{X: x, Y: y, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft}
}

var quitMsg = tea.Quit()

func (hs *harness) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(50 * time.Millisecond):
		return // a timer (cursor blink): not needed by these tests
	}
	switch msg := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			hs.run(c)
		}
	default:
		if reflect.TypeOf(msg) == reflect.TypeOf(quitMsg) {
			hs.quit = true
			return
		}
		hs.send(msg)
	}
}

// view is the current screen without ANSI codes.
func (hs *harness) view() string { return ansi.Strip(hs.app.View()) }

func (hs *harness) contains(subs ...string) {
	hs.t.Helper()
	v := hs.view()
	for _, s := range subs {
		if !strings.Contains(v, s) {
			hs.t.Fatalf("screen %s lacks %q:\n%s", hs.app.Screen(), s, v)
		}
	}
}

func (hs *harness) lacks(subs ...string) {
	hs.t.Helper()
	v := hs.view()
	for _, s := range subs {
		if strings.Contains(v, s) {
			hs.t.Fatalf("screen %s shows %q:\n%s", hs.app.Screen(), s, v)
		}
	}
}

func (hs *harness) screen(want string) {
	hs.t.Helper()
	if got := hs.app.Screen(); got != want {
		hs.t.Fatalf("screen = %s, want %s:\n%s", got, want, hs.view())
	}
}

// fits checks that every line of the view fits w cells and there are h lines.
func (hs *harness) fits(w, h int) {
	hs.t.Helper()
	lines := strings.Split(hs.app.View(), "\n")
	if len(lines) != h {
		hs.t.Errorf("%s: %d lines, want %d", hs.app.Screen(), len(lines), h)
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got > w {
			hs.t.Errorf("%s: line %d is %d cells wide (> %d): %q", hs.app.Screen(), i, got, w, ansi.Strip(l))
		}
	}
}
