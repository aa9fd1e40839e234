package format

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"parquiz/questions"
)

func csvTestRead(t *testing.T, name, src string) ([]string, []int, error) {
	t.Helper()
	res, err := ReadCSV(name, []byte(src), Options{})
	if err != nil {
		if res != nil {
			t.Errorf("got a result with an error; want none (all-or-nothing)")
		}
		return nil, nil, err
	}
	var got []string
	for i := range res.Questions {
		got = append(got, tableTestSummary(&res.Questions[i]))
	}
	return got, res.Lines, nil
}

func TestReadCSV(t *testing.T) {
	valid := []struct {
		name  string
		src   string
		want  []string
		lines []int
	}{
		{
			name: "English header, every kind, explicit and inferred",
			src: "question,a,b,c,d,answer,kind,topic,difficulty,source,explanation,tags,set,title\n" +
				"Chương trình tổng thể CCHC 2021–2030 ban hành theo?,NQ 30c,NQ 76,QĐ 225,,B,,CCHC/Chương trình,1,NQ 76/NQ-CP,Vì NQ 76.,\"nq76, chương trình\",Bộ 1,CT tổng thể\n" +
				"Chọn các chỉ số?,PAR Index,SIPAS,GDP,,\"A,B\",,Chỉ số,2,,,,,\n" +
				"Trọng số?,x,y,z,,A:70;C:30,,t,3,,,a|b,,\n" +
				"Một cửa là cơ chế?,a,b,,,B,multiple,,,,,,,\n" +
				"Đúng hay sai?,,,,,Đúng,,,,,,,,\n" +
				"Sai chứ?,,,,,s,,,,,,,,\n" +
				"Năm?,,,,,2021,,,,,,,,\n" +
				"Sai số?,,,,,3±2,,,,,,,,\n" +
				"Khoảng?,,,,,1..5,,,,,,,,\n" +
				"Thủ đô?,,,,,Hà Nội | Ha Noi,,,,,,,,\n" +
				"Mã số?,,,,,2021,short,,khó,,,,,\n" +
				"Bảy?,,,,,7,Số,,,,,,,\n",
			want: []string{
				"single|Chương trình tổng thể CCHC 2021–2030 ban hành theo?|NQ 30c;*NQ 76;QĐ 225|topic=CCHC/Chương trình|diff=1|source=NQ 76/NQ-CP|expl=Vì NQ 76.|tags=nq76+chương trình|set=Bộ 1|title=CT tổng thể",
				"multiple|Chọn các chỉ số?|*PAR Index;*SIPAS;GDP|topic=Chỉ số|diff=2",
				"multiple|Trọng số?|*x:70;y;*z:30|topic=t|diff=3|tags=a+b",
				"multiple|Một cửa là cơ chế?|a;*b",
				"truefalse|Đúng hay sai?|true",
				"truefalse|Sai chứ?|false",
				"numeric|Năm?|2021±0",
				"numeric|Sai số?|3±2",
				"numeric|Khoảng?|1..5",
				"short|Thủ đô?|Hà Nội|Ha Noi",
				"short|Mã số?|2021|diff=3",
				"numeric|Bảy?|7±0",
			},
			lines: []int{2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13},
		},
		{
			name: "Vietnamese header, any order, semicolons, CRLF, BOM, STT, decimal comma",
			src: "\ufeffSTT;Đáp án đúng;Câu hỏi;Đáp án A;Đáp án B;Đáp án C;Mức độ;Chủ đề;Nguồn;Giải thích;Thẻ\r\n" +
				"1;C;Theo Luật, ai?;Một;Hai;Ba;Dễ;Luật CBCC;Luật 22/2008/QH12;Vì…;a, b\r\n" +
				"2;2,5;Bao nhiêu?;;;;trung bình;;;;\r\n" +
				"3;;;;;;;;;;\r\n4;;;;;;;;;;\r\n", // template rows with only STT filled are empty
			want: []string{
				"single|Theo Luật, ai?|Một;Hai;*Ba|topic=Luật CBCC|diff=1|source=Luật 22/2008/QH12|expl=Vì…|tags=a+b",
				"numeric|Bao nhiêu?|2.5±0|diff=2",
			},
			lines: []int{2, 3},
		},
		{
			name: "quoted fields over several lines keep physical line numbers; empty rows skipped",
			src: "question,a,b,answer\n" +
				"\"Dòng một\ndòng hai\ndòng ba\",\"x\ny\",z,A\n" +
				",,,\n" +
				"\n" +
				"\"Có \"\"ngoặc kép\"\"\",p,q,B\n",
			want: []string{
				"single|Dòng một\ndòng hai\ndòng ba|*x\ny;z",
				`single|Có "ngoặc kép"|p;*q`,
			},
			lines: []int{2, 8},
		},
		{
			name: "header only",
			src:  "question,a,b,answer\n",
		},
		{
			name: "short rows and a missing trailing column are blanks",
			src:  "question,a,b,answer,topic\nQ,x,y,A\n",
			want: []string{"single|Q|*x;y"},
			// One row.
			lines: []int{2},
		},
		{
			name:  "decomposed (NFD) text comes back NFC",
			src:   "Câu hỏi,Đáp án đúng\nThu\u0309 đô?,Ha\u0300 Nô\u0323i\n",
			want:  []string{"short|Thủ đô?|Hà Nội"},
			lines: []int{2},
		},
	}
	for _, tt := range valid {
		t.Run(tt.name, func(t *testing.T) {
			got, lines, err := csvTestRead(t, "q.csv", tt.src)
			if err != nil {
				t.Fatalf("ReadCSV: %v", err)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("questions:\n got %q\nwant %q", got, tt.want)
			}
			if !equalInts(lines, tt.lines) {
				t.Errorf("lines: got %v, want %v", lines, tt.lines)
			}
		})
	}
}

func TestReadCSVErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"empty file", "", "x.csv:1: the file is empty; its first line must be the header: question,a,b,c,d,answer,kind,topic,difficulty,source,explanation,tags,set,title"},
		{"unknown column", "question,a,b,answer,Ghi chú\n", `x.csv:1: column "Ghi chú": unknown column; the columns are ` + tableKnown},
		{"missing columns", "Câu hỏi,Đáp án A\n", "x.csv:1: the header has no \"answer\" column (Đáp án đúng)"},
		{"no header", "Q1,x,y,A\n", "x.csv:1: column \"Q1\": unknown column; the columns are " + tableKnown + "\n" +
			"x.csv:1: column \"x\": unknown column; the columns are " + tableKnown + "\n" +
			"x.csv:1: column \"y\": unknown column; the columns are " + tableKnown + "\n" +
			"x.csv:1: the header has no \"question\" column (Câu hỏi); the first row must name the columns: " + tableKnown + "\n" +
			"x.csv:1: the header has no \"answer\" column (Đáp án đúng)"},
		{"wrong answer letter", "question,a,b,c,d,answer\nQ,1,2,3,4,B\nQ2,1,2,3,4,E\n", `x.csv:3: column "answer": "E" is not one of the options A–D`},
		{"Vietnamese column named in the error", "Câu hỏi,Đáp án A,Đáp án B,Đáp án đúng\nQ,1,2,C\n", `x.csv:2: column "Đáp án đúng": "C" is not one of the options A–B`},
		{"letters without options", "question,a,b,answer\nQ,,,B\n", `x.csv:2: column "answer": "B" looks like option letters but the row has no options (columns a, b, …); fill the options, or set kind to short if "B" is the typed answer`},
		{"two letters for single", "question,a,b,answer,kind\nQ,x,y,\"A,B\",single\n", `x.csv:2: column "answer": "A,B": a single-choice question has exactly one correct letter and no weights; set kind to multiple for several`},
		{"options on a truefalse", "question,a,b,answer,kind\nQ,x,y,Đúng,truefalse\n", `x.csv:2: column "a": a truefalse question has no options; clear the option columns or set kind to single or multiple`},
		{"gap in options", "question,a,b,c,answer\nQ,x,,z,A\n", `x.csv:2: column "b": option B is empty but option C is filled; options run A, B, C … without gaps`},
		{"bad kind", "question,answer,kind\nQ,x,essay\n", `x.csv:2: column "kind": "essay" is not a kind: write single, multiple, truefalse, numeric or short`},
		{"bad difficulty", "question,answer,difficulty\nQ,x,rất khó\n", `x.csv:2: column "difficulty": "rất khó" is not a difficulty: write 1, 2 or 3 (dễ, trung bình, khó; easy, medium, hard)`},
		{"bad truefalse", "question,answer,kind\nQ,có,truefalse\n", `x.csv:2: column "answer": "có" is not Đúng or Sai (or true, false, Đ, S)`},
		{"bad numeric", "question,answer,kind\nQ,khoảng 5,numeric\n", `x.csv:2: column "answer": "khoảng 5" is not a number, a number with a tolerance (3±2, 3+-2, 3:2) or a range (1..5); write numbers without thousands separators`},
		{"single without options", "question,answer,kind\nQ,B,single\n", `x.csv:2: column "answer": the kind is single, so the row needs its options in columns a, b, c …`},
		{"empty answer and question", "question,a,b,answer\n,x,y,\n", "x.csv:2: column \"question\": the question text is empty\n" +
			`x.csv:2: column "answer": empty; give the key: option letters (B or A,C), Đúng/Sai, a number (3±2, 1..5) or accepted answers (a | b)`},
		{"value without a header", "question,answer\nQ,x,extra\n", "x.csv:2: column 3 has a value but no header; name the column or clear it"},
		{"error in a field after a multi-line field points at its own line", "question,a,b,answer\n\"một\nhai\nba\",x,y,Z\n", `x.csv:4: column "answer": "Z" is not one of the options A–B`},
		{"bare quote", "question,answer\nQ \"x\",y\n", `x.csv:2: CSV syntax: a " inside a field that does not start with a quote (column 3); put the whole field in double quotes and double each " inside it ("")`},
		{"unclosed quote", "question,answer\nQ,\"y\nmore\n", `x.csv:3: CSV syntax: a quoted field starting on line 2 is not closed, or has text after its closing quote; double each " inside a quoted field ("")`},
		{"every bad row is reported", "question,a,b,answer\nQ1,x,y,C\nQ2,x,y,A\nQ3,x,y,D\n", "x.csv:2: column \"answer\": \"C\" is not one of the options A–B\n" +
			`x.csv:4: column "answer": "D" is not one of the options A–B`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := csvTestRead(t, "x.csv", tt.src)
			var errs Errors
			if !errors.As(err, &errs) {
				t.Fatalf("err = %v (%T), want Errors", err, err)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("error:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestReadCSVErrorCap(t *testing.T) {
	src := "question,a,b,answer\n" + strings.Repeat("Q,x,y,E\n", MaxErrors+10)
	_, err := ReadCSV("many.csv", []byte(src), Options{})
	var errs Errors
	if !errors.As(err, &errs) {
		t.Fatalf("err = %v, want Errors", err)
	}
	if got, want := len(errs), MaxErrors; got != want {
		t.Errorf("len(errs) = %d, want %d", got, want)
	}
	if !strings.HasSuffix(err.Error(), "(stopped after 50 errors)") {
		t.Errorf("error does not say it stopped: %q", err.Error()[len(err.Error())-40:])
	}
}

func TestCSVThroughRead(t *testing.T) {
	f, err := ForFile("Bộ đề.CSV")
	if err != nil || f.Name != "csv" {
		t.Fatalf("ForFile(.CSV) = %q, %v", f.Name, err)
	}
	// Windows-1258 bytes for "Câu hỏi": rejected, naming the file and line.
	_, err = Read(f, "cp1258.csv", []byte("question,answer\nC\xe2u h\xf4i,x\n"), Options{})
	if !errors.Is(err, ErrNotUTF8) {
		t.Fatalf("err = %v, want ErrNotUTF8", err)
	}
	if got, want := err.Error(), "cp1258.csv:2: not UTF-8: the file is not UTF-8 text"; !strings.HasPrefix(got, want) {
		t.Errorf("err = %q, want prefix %q", got, want)
	}
	// Read fills set, topic and difficulty, and validates at the row's line.
	res, err := Read(f, "de/Vòng 1.csv", []byte("question,a,b,c,answer\nQ,x,y,z,B\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	q := res.Questions[0]
	if got, want := tableTestSummary(&q), "single|Q|x;*y;z|topic=Vòng 1|diff=2|set=Vòng 1"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	res, err = Read(f, "x.csv", []byte("question,a,b,answer,kind,set\nQ,x,y,\"A:60,B:60\",,S\nQ,x,x,A,,S\n"), Options{Set: "given"})
	if res != nil {
		t.Errorf("got a result; want none")
	}
	want := "x.csv:2: choices: the weights of the correct options add up to 120%, not 100%\n" +
		"x.csv:3: choices: option B repeats an earlier option"
	if got := errString(err); got != want {
		t.Errorf("err:\n got %s\nwant %s", got, want)
	}
}

func TestWriteCSV(t *testing.T) {
	qs := []questions.Question{
		{Text: "Câu \"một\"\ncó hai dòng", Kind: questions.KindSingle, Choices: []questions.Choice{{Text: "x, y"}, {Text: "z", Correct: true, Feedback: "lost"}},
			Topic: "CCHC/Một cửa", Difficulty: 1, Source: "NQ 76", Explanation: "Vì.", Tags: []string{"a", "b"}, Set: "S", Title: "T"},
		{Text: "Nhiều", Kind: questions.KindMultiple, Choices: []questions.Choice{{Text: "a", Correct: true, Weight: 50}, {Text: "b", Weight: 0}, {Text: "c", Correct: true, Weight: 50}},
			Topic: "t", Difficulty: 2},
		{Text: "Khoảng", Kind: questions.KindNumeric, Number: questions.Numeric{Min: 1, Max: 5, IsRange: true}, Topic: "t", Difficulty: 3},
		{Text: "Không ghi được", Kind: questions.KindShort, Accepted: []string{"a|b"}, Topic: "t", Difficulty: 3},
		{Text: "Đúng?", Kind: questions.KindTrueFalse, Truth: false, Topic: "t", Difficulty: 2},
	}
	var buf bytes.Buffer
	skipped, err := WriteCSV(&buf, qs)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := skipped, 1; got != want {
		t.Errorf("skipped = %d, want %d", got, want)
	}
	want := "\ufeffquestion,a,b,c,d,answer,kind,topic,difficulty,source,explanation,tags,set,title\n" +
		"\"Câu \"\"một\"\"\ncó hai dòng\",\"x, y\",z,,,B,single,CCHC/Một cửa,1,NQ 76,Vì.,\"a, b\",S,T\n" +
		"Nhiều,a,b,c,,\"A:50,C:50\",multiple,t,2,,,,,\n" +
		"Khoảng,,,,,1..5,numeric,t,3,,,,,\n" +
		"Đúng?,,,,,Sai,truefalse,t,2,,,,,\n"
	if got := buf.String(); got != want {
		t.Errorf("output:\n got %q\nwant %q", got, want)
	}
	// And it reads back to the same questions (less the one skipped and the feedback).
	got, _, err := csvTestRead(t, "out.csv", buf.String())
	if err != nil {
		t.Fatal(err)
	}
	var wantQ []string
	for i := range qs {
		if i == 3 {
			continue
		}
		q := qs[i]
		q.Choices = append([]questions.Choice(nil), q.Choices...)
		for j := range q.Choices {
			q.Choices[j].Feedback = ""
		}
		wantQ = append(wantQ, tableTestSummary(&q))
	}
	if strings.Join(got, "\n") != strings.Join(wantQ, "\n") {
		t.Errorf("read back:\n got %q\nwant %q", got, wantQ)
	}
}

// TestCSVFixtures reads the files under testdata/csv: each *.csv must read
// without error to as many questions as its name's .want file says.
func TestCSVFixtures(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "csv", "*.csv"))
	if len(files) == 0 {
		t.Fatal("no fixtures in testdata/csv")
	}
	f, _ := Lookup("csv")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Read(f, filepath.Base(file), data, Options{})
		want, _ := os.ReadFile(strings.TrimSuffix(file, ".csv") + ".want")
		if err != nil {
			if got := err.Error() + "\n"; got != string(want) {
				t.Errorf("%s: error\n got %s\nwant %s", file, got, want)
			}
			continue
		}
		var got strings.Builder
		for i := range res.Questions {
			got.WriteString(tableTestSummary(&res.Questions[i]) + "\n")
		}
		if got.String() != string(want) {
			t.Errorf("%s:\n got %s\nwant %s", file, got.String(), want)
		}
	}
}

// FuzzCSV checks that no input makes the CSV reader panic, that errors
// come as Errors with a line inside the file (or as the UTF-8 error), and
// that whatever it reads and validates survives WriteCSV and a second read
// unchanged: hash, kind, numeric form, and every metadata column.
func FuzzCSV(f *testing.F) {
	for _, s := range []string{
		"question,a,b,c,d,answer,kind,topic,difficulty,source,explanation,tags,set,title\nQ,x,y,,,B,,t,1,s,e,\"a, b\",S,T\n",
		"Câu hỏi;Đáp án A;Đáp án B;Đáp án đúng;Mức độ\r\nQ;x;y;A,B;khó\r\n",
		"\ufeffquestion,answer\nQ,Đúng\nQ2,3±2\nQ3,1..5\nQ4,Hà Nội | Ha Noi\nQ5,2,5\n",
		"question,a,b,answer\n\"multi\nline\",\"x\ny\",z,A:50;B:50\n",
		"question,a,b,answer\nQ,x,y,E\n",
		"question,answer\nQ \"x\",y\n",
		"question,answer\nQ,\"y\n",
		"question,a,b,d,answer\n",
		"STT,question,answer,kind\n1,Q,x|y,short\n2,Q2,-5..-1,numeric\n",
		"question,answer,tags\nQ,x,a|b\n",
		"question,answer\nC\xe2u,x\n",
		"",
	} {
		f.Add([]byte(s))
	}
	csvf, _ := Lookup("csv")
	f.Fuzz(func(t *testing.T, data []byte) {
		if fuzzReadClean(t, ReadCSV, "f.csv", data) == nil {
			return
		}
		fuzzLimits(t, csvf, "f.csv", data)
		valid, err := Read(csvf, "f.csv", data, Options{})
		if err != nil {
			return
		}
		var buf bytes.Buffer
		skipped, err := WriteCSV(&buf, valid.Questions)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Read(csvf, "f.csv", buf.Bytes(), Options{})
		if err != nil {
			t.Fatalf("reading back what WriteCSV wrote: %v\n%q\nfrom %q", err, buf.String(), data)
		}
		if got, want := len(back.Questions), len(valid.Questions)-skipped; got != want {
			t.Fatalf("read back %d questions, want %d (%d skipped)", got, want, skipped)
		}
		nOpts := tableOptionColumns(valid.Questions)
		j := 0
		for i := range valid.Questions {
			w := &valid.Questions[i]
			if _, ok := tableRecord(w, nOpts); !ok {
				continue
			}
			g := &back.Questions[j]
			j++
			if tableTestSummary(g) != tableTestSummary(w) || g.Hash != w.Hash || g.Number != w.Number {
				t.Fatalf("question %d changed through WriteCSV:\n got %q\nwant %q\nfile %q\nfrom %q", i, tableTestSummary(g), tableTestSummary(w), buf.String(), data)
			}
		}
	})
}
