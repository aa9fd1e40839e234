package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"parquiz/internal/i18n"
	"parquiz/internal/practice"
)

func TestHomeShowsTitleMenuAndBestScores(t *testing.T) {
	hs := newHarness(t, i18n.VI, 80, 24)
	hs.screen("home")
	hs.contains("Hội thi cán bộ, công chức, viên chức trẻ với công tác cải cách hành chính",
		"Luyện tập", "Ngân hàng câu hỏi", "Tổ chức hội thi", "Thoát",
		"Điểm cao nhất", "Chưa có kết quả")
	hs.fits(80, 24)

	// A saved result shows in the table when the home screen is shown again.
	hs.res.saved = []practice.Result{{Name: "Trần Thị Bình", Score: 9, Max: 10, Correct: 9, Total: 10}}
	hs.send(shownMsg{})
	hs.contains("Trần Thị Bình", "90%", "9/10")
}

func TestHomeFirstRunNotice(t *testing.T) {
	hs := newHarness(t, i18n.VI, 80, 24)
	hs.app.env.cfg.Notice = i18n.VI.T("tui.home.firstrun", "/tmp/x/parquiz.db", 45)
	hs.contains("/tmp/x/parquiz.db", "nạp 45")
	hs.fits(80, 24)
}

func TestHomeMenuNavigation(t *testing.T) {
	hs := newHarness(t, i18n.VI, 80, 24)
	hs.keys("down", "enter")
	hs.screen("browser")
	hs.keys("esc")
	hs.screen("home")
	hs.keys("3")
	hs.screen("organise")
	hs.contains("parquiz serve --contest examples/contest.yaml --roster examples/roster.csv", "ssh -t -p 2222 play@")
	hs.keys("q")
	hs.screen("home")
	// Clicking the first menu row opens practice.
	_, top := 0, len(hs.app.stack[0].(*home).header(80))
	hs.send(click(4, FrameTop+top))
	hs.screen("setup")
	hs.keys("esc")
	hs.keys("up", "enter") // wraps to Thoát
	if !hs.quit {
		t.Error("Thoát did not quit")
	}
}

func TestCtrlCQuitsFromAnyScreen(t *testing.T) {
	for _, path := range [][]string{{}, {"1"}, {"2"}, {"2", "/"}, {"3"}} {
		hs := newHarness(t, i18n.VI, 80, 24)
		hs.keys(path...)
		hs.keys("ctrl+c")
		if !hs.quit {
			t.Errorf("ctrl+c after %v did not quit (screen %s)", path, hs.app.Screen())
		}
	}
}

func TestTooSmallAndResize(t *testing.T) {
	hs := newHarness(t, i18n.VI, 80, 24)
	hs.send(tea.WindowSizeMsg{Width: 50, Height: 15})
	hs.contains("quá nhỏ", "50×15", "60×18")
	hs.lacks("Luyện tập")
	hs.keys("1") // ignored while too small
	hs.screen("home")
	hs.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	hs.contains("Luyện tập")
	hs.fits(120, 40)
	hs.send(tea.WindowSizeMsg{Width: 60, Height: 18})
	hs.fits(60, 18)
	// A 0×0 PTY is laid out as 80×24.
	hs.send(tea.WindowSizeMsg{})
	hs.fits(80, 24)
}

func TestEnglish(t *testing.T) {
	hs := newHarness(t, i18n.EN, 80, 24)
	hs.contains("Practice", "Question bank", "Run a contest", "Quit", "Best scores")
	hs.lacks("Luyện tập")
	hs.keys("1")
	hs.contains("Name", "All topics (6 questions)", "Start")
}

func TestEveryStringIsInTheTable(t *testing.T) {
	all := i18n.All()
	for _, k := range []string{"tui.kind.single", "tui.kind.multiple", "tui.kind.truefalse", "tui.kind.numeric", "tui.kind.short",
		"tui.level.0", "tui.level.1", "tui.level.2", "tui.level.3", "tui.run.ph.numeric", "tui.run.ph.short"} {
		if _, ok := all[k]; !ok {
			t.Errorf("missing i18n key %s", k)
		}
	}
	// No screen shows a raw key.
	hs := newHarness(t, i18n.VI, 100, 30)
	for _, path := range [][]string{{}, {"1"}, {"2"}, {"3"}} {
		hs.keys("esc")
		hs.app.stack = hs.app.stack[:1]
		hs.keys(path...)
		if v := hs.view(); strings.Contains(v, "tui.") {
			t.Errorf("raw i18n key on %s:\n%s", hs.app.Screen(), v)
		}
	}
}
