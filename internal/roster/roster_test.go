package roster

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"parquiz/internal/i18n"
	"parquiz/questions/format"
)

const edKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEhH5mAk0n2sOqcsGgZ6oMqs7wFqJwF3sWbqQwPqkK6D lan@laptop"

func TestParseCSVVietnameseHeadersAndNFC(t *testing.T) {
	nfd := norm.NFD.String("Nguyễn Văn An")
	data := "\xef\xbb\xbfMã dự thi;Họ và tên;Đơn vị;Khối\r\nab-12 cd;" + nfd + ";Sở Nội vụ;Sở ngành\r\n\r\nXY34;Trần Thị Bình;UBND xã A;Xã\r\n"
	r, err := ParseCSV("r.csv", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r.Len(), 2; got != want {
		t.Fatalf("len = %d, want %d", got, want)
	}
	e, ok := r.Lookup("AB12CD")
	if !ok {
		t.Fatal("lookup AB12CD failed")
	}
	if got, want := e.Name, "Nguyễn Văn An"; got != want || !norm.NFC.IsNormalString(got) {
		t.Errorf("name = %q, want NFC %q", got, want)
	}
	if got, want := e.Block, "Sở ngành"; got != want {
		t.Errorf("block = %q, want %q", got, want)
	}
	if got, want := e.Line, 2; got != want {
		t.Errorf("line = %d, want %d", got, want)
	}
	if e2, _ := r.Lookup(" xy-34 "); e2.Line != 4 {
		t.Errorf("second entry line = %d, want 4", e2.Line)
	}
	if got, want := strings.Join(r.Units(), "|"), "Sở Nội vụ|UBND xã A"; got != want {
		t.Errorf("units = %q, want %q", got, want)
	}
}

func TestParseCSVErrorsNameTheLine(t *testing.T) {
	data := "code,name,unit\nA1,An,U\nB2,,U\na1,Bình,U\n"
	_, err := ParseCSV("r.csv", []byte(data))
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("err = %v, want ErrInvalid", err)
	}
	var fe format.Errors
	if !errors.As(err, &fe) {
		t.Fatalf("err %T is not format.Errors", err)
	}
	got := fe.Error()
	for _, want := range []string{"r.csv:3: the name", `r.csv:4: duplicate code "A1" (already on line 2)`} {
		if !strings.Contains(got, want) {
			t.Errorf("errors %q lack %q", got, want)
		}
	}
}

func TestParseCSVMissingColumnAndBadKey(t *testing.T) {
	if _, err := ParseCSV("r.csv", []byte("code,name\nA,B\n")); err == nil || !strings.Contains(err.Error(), `missing column "unit"`) {
		t.Errorf("missing unit: err = %v", err)
	}
	_, err := ParseCSV("r.csv", []byte("code,name,unit,public_key\nA,B,C,not-a-key\n"))
	if err == nil || !strings.Contains(err.Error(), "r.csv:2: the public key") {
		t.Errorf("bad key: err = %v", err)
	}
	if _, err := ParseCSV("r.csv", []byte("code,name,unit\n")); err == nil {
		t.Error("header only: want an error")
	}
	if _, err := ParseCSV("r.csv", []byte("code,name,unit\nA,\xff,U\n")); !errors.Is(err, format.ErrNotUTF8) {
		t.Errorf("not utf8: err = %v", err)
	}
}

func TestPublicKeyBinding(t *testing.T) {
	r, err := ParseCSV("r.csv", []byte("code,name,unit,public_key\nA7,An,U,"+edKey+"\nB7,Bình,U,\n"))
	if err != nil {
		t.Fatal(err)
	}
	e, _ := r.Lookup("A7")
	if e.Key == nil {
		t.Fatal("key not parsed")
	}
	got, ok := r.ByKey(e.Key)
	if !ok || got.Code != "A7" {
		t.Errorf("ByKey = %+v, %v", got, ok)
	}
	if _, ok := r.ByKey(nil); ok {
		t.Error("ByKey(nil) found an entry")
	}
}

