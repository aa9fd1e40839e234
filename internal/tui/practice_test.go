package tui

import (
	"errors"
	"testing"
	"time"

	"parquiz/internal/i18n"
	"parquiz/questions"
)

// startPractice goes from home to the first question with the default
// settings (10 questions asked, the fake bank has 6).
func startPractice(t *testing.T, hs *harness, name string) {
	t.Helper()
	hs.keys("1")
	hs.screen("setup")
	if name != "" {
		hs.keys(name)
	}
	hs.keys("down", "down", "down", "down", "down", "enter")
	hs.screen("run")
}

func TestSetupDefaultsAndNameRequired(t *testing.T) {
	hs := newHarness(t, i18n.VI, 80, 24)
	hs.keys("1")
	hs.contains("Tất cả chủ đề (6 câu)", "Mọi mức", "10", "20 giây", "Bắt đầu")
	hs.fits(80, 24)
	hs.keys("down", "down", "down", "down", "down", "enter")
	hs.screen("setup")
	hs.contains("Hãy nhập họ tên")
	if len(hs.bank.draws) != 0 {
		t.Fatal("drew questions without a name")
	}
}

func TestSetupRemembersNameAndChoices(t *testing.T) {
	hs := newHarness(t, i18n.VI, 80, 24)
	hs.res.name = "Lê Văn Tám"
	hs.keys("1")
	hs.contains("Lê Văn Tám")
	// A returning player is put on Start; go up to the time row and pick 30 s,
	// then difficulty Khó and one topic.
	hs.keys("up", "right")
	hs.contains("‹ 30 giây ›")
	hs.keys("up", "up", "right", "right", "right")
	hs.contains("Khó")
	hs.keys("up", "enter") // open the topic picker
	hs.contains("CCHC/Một cửa (2)", "CCHC/Chỉ số (2)")
	hs.keys("down", "down", "space", "enter")
	hs.contains("1 chủ đề đã chọn", "• CCHC/Chỉ số")
	hs.keys("down", "down", "down", "down", "enter")
	hs.screen("run")
	d := hs.bank.draws[0] // the first ask; the retry asks for what the bank has
	if len(d.Topics) != 1 || d.Topics[0] != "CCHC/Chỉ số" || d.Mix[3] != 10 {
		t.Errorf("draw spec = %+v", d)
	}
	// Only one hard question in that topic: practice goes on with it.
	hs.contains("Câu 1/1", "CCHC/Chỉ số", "Khó")
	r := hs.app.top().(*run)
	if r.spec.PerQ != 30*time.Second || r.spec.Name != "Lê Văn Tám" {
		t.Errorf("spec = %+v", r.spec)
	}
}

