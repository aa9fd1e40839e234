package report

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"parquiz/internal/i18n"
	"parquiz/quiz"
)

// ErrExists is returned instead of overwriting an existing result file.
var ErrExists = errors.New("file exists")

// TimeLayout is how server times are written: local time with
// milliseconds, which is what the jury compares answers by.
const TimeLayout = "2006-01-02 15:04:05.000"

// Formats are the result formats.
var Formats = []string{"csv", "xlsx"}

// Write writes the results to path in format ("csv" or "xlsx") and returns
// the files written. CSV writes path for the standings and one file per
// other sheet beside it (NAME_don_vi.csv, …). It never overwrites a file.
func Write(path, format string, res quiz.Results, lang i18n.Lang) ([]string, error) {
	sheets := Sheets(res, lang)
	switch format {
	case "xlsx":
		f, err := create(path)
		if err != nil {
			return nil, err
		}
		if err := WriteXLSX(f, sheets); err != nil {
			f.Close()
			os.Remove(path)
			return nil, err
		}
		return []string{path}, f.Close()
	case "csv":
		base := strings.TrimSuffix(path, filepath.Ext(path))
		paths := []string{path}
		for _, s := range sheets[1:] {
			paths = append(paths, base+"_"+s.Slug+".csv")
		}
		for _, p := range paths {
			if _, err := os.Stat(p); err == nil {
				return nil, fmt.Errorf("%s: %w (choose another -o)", p, ErrExists)
			}
		}
		for i, p := range paths {
			f, err := create(p)
			if err != nil {
				return paths[:i], err
			}
			if err := WriteCSV(f, sheets[i]); err != nil {
				f.Close()
				return paths[:i+1], err
			}
			if err := f.Close(); err != nil {
				return paths[:i+1], err
			}
		}
		return paths, nil
	}
	return nil, fmt.Errorf("unknown results format %q (use csv or xlsx)", format)
}

func create(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600) // results name people: the owner's only
	if errors.Is(err, os.ErrExist) {
		return nil, fmt.Errorf("%s: %w (choose another -o)", path, ErrExists)
	}
	return f, err
}

// WriteCSV writes one sheet as CSV with a UTF-8 BOM.
func WriteCSV(w io.Writer, s Sheet) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // what Excel writes and expects
	if err := cw.Write(s.Header); err != nil {
		return err
	}
	for _, row := range s.Rows {
		rec := make([]string, len(row))
		for i, c := range row {
			rec[i] = cellText(c)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func cellText(c any) string {
	switch v := c.(type) {
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case time.Time:
		return v.Local().Format(TimeLayout)
	case nil:
		return ""
	}
	return fmt.Sprint(c)
}

// WriteXLSX writes the sheets to one workbook, with a bold frozen header.
func WriteXLSX(w io.Writer, sheets []Sheet) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	timeStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd hh:mm:ss.000")})
	if err != nil {
		return err
	}
	for i, s := range sheets {
		name := sheetName(s.Name)
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return err
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		head := make([]any, len(s.Header))
		for j, h := range s.Header {
			head[j] = excelize.Cell{StyleID: bold, Value: h}
		}
		if err := sw.SetRow("A1", head); err != nil {
			return err
		}
		for r, row := range s.Rows {
			cells := make([]any, len(row))
			for j, c := range row {
				if t, ok := c.(time.Time); ok {
					// Excel has no time zones: write the local wall time.
					cells[j] = excelize.Cell{StyleID: timeStyle, Value: t.Local()}
				} else {
					cells[j] = c
				}
			}
			cell, _ := excelize.CoordinatesToCellName(1, r+2)
			if err := sw.SetRow(cell, cells); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	_, err = f.WriteTo(w)
	return err
}

// sheetName fits Excel's rules: at most 31 characters, none of []:*?/\.
func sheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '-'
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 31 {
		s = string(r[:31])
	}
	return s
}

func ptr[T any](v T) *T { return &v }
