package format

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"parquiz/questions"
)

// xlsxTestSheet is one sheet of a test workbook: rows of cell values
// (strings, numbers, bools; nil leaves a cell empty) and number formats
// to apply to cells ("B2": "0.00").
type xlsxTestSheet struct {
	name    string
	rows    [][]any
	formats map[string]string
}

// xlsxTestBook builds a workbook in memory, the way Excel would save one.
func xlsxTestBook(t *testing.T, sheets ...xlsxTestSheet) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range s.rows {
			for c, v := range row {
				if v == nil {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if err := f.SetCellValue(s.name, cell, v); err != nil {
					t.Fatal(err)
				}
			}
		}
		for cell, code := range s.formats {
			style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
			if err != nil {
				t.Fatal(err)
			}
			if err := f.SetCellStyle(s.name, cell, cell, style); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadXLSX(t *testing.T) {
	book := xlsxTestBook(t,
		xlsxTestSheet{name: "Hướng dẫn", rows: [][]any{{"Sheet này chỉ có hướng dẫn"}}},
		xlsxTestSheet{
			name: "Câu hỏi",
			rows: [][]any{
				nil, // an empty first row: the header is the first non-empty one
				{"STT", "Câu hỏi", "Đáp án A", "Đáp án B", "Đáp án C", "Đáp án đúng", "Mức độ", "Chủ đề", "Thẻ"},
				{1, "Chọn một", "x", "y", "z", "C", 1, "CCHC", "a, b"},
				nil, // an empty row in the middle is skipped
				{2, "Số nguyên", nil, nil, nil, 3, 2.0, "t"},
				{3, "Số định dạng 0.00", nil, nil, nil, 3, "khó", "t"},
				{4, "Số thập phân", nil, nil, nil, 2.5, nil, "t"},
				{5, "Ô logic", nil, nil, nil, true, nil, "t"},
				{6, "Nhiều dòng\ntrong ô", "một\nhai", "ba", nil, "A", nil, "t"},
			},
			formats: map[string]string{"F6": "0.00", "G5": "0.0"},
		},
	)
	res, err := ReadXLSX("bo.xlsx", book, Options{Sheet: "CÂU HỎI"})
	if err != nil {
		t.Fatalf("ReadXLSX: %v", err)
	}
	var got []string
	for i := range res.Questions {
		got = append(got, tableTestSummary(&res.Questions[i]))
	}
	want := []string{
		"single|Chọn một|x;y;*z|topic=CCHC|diff=1|tags=a+b",
		"numeric|Số nguyên|3±0|topic=t|diff=2",
		"numeric|Số định dạng 0.00|3±0|topic=t|diff=3",
		"numeric|Số thập phân|2.5±0|topic=t",
		"truefalse|Ô logic|true|topic=t",
		"single|Nhiều dòng\ntrong ô|*một\nhai;ba|topic=t",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("questions:\n got %q\nwant %q", got, want)
	}
	if gotL, wantL := res.Lines, []int{3, 5, 6, 7, 8, 9}; !equalInts(gotL, wantL) {
		t.Errorf("lines = %v, want %v", gotL, wantL)
	}
	if gotC, wantC := strings.Join(res.Cells, " "), "'Câu hỏi'!B3 'Câu hỏi'!B5 'Câu hỏi'!B6 'Câu hỏi'!B7 'Câu hỏi'!B8 'Câu hỏi'!B9"; gotC != wantC {
		t.Errorf("cells = %s, want %s", gotC, wantC)
	}

	// Without Options.Sheet the first sheet is read: it has no header.
	_, err = ReadXLSX("bo.xlsx", book, Options{})
	want1 := `bo.xlsx:'Hướng dẫn'!A1: column "Sheet này chỉ có hướng dẫn": unknown column`
	if got := errString(err); !strings.HasPrefix(got, want1) {
		t.Errorf("first sheet: err = %s, want prefix %s", got, want1)
	}
}

func TestReadXLSXErrors(t *testing.T) {
	book := func(rows ...[]any) []byte {
		return xlsxTestBook(t, xlsxTestSheet{name: "Sheet1", rows: rows}, xlsxTestSheet{name: "Vòng 2", rows: [][]any{{"question", "answer"}}})
	}
	hdr := []any{"question", "a", "b", "c", "d", "answer"}
	tests := []struct {
		name string
		data []byte
		opt  Options
		want string
	}{
		{"missing sheet lists the sheets", book(hdr), Options{Sheet: "Vòng 3"}, `x.xlsx: no sheet named "Vòng 3"; the workbook has: "Sheet1", "Vòng 2"`},
		{"answer letter at its cell", book(hdr, []any{"Q", "1", "2", "3", "4", "B"}, nil, nil, nil, []any{"Q2", "1", "2", "3", "4", "E"}),
			Options{}, `x.xlsx:Sheet1!F6: column "answer": "E" is not one of the options A–D`},
		{"unknown header at its cell", book([]any{"question", "answer", nil, "Ghi chú"}), Options{},
			`x.xlsx:Sheet1!D1: column "Ghi chú": unknown column; the columns are ` + tableKnown},
		{"missing column names the header row", book([]any{"Câu hỏi", "Đáp án A"}), Options{},
			`x.xlsx:Sheet1!1:1: the header has no "answer" column (Đáp án đúng)`},
		{"value under no header", book([]any{"question", "answer"}, []any{"Q", "x", nil, "?"}), Options{},
			`x.xlsx:Sheet1!D2: column 4 has a value but no header; name the column or clear it`},
		{"empty sheet", xlsxTestBook(t, xlsxTestSheet{name: "Trống"}), Options{},
			`x.xlsx: sheet "Trống" is empty; its first row must be the header: question, a, b, c, d, answer, kind, topic, difficulty, source, explanation, tags, set, title`},
		{"quoted sheet name in cells", xlsxTestBook(t, xlsxTestSheet{name: "Vòng 1", rows: [][]any{{"question", "answer", "difficulty"}, {"Q", "x", 7}}}), Options{},
			`x.xlsx:'Vòng 1'!C2: column "difficulty": "7" is not a difficulty: write 1, 2 or 3 (dễ, trung bình, khó; easy, medium, hard)`},
		{"not a workbook", []byte("question,answer\nQ,x\n"), Options{},
			"x.xlsx: not an Excel workbook (.xlsx) parquiz can read (zip: not a valid zip file); open it in Excel or LibreOffice and save it as .xlsx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ReadXLSX("x.xlsx", tt.data, tt.opt)
			if res != nil {
				t.Errorf("got a result; want none")
			}
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

func TestXLSXThroughRead(t *testing.T) {
	f, err := ForFile("Bộ đề.XLSX")
	if err != nil || f.Name != "xlsx" || !f.Binary {
		t.Fatalf("ForFile(.XLSX) = %+v, %v", f, err)
	}
	book := xlsxTestBook(t, xlsxTestSheet{name: "Sheet1", rows: [][]any{
		{"question", "a", "b", "answer"}, {"Q", "x", "y", "A"}, {"Q2", "x", "X", "A"},
	}})
	_, err = Read(f, "x.xlsx", book, Options{})
	if got, want := errString(err), "x.xlsx:Sheet1!A3: choices: option B repeats an earlier option"; got != want {
		t.Errorf("err = %s, want %s", got, want)
	}
}

func TestWriteXLSX(t *testing.T) {
	qs := []questions.Question{
		{Text: "Câu một\nhai dòng", Kind: questions.KindSingle, Choices: []questions.Choice{{Text: "x"}, {Text: "y", Correct: true}},
			Topic: "CCHC/Một cửa", Difficulty: 1, Source: "NQ 76", Explanation: "Vì.", Tags: []string{"a", "b"}, Set: "S", Title: "T"},
		{Text: "Năm", Kind: questions.KindNumeric, Number: questions.Numeric{Value: 2021}, Topic: "t", Difficulty: 3},
		{Text: "Sáu", Kind: questions.KindMultiple, Topic: "t", Difficulty: 2, Choices: []questions.Choice{
			{Text: "1", Correct: true, Weight: 50}, {Text: "2"}, {Text: "3"}, {Text: "4"}, {Text: "5"}, {Text: "6", Correct: true, Weight: 50}}},
		{Text: "Không ghi được", Kind: questions.KindShort, Accepted: []string{"x|y"}, Topic: "t", Difficulty: 2},
	}
	var buf bytes.Buffer
	skipped, err := WriteXLSX(&buf, qs)
	if err != nil {
		t.Fatal(err)
	}
	if skipped != 1 {
		t.Errorf("skipped = %d, want 1", skipped)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, want := strings.Join(f.GetSheetList(), ","), "Questions"; got != want {
		t.Errorf("sheets = %s, want %s", got, want)
	}
	rows, err := f.GetRows("Questions")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(rows[0], ","), "question,a,b,c,d,e,f,answer,kind,topic,difficulty,source,explanation,tags,set,title"; got != want {
		t.Errorf("header = %s\nwant %s", got, want)
	}
	if got, want := len(rows), 4; got != want {
		t.Errorf("%d rows, want %d (header and three questions)", got, want)
	}
	if got, want := strings.Join(rows[3], "|"), "Sáu|1|2|3|4|5|6|A:50,F:50|multiple|t|2"; got != want {
		t.Errorf("row 4 = %s, want %s", got, want)
	}
	// Header bold, frozen; widths set; difficulty is a number cell.
	sid, _ := f.GetCellStyle("Questions", "A1")
	st, err := f.GetStyle(sid)
	if err != nil || st.Font == nil || !st.Font.Bold {
		t.Errorf("header A1 is not bold: %+v, %v", st, err)
	}
	panes, _ := f.GetPanes("Questions")
	if !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
		t.Errorf("panes = %+v, want the header row frozen", panes)
	}
	if w, _ := f.GetColWidth("Questions", "A"); w != 60 {
		t.Errorf("question column width = %v, want 60", w)
	}
	if typ, _ := f.GetCellType("Questions", "K2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("difficulty K2 type = %v, want a number", typ)
	}
	if v, _ := f.GetCellValue("Questions", "K2"); v != "1" {
		t.Errorf("difficulty K2 = %q, want 1", v)
	}
	// It reads back.
	res, err := ReadXLSX("out.xlsx", buf.Bytes(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := range res.Questions {
		got = append(got, tableTestSummary(&res.Questions[i]))
	}
	want := []string{tableTestSummary(&qs[0]), tableTestSummary(&qs[1]), tableTestSummary(&qs[2])}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("read back:\n got %q\nwant %q", got, want)
	}
}

// TestXLSXFixture reads testdata/xlsx/mau.xlsx, a template workbook
// with Vietnamese headers and a second sheet, as an organiser would
// receive it.
func TestXLSXFixture(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "xlsx", "mau.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	f, _ := Lookup("xlsx")
	res, err := Read(f, "mau.xlsx", data, Options{Sheet: "Vòng 2"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := range res.Questions {
		got = append(got, tableTestSummary(&res.Questions[i]))
	}
	want := []string{
		"single|Cơ quan nào chủ trì?|Bộ Nội vụ;*Văn phòng Chính phủ;Bộ Tư pháp|topic=Thử|diff=2|set=mau",
		"truefalse|Câu đúng sai|false|topic=Thử|diff=1|set=mau",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("questions:\n got %q\nwant %q", got, want)
	}
}
