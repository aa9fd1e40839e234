package bank

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"parquiz/internal/db"
	"parquiz/questions"
	"parquiz/questions/format"
)

func newBank(t testing.TB) *Bank {
	t.Helper()
	b, err := Open(filepath.Join(t.TempDir(), "bank.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

func single(text, topic string, diff int, opts ...string) questions.Question {
	q := questions.Question{Text: text, Kind: questions.KindSingle, Topic: topic, Difficulty: diff, Set: "test", Source: "NQ 76/NQ-CP"}
	for i, o := range opts {
		q.Choices = append(q.Choices, questions.Choice{Text: o, Correct: i == 0})
	}
	return q
}

// sample is one question of each kind, with every field set.
func sampleQuestions() []questions.Question {
	w := func(f float64) float64 { return f }
	return []questions.Question{
		{
			Title: "Một cửa", Text: "Cơ chế một cửa tiếp nhận hồ sơ ở đâu?", Kind: questions.KindSingle,
			Choices: []questions.Choice{
				{Text: "Bộ phận Một cửa", Correct: true, Feedback: "Đúng vậy"},
				{Text: "Văn phòng Đảng ủy"}, {Text: "Phòng Tài chính"},
			},
			Topic: "CCHC/Một cửa", Difficulty: 1, Tags: []string{"một cửa", "cơ bản"},
			Explanation: "Theo Nghị định 61/2018/NĐ-CP.", Source: "Nghị định 61/2018/NĐ-CP", Set: "mẫu",
		},
		{
			Text: "Những chỉ số nào đo sự hài lòng và hiệu quả quản trị?", Kind: questions.KindMultiple,
			Choices: []questions.Choice{
				{Text: "SIPAS", Correct: true, Weight: w(50)}, {Text: "PAPI", Correct: true, Weight: w(50)},
				{Text: "GDP", Weight: w(-100)},
			},
			Topic: "Chỉ số/SIPAS", Difficulty: 2, Source: "QĐ 1847/QĐ-TTg", Set: "mẫu",
		},
		{
			Text: "Đề án 06 về phát triển ứng dụng dữ liệu dân cư.", Kind: questions.KindTrueFalse, Truth: true,
			TrueFeedback: "Chính xác", FalseFeedback: "Xem lại Đề án 06",
			Topic: "Chuyển đổi số", Difficulty: 3, Source: "QĐ 06/QĐ-TTg", Set: "mẫu",
		},
		{
			Text: "Chương trình tổng thể CCHC giai đoạn 2021–2030 có bao nhiêu nội dung?", Kind: questions.KindNumeric,
			Number: questions.Numeric{Value: 6, Tolerance: 0}, Topic: "CCHC/NQ 76", Difficulty: 2, Set: "mẫu",
		},
		{
			Text: "Khoảng năm ban hành Nghị quyết 30c?", Kind: questions.KindNumeric,
			Number: questions.Numeric{Min: 2010, Max: 2012, IsRange: true}, Topic: "CCHC/NQ 30c", Difficulty: 3, Set: "mẫu",
		},
		{
			Text: "Tên viết tắt của chỉ số cải cách hành chính?", Kind: questions.KindShort,
			Accepted: []string{"PAR Index", "Par index"}, Topic: "Chỉ số/PAR Index", Difficulty: 1, Set: "khác",
		},
	}
}

func normalized(qs []questions.Question) []questions.Question {
	out := slices.Clone(qs)
	for i := range out {
		out[i].Choices = slices.Clone(out[i].Choices)
		out[i].Normalize()
	}
	return out
}

func count(t *testing.T, b *Bank) int {
	t.Helper()
	n, err := b.Count(context.Background(), questions.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportRoundTripsEveryField(t *testing.T) {
	ctx := context.Background()
	b := newBank(t)
	in := sampleQuestions()
	res, err := b.Import(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res, (ImportResult{Imported: 6}); got != want {
		t.Fatalf("result = %+v, want %+v", got, want)
	}
	got, err := b.List(ctx, questions.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	want := normalized(in)
	byHash := map[string]questions.Question{}
	for _, q := range got {
		if q.ID == 0 {
			t.Errorf("%q: no id", q.Text)
		}
		q.ID = 0
		byHash[q.Hash] = q
	}
	for _, w := range want {
		g, ok := byHash[w.Hash]
		if !ok {
			t.Errorf("%q not stored", w.Text)
			continue
		}
		if !reflect.DeepEqual(g, w) {
			t.Errorf("stored question differs:\n got %+v\nwant %+v", g, w)
		}
	}
	// Ordered by topic, then id.
	for i := 1; i < len(got); i++ {
		if got[i-1].Topic > got[i].Topic {
			t.Errorf("list not ordered by topic: %q before %q", got[i-1].Topic, got[i].Topic)
		}
	}
}

func TestImportDoesNotModifyCallerSlices(t *testing.T) {
	b := newBank(t)
	in := []questions.Question{single("  Câu hỏi  ", "A", 1, " x ", "y")}
	if _, err := b.Import(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	if got, want := in[0].Choices[0].Text, " x "; got != want {
		t.Errorf("caller's choice = %q, want %q", got, want)
	}
}

func TestImportIsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	b := newBank(t)
	if _, err := b.Import(ctx, []questions.Question{single("Có sẵn", "A", 1, "x", "y")}); err != nil {
		t.Fatal(err)
	}
	batch := sampleQuestions()
	bad := single("Không có đáp án đúng", "A", 1, "x", "y")
	bad.Choices[0].Correct = false
	batch = append(batch[:3], append([]questions.Question{bad}, batch[3:]...)...)
	_, err := b.Import(ctx, batch)
	if !errors.Is(err, ErrInvalidQuestion) || !errors.Is(err, questions.ErrInvalid) {
		t.Fatalf("err = %v, want ErrInvalidQuestion wrapping questions.ErrInvalid", err)
	}
	if want := "question 4"; !bytes.Contains([]byte(err.Error()), []byte(want)) {
		t.Errorf("err %q does not name %q", err, want)
	}
	if got, want := count(t, b), 1; got != want {
		t.Errorf("count after a refused batch = %d, want %d", got, want)
	}
	// A failure inside the transaction (here: a cancelled context midway)
	// also leaves nothing behind.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := b.Import(cctx, sampleQuestions()); err == nil {
		t.Fatal("import with a cancelled context succeeded")
	}
	if got, want := count(t, b), 1; got != want {
		t.Errorf("count after a failed import = %d, want %d", got, want)
	}
}

func TestImportCountsDuplicates(t *testing.T) {
	ctx := context.Background()
	b := newBank(t)
	a := single("Câu A", "T", 1, "x", "y")
	res, err := b.Import(ctx, []questions.Question{a})
	if err != nil {
		t.Fatal(err)
	}
	// Same question with options shuffled and spacing changed: same hash.
	a2 := single("Câu   A", "Khác", 2, "x", "y")
	a2.Choices[0], a2.Choices[1] = a2.Choices[1], a2.Choices[0]
	c := single("Câu C", "T", 1, "x", "y")
	res, err = b.Import(ctx, []questions.Question{a2, c, c, single("Câu D", "T", 1, "x", "y")})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res, (ImportResult{Imported: 2, Duplicates: 2}); got != want {
		t.Errorf("result = %+v, want %+v", got, want)
	}
	if got, want := count(t, b), 3; got != want {
		t.Errorf("count = %d, want %d", got, want)
	}
}

func TestFilters(t *testing.T) {
	ctx := context.Background()
	b := newBank(t)
	qs := append(sampleQuestions(),
		single("Câu về cải cách thủ tục", "CCHC", 2, "Đề án", "Không"),
		single("Câu trong chủ đề có tên gần giống", "CCHC2", 1, "x", "y"),
	)
	if _, err := b.Import(ctx, qs); err != nil {
		t.Fatal(err)
	}
	texts := func(f questions.Filter) []string {
		t.Helper()
		got, err := b.List(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		n, err := b.Count(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if f.Limit == 0 && f.Offset == 0 && n != len(got) {
			t.Errorf("%+v: Count = %d, List has %d", f, n, len(got))
		}
		var out []string
		for _, q := range got {
			out = append(out, q.Text)
		}
		return out
	}
	tests := []struct {
		f    questions.Filter
		want int
		has  string
	}{
		{questions.Filter{}, 8, ""},
		{questions.Filter{Set: "mẫu"}, 5, "Cơ chế một cửa tiếp nhận hồ sơ ở đâu?"},
		{questions.Filter{Set: "khác"}, 1, "Tên viết tắt của chỉ số cải cách hành chính?"},
		{questions.Filter{Topic: "CCHC"}, 4, "Khoảng năm ban hành Nghị quyết 30c?"}, // CCHC, CCHC/*, not CCHC2
		{questions.Filter{Topic: "CCHC/Một cửa"}, 1, "Cơ chế một cửa tiếp nhận hồ sơ ở đâu?"},
		{questions.Filter{Topic: "Chỉ số"}, 2, "Tên viết tắt của chỉ số cải cách hành chính?"},
		{questions.Filter{Topic: "Chỉ"}, 0, ""}, // a prefix of a name is not a parent topic
		{questions.Filter{Kind: questions.KindNumeric}, 2, "Khoảng năm ban hành Nghị quyết 30c?"},
		{questions.Filter{Kind: questions.KindShort}, 1, "Tên viết tắt của chỉ số cải cách hành chính?"},
		{questions.Filter{Difficulty: 3}, 2, "Đề án 06 về phát triển ứng dụng dữ liệu dân cư."},
		{questions.Filter{Difficulty: 1, Topic: "CCHC"}, 1, "Cơ chế một cửa tiếp nhận hồ sơ ở đâu?"},
		// Search: diacritic- and case-insensitive, over stem, options and source.
		{questions.Filter{Search: "cai cach"}, 2, "Câu về cải cách thủ tục"},
		{questions.Filter{Search: "CẢI CÁCH"}, 2, "Câu về cải cách thủ tục"},
		{questions.Filter{Search: "de an"}, 2, "Đề án 06 về phát triển ứng dụng dữ liệu dân cư."},
		{questions.Filter{Search: "Đề án"}, 2, "Câu về cải cách thủ tục"},                      // matches its option
		{questions.Filter{Search: "nghi dinh 61"}, 1, "Cơ chế một cửa tiếp nhận hồ sơ ở đâu?"}, // source
		{questions.Filter{Search: "sipas"}, 1, "Những chỉ số nào đo sự hài lòng và hiệu quả quản trị?"},
		{questions.Filter{Search: "100%"}, 0, ""}, // no LIKE wildcards
		{questions.Filter{Search: "không tồn tại"}, 0, ""},
	}
	for _, tt := range tests {
		got := texts(tt.f)
		if len(got) != tt.want {
			t.Errorf("%+v: %d questions %q, want %d", tt.f, len(got), got, tt.want)
			continue
		}
		if tt.has != "" && !slices.Contains(got, tt.has) {
			t.Errorf("%+v: %q does not include %q", tt.f, got, tt.has)
		}
	}
	// NFD search text is normalised too.
	if got := texts(questions.Filter{Search: "ca\u0309i ca\u0301ch"}); len(got) != 2 {
		t.Errorf("NFD search: %q", got)
	}
	all := texts(questions.Filter{})
	if got, want := texts(questions.Filter{Limit: 3}), all[:3]; !slices.Equal(got, want) {
		t.Errorf("Limit 3 = %q, want %q", got, want)
	}
	if got, want := texts(questions.Filter{Limit: 2, Offset: 3}), all[3:5]; !slices.Equal(got, want) {
		t.Errorf("Limit 2 Offset 3 = %q, want %q", got, want)
	}
	if got, want := texts(questions.Filter{Offset: 6}), all[6:]; !slices.Equal(got, want) {
		t.Errorf("Offset 6 = %q, want %q", got, want)
	}
}

func TestGetTopicsSetsStats(t *testing.T) {
	ctx := context.Background()
	b := newBank(t)
	if _, err := b.Import(ctx, sampleQuestions()); err != nil {
		t.Fatal(err)
	}
	all, _ := b.List(ctx, questions.Filter{})
	q, err := b.Get(ctx, all[2].ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(q, all[2]) {
		t.Errorf("Get = %+v, want %+v", q, all[2])
	}
	if _, err := b.Get(ctx, 99999); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get(99999) err = %v, want ErrNotFound", err)
	}
	topics, err := b.Topics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantTopics := []TopicCount{
		{"CCHC/Một cửa", 1}, {"CCHC/NQ 30c", 1}, {"CCHC/NQ 76", 1},
		{"Chỉ số/PAR Index", 1}, {"Chỉ số/SIPAS", 1}, {"Chuyển đổi số", 1}, // Vietnamese order
	}
	if !reflect.DeepEqual(topics, wantTopics) {
		t.Errorf("Topics = %v, want %v", topics, wantTopics)
	}
	sets, err := b.Sets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := []SetCount{{"khác", 1}, {"mẫu", 5}}; !reflect.DeepEqual(sets, want) {
		t.Errorf("Sets = %v, want %v", sets, want)
	}
	st, err := b.Stats(ctx, questions.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	want := questions.Stats{
		Total:        6,
		ByTopic:      map[string]int{"CCHC/Một cửa": 1, "CCHC/NQ 30c": 1, "CCHC/NQ 76": 1, "Chuyển đổi số": 1, "Chỉ số/PAR Index": 1, "Chỉ số/SIPAS": 1},
		ByDifficulty: map[int]int{1: 2, 2: 2, 3: 2},
		ByKind:       map[questions.Kind]int{"single": 1, "multiple": 1, "truefalse": 1, "numeric": 2, "short": 1},
		BySet:        map[string]int{"mẫu": 5, "khác": 1},
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("Stats = %+v\nwant %+v", st, want)
	}
	st, err = b.Stats(ctx, questions.Filter{Topic: "Chỉ số"})
	if err != nil {
		t.Fatal(err)
	}
	if st.Total != 2 || st.ByKind["short"] != 1 || st.ByKind["multiple"] != 1 {
		t.Errorf("Stats(Chỉ số) = %+v", st)
	}
	hashes, err := b.Hashes(ctx, questions.Filter{Set: "khác"})
	if err != nil {
		t.Fatal(err)
	}
	var wantHashes []string
	for _, q := range all {
		if q.Set == "khác" {
			wantHashes = append(wantHashes, q.Hash)
		}
	}
	if !slices.Equal(hashes, wantHashes) || len(hashes) != 1 {
		t.Errorf("Hashes(khác) = %v, want %v", hashes, wantHashes)
	}
}

func TestEnsureDefaultLoadsOnce(t *testing.T) {
	ctx := context.Background()
	b := newBank(t)
	calls := 0
	load := func() ([]questions.Question, error) {
		calls++
		qs := sampleQuestions()
		for i := range qs {
			if qs[i].Set == "mẫu" {
				qs[i].Set = "" // the loader's questions name no set, but one
			}
		}
		return qs, nil
	}
	loaded, res, err := b.EnsureDefault(ctx, load)
	if err != nil {
		t.Fatal(err)
	}
	if !loaded || res.Imported != 6 {
		t.Fatalf("first EnsureDefault = %v, %+v; want loaded, 6 imported", loaded, res)
	}
	sets, _ := b.Sets(ctx)
	if want := []SetCount{{"khác", 1}, {DefaultSet, 5}}; !reflect.DeepEqual(sets, want) {
		t.Errorf("sets = %v, want %v", sets, want)
	}
	for range 2 {
		loaded, res, err = b.EnsureDefault(ctx, load)
		if err != nil || loaded || res != (ImportResult{}) {
			t.Errorf("later EnsureDefault = %v, %+v, %v; want nothing done", loaded, res, err)
		}
	}
	if calls != 1 {
		t.Errorf("loader called %d times, want 1", calls)
	}
	if got, want := count(t, b), 6; got != want {
		t.Errorf("count = %d, want %d", got, want)
	}
	// Reopening the file remembers it.
	path := filepath.Join(t.TempDir(), "x.db")
	b1, _ := Open(path)
	b1.EnsureDefault(ctx, load)
	b1.Close()
	b2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b2.Close()
	if loaded, _, _ := b2.EnsureDefault(ctx, load); loaded {
		t.Error("EnsureDefault loaded again after reopening")
	}
}

func TestEnsureDefaultFailureLeavesNothing(t *testing.T) {
	ctx := context.Background()
	b := newBank(t)
	bad := sampleQuestions()
	bad[1].Choices = nil
	if _, _, err := b.EnsureDefault(ctx, func() ([]questions.Question, error) { return bad, nil }); err == nil {
		t.Fatal("an invalid default bank was loaded")
	}
	if _, _, err := b.EnsureDefault(ctx, func() ([]questions.Question, error) { return nil, errors.New("boom") }); err == nil {
		t.Fatal("a loader error was ignored")
	}
	if got := count(t, b); got != 0 {
		t.Errorf("count = %d, want 0", got)
	}
	loaded, _, err := b.EnsureDefault(ctx, func() ([]questions.Question, error) { return sampleQuestions(), nil })
	if err != nil || !loaded {
		t.Errorf("EnsureDefault after failures = %v, %v; want loaded", loaded, err)
	}
}

func TestPreviewChangesNothing(t *testing.T) {
	ctx := context.Background()
	load := func() ([]questions.Question, error) { return sampleQuestions()[:2], nil }
	path := filepath.Join(t.TempDir(), "sub", "bank.db")
	batch := append(sampleQuestions()[1:3], single("Mới", "T", 1, "x", "y"))
	res, def, err := Preview(ctx, path, load, batch)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res, (ImportResult{Imported: 2, Duplicates: 1}); got != want || !def {
		t.Errorf("Preview on no file = %+v, %v; want %+v, true", got, def, want)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Preview created %s (stat err %v)", path, err)
	}
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := b.EnsureDefault(ctx, load); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Import(ctx, []questions.Question{single("Mới", "T", 1, "x", "y")}); err != nil {
		t.Fatal(err)
	}
	b.Close() // Preview must also work while the bank is open elsewhere; test it closed and open.
	for _, open := range []bool{false, true} {
		if open {
			b, _ = Open(path)
		}
		res, def, err = Preview(ctx, path, load, batch)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := res, (ImportResult{Imported: 1, Duplicates: 2}); got != want || def {
			t.Errorf("Preview (open=%v) = %+v, %v; want %+v, false", open, got, def, want)
		}
	}
	if got, want := count(t, b), 3; got != want {
		t.Errorf("count after Preview = %d, want %d", got, want)
	}
	b.Close()
}

func TestExportJSONRoundTrip(t *testing.T) {
	ctx := context.Background()
	b := newBank(t)
	if _, err := b.Import(ctx, sampleQuestions()); err != nil {
		t.Fatal(err)
	}
	fm, err := format.Lookup("json")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	n, skipped, err := b.Export(ctx, &buf, fm, questions.Filter{Set: "mẫu"})
	if err != nil {
		t.Fatal(err)
	}
	if n != 5 || skipped != 0 {
		t.Errorf("exported %d, skipped %d; want 5, 0", n, skipped)
	}
	r, err := format.Read(fm, "x.json", buf.Bytes(), format.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b2 := newBank(t)
	if _, err := b2.Import(ctx, r.Questions); err != nil {
		t.Fatal(err)
	}
	h1, _ := b.Hashes(ctx, questions.Filter{Set: "mẫu"})
	h2, _ := b2.Hashes(ctx, questions.Filter{})
	if !slices.Equal(h1, h2) {
		t.Errorf("hashes after round trip differ:\n%v\n%v", h1, h2)
	}
}

// genQuestions makes n valid questions over 10 topics, 3 difficulties and
// 4 kinds, deterministic in i.
func genQuestions(n, offset int, set string) []questions.Question {
	qs := make([]questions.Question, n)
	for j := range n {
		i := j + offset
		q := questions.Question{
			Text:       fmt.Sprintf("Câu hỏi số %d về cải cách hành chính, chủ đề %d?", i, i%10),
			Topic:      fmt.Sprintf("Chủ đề %d/Mục %d", i%10, i%3),
			Difficulty: 1 + i%3,
			Set:        set,
			Source:     "Nghị quyết 76/NQ-CP",
		}
		switch i % 4 {
		case 0, 1:
			q.Kind = questions.KindSingle
			for k := range 4 {
				q.Choices = append(q.Choices, questions.Choice{Text: fmt.Sprintf("Phương án %d của câu %d", k, i), Correct: k == i%4})
			}
		case 2:
			q.Kind = questions.KindTrueFalse
			q.Truth = i%3 == 0
		case 3:
			q.Kind = questions.KindNumeric
			q.Number = questions.Numeric{Value: float64(i), Tolerance: 1}
		}
		qs[j] = q
	}
	return qs
}

// checkDrawIndex verifies the invariant Draw relies on: every group's n is
// its number of questions and their ranks are exactly 0..n-1.
func checkDrawIndex(t *testing.T, b *Bank) {
	t.Helper()
	rows, err := b.DB().Query(`SELECT g.id, g.n, count(q.id), coalesce(min(q.draw_rank), 0), coalesce(max(q.draw_rank), -1)
		FROM draw_groups g LEFT JOIN questions q ON q.group_id = g.id GROUP BY g.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, n, cnt, lo, hi int
		if err := rows.Scan(&id, &n, &cnt, &lo, &hi); err != nil {
			t.Fatal(err)
		}
		if n != cnt || (cnt > 0 && (lo != 0 || hi != n-1)) {
			t.Errorf("group %d: n=%d, %d questions, ranks %d..%d", id, n, cnt, lo, hi)
		}
	}
	var mismatched int
	if err := b.DB().QueryRow(`SELECT count(*) FROM questions q JOIN draw_groups g ON g.id = q.group_id
		WHERE g.set_name != q.set_name OR g.topic != q.topic OR g.kind != q.kind OR g.difficulty != q.difficulty`).Scan(&mismatched); err != nil {
		t.Fatal(err)
	}
	if mismatched != 0 {
		t.Errorf("%d questions in a group that does not match them", mismatched)
	}
}

func TestDrawIndexStaysDense(t *testing.T) {
	ctx := context.Background()
	b := newBank(t)
	// Batches that overlap (duplicates), add to existing groups and fail.
	for i, batch := range [][]questions.Question{genQuestions(50, 0, "a"), genQuestions(80, 30, "a"), genQuestions(40, 0, "b")} {
		if _, err := b.Import(ctx, batch); err != nil {
			t.Fatalf("batch %d: %v", i, err)
		}
		checkDrawIndex(t, b)
	}
	bad := genQuestions(10, 500, "a")
	bad[9].Difficulty = 7
	if _, err := b.Import(ctx, bad); err == nil {
		t.Fatal("invalid batch imported")
	}
	checkDrawIndex(t, b)
	if got, want := count(t, b), 110; got != want { // set b repeats set a: duplicates
		t.Errorf("count = %d, want %d", got, want)
	}
}

func TestEnsureDefaultConcurrent(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "c.db")
	// The file exists (in WAL mode) before the race: switching a brand-new
	// file to WAL needs an exclusive lock that SQLite does not wait for.
	if d, err := db.Open(path); err != nil {
		t.Fatal(err)
	} else {
		d.Close()
	}
	load := func() ([]questions.Question, error) { return genQuestions(200, 0, ""), nil }
	const n = 4
	loaded := make(chan bool, n)
	errs := make(chan error, n)
	for range n {
		go func() {
			b, err := Open(path)
			if err != nil {
				errs <- err
				loaded <- false
				return
			}
			defer b.Close()
			l, _, err := b.EnsureDefault(ctx, load)
			errs <- err
			loaded <- l
		}()
	}
	times := 0
	for range n {
		if err := <-errs; err != nil {
			t.Error(err)
		}
		if <-loaded {
			times++
		}
	}
	if times != 1 {
		t.Errorf("default bank loaded %d times, want 1", times)
	}
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if got := count(t, b); got != 200 {
		t.Errorf("count = %d, want 200", got)
	}
	checkDrawIndex(t, b)
}
