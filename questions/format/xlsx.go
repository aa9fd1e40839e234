package format

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"

	"parquiz/questions"
)

func init() {
	register(Format{Name: "xlsx", Exts: []string{".xlsx"}, Read: ReadXLSX, Write: WriteXLSX, Binary: true})
}

// xlsxSheetName is the sheet WriteXLSX writes.
const xlsxSheetName = "Questions"

// xlsxSheetRef renders a sheet name as Excel does in a reference: quoted
// ('Câu hỏi 2') when it holds anything but letters, digits, _ and ., or
// starts with a digit.
func xlsxSheetRef(sheet string) string {
	plain := sheet != ""
	for i, r := range sheet {
		if !(unicode.IsLetter(r) || r == '_' || r == '.' || (unicode.IsDigit(r) && i > 0)) {
			plain = false
			break
		}
	}
	if plain {
		return sheet
	}
	return "'" + strings.ReplaceAll(sheet, "'", "''") + "'"
}

// xlsxCell is "Sheet1!F7" for 0-based column col of 1-based row, or
// "Sheet1!7:7" (the whole row) when col < 0.
func xlsxCell(sheet string, col, row int) string {
	if col < 0 {
		return fmt.Sprintf("%s!%d:%d", xlsxSheetRef(sheet), row, row)
	}
	ref, err := excelize.CoordinatesToCellName(col+1, row)
	if err != nil {
		ref = strconv.Itoa(row)
	}
	return xlsxSheetRef(sheet) + "!" + ref
}

// ReadXLSX reads an Excel workbook: the first sheet, or opt.Sheet. The
// sheet has the same header and columns as CSV (see table.go); its first
// non-empty row is the header. Cells are read as Excel shows them (their
// number format applied), so a number cell "3" comes back as "3", not
// "3.0". Errors name the sheet and cell: FILE:Sheet1!F7: ….
func ReadXLSX(name string, data []byte, opt Options) (*Result, error) {
	fail := func(key string, a ...any) (*Result, error) {
		return nil, Errors{issuef(name, 0, key, a...)}
	}
	f, err := OpenXLSX(name, data, opt.Limits)
	if err != nil {
		if errors.Is(err, ErrLimit) {
			return nil, err
		}
		return fail("format.xlsx.open", err)
	}
	defer f.Close()

	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return fail("format.xlsx.no_sheets")
	}
	sheet := sheets[0]
	if opt.Sheet != "" {
		sheet = ""
		for _, s := range sheets {
			if questions.FoldKey(s) == questions.FoldKey(opt.Sheet) {
				sheet = s
				break
			}
		}
		if sheet == "" {
			quoted := make([]string, len(sheets))
			for i, s := range sheets {
				quoted[i] = strconv.Quote(clip(s))
			}
			return fail("format.xlsx.no_sheet", opt.Sheet, verbatim(strings.Join(quoted, ", ")))
		}
	}
	rows, err := XLSXRows(name, f, sheet, xlsxSheetRef(sheet), int64(len(data)), opt.Limits)
	if errors.Is(err, ErrLimit) {
		return nil, err
	}
	if err != nil {
		return fail("format.xlsx.read", sheet, err)
	}

	var errs Errors
	add := func(col, row int, m Message) {
		if len(errs) < MaxErrors {
			errs = append(errs, issueAt(Issue{File: name, Line: row, Cell: xlsxCell(sheet, col, row)}, m))
		}
	}
	for i, row := range rows {
		for j, v := range row {
			if is := CheckCell(name, i+1, xlsxCell(sheet, j, i+1), v, opt.Limits); is != nil && len(errs) < MaxErrors {
				errs = append(errs, *is)
			}
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	hr := 0
	for hr < len(rows) && tableEmpty(rows[hr]) {
		hr++
	}
	if hr == len(rows) {
		return fail("format.xlsx.empty", sheet, verbatim(strings.Join(tableHeaderNames(4), ", ")))
	}
	h, probs := tableParseHeader(rows[hr])
	for _, p := range probs {
		add(p.col, hr+1, p.msg)
	}
	if len(errs) > 0 {
		return nil, errs
	}

	res := &Result{}
	for i := hr + 1; i < len(rows); i++ {
		if h.empty(rows[i]) {
			continue
		}
		q, probs := h.row(rows[i])
		for _, p := range probs {
			add(p.col, i+1, p.msg)
		}
		if len(probs) == 0 {
			res.Questions = append(res.Questions, q)
			res.Lines = append(res.Lines, i+1)
			res.Cells = append(res.Cells, xlsxCell(sheet, h.col[tableQuestion], i+1))
		}
		if len(errs) >= MaxErrors {
			break
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return res, nil
}

// xlsxWidths are the column widths WriteXLSX sets, by header name
// (option columns use "a").
var xlsxWidths = map[string]float64{
	"question": 60, "a": 30, "answer": 12, "kind": 11, "topic": 28, "difficulty": 11,
	"source": 32, "explanation": 50, "tags": 20, "set": 16, "title": 20,
}

// WriteXLSX writes questions to a workbook with one sheet, "Questions":
// a bold, frozen header row (the same English header as WriteCSV), then
// one row per question, text wrapped, difficulty as a number. Like CSV it
// cannot hold per-option or true/false feedback, and skips (and counts) a
// question with an accepted answer or a tag containing "|".
func WriteXLSX(w io.Writer, qs []questions.Question) (int, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", xlsxSheetName); err != nil {
		return 0, err
	}
	bold, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
	})
	if err != nil {
		return 0, err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return 0, err
	}
	sw, err := f.NewStreamWriter(xlsxSheetName)
	if err != nil {
		return 0, err
	}
	nOpts := tableOptionColumns(qs)
	header := tableHeaderNames(nOpts)
	for i, hname := range header {
		wd, ok := xlsxWidths[hname]
		if !ok {
			wd = xlsxWidths["a"]
		}
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return 0, err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return 0, err
	}
	row := make([]any, len(header))
	for i, hname := range header {
		row[i] = excelize.Cell{StyleID: bold, Value: hname}
	}
	if err := sw.SetRow("A1", row); err != nil {
		return 0, err
	}
	diffCol := -1
	for i, hname := range header {
		if hname == "difficulty" {
			diffCol = i
		}
	}
	skipped, r := 0, 2
	for i := range qs {
		rec, ok := tableRecord(&qs[i], nOpts)
		if !ok {
			skipped++
			continue
		}
		row := make([]any, len(rec))
		for j, v := range rec {
			var val any = v
			if n, err := strconv.Atoi(v); j == diffCol && err == nil {
				val = n // a number cell, so Excel does not flag "number stored as text"
			}
			row[j] = excelize.Cell{StyleID: wrap, Value: val}
		}
		cell, err := excelize.CoordinatesToCellName(1, r)
		if err != nil {
			return skipped, err
		}
		if err := sw.SetRow(cell, row); err != nil {
			return skipped, fmt.Errorf("question %d: %w", i+1, err)
		}
		r++
	}
	if err := sw.Flush(); err != nil {
		return skipped, err
	}
	return skipped, f.Write(w)
}
