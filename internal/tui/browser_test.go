package tui

import (
	"strings"
	"testing"

	"parquiz/internal/i18n"
)

func TestBrowserSearchIgnoresDiacritics(t *testing.T) {
	hs := newHarness(t, i18n.VI, 100, 30)
	hs.keys("2")
	hs.screen("browser")
	hs.contains("6/6 câu", "Cơ chế một cửa", "nhấn / để tìm")
	hs.fits(100, 30)
	hs.keys("/", "cai cach")
	hs.contains("Tìm: cai cach", "3/6 câu", "Nghị quyết 76/NQ-CP", "Những nội dung nào", "Bộ nào là cơ quan")
	hs.lacks("Cơ chế một cửa")
	// Enter leaves the search box; the filter stays.
	hs.keys("enter", "down")
	hs.contains("3/6 câu", "✓ A. Cải cách thể chế")
	hs.fits(100, 30)
}

func TestBrowserFiltersAndDetail(t *testing.T) {
	hs := newHarness(t, i18n.VI, 100, 30)
	hs.keys("2")
	// Detail of the first question beside the list: options with the key
	// marked, the key, the explanation and the source.
	hs.contains("#1 · CCHC/Một cửa · Dễ · Một đáp án", "✓ A. Nghị định 61/2018/NĐ-CP", "Đáp án: A. Nghị định",
		"Giải thích: Nghị định 61/2018", "Nguồn: NĐ 61/2018/NĐ-CP")
	hs.keys("t") // first topic: CCHC/Chương trình
	hs.contains("Chủ đề (t): CCHC/Chương trình", "2/6 câu")
	hs.keys("t", "t", "t") // back to all
	hs.contains("Chủ đề (t): Tất cả", "6/6 câu")
	hs.keys("d", "d", "d") // Khó
	hs.contains("Độ khó (d): Khó", "2/6 câu")
	hs.keys("l", "l", "l", "l") // numeric
	hs.contains("Loại (l): Điền số", "1/6 câu", "Đáp án: 80")
	hs.keys("l", "l", "l", "l") // multiple choice: none is hard
	hs.contains("Loại (l): Nhiều đáp án", "Không có câu hỏi nào khớp")
	hs.keys("c")
	hs.contains("Số câu theo chủ đề (tổng 6)", "CCHC/Một cửa")
	hs.keys("esc")
	hs.lacks("Số câu theo chủ đề")
	hs.keys("esc")
	hs.screen("home")
}

func TestBrowserNarrowOpensDetailWithEnter(t *testing.T) {
	hs := newHarness(t, i18n.VI, 80, 24)
	hs.keys("2", "down")
	hs.lacks("Nguồn:")
	// Click the third row, then open it.
	hs.send(click(3, FrameTop+browserTop+2))
	hs.keys("enter")
	hs.contains("Những nội dung nào", "✓ A. Cải cách thể chế", "✓ C. Cải cách chế độ công vụ", "Nguồn: NQ 76/NQ-CP")
	hs.fits(80, 24)
	hs.keys("q")
	hs.screen("browser")
	hs.lacks("Nguồn:")
	hs.keys("q")
	hs.screen("home")
}

func TestBrowserTypingQDoesNotLeaveWhileSearching(t *testing.T) {
	hs := newHarness(t, i18n.VI, 100, 30)
	hs.keys("2", "/", "q", "z")
	hs.screen("browser")
	if v := hs.app.top().(*browser).search.Value(); v != "qz" {
		t.Errorf("search = %q, want qz", v)
	}
	if !strings.Contains(hs.view(), "0/6") {
		t.Errorf("a search for qz should match nothing:\n%s", hs.view())
	}
}

func TestBrowserSlashAndTextInOneRead(t *testing.T) {
	hs := newHarness(t, i18n.VI, 100, 30)
	hs.keys("2", "/cai cach")
	hs.contains("Tìm: cai cach", "3/6 câu")
}
