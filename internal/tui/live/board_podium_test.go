package live

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
	"golang.org/x/text/unicode/norm"

	"parquiz/internal/i18n"
	"parquiz/internal/server"
	"parquiz/quiz"
)

// Names and units with the diacritics a Vietnamese roster really has
// (ư, ơ, ă, đ, stacked tone marks); the long name is wider than a podium
// step at any size.
var podiumRoster = []quiz.Contestant{
	{Code: "AAA111", Name: "Nguyễn Thị Ánh Tuyết", Unit: "Sở Nội vụ"},
	{Code: "BBB222", Name: "Trần Đức Thưởng", Unit: "UBND huyện Đắk Glong"},
	{Code: "CCC333", Name: "Lê Hoàng Yến", Unit: "Sở Tư pháp"},
	{Code: "DDD444", Name: "Tôn Nữ Hoàng Bảo Ngọc Khánh Linh Phương Thảo", Unit: "Sở Nội vụ"},
}

// podiumContest is one classic round of n single-choice questions (option
// i%4 of question i is right, 10 points each) for roster, on a manual
// clock, publishing to a real hub.
func podiumContest(t *testing.T, n int, roster []quiz.Contestant) (*App, *quiz.ManualClock) {
	t.Helper()
	a, clk, _ := contestApp(t, contestSpec{title: "Hội thi cán bộ trẻ với cải cách hành chính",
		text: "Câu hỏi %d: thủ tục hành chính nào được tiếp nhận tại bộ phận một cửa?", source: "Nghị định 61/2018/NĐ-CP"}, n, roster)
	a.Seats, a.Lang = server.NewSeats(), i18n.VI
	return a, clk
}

// play runs the whole round: on question i the contestants in right[i]
// answer it right (all at the same moment, so equal scores stay tied all
// the way down the tie-break), the others in wrong[i] answer B or A.
func play(t *testing.T, a *App, clk *quiz.ManualClock, right, wrong [][]string) {
	t.Helper()
	n := quiz.Note{By: "test"}
	must(t, a.Engine.StartRound(n))
	for i := range right {
		must(t, a.Engine.NextQuestion(n))
		clk.Advance(3 * time.Second)
		for _, c := range right[i] {
			submit(t, a, c, i%4)
		}
		for _, c := range wrong[i] {
			submit(t, a, c, (i+1)%4)
		}
		must(t, a.Engine.CloseNow(n))
		must(t, a.Engine.Reveal(n))
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// follower runs a board the way Bubble Tea does, minus the terminal: its
// commands run in goroutines (fetching snapshots, waiting on the hub) and
// their messages come back to Update one at a time on the test goroutine.
// Ticks are dropped: the board's clock is the engine's manual clock.
type follower struct {
	t    *testing.T
	m    tea.Model
	res  *resources
	msgs chan tea.Msg
	done chan struct{}
}

// followBoard starts a board at w×h. Its renderer emits ANSI-256 colours,
// so width checks see the escape codes a real client gets.
func followBoard(t *testing.T, a *App, w, h int) *follower {
	t.Helper()
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.ANSI256)
	f := &follower{t: t, res: &resources{}, msgs: make(chan tea.Msg, 64), done: make(chan struct{})}
	f.m = newBoard(a, r, i18n.VI, f.res)
	f.m, _ = f.m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	t.Cleanup(func() { close(f.done); f.res.close() })
	f.run(f.m.Init())
	return f
}

func (f *follower) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		msg := cmd()
		select {
		case f.msgs <- msg:
		case <-f.done:
		}
	}()
}

func (f *follower) view() string   { return f.m.View() }
func (f *follower) screen() string { return ansi.Strip(f.m.View()) }

// until feeds messages to the board until its screen satisfies ok.
func (f *follower) until(what string, ok func(screen string) bool) string {
	f.t.Helper()
	deadline := time.After(2 * time.Second)
	for {
		if s := f.screen(); ok(s) {
			return s
		}
		select {
		case msg := <-f.msgs:
			switch msg := msg.(type) {
			case tea.BatchMsg:
				for _, c := range msg {
					f.run(c)
				}
			case tickMsg, nil:
			default:
				var cmd tea.Cmd
				f.m, cmd = f.m.Update(msg)
				f.run(cmd)
			}
		case <-deadline:
			f.t.Fatalf("the board never showed %s:\n%s", what, f.screen())
		}
	}
}

