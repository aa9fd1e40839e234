package format

// limits.go bounds what an imported file may hold — its size, the length of
// a line or a cell, what a workbook unzips to — so that a wrong file (a
// database dump, a log, a zip bomb) is refused at once, with a message that
// says where and how to raise the limit, instead of taking gigabytes of
// memory or printing a 200 MB cell.

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"parquiz/questions"
)

// Limits bound an imported file (question files and rosters). The zero
// value of a field means its default.
type Limits struct {
	// MaxSize is the most bytes a file may have (--max-size).
	MaxSize int64
	// MaxCell is the most bytes one line of a text file, one CSV or XLSX
	// cell, or one field of a question (text, explanation, an option…)
	// may have (--max-cell).
	MaxCell int
}

const (
	// DefaultMaxSize is far above any real bank: the shipped PAR bank is
	// 200 KB of JSON, and 10,000 questions with long explanations are
	// about 20 MB of CSV.
	DefaultMaxSize int64 = 64 << 20
	// DefaultMaxCell is 40 times the longest field of the shipped bank
	// (515 bytes) and 40 times its longest whole question (1.5 KB); Excel
	// itself holds at most 32,767 characters in a cell.
	DefaultMaxCell = 64 << 10

	// XLSXUnzipFactor: a workbook may unzip to at most this many times
	// MaxSize (128 MB by default).
	XLSXUnzipFactor = 2
	// XLSXMaxRatio: a workbook that unzips to more than XLSXRatioFloor
	// may do so at most this many times its own size. Real workbooks of
	// questions unzip 3 to 10 times; a zip bomb, thousands of times.
	XLSXMaxRatio = 100
	// XLSXRatioFloor is what any workbook may unzip to, whatever its ratio.
	XLSXRatioFloor = 16 << 20
	// xlsxXMLInMemory is the most of one sheet (or the shared strings)
	// excelize keeps in memory; a larger part goes to a temporary file.
	xlsxXMLInMemory = 16 << 20
)

// ErrLimit is wrapped (by an Errors) when a file is over one of the Limits.
var ErrLimit = errors.New("over an input limit")

// WithDefaults fills the zero fields with the defaults.
func (l Limits) WithDefaults() Limits {
	if l.MaxSize <= 0 {
		l.MaxSize = DefaultMaxSize
	}
	if l.MaxCell <= 0 {
		l.MaxCell = DefaultMaxCell
	}
	return l
}

// XLSXUnzipLimit is the most a workbook of size bytes may unzip to.
func (l Limits) XLSXUnzipLimit(size int64) int64 {
	l = l.WithDefaults()
	byRatio := max(XLSXRatioFloor, size*XLSXMaxRatio)
	return min(l.MaxSize*XLSXUnzipFactor, byRatio)
}

// limitIssue builds an issue that wraps ErrLimit.
func limitIssue(file string, line int, cell, key string, args ...any) Issue {
	is := NewIssue(file, line, cell, key, args...)
	is.err = ErrLimit
	return is
}

// ReadFile reads a file to import, refusing it before reading when it is
// larger than lim.MaxSize (and while reading, through an io.LimitReader,
// when it grows or is not a regular file). name is the file as the user
// gave it, for messages.
func ReadFile(path string, lim Limits) ([]byte, error) {
	lim = lim.WithDefaults()
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	tooBig := func(size int64) error {
		return Errors{limitIssue(path, 0, "", "format.limit.size",
			bytesize(size), bytesize(lim.MaxSize), suggestSize(size))}
	}
	buf := make([]byte, 0, 512)
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		if st.Size() > lim.MaxSize {
			return nil, tooBig(st.Size())
		}
		buf = make([]byte, 0, st.Size()+1) // the whole file in one buffer, as os.ReadFile
	}
	lr := io.LimitReader(f, lim.MaxSize+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if int64(len(buf)) > lim.MaxSize {
		return nil, tooBig(int64(len(buf)))
	}
	return buf, nil
}

