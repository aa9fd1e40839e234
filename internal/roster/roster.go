// Package roster reads the list of contestants of a live contest from CSV
// or XLSX: a code (mã dự thi) each contestant types to log in, their name
// and unit (đơn vị), optionally a block (khối) and an SSH public key that
// logs them in without a code. It also generates codes for organisers who
// have none. All text is NFC; a file with any problem is refused whole, with
// every problem located by line (or sheet and cell).
package roster

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	gossh "golang.org/x/crypto/ssh"

	"github.com/xuri/excelize/v2"

	"parquiz/questions"
	"parquiz/questions/format"
)

// Entry is one contestant of the roster.
type Entry struct {
	Code  string // what the contestant types; compared after NormalizeCode
	Name  string // Họ và tên, NFC
	Unit  string // Đơn vị, NFC
	Block string // Khối (optional), NFC
	// PublicKey, when set, is the authorized_keys line that logs this
	// contestant in without a code.
	PublicKey string
	// Key is PublicKey parsed; nil when there is none.
	Key gossh.PublicKey
	// Line is where the entry was in the file (row number for XLSX).
	Line int
}

// Roster is the list of contestants, in file order.
type Roster struct {
	Entries []Entry
	byCode  map[string]int
}

// ErrInvalid is wrapped by every error about a roster's content; the
// concrete error is a format.Errors listing each problem with its line.
var ErrInvalid = errors.New("invalid roster")

// columns are the canonical column names and their header aliases, compared
// after questions.SearchKey (case and diacritics folded).
var columns = map[string][]string{
	"code":       {"code", "mã dự thi", "mã", "ma du thi", "số báo danh", "sbd", "mã thí sinh"},
	"name":       {"name", "họ và tên", "họ tên", "tên", "full name"},
	"unit":       {"unit", "đơn vị", "đơn vị công tác", "cơ quan"},
	"block":      {"block", "khối"},
	"public_key": {"public_key", "public key", "khóa công khai", "khoá công khai", "ssh key"},
}

func columnFor(header string) string {
	h := questions.SearchKey(header)
	for col, aliases := range columns {
		for _, a := range aliases {
			if questions.SearchKey(a) == h {
				return col
			}
		}
	}
	return ""
}

// NormalizeCode is how codes are compared: NFC, spaces and dashes removed,
// upper case. Contestants may type "ab-12 cd" for "AB12CD".
func NormalizeCode(s string) string {
	s = questions.NFC(strings.TrimSpace(s))
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '_', '\t':
			return -1
		}
		return r
	}, s)
	return strings.ToUpper(s)
}

// Lookup finds the entry for a code as typed by a contestant.
func (r *Roster) Lookup(code string) (Entry, bool) {
	i, ok := r.byCode[NormalizeCode(code)]
	if !ok {
		return Entry{}, false
	}
	return r.Entries[i], true
}

// ByKey finds the entry bound to an SSH public key.
func (r *Roster) ByKey(k gossh.PublicKey) (Entry, bool) {
	if k == nil {
		return Entry{}, false
	}
	m := k.Marshal()
	for _, e := range r.Entries {
		if e.Key != nil && bytes.Equal(e.Key.Marshal(), m) {
			return e, true
		}
	}
	return Entry{}, false
}

// Len is the number of contestants.
func (r *Roster) Len() int { return len(r.Entries) }

// Units lists the distinct units in file order.
func (r *Roster) Units() []string {
	seen := map[string]bool{}
	var out []string
	for _, e := range r.Entries {
		if !seen[e.Unit] {
			seen[e.Unit] = true
			out = append(out, e.Unit)
		}
	}
	return out
}

// Load reads a roster file, CSV or XLSX by its extension, within the
// default limits (format.DefaultMaxSize, format.DefaultMaxCell).
func Load(path string) (*Roster, error) { return LoadWith(path, format.Limits{}) }

// LoadWith is Load within lim: a file over lim.MaxSize is refused before
// it is read, a line or cell over lim.MaxCell before it is parsed, and a
// workbook that unzips to too much before it is unzipped.
func LoadWith(path string, lim format.Limits) (*Roster, error) {
	ext := strings.ToLower(filepath.Ext(path))
	name := filepath.Base(path)
	switch ext {
	case ".xlsx", ".csv", ".txt", ".tsv":
	default:
		return nil, fmt.Errorf("%s: %w: the roster must be a .csv or .xlsx file", name, ErrInvalid)
	}
	data, err := format.ReadFile(path, lim)
	if errors.Is(err, format.ErrLimit) {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	if err != nil {
		return nil, fmt.Errorf("roster: %w", err)
	}
	if ext == ".xlsx" {
		return ParseXLSXWith(name, data, lim)
	}
	return ParseCSVWith(name, data, lim)
}

// ParseCSV reads a roster from CSV text. The separator may be a comma, a
// semicolon (Excel in many locales) or a tab; it is taken from the header.
// A UTF-8 BOM is ignored; other encodings are refused with a hint.
func ParseCSV(name string, data []byte) (*Roster, error) {
	return ParseCSVWith(name, data, format.Limits{})
}

// ParseCSVWith is ParseCSV within lim.
func ParseCSVWith(name string, data []byte, lim format.Limits) (*Roster, error) {
	if err := format.CheckSize(name, data, lim); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	if err := format.CheckLines(name, data, lim); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	text, err := format.Decode(name, data)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	first, _, _ := strings.Cut(text, "\n")
	sep := ','
	switch {
	case strings.Count(first, ";") > strings.Count(first, ","):
		sep = ';'
	case strings.Count(first, "\t") > strings.Count(first, ","):
		sep = '\t'
	}
	if err := format.CheckCSVCells(name, text, sep, lim); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = sep
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	var rows [][]string
	var lines []int
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			line := 0
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return nil, fmt.Errorf("%w: %w", ErrInvalid, format.Errors{format.NewIssue(name, line, "", "roster.err.csv", err.Error())})
		}
		line, _ := cr.FieldPos(0)
		rows = append(rows, rec)
		lines = append(lines, line)
	}
	return build(name, rows, lines, nil)
}

