package tui

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"parquiz/internal/i18n"
)

// fakeOrganiser records the requests it is asked to check and fails
// them with err when set.
type fakeOrganiser struct {
	mu      sync.Mutex
	def     ServeRequest
	stored  []StoredContest
	err     error
	checked []ServeRequest
}

func (f *fakeOrganiser) Defaults() ServeRequest { return f.def }

func (f *fakeOrganiser) Contests(context.Context) ([]StoredContest, error) { return f.stored, nil }

func (f *fakeOrganiser) Check(_ context.Context, req ServeRequest) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.checked = append(f.checked, req)
	return f.err
}

func organiseHarness(t *testing.T, lang i18n.Lang, org *fakeOrganiser) *harness {
	t.Helper()
	hs := newHarness(t, lang, 80, 24)
	hs.app.env.cfg.Organiser = org
	hs.keys("3")
	hs.screen("organise")
	return hs
}

func TestOrganiseStartsACheckedContest(t *testing.T) {
	org := &fakeOrganiser{def: ServeRequest{Contest: "examples/contest.yaml", Roster: "examples/roster.csv"}}
	hs := organiseHarness(t, i18n.VI, org)
	hs.contains("Tổ chức hội thi trực tiếp qua SSH", "Tệp hội thi (YAML)", "examples/contest.yaml",
		"Danh sách thí sinh", "examples/roster.csv", "Địa chỉ lắng nghe", ":2222", "Kiểm tra và bắt đầu")
	hs.fits(80, 24)

	// q is a letter in a field, not "back"
	hs.keys("tab", "tab", "backspace", "backspace", "backspace", "backspace", "backspace", "127.0.0.1:2299")
	hs.screen("organise")
	hs.contains("127.0.0.1:2299")
	hs.keys("tab", "tab", "enter")
	if !hs.quit {
		t.Fatalf("a contest that passed the check did not quit the home program:\n%s", hs.view())
	}
	want := ServeRequest{Contest: "examples/contest.yaml", Roster: "examples/roster.csv", Listen: "127.0.0.1:2299"}
	got, ok := hs.app.Serve()
	if !ok || got != want {
		t.Errorf("Serve() = %+v, %v; want %+v", got, ok, want)
	}
	if len(org.checked) != 1 || org.checked[0] != want {
		t.Errorf("checked %+v, want once %+v", org.checked, want)
	}
}

func TestOrganiseShowsWhatToFixAndStays(t *testing.T) {
	var lines []string
	for i := 1; i <= 30; i++ {
		lines = append(lines, "contest.yaml:12: rounds[1].draw.count: cần 40 câu hỏi, ngân hàng chỉ có 12")
	}
	org := &fakeOrganiser{err: errors.New(strings.Join(lines, "\n"))}
	hs := organiseHarness(t, i18n.VI, org)
	// nothing found in the working directory: the fields start empty
	hs.keys("contest.yaml", "tab", "roster.csv", "tab", "tab", "tab", "enter")
	if hs.quit {
		t.Fatal("a request that failed its check quit the program")
	}
	hs.contains("contest.yaml:12: rounds[1].draw.count: cần 40 câu hỏi", "dòng nữa")
	hs.fits(80, 24)
	if _, ok := hs.app.Serve(); ok {
		t.Error("Serve() reports a request that failed its check")
	}
	// typing clears the error; Esc goes back home
	hs.keys("up", "x")
	hs.lacks("cần 40 câu hỏi")
	hs.keys("esc")
	hs.screen("home")
}

func TestOrganiseResumesAStoredContestByClick(t *testing.T) {
	org := &fakeOrganiser{def: ServeRequest{Contest: "c.yaml", Roster: "r.csv", Listen: ":2300"}, stored: []StoredContest{
		{ID: 7, Title: "Hội thi CCHC 2025", Records: 42, LastAt: time.Date(2025, 5, 1, 9, 30, 0, 0, time.Local)},
		{ID: 6, Title: "Hội thi thử", Ended: true},
		{ID: 5, Title: "Bản nháp"},
	}}
	hs := organiseHarness(t, i18n.VI, org)
	hs.contains("#7 · dừng lúc 09:30 01/05 · Hội thi CCHC 2025", "#6 · đã kết thúc · Hội thi thử", "#5 · chưa bắt đầu · Bản nháp")
	hs.fits(80, 24)
	// the smallest terminal, with an error under the stored contests
	org.err = errors.New("contest.yaml:3: rounds[1].draw: vòng thi cần 400 câu, ngân hàng chỉ có 204 câu khớp điều kiện rút")
	hs.send(tea.WindowSizeMsg{Width: 60, Height: 18})
	hs.keys("tab", "tab", "tab", "tab", "enter")
	hs.contains("vòng thi cần 400 câu", "Kiểm tra và bắt đầu", "#7 · dừng lúc") // what to fix first; fewer stored contests
	hs.fits(60, 18)
	org.err = nil
	hs.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	y := -1
	for i, l := range strings.Split(hs.view(), "\n") {
		if strings.Contains(l, "#7 ·") {
			y = i
		}
	}
	hs.send(click(6, y))
	if !hs.quit {
		t.Fatalf("clicking a stored contest did not start it:\n%s", hs.view())
	}
	want := ServeRequest{Listen: ":2300", Resume: 7}
	if got, _ := hs.app.Serve(); got != want {
		t.Errorf("Serve() = %+v, want %+v", got, want)
	}
}

func TestOrganiseInEnglishAndWithoutAnOrganiser(t *testing.T) {
	hs := organiseHarness(t, i18n.EN, &fakeOrganiser{})
	hs.contains("Run a live contest over SSH", "Contest file (YAML)", "Check and start", "optional: authorized_keys")
	hs.lacks("Tệp hội thi")

	// without an Organiser (a program that cannot serve) the screen shows
	// the commands, and q goes back
	hs = newHarness(t, i18n.VI, 80, 24)
	hs.keys("3")
	hs.contains("parquiz serve --contest examples/contest.yaml --roster examples/roster.csv", "ssh -t -p 2222 play@")
	hs.keys("q")
	hs.screen("home")
}