func TestParseXLSX(t *testing.T) {
	f := excelize.NewFile()
	rows := [][]any{{"Mã dự thi", "Họ và tên", "Đơn vị"}, {"K1", "Lê Văn Cường", "Huyện B"}, {"K1", "Phạm D", "Huyện C"}}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	_, err := ParseXLSX("r.xlsx", buf.Bytes())
	if err == nil || !strings.Contains(err.Error(), "r.xlsx:Sheet1!A3: duplicate code") {
		t.Fatalf("err = %v, want the duplicate located at Sheet1!A3", err)
	}
	f.SetCellValue("Sheet1", "A3", "K2")
	buf.Reset()
	f.Write(&buf)
	r, err := ParseXLSX("r.xlsx", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if e, ok := r.Lookup("k2"); !ok || e.Name != "Phạm D" {
		t.Errorf("lookup k2 = %+v, %v", e, ok)
	}
}

func TestLoadByExtension(t *testing.T) {
	if _, err := Load(filepath.Join(t.TempDir(), "nope.csv")); err == nil {
		t.Error("missing file: want an error")
	}
}

func TestCodes(t *testing.T) {
	taken := map[string]bool{}
	codes, err := Codes(500, taken)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(codes), 500; got != want {
		t.Fatalf("len = %d, want %d", got, want)
	}
	seen := map[string]bool{}
	for _, c := range codes {
		if len(c) != CodeLength {
			t.Errorf("code %q has length %d", c, len(c))
		}
		if strings.ContainsAny(c, "0O1IlL") {
			t.Errorf("code %q has a look-alike character", c)
		}
		if seen[c] {
			t.Errorf("duplicate code %q", c)
		}
		seen[c] = true
		if NormalizeCode(c) != c {
			t.Errorf("code %q is not normalised", c)
		}
	}
	// every code is taken: the generator must skip them
	all := map[string]bool{}
	rnd := bytes.NewReader(bytes.Repeat([]byte{0}, 1000))
	if _, err := codesFrom(rnd, 2, all); err == nil {
		t.Error("a constant random source gave two distinct codes")
	}
}

func TestWriteCSVRoundTrip(t *testing.T) {
	codes, _ := Codes(3, nil)
	var buf bytes.Buffer
	if err := WriteCSV(&buf, codes, "Sở Tư pháp, tỉnh X"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"Sở Tư pháp, tỉnh X"`) {
		t.Errorf("unit not quoted: %s", buf.String())
	}
}

// Every roster problem reads in Vietnamese by default, at its line, and in
// English with the same location; no message key shows through.
func TestErrorsInBothLanguages(t *testing.T) {
	files := map[string]string{
		"empty.csv":   "\n",
		"header.csv":  "code,name,unit\n",
		"columns.csv": "code,name,Ghi chú,name\n",
		"rows.csv":    "Mã dự thi,Họ và tên,Đơn vị,public_key\nA1,,,\n\"A;1\",Lan,Sở Nội vụ,\nA1,An,Sở Nội vụ,not-a-key\n,Bình,Sở Tư pháp,\n",
		"quote.csv":   "code,name,unit\n\"A1,Lan\n",
	}
	for name, body := range files {
		_, err := ParseCSV(name, []byte(body))
		var fe format.Errors
		if !errors.As(err, &fe) || len(fe) == 0 {
			t.Fatalf("%s: err = %v, want format.Errors", name, err)
		}
		vi, en := fe.Text(i18n.VI), fe.Text(i18n.EN)
		if strings.Contains(vi, "roster.err") || strings.Contains(en, "roster.err") {
			t.Errorf("%s: a message key shows through:\n%s\n%s", name, vi, en)
		}
		if vi == en || !strings.HasPrefix(vi, name+":") {
			t.Errorf("%s: Vietnamese text %q (English %q)", name, vi, en)
		}
	}
	_, err := ParseCSV("rows.csv", []byte(files["rows.csv"]))
	var fe format.Errors
	errors.As(err, &fe)
	want := []string{
		"rows.csv:2: họ và tên (name) để trống",
		"rows.csv:2: đơn vị (unit) để trống",
		`rows.csv:3: mã dự thi "A;1" có ký tự thí sinh khó gõ chính xác`,
		`rows.csv:4: mã dự thi "A1" bị trùng (đã có ở dòng 2)`,
		"rows.csv:5: mã dự thi (code) để trống",
	}
	got := fe.Text(i18n.VI)
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in:\n%s", w, got)
		}
	}
}