func (f *follower) untilContains(want ...string) string {
	f.t.Helper()
	return f.until(strings.Join(want, " + "), func(s string) bool {
		for _, w := range want {
			if !strings.Contains(s, w) {
				return false
			}
		}
		return true
	})
}

// fits checks that a rendered view (with its escape codes) has at most h
// lines, none wider than w cells, and that its text is valid NFC.
func fits(t *testing.T, view string, w, h int) {
	t.Helper()
	ls := strings.Split(view, "\n")
	if len(ls) > h {
		t.Errorf("%d×%d: %d lines", w, h, len(ls))
	}
	for i, l := range ls {
		if got := ansi.StringWidth(l); got > w {
			t.Errorf("%d×%d: line %d is %d cells wide: %q", w, h, i+1, got, ansi.Strip(l))
		}
	}
	plain := ansi.Strip(view)
	if !utf8.ValidString(plain) || strings.ContainsRune(plain, utf8.RuneError) || !norm.NFC.IsNormalString(plain) {
		t.Errorf("%d×%d: the screen is not clean NFC text:\n%s", w, h, plain)
	}
}

// at finds the first screen line containing s and the display column
// where it starts.
func at(screen, s string) (line, col int, ok bool) {
	for i, l := range strings.Split(screen, "\n") {
		if j := strings.Index(l, s); j >= 0 {
			return i, ansi.StringWidth(l[:j]), true
		}
	}
	return 0, 0, false
}

var boardSizes = [][2]int{{80, 24}, {160, 45}}

// TestBoardPodium plays a round to the end and checks the podium at the
// hall's usual sizes: first in the middle and highest, second on the
// left, third on the right, each with name, unit and points; the unit
// table under it; nothing wider than the screen.
func TestBoardPodium(t *testing.T) {
	for _, sz := range boardSizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			w, h := sz[0], sz[1]
			a, clk := podiumContest(t, 3, podiumRoster)
			// Bình 30, Tuyết 20, Yến 10, Thảo 0
			play(t, a, clk,
				[][]string{{"AAA111", "BBB222", "CCC333"}, {"AAA111", "BBB222"}, {"BBB222"}},
				[][]string{{"DDD444"}, {"CCC333"}, {"AAA111"}})
			b := followBoard(t, a, w, h)
			b.untilContains("Câu hỏi 3")
			must(t, a.Engine.End(quiz.Note{By: "test"}))
			got := b.untilContains("CHÚC MỪNG")
			fits(t, b.view(), w, h)

			type place struct{ name, unit, pts, digit string }
			places := []place{
				{"Trần Đức Thưởng", "UBND huyện Đắk Glong", "30 điểm", " ██"},
				{"Nguyễn Thị Ánh Tuyết", "Sở Nội vụ", "20 điểm", "███"},
				{"Lê Hoàng Yến", "Sở Tư pháp", "10 điểm", "███"},
			}
			var line, col [3]int
			for i, p := range places {
				l, c, ok := at(got, p.name)
				if !ok {
					t.Fatalf("place %d (%s) is not on the podium:\n%s", i+1, p.name, got)
				}
				line[i], col[i] = l, c
				// unit and points right under the name, in its column
				rows := strings.Split(got, "\n")
				mid := c + ansi.StringWidth(p.name)/2
				for k, want := range []string{p.unit, p.pts} {
					r := rows[l+1+k]
					j := strings.Index(r, want)
					if j < 0 {
						t.Errorf("place %d: %q not under %s:\n%s", i+1, want, p.name, got)
						continue
					}
					if wc := ansi.StringWidth(r[:j]) + ansi.StringWidth(want)/2; wc < mid-2 || wc > mid+2 {
						t.Errorf("place %d: %q is centred at column %d, the name at %d", i+1, want, wc, mid)
					}
				}
			}
			if !(col[1] < col[0] && col[0] < col[2]) {
				t.Errorf("columns: 1st %d, 2nd %d, 3rd %d; want 2nd left, 1st middle, 3rd right:\n%s", col[0], col[1], col[2], got)
			}
			if !(line[0] < line[1] && line[1] < line[2]) {
				t.Errorf("heights: 1st on line %d, 2nd %d, 3rd %d; want the 1st highest, then the 2nd:\n%s", line[0], line[1], line[2], got)
			}
			if strings.Contains(got, "Tôn Nữ") {
				t.Errorf("the 4th place is on the podium:\n%s", got)
			}
			// the unit table: Nội vụ 20+0, Đắk Glong 30, Tư pháp 10
			for _, want := range []string{"Xếp hạng đơn vị", "UBND huyện Đắk Glong", "30     1/1", "Sở Nội vụ                                    20     2/2", "Sở Tư pháp"} {
				if !strings.Contains(got, want) {
					t.Errorf("unit table lacks %q:\n%s", want, got)
				}
			}
			u1, _, _ := at(got, "  1  UBND huyện Đắk Glong")
			u2, _, _ := at(got, "  2  Sở Nội vụ")
			u3, _, _ := at(got, "  3  Sở Tư pháp")
			if !(u1 > line[2] && u1 < u2 && u2 < u3) {
				t.Errorf("unit table order/position: lines %d %d %d (podium ends after %d):\n%s", u1, u2, u3, line[2], got)
			}
		})
	}
}

