package format

import (
	"errors"
	"strings"
	"testing"

	"parquiz/internal/i18n"
)

// TestReadJSONErrors: each problem of a JSON file is named at the line of
// its question, in Vietnamese by default and in English, and a file with a
// problem gives no questions.
func TestReadJSONErrors(t *testing.T) {
	f, err := Lookup("json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, src, vi, en string
	}{
		{"not an array", `{"text": "Câu?"}`,
			"b.json:1: tệp JSON của parquiz là một mảng câu hỏi", "b.json:1: a parquiz JSON file is an array of questions"},
		{"syntax", "[\n{\"text\": \"Câu 1?\", \"kind\": \"truefalse\", \"answer\": true},\n{\"text\": \"Câu 2?\",}\n]",
			"b.json:3: lỗi cú pháp JSON:", "b.json:3: JSON syntax:"},
		{"a number for a string", "[\n{\"text\": 5, \"kind\": \"truefalse\", \"answer\": true}\n]",
			`b.json:2: trường "text" phải có kiểu JSON string, không phải number`, `b.json:2: field "text" must be a JSON string, not a number`},
		{"a string for true/false", "[\n{\"text\": \"Câu?\", \"kind\": \"single\", \"choices\": [{\"text\": \"A\", \"correct\": \"có\"}, {\"text\": \"B\"}]}\n]",
			`b.json:2: trường "choices.correct" phải có kiểu JSON true/false, không phải string`, `b.json:2: field "choices.correct" must be a JSON true/false, not a string`},
		{"truefalse without a bool", "[\n{\"text\": \"Câu?\", \"kind\": \"truefalse\", \"answer\": \"Đúng\"}\n]",
			`b.json:2: đáp án (answer): câu hỏi truefalse cần "answer": true hoặc false`, `b.json:2: answer: a truefalse question needs "answer": true or false`},
		{"unclosed", "[\n{\"text\": \"Câu?\", \"kind\": \"truefalse\", \"answer\": true}\n",
			"lỗi cú pháp JSON: mảng chưa được đóng bằng ]", "JSON syntax: the array is not closed with ]"},
	}
	for _, tt := range tests {
		res, err := Read(f, "b.json", []byte(tt.src), Options{})
		var errs Errors
		if !errors.As(err, &errs) {
			t.Errorf("%s: err = %v, want located errors", tt.name, err)
			continue
		}
		if res != nil && len(res.Questions) != 0 {
			t.Errorf("%s: %d questions from a file with a problem", tt.name, len(res.Questions))
		}
		if got := errs.Text(i18n.VI); !strings.Contains(got, tt.vi) {
			t.Errorf("%s (vi):\n got %s\nwant %s", tt.name, got, tt.vi)
		}
		if got := errs.Text(i18n.EN); !strings.Contains(got, tt.en) {
			t.Errorf("%s (en):\n got %s\nwant %s", tt.name, got, tt.en)
		}
	}
}