// CheckSize refuses data larger than lim.MaxSize, for readers given bytes
// rather than a path.
func CheckSize(name string, data []byte, lim Limits) error {
	lim = lim.WithDefaults()
	if n := int64(len(data)); n > lim.MaxSize {
		return Errors{limitIssue(name, 0, "", "format.limit.size", bytesize(n), bytesize(lim.MaxSize), suggestSize(n))}
	}
	return nil
}

// CheckLines refuses a text file with a line longer than lim.MaxCell
// bytes, naming the first such line. It runs on the raw bytes before any
// decoding, so a file of one 200 MB line costs no more than its bytes.
// CRLF, LF and a lone CR each end a line, as Decode counts them.
func CheckLines(name string, data []byte, lim Limits) error {
	lim = lim.WithDefaults()
	line := 1
	for len(data) > 0 {
		i := bytes.IndexAny(data, "\r\n")
		n := i
		if i < 0 {
			n = len(data)
		}
		if n > lim.MaxCell {
			// the line's own length, up to its end
			return Errors{limitIssue(name, line, "", "format.limit.line",
				bytesize(n), bytesize(lim.MaxCell), suggestCell(n))}
		}
		if i < 0 {
			break
		}
		if data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n' {
			i++
		}
		data = data[i+1:]
		line++
	}
	return nil
}

// csvCellSpan is a field found by scanCSVCells: its 0-based column, the
// line it starts on and its length in bytes.
type csvCellSpan struct {
	col, line, size int
}

// scanCSVCells finds the first field of CSV text longer than max bytes
// (quotes included), following quoting as encoding/csv does, so that a
// quoted cell spanning many short lines is measured whole. It reports
// ok=false when every field fits. Quoting errors are left to encoding/csv.
func scanCSVCells(text string, sep rune, max int) (csvCellSpan, bool) {
	line, col, start, startLine := 1, 0, 0, 1
	inQuotes, atFieldStart := false, true
	end := func(i int) (csvCellSpan, bool) {
		if n := i - start; n > max {
			return csvCellSpan{col: col, line: startLine, size: n}, true
		}
		return csvCellSpan{}, false
	}
	for i := 0; i < len(text); {
		r, w := utf8.DecodeRuneInString(text[i:])
		switch {
		case inQuotes:
			if r == '"' {
				if i+1 < len(text) && text[i+1] == '"' {
					i += 2
					continue
				}
				inQuotes = false
			} else if r == '\n' {
				line++
			}
		case r == '"' && atFieldStart:
			inQuotes = true
		case r == sep:
			if s, bad := end(i); bad {
				return s, true
			}
			col++
			start, startLine = i+w, line
			atFieldStart = true
			i += w
			continue
		case r == '\n':
			if s, bad := end(i); bad {
				return s, true
			}
			line++
			col, start, startLine = 0, i+w, line
			atFieldStart = true
			i += w
			continue
		case r == ' ' || r == '\t':
			// TrimLeadingSpace: a quote may still open the field
			i += w
			continue
		}
		atFieldStart = false
		i += w
	}
	return end(len(text))
}

// CheckCSVCells refuses CSV text (decoded: LF line ends) with a field
// longer than lim.MaxCell, before encoding/csv reads it whole. It names
// the field's line and column, and the column's header when the first
// line is plain enough to split without a CSV reader.
func CheckCSVCells(name, text string, sep rune, lim Limits) error {
	lim = lim.WithDefaults()
	s, bad := scanCSVCells(text, sep, lim.MaxCell)
	if !bad {
		return nil
	}
	var header []string
	if first, _, _ := strings.Cut(text, "\n"); len(first) <= lim.MaxCell && !strings.Contains(first, `"`) {
		header = strings.Split(first, string(sep))
	}
	col := strconv.Itoa(s.col + 1)
	if s.line > 1 && s.col < len(header) && strings.TrimSpace(header[s.col]) != "" {
		col += " (" + strconv.Quote(clip(strings.TrimSpace(header[s.col]))) + ")"
	}
	return Errors{limitIssue(name, s.line, "", "format.limit.cell", verbatim(col),
		bytesize(s.size), bytesize(lim.MaxCell), suggestCell(s.size))}
}