// TestBoardPodiumLongNames: a name wider than its step is cut with an
// ellipsis at a whole character, never past the screen's edge.
func TestBoardPodiumLongNames(t *testing.T) {
	for _, sz := range boardSizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			w, h := sz[0], sz[1]
			a, clk := podiumContest(t, 1, podiumRoster)
			play(t, a, clk, [][]string{{"DDD444"}}, [][]string{{"AAA111", "BBB222"}})
			b := followBoard(t, a, w, h)
			b.untilContains("Câu hỏi 1")
			must(t, a.Engine.End(quiz.Note{By: "test"}))
			got := b.untilContains("CHÚC MỪNG")
			fits(t, b.view(), w, h)
			if !strings.Contains(got, "Tôn Nữ Hoàng Bảo") || !strings.Contains(got, "…") {
				t.Errorf("the long winner's name is not cut with an ellipsis:\n%s", got)
			}
		})
	}
}

// TestBoardPodiumTies: two contestants level on everything share first
// place; both must stand on the podium as joint winners.
func TestBoardPodiumTies(t *testing.T) {
	a, clk := podiumContest(t, 2, podiumRoster[:3])
	play(t, a, clk,
		[][]string{{"AAA111", "BBB222", "CCC333"}, {"AAA111", "BBB222"}},
		[][]string{nil, {"CCC333"}})
	st := a.Engine.Standings()
	if st[0].Rank != 1 || st[1].Rank != 1 || !st[1].Tied || st[2].Rank != 3 {
		t.Fatalf("set-up: want ranks 1=,1=,3: %+v", st)
	}
	b := followBoard(t, a, 80, 24)
	b.untilContains("Câu hỏi 2")
	must(t, a.Engine.End(quiz.Note{By: "test"}))
	got := b.untilContains("CHÚC MỪNG")
	fits(t, b.view(), 80, 24)
	if !strings.Contains(got, "Lê Hoàng Yến") {
		t.Errorf("the 3rd place is not on the podium:\n%s", got)
	}
	// (was a bug: viewPodium kept one contestant per rank)
	for _, name := range []string{"Nguyễn Thị Ánh Tuyết", "Trần Đức Thưởng"} {
		if !strings.Contains(got, name) {
			t.Errorf("%s, tied for first, is not on the podium:\n%s", name, got)
		}
	}
	if strings.Contains(got, "—") {
		t.Errorf("a podium step is empty although three contestants placed:\n%s", got)
	}
	if n := strings.Count(got, "đồng hạng"); n != 2 {
		t.Errorf("%d steps say \"đồng hạng\", want the two tied winners:\n%s", n, got)
	}
	// both winners stand on first-place steps: their names on one line
	l1, _, _ := at(got, "Nguyễn Thị Ánh Tuyết")
	l2, _, _ := at(got, "Trần Đức Thưởng")
	if l1 != l2 {
		t.Errorf("tied winners on lines %d and %d, want the same height:\n%s", l1, l2, got)
	}
}

