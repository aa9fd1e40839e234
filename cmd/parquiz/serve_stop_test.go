package main

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"parquiz/internal/i18n"
	"parquiz/questions"
	"parquiz/quiz"
)

// The stop message says what was saved and, after a storage fault, what
// was not.
func TestStopMessageSaysWhatWasSaved(t *testing.T) {
	q := questions.Question{Text: "Cơ quan nào chủ trì?", Kind: questions.KindSingle, Topic: "CCHC", Difficulty: 1,
		Choices: []questions.Choice{{Text: "Bộ Nội vụ", Correct: true}, {Text: "Bộ Tư pháp"}}}
	q.Normalize()
	plan := &quiz.Plan{Config: quiz.Config{Title: "Thử", Rounds: []quiz.RoundConfig{{Title: "V1", Kind: quiz.Classic, TimeLimit: 20 * time.Second,
		Points: 10, Draw: questions.DrawSpec{Count: 1}}}},
		Rounds: [][]questions.Question{{q}}, Roster: []quiz.Contestant{{Code: "A1", Name: "An"}, {Code: "B2", Name: "Bình"}}}
	j := &quiz.MemJournal{}
	e, err := quiz.New(plan, quiz.Options{Journal: j})
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(e.StartRound(quiz.Note{}))
	must(e.NextQuestion(quiz.Note{}))
	ref := e.HostSnapshot().Question.Ref
	_, err = e.Submit(context.Background(), "A1", ref, questions.Response{Choices: []int{0}})
	must(err)
	var b strings.Builder
	printStopped(&b, i18n.VI, 7, e)
	if got := b.String(); !strings.Contains(got, "Đã lưu: 3 bản ghi nhật ký, trong đó 1 câu trả lời.") || strings.Contains(got, "CẢNH BÁO") {
		t.Errorf("stop message:\n%s", got)
	}
	j.SetFail(errors.New("disk I/O error"))
	if _, err := e.Submit(context.Background(), "B2", ref, questions.Response{Choices: []int{1}}); !errors.Is(err, quiz.ErrStorage) {
		t.Fatalf("want a storage fault, got %v", err)
	}
	b.Reset()
	printStopped(&b, i18n.VI, 7, e)
	got := b.String()
	for _, want := range []string{"CẢNH BÁO: khi dừng, lưu trữ vẫn đang lỗi", "disk I/O error", "Không lưu được 1 câu trả lời", "Đã lưu: 3 bản ghi"} {
		if !strings.Contains(got, want) {
			t.Errorf("stop message lacks %q:\n%s", want, got)
		}
	}
}
