package roster

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"parquiz/internal/i18n"
	"parquiz/questions/format"
)

// limitIssue checks that err is an invalid roster over a limit, with one
// issue, and returns it.
func limitIssue(t *testing.T, err error) format.Issue {
	t.Helper()
	if !errors.Is(err, ErrInvalid) || !errors.Is(err, format.ErrLimit) {
		t.Fatalf("error %v: want ErrInvalid and format.ErrLimit", err)
	}
	var errs format.Errors
	if !errors.As(err, &errs) || len(errs) != 1 {
		t.Fatalf("error %v is not one issue", err)
	}
	return errs[0]
}

func TestLoadSizeLimit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ds.csv")
	data := "code,name,unit\n" + strings.Repeat("AB12,Nguyễn Văn An,Sở Nội vụ\n", 50000)
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := LoadWith(path, format.Limits{MaxSize: 1 << 20})
	is := limitIssue(t, err)
	if s := is.Text(i18n.VI); !strings.Contains(s, "vượt giới hạn 1 MB") || !strings.Contains(s, "--max-size 2MB") {
		t.Errorf("got %s", s)
	}
	// the same file within the default limit is read (and refused for its duplicate codes)
	if _, err := Load(path); errors.Is(err, format.ErrLimit) || !errors.Is(err, ErrInvalid) {
		t.Errorf("within the default limit: %v", err)
	}
}

func TestCSVLineAndCellLimits(t *testing.T) {
	lim := format.Limits{MaxCell: 1024}
	_, err := ParseCSVWith("l.csv", []byte("code,name,unit\nA1,"+strings.Repeat("x", 5000)+",U\n"), lim)
	is := limitIssue(t, err)
	if is.Line != 2 || !strings.Contains(is.Text(i18n.EN), "the line is 4.9 KB long, over the 1 KB limit") {
		t.Errorf("got %s", is.Text(i18n.EN))
	}
	// a quoted name of many short lines
	_, err = ParseCSVWith("c.csv", []byte("code;name;unit\nA1;\""+strings.Repeat("tên\n", 400)+"\";U\n"), lim)
	is = limitIssue(t, err)
	if is.Line != 2 || !strings.Contains(is.Text(i18n.VI), `cột 2 ("name"): ô dài`) {
		t.Errorf("got %s", is.Text(i18n.VI))
	}
}

func TestXLSXCellLimitAndBomb(t *testing.T) {
	f := excelize.NewFile()
	for i, row := range [][]string{{"Mã dự thi", "Họ và tên", "Đơn vị"}, {"A1", strings.Repeat("Đ", 1000), "U"}} {
		for j, v := range row {
			c, _ := excelize.CoordinatesToCellName(j+1, i+1)
			f.SetCellValue("Sheet1", c, v)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	f.Close()
	book := buf.Bytes()
	_, err := ParseXLSXWith("r.xlsx", book, format.Limits{MaxCell: 1024})
	is := limitIssue(t, err)
	if is.Cell != "Sheet1!B2" {
		t.Errorf("at %q, want Sheet1!B2: %s", is.Cell, is)
	}
	if _, err := ParseXLSX("r.xlsx", book); err != nil {
		t.Errorf("within the default limit: %v", err)
	}

	// the same workbook with a sheet that unzips to 3 MB, against a 1 MB --max-size
	zr, _ := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		w, _ := zw.Create(zf.Name)
		if zf.Name == "xl/worksheets/sheet1.xml" {
			w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`))
			w.Write(bytes.Repeat([]byte(`<row><c t="inlineStr"><is><t>A</t></is></c></row>`), 3<<20/48))
			w.Write([]byte(`</sheetData></worksheet>`))
			continue
		}
		rc, _ := zf.Open()
		io.Copy(w, rc)
		rc.Close()
	}
	zw.Close()
	_, err = ParseXLSXWith("bomb.xlsx", out.Bytes(), format.Limits{MaxSize: 1 << 20})
	is = limitIssue(t, err)
	if s := is.Text(i18n.VI); !strings.Contains(s, "bomb.xlsx: bảng tính giải nén ra 3") || !strings.Contains(s, "zip bomb") {
		t.Errorf("got %s", s)
	}
}

func TestRosterMessagesClipValues(t *testing.T) {
	long := strings.Repeat("x", 300) + ","
	_, err := ParseCSV("r.csv", []byte("code,name,unit,"+strings.Repeat("y", 300)+"\nA1,An,U\n"+long))
	var errs format.Errors
	if !errors.As(err, &errs) {
		t.Fatalf("got %v", err)
	}
	s := errs.Text(i18n.VI)
	if strings.Contains(s, strings.Repeat("y", format.MaxQuoted+1)) || !strings.Contains(s, strings.Repeat("y", format.MaxQuoted)+"…") {
		t.Errorf("the header is not clipped: %s", s)
	}
}