// OpenXLSX opens a workbook after checking what it unzips to: at most
// lim.XLSXUnzipLimit(len(data)) bytes in all, from the sizes the zip
// declares (archive/zip refuses an entry that inflates past its declared
// size, so they cannot lie). A zip bomb is refused before anything is
// unzipped. excelize gets the same bound, and keeps a sheet over 16 MB in
// a temporary file rather than in memory.
func OpenXLSX(name string, data []byte, lim Limits) (*excelize.File, error) {
	lim = lim.WithDefaults()
	if err := CheckSize(name, data, lim); err != nil {
		return nil, err
	}
	limit := lim.XLSXUnzipLimit(int64(len(data)))
	if zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data))); err == nil {
		var total uint64
		for _, f := range zr.File {
			total += f.UncompressedSize64
			if total > uint64(limit) {
				break
			}
		}
		if total > uint64(limit) {
			size := int64(min(total, 1<<62))
			if byFactor := lim.MaxSize * XLSXUnzipFactor; limit == byFactor {
				return nil, Errors{limitIssue(name, 0, "", "format.limit.unzip",
					bytesize(size), bytesize(limit), XLSXUnzipFactor, bytesize(lim.MaxSize), suggestSize(size/XLSXUnzipFactor+1))}
			}
			return nil, Errors{limitIssue(name, 0, "", "format.limit.ratio",
				bytesize(size), bytesize(len(data)), XLSXMaxRatio)}
		}
	}
	// a file that is not a zip at all gets excelize's own error, below
	return excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    limit,
		UnzipXMLSizeLimit: min(limit, xlsxXMLInMemory),
	})
}

// CheckCell refuses one XLSX cell longer than lim.MaxCell; cell is its
// reference ("Sheet1!C7"), row its 1-based row.
func CheckCell(name string, row int, cell, value string, lim Limits) *Issue {
	lim = lim.WithDefaults()
	if len(value) <= lim.MaxCell {
		return nil
	}
	is := limitIssue(name, row, cell, "format.limit.xlsx_cell",
		bytesize(len(value)), bytesize(lim.MaxCell), suggestCell(len(value)))
	return &is
}

// checkFields refuses a question with a field longer than lim.MaxCell
// (GIFT and JSON, whose fields are not lines or cells), naming the field.
func checkFields(at Issue, fields []namedField, lim Limits) *Issue {
	lim = lim.WithDefaults()
	for _, f := range fields {
		if len(f.value) > lim.MaxCell {
			is := issueAt(at, msg("format.limit.field", verbatim(f.name),
				bytesize(len(f.value)), bytesize(lim.MaxCell), suggestCell(len(f.value))))
			is.err = ErrLimit
			return &is
		}
	}
	return nil
}

// bytesize is a message argument in bytes, which Message.Text prints as
// FormatSize does, with a decimal comma in Vietnamese.
type bytesize int64

// FormatSize prints a size in bytes as people read it in English: 200 MB,
// 64 KB, 1.5 MB… Units are binary (1 KB = 1024 bytes), as ParseSize
// reads them.
func FormatSize(n int64) string { return formatSize(n, '.') }

func formatSize(n int64, point byte) string {
	const k = 1024
	switch {
	case n < k:
		return strconv.FormatInt(n, 10) + " B"
	case n < k*k:
		return sizeUnit(n, k, "KB", point)
	case n < k*k*k:
		return sizeUnit(n, k*k, "MB", point)
	}
	return sizeUnit(n, k*k*k, "GB", point)
}