// TestBoardPodiumFourthTiedForThird: a contestant tied with the third
// has no step but is named under the podium.
func TestBoardPodiumFourthTiedForThird(t *testing.T) {
	a, clk := podiumContest(t, 1, podiumRoster)
	play(t, a, clk, [][]string{{"AAA111"}}, [][]string{{"BBB222", "CCC333", "DDD444"}})
	b := followBoard(t, a, 80, 24)
	b.untilContains("Câu hỏi 1")
	must(t, a.Engine.End(quiz.Note{By: "test"}))
	got := b.untilContains("CHÚC MỪNG")
	fits(t, b.view(), 80, 24)
	st := a.Engine.Standings()
	if st[1].Rank != 2 || st[3].Rank != 2 {
		t.Fatalf("set-up: want 1, 2=, 2=, 2=: %+v", st)
	}
	if !strings.Contains(got, "Cùng đồng hạng 2: "+st[3].Contestant.Name) {
		t.Errorf("the fourth, tied for second, is not named:\n%s", got)
	}
}

// TestBoardStandingsAndRoundEnd: the screens before the podium (standings
// after a reveal, the end of the round) fit both sizes, show ties as ties
// and the unit table.
func TestBoardStandingsAndRoundEnd(t *testing.T) {
	for _, sz := range boardSizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			w, h := sz[0], sz[1]
			a, clk := podiumContest(t, 2, podiumRoster)
			play(t, a, clk,
				[][]string{{"AAA111", "BBB222", "CCC333"}, {"AAA111", "BBB222"}},
				[][]string{{"DDD444"}, {"CCC333"}})
			b := followBoard(t, a, w, h)
			b.untilContains("Câu hỏi 2")
			n := quiz.Note{By: "test"}
			must(t, a.Engine.ShowStandings(n))
			got := b.untilContains("Bảng xếp hạng")
			fits(t, b.view(), w, h)
			for _, want := range []string{
				"1=  Nguyễn Thị Ánh Tuyết (Sở Nội vụ)", "1=  Trần Đức Thưởng (UBND huyện Đắk Glong)",
				"3  Lê Hoàng Yến (Sở Tư pháp)", "4  Tôn Nữ Hoàng Bảo",
				"Xếp hạng đơn vị", "UBND huyện Đắk Glong",
			} {
				if !strings.Contains(got, want) {
					t.Errorf("standings lack %q:\n%s", want, got)
				}
			}
			// Nội vụ (20+0, 2 of 2 took part) and Đắk Glong (20, 1 of 1)
			// are level on score and participation: tied units too
			for _, want := range []string{"1=  Sở Nội vụ", "1=  UBND huyện Đắk Glong", "3  Sở Tư pháp"} {
				if !strings.Contains(got, want) {
					t.Errorf("unit table lacks %q:\n%s", want, got)
				}
			}
			if w >= 120 {
				// side by side on a wide screen
				l1, _, _ := at(got, "Bảng xếp hạng")
				l2, _, _ := at(got, "Xếp hạng đơn vị")
				if l2 != l1+1 {
					t.Errorf("160 wide: unit table not beside the standings (lines %d, %d):\n%s", l1, l2, got)
				}
			}
			must(t, a.Engine.EndRound(n))
			got = b.untilContains("Kết thúc Vòng 1: Khởi động")
			fits(t, b.view(), w, h)
			if !strings.Contains(got, "Trần Đức Thưởng") || !strings.Contains(got, "Xếp hạng đơn vị") {
				t.Errorf("round end lacks the standings or units:\n%s", got)
			}
		})
	}
}