// ParseXLSX reads a roster from the first sheet of an XLSX workbook.
func ParseXLSX(name string, data []byte) (*Roster, error) {
	return ParseXLSXWith(name, data, format.Limits{})
}

// ParseXLSXWith is ParseXLSX within lim.
func ParseXLSXWith(name string, data []byte, lim format.Limits) (*Roster, error) {
	f, err := format.OpenXLSX(name, data, lim)
	if errors.Is(err, format.ErrLimit) {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w: not a readable XLSX workbook: %w", name, ErrInvalid, err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fmt.Errorf("%s: %w: the workbook has no sheet", name, ErrInvalid)
	}
	rows, err := format.XLSXRows(name, f, sheets[0], sheets[0], int64(len(data)), lim)
	if errors.Is(err, format.ErrLimit) {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %w", name, ErrInvalid, err)
	}
	cell := func(row, col int) string {
		c, _ := excelize.CoordinatesToCellName(col+1, row)
		return sheets[0] + "!" + c
	}
	lines := make([]int, len(rows))
	var errs format.Errors
	for i, row := range rows {
		lines[i] = i + 1
		for j, v := range row {
			if is := format.CheckCell(name, i+1, cell(i+1, j), v, lim); is != nil && len(errs) < format.MaxErrors {
				errs = append(errs, *is)
			}
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, errs)
	}
	return build(name, rows, lines, cell)
}

// build turns rows (the first non-empty one is the header) into a roster,
// collecting every problem.
func build(name string, rows [][]string, lines []int, cell func(row, col int) string) (*Roster, error) {
	var errs format.Errors
	add := func(line, col int, key string, args ...any) {
		if len(errs) >= format.MaxErrors {
			return
		}
		at := ""
		if cell != nil && col >= 0 {
			at = cell(line, col)
		}
		errs = append(errs, format.NewIssue(name, line, at, key, args...))
	}
	h := 0
	for h < len(rows) && blank(rows[h]) {
		h++
	}
	if h == len(rows) {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, format.Errors{format.NewIssue(name, 0, "", "roster.err.empty")})
	}
	idx := map[string]int{}
	for i, hd := range rows[h] {
		col := columnFor(hd)
		if col == "" {
			if strings.TrimSpace(hd) != "" {
				add(lines[h], i, "roster.err.unknown_column", strings.TrimSpace(hd))
			}
			continue
		}
		if _, dup := idx[col]; dup {
			add(lines[h], i, "roster.err.dup_column", strings.TrimSpace(hd))
			continue
		}
		idx[col] = i
	}
	for _, need := range []string{"code", "name", "unit"} {
		if _, ok := idx[need]; !ok {
			add(lines[h], -1, "roster.err.missing_column", need, columns[need][1])
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, errs)
	}
	get := func(row []string, col string) (string, int) {
		i, ok := idx[col]
		if !ok || i >= len(row) {
			return "", i
		}
		return row[i], i
	}
	r := &Roster{byCode: map[string]int{}}
	firstLine := map[string]int{}
	for k := h + 1; k < len(rows); k++ {
		row, line := rows[k], lines[k]
		if blank(row) {
			continue
		}
		code, ci := get(row, "code")
		name, ni := get(row, "name")
		unit, ui := get(row, "unit")
		block, _ := get(row, "block")
		pk, pi := get(row, "public_key")
		e := Entry{
			Code:  NormalizeCode(code),
			Name:  questions.CleanLine(name),
			Unit:  questions.CleanLine(unit),
			Block: questions.CleanLine(block),
			Line:  line,
		}
		switch {
		case e.Code == "":
			add(line, ci, "roster.err.empty_code")
		case strings.ContainsAny(e.Code, ",;\"'"):
			add(line, ci, "roster.err.bad_code", e.Code)
		default:
			if prev, dup := firstLine[e.Code]; dup {
				add(line, ci, "roster.err.dup_code", e.Code, prev)
			} else {
				firstLine[e.Code] = line
			}
		}
		if e.Name == "" {
			add(line, ni, "roster.err.empty_name")
		}
		if e.Unit == "" {
			add(line, ui, "roster.err.empty_unit")
		}
		if pk = strings.TrimSpace(pk); pk != "" {
			key, _, _, _, err := gossh.ParseAuthorizedKey([]byte(pk))
			if err != nil {
				add(line, pi, "roster.err.bad_key", err)
			} else {
				e.PublicKey, e.Key = pk, key
			}
		}
		r.byCode[e.Code] = len(r.Entries)
		r.Entries = append(r.Entries, e)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, errs)
	}
	if len(r.Entries) == 0 {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, format.Errors{format.NewIssue(name, lines[h], "", "roster.err.no_rows")})
	}
	return r, nil
}

func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
