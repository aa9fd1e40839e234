package bank

import (
	"context"
	"slices"
	"testing"

	"parquiz/questions"
)

// A search with diacritics still finds every diacritic-insensitive match,
// but the questions containing the word as typed come first; a search
// without diacritics keeps the topic, id order.
func TestSearchWithDiacriticsRanksExactMatchesFirst(t *testing.T) {
	ctx := context.Background()
	b := newBank(t)
	qs := []questions.Question{
		single("Các giai đoạn của Chương trình tổng thể", "A", 1, "x", "y"),
		single("Đoàn thanh niên tham gia cải cách hành chính", "B", 1, "x", "y"),
		single("Một câu khác hẳn", "A", 1, "Theo giai đoạn", "Không"),
		single("Câu có phương án về đoàn thể", "C", 1, "Công đoàn", "Không"),
		single("Không liên quan", "A", 1, "x", "y"),
	}
	if _, err := b.Import(ctx, qs); err != nil {
		t.Fatal(err)
	}
	texts := func(f questions.Filter) []string {
		t.Helper()
		got, err := b.List(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, q := range got {
			out = append(out, q.Text)
		}
		return out
	}
	ranked := []string{
		"Đoàn thanh niên tham gia cải cách hành chính",
		"Câu có phương án về đoàn thể",
		"Các giai đoạn của Chương trình tổng thể",
		"Một câu khác hẳn",
	}
	if got := texts(questions.Filter{Search: "đoàn"}); !slices.Equal(got, ranked) {
		t.Errorf("search đoàn = %q, want %q", got, ranked)
	}
	// Upper case and NFD are the same search.
	if got := texts(questions.Filter{Search: "ĐOA\u0300N"}); !slices.Equal(got, ranked) {
		t.Errorf("search ĐOÀN (NFD) = %q, want %q", got, ranked)
	}
	// Without diacritics: every match, in topic then id order.
	plain := []string{
		"Các giai đoạn của Chương trình tổng thể",
		"Một câu khác hẳn",
		"Đoàn thanh niên tham gia cải cách hành chính",
		"Câu có phương án về đoàn thể",
	}
	if got := texts(questions.Filter{Search: "doan"}); !slices.Equal(got, plain) {
		t.Errorf("search doan = %q, want %q", got, plain)
	}
	// Limit and Offset cut the ranked list.
	if got := texts(questions.Filter{Search: "đoàn", Offset: 1, Limit: 2}); !slices.Equal(got, ranked[1:3]) {
		t.Errorf("search đoàn offset 1 limit 2 = %q, want %q", got, ranked[1:3])
	}
	if got := texts(questions.Filter{Search: "đoàn", Offset: 9}); len(got) != 0 {
		t.Errorf("offset past the end = %q", got)
	}
	// Other filters still apply, and Count agrees.
	if got := texts(questions.Filter{Search: "đoàn", Topic: "A"}); !slices.Equal(got, []string{"Các giai đoạn của Chương trình tổng thể", "Một câu khác hẳn"}) {
		t.Errorf("search đoàn in A = %q", got)
	}
	if n, _ := b.Count(ctx, questions.Filter{Search: "đoàn"}); n != 4 {
		t.Errorf("Count = %d, want 4", n)
	}
	all, _ := b.List(ctx, questions.Filter{})
	exact := 0
	for i := range all {
		if ExactMatch(&all[i], "Đoàn") {
			exact++
		}
	}
	if exact != 2 || !HasDiacritics("đoàn") || HasDiacritics("doan") || HasDiacritics("") {
		t.Errorf("ExactMatch found %d, HasDiacritics wrong", exact)
	}
}

func TestVietnameseOrder(t *testing.T) {
	topics := []string{"Đoàn thanh niên", "Đề án 06", "Câu hỏi chung", "Chương trình", "Chỉ số", "Dân vận", "CCHC2", "CCHC/Một cửa", "CCHC", "Ánh sáng", "An toàn"}
	slices.SortFunc(topics, CompareTopics)
	want := []string{"An toàn", "Ánh sáng", "Câu hỏi chung", "CCHC", "CCHC/Một cửa", "CCHC2", "Chỉ số", "Chương trình", "Dân vận", "Đề án 06", "Đoàn thanh niên"}
	if !slices.Equal(topics, want) {
		t.Errorf("order = %q\nwant    %q", topics, want)
	}
	if CompareText("a", "a") != 0 || CompareText("Việt", "Vie\u0302\u0323t") == 0 {
		t.Error("CompareText is not a total order on distinct strings")
	}
}