// TestBoardQuestionAndReveal follows a question: while it is open the
// board shows how many answered (the count rises with each answer) and
// never what they answered or the key; closed, still no key; revealed,
// one bar per option with counts, the key marked ✓ on its line only, and
// the key and source.
func TestBoardQuestionAndReveal(t *testing.T) {
	for _, sz := range boardSizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			w, h := sz[0], sz[1]
			a, clk := podiumContest(t, 2, podiumRoster)
			n := quiz.Note{By: "test"}
			b := followBoard(t, a, w, h)
			b.untilContains("Hội thi cán bộ trẻ")
			must(t, a.Engine.StartRound(n))
			b.untilContains("Khởi động")
			must(t, a.Engine.NextQuestion(n))
			got := b.untilContains("Câu hỏi 1", "D. Phương án 4", "Đã trả lời: 0/4")
			fits(t, b.view(), w, h)
			leaks := func(phase, s string) {
				t.Helper()
				for _, leak := range []string{"✓", "Đáp án", "Nguồn", "Nghị định 61", "Giải thích", "%"} {
					if strings.Contains(s, leak) {
						t.Errorf("%s: the board shows %q:\n%s", phase, leak, s)
					}
				}
			}
			leaks("open", got)
			clk.Advance(2 * time.Second)
			for i, c := range []string{"AAA111", "BBB222", "CCC333"} {
				submit(t, a, c, []int{0, 0, 1}[i])
				must(t, a.Engine.Tick()) // publishes the coalesced answer count
				got = b.untilContains(fmt.Sprintf("Đã trả lời: %d/4", i+1))
				leaks("open after an answer", got)
			}
			// the countdown follows the engine's deadline: 20 s less the 2 s gone
			for _, row := range strings.Split(bigText("18"), "\n") {
				if !strings.Contains(got, row) {
					t.Errorf("the countdown does not show 18 s (row %q):\n%s", row, got)
				}
			}
			must(t, a.Engine.CloseNow(n))
			got = b.untilContains("Hết giờ!")
			leaks("closed", got)
			fits(t, b.view(), w, h)

			must(t, a.Engine.Reveal(n))
			got = b.untilContains("Đáp án: A. Phương án 1")
			fits(t, b.view(), w, h)
			rows := map[string]string{}
			marked := 0
			for _, l := range strings.Split(got, "\n") {
				for _, letter := range []string{"A", "B", "C", "D"} {
					if strings.Contains(l, letter+". Phương án") && !strings.HasPrefix(l, "Đáp án") {
						rows[letter] = l
					}
				}
				if strings.HasPrefix(l, "✓ ") {
					marked++
				}
			}
			if marked != 1 || !strings.HasPrefix(rows["A"], "✓ A. Phương án 1") {
				t.Errorf("the key (A) is not the one line marked ✓ (%d marked):\n%s", marked, got)
			}
			want := map[string]string{"A": "2 (66%)", "B": "1 (33%)", "C": "0 (0%)", "D": "0 (0%)"}
			full := map[string]int{}
			for letter, count := range want {
				r := rows[letter]
				if !strings.HasSuffix(strings.TrimRight(r, " "), count) {
					t.Errorf("option %s: row %q does not end with %q", letter, r, count)
				}
				full[letter] = strings.Count(r, "█")
			}
			if !(full["A"] > full["B"] && full["B"] > 0 && full["C"] == 0 && full["D"] == 0) {
				t.Errorf("bar lengths A=%d B=%d C=%d D=%d do not follow the counts 2,1,0,0:\n%s", full["A"], full["B"], full["C"], full["D"], got)
			}
			if a, b := full["A"], full["B"]; a < 2*b-1 || a > 2*b+1 {
				t.Errorf("bar A (%d) is not twice bar B (%d)", a, b)
			}
			if !strings.Contains(got, "Nguồn: Nghị định 61/2018/NĐ-CP") {
				t.Errorf("reveal lacks the source:\n%s", got)
			}
		})
	}
}