func TestPracticeKeyboardMouseTimeoutAndSummary(t *testing.T) {
	hs := newHarness(t, i18n.VI, 80, 24)
	startPractice(t, hs, "Nguyễn Thị Hoà")
	if hs.res.name != "Nguyễn Thị Hoà" {
		t.Errorf("remembered name = %q", hs.res.name)
	}

	// 1 single: countdown from the deadline, then B (wrong) by key.
	hs.contains("Câu 1/6", "Cơ chế một cửa", "A. Nghị định 61/2018/NĐ-CP", "D. Bộ luật Dân sự", "20.0s")
	hs.fits(80, 24)
	hs.clock.advance(5500 * time.Millisecond)
	hs.send(tickMsg{seq: hs.app.top().(*run).seq})
	hs.contains("14.5s")
	hs.send(tickMsg{seq: -1}) // a stale tick changes nothing
	hs.keys("b")
	hs.contains("✗ Chưa đúng", "Đáp án: A. Nghị định 61/2018/NĐ-CP", "Giải thích: Nghị định 61/2018", "Nguồn: NĐ 61/2018/NĐ-CP, Điều 1")
	hs.fits(80, 24)
	hs.keys("enter")

	// 2 true/false: answered with the mouse on "A. Đúng".
	hs.contains("Câu 2/6", "A. Đúng", "B. Sai")
	top, spans := hs.app.top().(*run).optionLayout()
	hs.send(click(6, FrameTop+top+spans[0].Top))
	hs.contains("✓ Chính xác! +1 điểm", "Nguồn: NQ 76/NQ-CP")
	hs.keys("n")

	// 3 multiple: tick A and C (space and a letter), Enter confirms.
	hs.contains("Câu 3/6", "[ ] A. Cải cách thể chế", "Space")
	hs.keys("enter")
	hs.contains("ít nhất một phương án")
	hs.keys("space", "c")
	hs.contains("[x] A.", "[x] C.")
	hs.keys("enter")
	hs.contains("✓ Chính xác!")
	hs.keys("enter")

	// 4 single: time runs out.
	hs.contains("Câu 4/6")
	hs.clock.advance(20 * time.Second)
	hs.send(tickMsg{seq: hs.app.top().(*run).seq})
	hs.contains("⏱ Hết giờ!", "Đáp án: B. SIPAS")
	hs.keys("enter")

	// 5 numeric: a letter is refused, "80,0" (decimal comma) is accepted.
	hs.contains("Câu 5/6", "nhập một số")
	hs.keys("tám", "enter")
	hs.contains("không phải là một số")
	for range 3 {
		hs.keys("backspace")
	}
	hs.keys("80,0", "enter")
	hs.contains("✓ Chính xác!", "Bạn trả lời: 80")
	hs.keys("enter")

	// 6 short: typed in NFD, compared in NFC.
	hs.contains("Câu 6/6")
	hs.keys("bo\u0323\u0302 no\u0323\u0302i vu\u0323", "enter")
	hs.contains("✓ Chính xác!", "Bạn trả lời: bộ nội vụ", "Nhấn Enter để xem kết quả")
	hs.keys("enter")

	hs.screen("summary")
	hs.contains("Điểm: 4/6 (67%)", "Trả lời đúng 4/6 câu", "0:26", "Đã lưu kết quả của Nguyễn Thị Hoà",
		"Theo chủ đề", "CCHC/Chương trình", "2/2", "Các câu cần xem lại (2)", "1. Cơ chế một cửa", "Đáp án: B. SIPAS")
	hs.fits(80, 24)
	if len(hs.res.saved) != 1 {
		t.Fatalf("saved %d results, want 1", len(hs.res.saved))
	}
	got := hs.res.saved[0]
	if got.Name != "Nguyễn Thị Hoà" || got.Score != 4 || got.Correct != 4 || got.Total != 6 || got.Duration != 25500*time.Millisecond {
		t.Errorf("saved %+v", got)
	}
	hs.keys("enter")
	hs.screen("home")
	hs.contains("Nguyễn Thị Hoà", "67%")
}

func TestPracticePartialCreditAndEscLeaves(t *testing.T) {
	hs := newHarness(t, i18n.VI, 80, 24)
	hs.bank.qs = hs.bank.qs[2:3] // the multiple-choice question only
	startPractice(t, hs, "An")
	hs.keys("a", "enter")
	hs.contains("◐ Đúng một phần: +0,5 điểm")
	hs.keys("esc")
	hs.screen("home")
	if len(hs.res.saved) != 0 {
		t.Error("leaving mid-way saved a result")
	}
}

func TestPracticeNoQuestions(t *testing.T) {
	hs := newHarness(t, i18n.VI, 80, 24)
	hs.bank.qs = nil
	startPractice2 := func() {
		hs.keys("1", "An", "down", "down", "down", "down", "down", "enter")
	}
	startPractice2()
	hs.screen("setup")
	hs.contains("Không có câu hỏi nào khớp")
}

func TestParseNumber(t *testing.T) {
	for in, want := range map[string]float64{
		"3,5": 3.5, "3.5": 3.5, " 80 ": 80, "1.234,5": 1234.5, "1,234.5": 1234.5, "-2,25": -2.25, "1 000": 1000,
	} {
		got, err := ParseNumber(in)
		if err != nil || got != want {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "tám", "3,5,1", "1.2.3"} {
		if _, err := ParseNumber(in); !errors.Is(err, ErrNotNumber) {
			t.Errorf("ParseNumber(%q) err = %v, want ErrNotNumber", in, err)
		}
	}
}

func TestRevealScrollsOnSmallTerminal(t *testing.T) {
	hs := newHarness(t, i18n.VI, 60, 18)
	startPractice(t, hs, "An")
	hs.keys("b")
	hs.fits(60, 18)
	hs.contains("↓ …")
	for range 20 {
		hs.keys("down")
	}
	hs.contains("Nguồn:", "↑ …")
	hs.fits(60, 18)
}

var _ = questions.KindSingle
