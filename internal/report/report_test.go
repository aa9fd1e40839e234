package report

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"parquiz/internal/i18n"
	"parquiz/questions"
	"parquiz/quiz"
)

// played returns the results of one question answered right by two
// contestants (BBB faster) and wrong by one.
func played(t *testing.T) quiz.Results {
	t.Helper()
	q := questions.Question{Text: "Cơ quan nào tham mưu về CCHC?", Kind: questions.KindSingle, Topic: "CCHC", Difficulty: 1, Source: "NĐ 61/2018"}
	for j, c := range []string{"Sở Tài chính", "Sở Nội vụ", "Sở Y tế"} {
		q.Choices = append(q.Choices, questions.Choice{Text: c, Correct: j == 1})
	}
	q.Normalize()
	plan := &quiz.Plan{
		Config: quiz.Config{Title: "Hội thi", TieBreak: quiz.DefaultTieBreak, Units: quiz.UnitRule{Method: quiz.UnitSum},
			Rounds: []quiz.RoundConfig{{Title: "Vòng 1", Kind: quiz.Classic, TimeLimit: 30 * time.Second, Shuffle: quiz.ShuffleNone, Points: 10, Draw: questions.DrawSpec{Count: 1}}}},
		Rounds: [][]questions.Question{{q}},
		Roster: []quiz.Contestant{{Code: "AAA", Name: "Nguyễn Văn An", Unit: "Sở Nội vụ"}, {Code: "BBB", Name: "Trần Thị Bình", Unit: "Sở Tư pháp"}, {Code: "CCC", Name: "Lê Cường", Unit: "Sở Nội vụ"}},
	}
	clk := quiz.NewManualClock(time.Date(2025, 6, 20, 8, 0, 0, 0, time.UTC))
	e, err := quiz.New(plan, quiz.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	n := quiz.Note{By: "test"}
	e.StartRound(n)
	e.NextQuestion(n)
	ref := quiz.QuestionRef{}
	for _, a := range []struct {
		code   string
		choice int
	}{{"BBB", 1}, {"AAA", 1}, {"CCC", 0}} {
		clk.Advance(2 * time.Second)
		if _, err := e.Submit(context.Background(), a.code, ref, questions.Response{Choices: []int{a.choice}}); err != nil {
			t.Fatal(err)
		}
	}
	e.CloseNow(n)
	e.Reveal(n)
	return e.Results()
}

func TestStandingsSheet(t *testing.T) {
	res := played(t)
	sh := Sheets(res, i18n.VI)
	st := sh[0]
	if got, want := strings.Join(st.Header[:4], "|"), "Hạng|Mã dự thi|Họ và tên|Đơn vị"; got != want {
		t.Errorf("header = %q, want %q", got, want)
	}
	var order []string
	for _, r := range st.Rows {
		order = append(order, r[1].(string)+":"+TieStepCell(r))
	}
	if got, want := strings.Join(order, " "), "BBB: AAA:thời gian ngắn hơn CCC:điểm"; got != want {
		t.Errorf("rows = %q, want %q", got, want)
	}
	q := sh[2].Rows[0]
	if got, want := q[6], 66.67; got != want {
		t.Errorf("share correct = %v, want %v", got, want)
	}
	if got, want := q[7], "A: 1; B: 2; C: 0"; got != want {
		t.Errorf("distribution = %v, want %v", got, want)
	}
	if got, want := len(sh[3].Rows), 3; got != want {
		t.Errorf("answer log rows = %d, want %d", got, want)
	}
}

// TieStepCell reads the "decided" column of a standings row.
func TieStepCell(r []any) string { return r[12].(string) }

func TestWriteCSVAndXLSX(t *testing.T) {
	res := played(t)
	dir := t.TempDir()
	files, err := Write(filepath.Join(dir, "kq.csv"), "csv", res, i18n.VI)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(files), 5; got != want {
		t.Fatalf("files = %v", files)
	}
	data, _ := os.ReadFile(files[0])
	if !bytes.HasPrefix(data, []byte("\ufeffHạng,Mã dự thi")) {
		t.Errorf("csv starts %q", data[:30])
	}
	if _, err := Write(filepath.Join(dir, "kq.csv"), "csv", res, i18n.VI); err == nil {
		t.Error("an existing file was overwritten")
	}
	files, err = Write(filepath.Join(dir, "kq.xlsx"), "xlsx", res, i18n.VI)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, want := strings.Join(f.GetSheetList(), "|"), "Xếp hạng|Đơn vị|Thống kê câu hỏi|Nhật ký trả lời|Thao tác ban tổ chức"; got != want {
		t.Errorf("sheets = %q, want %q", got, want)
	}
	if v, _ := f.GetCellValue("Xếp hạng", "B2"); v != "BBB" {
		t.Errorf("first place = %q, want BBB", v)
	}
}
