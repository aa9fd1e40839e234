package format

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"parquiz/internal/i18n"
)

// limitErr checks that err is one located issue over a limit and returns it.
func limitErr(t *testing.T, err error) Issue {
	t.Helper()
	if !errors.Is(err, ErrLimit) {
		t.Fatalf("error %v does not wrap ErrLimit", err)
	}
	var errs Errors
	if !errors.As(err, &errs) || len(errs) != 1 {
		t.Fatalf("error %v is not one issue", err)
	}
	return errs[0]
}

// wantIn checks that s holds every part.
func wantIn(t *testing.T, s string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(s, p) {
			t.Errorf("%q lacks %q", s, p)
		}
	}
}

func TestReadFileSizeLimit(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "bank.csv")
	if err := os.WriteFile(name, bytes.Repeat([]byte("x"), 3<<20+5), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadFile(name, Limits{MaxSize: 1 << 20})
	is := limitErr(t, err)
	if is.File != name || is.Line != 0 {
		t.Errorf("issue at %s:%d, want the file", is.File, is.Line)
	}
	wantIn(t, is.Text(i18n.EN), name+": the file is 3 MB, over the 1 MB limit", "--max-size 4MB")
	wantIn(t, is.Text(i18n.VI), "tệp có dung lượng 3 MB, vượt giới hạn 1 MB", "--max-size 4MB")

	// at the limit, the whole file, unchanged
	data, err := ReadFile(name, Limits{MaxSize: 3<<20 + 5})
	if err != nil || len(data) != 3<<20+5 {
		t.Fatalf("at the limit: %d bytes, %v", len(data), err)
	}
	// and Read refuses bytes over the limit too
	csvf, _ := Lookup("csv")
	_, err = Read(csvf, "b.csv", data, Options{Limits: Limits{MaxSize: 1 << 20}})
	limitErr(t, err)
	if _, err := ReadFile(filepath.Join(dir, "none.csv"), Limits{}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestLineLimit(t *testing.T) {
	lim := Limits{MaxCell: 1024}
	long := strings.Repeat("x", 3000)
	for _, c := range []struct {
		format, name, text string
		line               int
	}{
		{"gift", "a.gift", "Q1?{T}\n\n" + long + "{T}\n", 3},
		{"aiken", "a.aiken", "Q\r\nA. a\r\nB. " + long + "\r\nANSWER: A\r\n", 3},
		{"csv", "a.csv", "question,answer\nQ,x\n" + long + ",x\n", 3},
		{"csv", "b.csv", "question,answer\rQ,x\r" + long + ",x\r", 3}, // lone CRs end lines too
	} {
		t.Run(c.name, func(t *testing.T) {
			f, _ := Lookup(c.format)
			_, err := Read(f, c.name, []byte(c.text), Options{Limits: lim})
			is := limitErr(t, err)
			if is.Line != c.line || is.File != c.name {
				t.Errorf("at %s:%d, want line %d", is.File, is.Line, c.line)
			}
			wantIn(t, is.Text(i18n.EN), "the line is 2.9 KB long, over the 1 KB limit", "--max-cell 4KB")
			wantIn(t, is.Text(i18n.VI), "dòng dài 2,9 KB, vượt giới hạn 1 KB", "--max-cell 4KB")
			if len(is.Text(i18n.VI)) > 400 {
				t.Errorf("the message quotes the line: %d bytes", len(is.Text(i18n.VI)))
			}
			// the same file within the limit reads (or fails) for its own reasons
			_, err = Read(f, c.name, []byte(c.text), Options{})
			if errors.Is(err, ErrLimit) {
				t.Errorf("refused within the default limits: %v", err)
			}
		})
	}
}

func TestCSVCellLimit(t *testing.T) {
	// a quoted cell of many short lines: no line is long, the cell is
	lim := Limits{MaxCell: 1024}
	cell := `"` + strings.Repeat("một dòng ngắn\n", 200) + `"`
	src := "question;a;b;answer;explanation\nQ;x;y;A;ok\nQ2;x;y;A;" + cell + "\n"
	csvf, _ := Lookup("csv")
	_, err := Read(csvf, "c.csv", []byte(src), Options{Limits: lim})
	is := limitErr(t, err)
	if is.Line != 3 {
		t.Errorf("at line %d, want 3 (where the cell starts)", is.Line)
	}
	wantIn(t, is.Text(i18n.EN), `column 5 ("explanation"): the cell is 3.7 KB long, over the 1 KB limit`, "--max-cell 4KB")
	wantIn(t, is.Text(i18n.VI), `cột 5 ("explanation"): ô dài 3,7 KB, vượt giới hạn 1 KB`)

	// an unclosed quote runs to the end of the file: the cell's start is named
	src = "question,answer\nQ,\"x\n" + strings.Repeat("Q,y\n", 400)
	_, err = Read(csvf, "d.csv", []byte(src), Options{Limits: lim})
	is = limitErr(t, err)
	if is.Line != 2 || !strings.Contains(is.Msg, `column 2 ("answer")`) {
		t.Errorf("got %s", is)
	}
	// doubled quotes and separators inside quotes stay inside the cell
	src = "question,answer\n\"" + strings.Repeat(`a "" b, c`, 50) + "\",x\n"
	if _, err := Read(csvf, "e.csv", []byte(src), Options{Limits: Limits{MaxCell: 600}}); err != nil {
		t.Errorf("a 500-byte cell within 600: %v", err)
	}
}

func TestFieldLimit(t *testing.T) {
	lim := Limits{MaxCell: 1024}
	long := strings.Repeat("giải thích ", 200)
	jsonf, _ := Lookup("json")
	// JSON may be one line; its fields are checked, not its lines
	src := `[{"text":"Q1?","kind":"truefalse","answer":true,"topic":"t"},` +
		"\n" + `{"text":"Q2?","kind":"truefalse","answer":true,"topic":"t","explanation":"` + long + `"}]`
	_, err := Read(jsonf, "q.json", []byte(src), Options{Limits: lim})
	is := limitErr(t, err)
	if is.Line != 2 {
		t.Errorf("at line %d, want 2", is.Line)
	}
	wantIn(t, is.Text(i18n.EN), "the field explanation is 2.7 KB long, over the 1 KB limit", "--max-cell 4KB")
	wantIn(t, is.Text(i18n.VI), "trường explanation dài 2,7 KB")
	oneLine := `[{"text":"Q?","kind":"truefalse","answer":true,"topic":"t","explanation":"` + strings.Repeat("x", 900) + `"}]`
	if _, err := Read(jsonf, "q.json", []byte(oneLine), Options{Limits: lim}); err != nil {
		t.Errorf("a one-line JSON file longer than the cell limit: %v", err)
	}

	// a GIFT question whose lines are short but whose text is long
	gift, _ := Lookup("gift")
	src = "Q?{T}\n\n" + strings.Repeat("một dòng của câu hỏi\n", 100) + "{T}\n"
	_, err = Read(gift, "g.gift", []byte(src), Options{Limits: lim})
	is = limitErr(t, err)
	if is.Line != 3 || !strings.Contains(is.Msg, "the field text is") {
		t.Errorf("got %s", is)
	}
}

func TestXLSXCellLimit(t *testing.T) {
	book := xlsxTestBook(t, xlsxTestSheet{name: "Sheet1", rows: [][]any{
		{"question", "a", "b", "answer"},
		{"Q?", "x", "y", "A"},
		{"Q2?", "x", strings.Repeat("y", 2000), "A"},
	}})
	xf, _ := Lookup("xlsx")
	_, err := Read(xf, "b.xlsx", book, Options{Limits: Limits{MaxCell: 1024}})
	is := limitErr(t, err)
	if is.Cell != "Sheet1!C3" || is.Line != 3 {
		t.Errorf("at %q line %d, want Sheet1!C3", is.Cell, is.Line)
	}
	wantIn(t, is.Text(i18n.EN), "b.xlsx:Sheet1!C3: the cell is 2 KB long, over the 1 KB limit", "--max-cell 2KB")
	if _, err := Read(xf, "b.xlsx", book, Options{}); err != nil {
		t.Errorf("within the default limit: %v", err)
	}
}

// xlsxBomb is a real workbook (from xlsxTestBook) whose first sheet is
// replaced by about sheetSize bytes of rows that deflate to almost
// nothing: 17 bits of fixed-Huffman copies per 258 bytes, written by hand
// (compressing 300 MB with compress/flate takes seconds under -race).
func xlsxBomb(t testing.TB, book []byte, sheetSize int) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	head := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	row := `<row><c t="inlineStr"><is><t>bomb</t></is></c></row>`
	tail := `</sheetData></worksheet>`
	// copies of 258 bytes at distance len(row) repeat the row; a group of
	// them is a whole number of rows
	group := len(row) / gcd(len(row), 258)
	groups := max(1, (sheetSize-len(head)-len(tail))/(group*258))
	rows := 1 + groups*group*258/len(row)

	var bw deflateBits
	bw.bits(1, 1) // BFINAL
	bw.bits(1, 2) // fixed Huffman codes
	for _, c := range []byte(head + row) {
		bw.literal(c)
	}
	for i := 0; i < groups*group; i++ {
		bw.code(0b11000101, 8) // length 258 (symbol 285)
		bw.distance(len(row))
	}
	for _, c := range []byte(tail) {
		bw.literal(c)
	}
	bw.code(0, 7) // end of block
	compressed := bw.flush()

	crc := crc32.Update(0, crc32.IEEETable, []byte(head))
	chunk := []byte(strings.Repeat(row, 1<<14))
	for n := rows; n > 0; n -= 1 << 14 {
		crc = crc32.Update(crc, crc32.IEEETable, chunk[:min(n, 1<<14)*len(row)])
	}
	crc = crc32.Update(crc, crc32.IEEETable, []byte(tail))

	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			w, err := zw.CreateRaw(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, CRC32: crc,
				CompressedSize64: uint64(len(compressed)), UncompressedSize64: uint64(len(head) + rows*len(row) + len(tail))})
			if err != nil {
				t.Fatal(err)
			}
			w.Write(compressed)
			continue
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(w, rc); err != nil {
			t.Fatal(err)
		}
		rc.Close()
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// deflateBits writes a DEFLATE bit stream (RFC 1951): values LSB first,
// Huffman codes MSB first.
type deflateBits struct {
	out  []byte
	acc  uint64
	nacc uint
}

func (w *deflateBits) bits(v uint64, n uint) {
	w.acc |= v << w.nacc
	w.nacc += n
	for w.nacc >= 8 {
		w.out = append(w.out, byte(w.acc))
		w.acc >>= 8
		w.nacc -= 8
	}
}

func (w *deflateBits) code(c uint64, n uint) {
	var r uint64
	for i := uint(0); i < n; i++ {
		r = r<<1 | (c>>i)&1
	}
	w.bits(r, n)
}

// literal writes byte c with the fixed literal codes.
func (w *deflateBits) literal(c byte) {
	if c < 144 {
		w.code(0x30+uint64(c), 8)
	} else {
		w.code(0x190+uint64(c)-144, 9)
	}
}

// distance writes a distance of 1 to 32768 with the fixed distance codes.
func (w *deflateBits) distance(d int) {
	base, code := 1, 0
	for ; code < 30; code++ {
		extra := max(0, code/2-1)
		if d < base+(1<<extra) {
			w.code(uint64(code), 5)
			w.bits(uint64(d-base), uint(extra))
			return
		}
		base += 1 << extra
	}
	panic("distance out of range")
}

func (w *deflateBits) flush() []byte {
	if w.nacc > 0 {
		w.out = append(w.out, byte(w.acc))
		w.acc, w.nacc = 0, 0
	}
	return w.out
}

func TestXLSXBomb(t *testing.T) {
	book := xlsxTestBook(t, xlsxTestSheet{name: "Sheet1", rows: [][]any{{"question", "answer"}, {"Q?", "Đúng"}}})
	xf, _ := Lookup("xlsx")

	t.Run("hundreds of MB from a small file", func(t *testing.T) {
		bomb := xlsxBomb(t, book, 300<<20)
		t.Logf("a %d-byte workbook that unzips to 300 MB", len(bomb))
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_, err := Read(xf, "bomb.xlsx", bomb, Options{})
		runtime.ReadMemStats(&after)
		is := limitErr(t, err)
		wantIn(t, is.Text(i18n.EN), "bomb.xlsx: the workbook unzips to 300", "over the 128 MB limit", "zip bomb", "--max-size 256MB")
		wantIn(t, is.Text(i18n.VI), "bảng tính giải nén ra 300", "vượt giới hạn 128 MB", "zip bomb")
		// refused from the zip's directory: nothing was unzipped
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 4*uint64(len(bomb))+1<<20 {
			t.Errorf("refusing the bomb allocated %d bytes for a %d-byte file", alloc, len(bomb))
		}
	})
	t.Run("compressed too much", func(t *testing.T) {
		// 40 MB from a few hundred KB: more than 100 times, and over 16 MB
		bomb := xlsxBomb(t, book, 40<<20)
		_, err := Read(xf, "ratio.xlsx", bomb, Options{})
		is := limitErr(t, err)
		wantIn(t, is.Text(i18n.EN), "the workbook unzips to 40", "more than 100 times its size", "zip bomb")
		wantIn(t, is.Text(i18n.VI), "bảng tính giải nén ra 40", "gấp hơn 100 lần")
	})
	t.Run("over the size limit", func(t *testing.T) {
		// a small --max-size: the workbook may unzip to twice it
		bomb := xlsxBomb(t, book, 3<<20)
		_, err := Read(xf, "big.xlsx", bomb, Options{Limits: Limits{MaxSize: 1 << 20}})
		is := limitErr(t, err)
		wantIn(t, is.Text(i18n.EN), "the workbook unzips to 3", "over the 2 MB limit (2 times the 1 MB file limit)", "--max-size 2MB")
		wantIn(t, is.Text(i18n.VI), "vượt giới hạn 2 MB (gấp 2 lần giới hạn tệp 1 MB)")
	})
	t.Run("within the limits", func(t *testing.T) {
		// a sheet of 256 KB is unzipped whole (archive/zip checks its CRC)
		// and read: the bomb's one column has no header
		bomb := xlsxBomb(t, book, 256<<10)
		zr, _ := zip.NewReader(bytes.NewReader(bomb), int64(len(bomb)))
		for _, f := range zr.File {
			rc, _ := f.Open()
			n, err := io.Copy(io.Discard, rc)
			if err != nil || uint64(n) != f.UncompressedSize64 {
				t.Fatalf("%s: %d bytes, %v", f.Name, n, err)
			}
		}
		_, err := Read(xf, "ok.xlsx", bomb, Options{})
		if errors.Is(err, ErrLimit) || err == nil || !strings.Contains(err.Error(), "ok.xlsx:Sheet1!A1: column \"bomb\": unknown column") {
			t.Fatalf("a 256 KB sheet: %v", err)
		}
	})
}

func TestMessagesClipValues(t *testing.T) {
	long := strings.Repeat("Đ", 500)
	csvf, _ := Lookup("csv")
	_, err := Read(csvf, "v.csv", []byte("question,a,b,answer\nQ?,x,y,"+long+"\n"), Options{})
	var errs Errors
	if !errors.As(err, &errs) || len(errs) != 1 {
		t.Fatalf("got %v", err)
	}
	for _, l := range []i18n.Lang{i18n.VI, i18n.EN} {
		s := errs[0].Text(l)
		want := `"` + strings.Repeat("Đ", MaxQuoted) + `…"`
		if !strings.Contains(s, want) || strings.Contains(s, strings.Repeat("Đ", MaxQuoted+1)) {
			t.Errorf("%s: the value is not clipped to %d characters: %s", l, MaxQuoted, s)
		}
	}
	// a value at the limit is quoted whole; the lists parquiz writes itself are not clipped
	if got := clip(strings.Repeat("ă", MaxQuoted)); got != strings.Repeat("ă", MaxQuoted) {
		t.Errorf("clip cut a value of %d characters", MaxQuoted)
	}
	m := msg("format.table.unknown_column", long, verbatim(tableKnown))
	if s := m.Text(i18n.EN); !strings.Contains(s, tableKnown) || !strings.HasPrefix(s, `column "`+strings.Repeat("Đ", MaxQuoted)+`…"`) {
		t.Errorf("got %s", s)
	}
	// errors passed to a message are clipped too
	if s := msg("format.csv.syntax", errors.New(long)).Text(i18n.VI); strings.Count(s, "Đ") != MaxQuoted {
		t.Errorf("an error argument is not clipped: %d characters", strings.Count(s, "Đ"))
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{
		"123": 123, "64MB": 64 << 20, "64 mb": 64 << 20, "128KiB": 128 << 10, "2G": 2 << 30, "1k": 1024, "10B": 10,
	} {
		if got, err := ParseSize(in); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "MB", "-1", "0", "1.5MB", "64 TB", "9999999999999GB"} {
		if _, err := ParseSize(in); err == nil {
			t.Errorf("ParseSize(%q) accepted", in)
		}
	}
	for n, want := range map[int64]string{512: "512 B", 1024: "1 KB", 1536: "1.5 KB", 200 << 20: "200 MB", 3 << 30: "3 GB"} {
		if got := FormatSize(n); got != want {
			t.Errorf("FormatSize(%d) = %q, want %q", n, got, want)
		}
	}
}

// xlsxWithSheet is book with its first sheet's XML replaced.
func xlsxWithSheet(t *testing.T, book []byte, sheet []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == "xl/worksheets/sheet1.xml" {
			w.Write(sheet)
			continue
		}
		rc, _ := f.Open()
		io.Copy(w, rc)
		rc.Close()
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestXLSXFarCellsBomb(t *testing.T) {
	// one value in column XFD of each of 20,000 rows: excelize's GetRows
	// would pad every row to 16,384 cells, 5 GB of empty strings
	var sheet bytes.Buffer
	sheet.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	sheet.WriteString(`<row r="1"><c r="A1" t="inlineStr"><is><t>question</t></is></c><c r="B1" t="inlineStr"><is><t>answer</t></is></c></row>`)
	for r := 2; r <= 20000; r++ {
		fmt.Fprintf(&sheet, `<row r="%d"><c r="XFD%d" t="inlineStr"><is><t>x</t></is></c></row>`, r, r)
	}
	sheet.WriteString(`</sheetData></worksheet>`)
	book := xlsxWithSheet(t, xlsxTestBook(t, xlsxTestSheet{name: "Sheet1", rows: [][]any{{"question"}}}), sheet.Bytes())
	xf, _ := Lookup("xlsx")
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := Read(xf, "far.xlsx", book, Options{})
	runtime.ReadMemStats(&after)
	is := limitErr(t, err)
	if !strings.HasPrefix(is.Cell, "Sheet1!") || is.Line < 2 {
		t.Errorf("at %q line %d, want the row where the budget ran out", is.Cell, is.Line)
	}
	wantIn(t, is.Text(i18n.EN), "the sheet has more than 1048576 cells up to this row", "Ctrl+End")
	wantIn(t, is.Text(i18n.VI), "trang tính có hơn 1048576 ô", "Ctrl+End")
	t.Logf("a %d-byte workbook refused at %s after %d MB allocated", len(book), is.Cell, (after.TotalAlloc-before.TotalAlloc)>>20)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 256<<20 {
		t.Errorf("refusing it allocated %d MB", alloc>>20)
	}
}