func sizeUnit(n, unit int64, name string, point byte) string {
	s := strconv.FormatFloat(float64(n)/float64(unit), 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	return strings.Replace(s, ".", string(point), 1) + " " + name
}

// suggestSize is a --max-size value that would take n bytes: the next
// power of two in MB.
func suggestSize(n int64) verbatim {
	return verbatim(strconv.FormatInt(nextPow2((n+(1<<20)-1)>>20), 10) + "MB")
}

// suggestCell is a --max-cell value that would take n bytes: the next
// power of two in KB, or in MB from 1024 KB.
func suggestCell(n int) verbatim {
	kb := nextPow2(int64(n+1023) >> 10)
	if kb >= 1024 {
		return verbatim(strconv.FormatInt(kb>>10, 10) + "MB")
	}
	return verbatim(strconv.FormatInt(kb, 10) + "KB")
}

func nextPow2(n int64) int64 {
	if n <= 1 {
		return 1
	}
	return 1 << bits.Len64(uint64(n-1))
}

// ParseSize reads a size for --max-size and --max-cell: a number of
// bytes, or a number with K, KB, KiB, M, MB, MiB, G, GB or GiB (any case;
// all binary, 1 KB = 1024 bytes).
func ParseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KIB", 1 << 10}, {"MIB", 1 << 20}, {"GIB", 1 << 30}, {"KB", 1 << 10}, {"MB", 1 << 20}, {"GB", 1 << 30}, {"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"B", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 || n > (1<<50)/mult {
		return 0, fmt.Errorf("%q is not a size: write a number of bytes or one with KB, MB or GB (64MB, 128KB)", s)
	}
	return n * mult, nil
}

// namedField is one text field of a question, named as the files name it.
type namedField struct{ name, value string }

// questionFields lists q's text fields for checkFields.
func questionFields(q *questions.Question) []namedField {
	fs := []namedField{
		{"text", q.Text}, {"title", q.Title}, {"explanation", q.Explanation},
		{"source", q.Source}, {"topic", q.Topic}, {"set", q.Set},
		{"true_feedback", q.TrueFeedback}, {"false_feedback", q.FalseFeedback},
	}
	for i, c := range q.Choices {
		l := questions.Letter(i)
		fs = append(fs, namedField{"choice " + l, c.Text}, namedField{"feedback " + l, c.Feedback})
	}
	for _, a := range q.Accepted {
		fs = append(fs, namedField{"answer", a})
	}
	for _, t := range q.Tags {
		fs = append(fs, namedField{"tags", t})
	}
	return fs
}

// XLSXRows reads a sheet's rows, as excelize's GetRows does (row i of the
// result is row i+1 of the sheet, cells as Excel shows them), but one row
// at a time, within a budget of cells: excelize pads a row with empty
// cells up to its last value, so one value in column XFD of each of
// 20,000 rows — a 100 KB file — would be 5 GB of empty strings. The budget
// is what the workbook may unzip to (Limits.XLSXUnzipLimit of its size)
// over 16 bytes, the size of one empty cell; a sheet past it is refused at
// the row where it ran out.
func XLSXRows(name string, f *excelize.File, sheet, ref string, size int64, lim Limits) ([][]string, error) {
	budget := lim.XLSXUnzipLimit(size) / 16
	cells := budget
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]string
	last := 0 // rows up to the last one with a value
	for n := 1; rows.Next(); n++ {
		cols, err := rows.Columns()
		if err != nil {
			return nil, err
		}
		k := len(cols)
		for k > 0 && cols[k-1] == "" {
			k--
		}
		cells -= int64(k) + 1 // the row itself costs a slice header
		if cells < 0 {
			return nil, Errors{limitIssue(name, n, fmt.Sprintf("%s!%d:%d", ref, n, n), "format.limit.xlsx_cells", budget)}
		}
		if k == 0 {
			out = append(out, nil)
			continue
		}
		if k < len(cols)/2 {
			cols = append([]string(nil), cols[:k]...)
		}
		out = append(out, cols[:k])
		last = len(out)
	}
	if err := rows.Error(); err != nil {
		return nil, err
	}
	return out[:last], nil
}
