package roster

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"parquiz/internal/i18n"
	"parquiz/questions/format"
)

// fuzzLim are small limits the roster fuzzers read with.
var fuzzLim = format.Limits{MaxSize: 1 << 16, MaxCell: 200}

// rosterSeeds are the seeds both roster fuzzers share, as CSV text.
var rosterSeeds = []string{
	"\xef\xbb\xbfMã dự thi;Họ và tên;Đơn vị;Khối\r\nab-12 cd;Nguyễn Văn An;Sở Nội vụ;Sở ngành\r\n\r\nXY34;Trần Thị Bình;UBND xã A;Xã\r\n",
	"code,name,unit,public_key\nA1,Lan,Sở Nội vụ," + edKey + "\n",
	"code\tname\tunit\nA1\tLan\tU\nA1\tAn\tV\n",
	"code,name,unit\n,Lan,U\nB\"2,An,\n",
	"SBD,Họ tên,Cơ quan,Ghi chú\nA1,Lan,U,x\n",
	"code,name,unit\n\"A1\nB\",\"Lan\",U\n",
	"code,name\nA1,Lan\n",
	"",
}

// checkRoster checks a parse: a refusal is ErrInvalid with located issues
// that render short; an acceptance has every entry with a normalised,
// unique code that Lookup finds, a name and a unit within the limits.
func checkRoster(t *testing.T, name string, r *Roster, err error, maxLine int) {
	t.Helper()
	if err != nil {
		if r != nil {
			t.Fatal("a roster and an error together")
		}
		if !errors.Is(err, ErrInvalid) {
			t.Fatalf("error %v is not ErrInvalid", err)
		}
		var errs format.Errors
		if errors.As(err, &errs) {
			if len(errs) == 0 || len(errs) > format.MaxErrors {
				t.Fatalf("%d issues", len(errs))
			}
			for _, is := range errs {
				if is.File != name || is.Line < 0 || is.Line > maxLine {
					t.Fatalf("issue at %s:%d of a %d-line file: %s", is.File, is.Line, maxLine, is)
				}
				for _, l := range []i18n.Lang{i18n.VI, i18n.EN} {
					if n := len(is.Text(l)); n > 4096 {
						t.Fatalf("a %d-byte message: a value is not clipped: %.300s", n, is.Text(l))
					}
				}
			}
		}
		return
	}
	if r.Len() == 0 {
		t.Fatal("accepted a roster with no contestant")
	}
	seen := map[string]bool{}
	for _, e := range r.Entries {
		if e.Code == "" || NormalizeCode(e.Code) != e.Code || seen[e.Code] {
			t.Fatalf("entry with a bad or repeated code %q", e.Code)
		}
		seen[e.Code] = true
		if got, ok := r.Lookup(e.Code); !ok || got.Line != e.Line {
			t.Fatalf("Lookup(%q) = %+v, %v", e.Code, got, ok)
		}
		if e.Name == "" || e.Unit == "" || e.Line < 1 || e.Line > maxLine {
			t.Fatalf("entry %+v", e)
		}
		for _, v := range []string{e.Code, e.Name, e.Unit, e.Block, e.PublicKey} {
			if len(v) > fuzzLim.MaxCell {
				t.Fatalf("a %d-byte value over the %d limit", len(v), fuzzLim.MaxCell)
			}
		}
		if (e.PublicKey == "") != (e.Key == nil) {
			t.Fatalf("entry %q: public key %q but parsed key %v", e.Code, e.PublicKey, e.Key)
		}
	}
}

// FuzzRosterCSV checks the CSV roster reader (see checkRoster), and that
// an accepted roster written back as CSV reads the same.
func FuzzRosterCSV(f *testing.F) {
	if data, err := os.ReadFile("../../examples/roster.csv"); err == nil {
		f.Add(data)
	}
	for _, s := range rosterSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := bytes.Count(data, []byte("\n")) + bytes.Count(data, []byte("\r")) + 1
		r, err := ParseCSVWith("f.csv", data, fuzzLim)
		checkRoster(t, "f.csv", r, err, lines)
		if err != nil {
			return
		}
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.Write([]string{"code", "name", "unit", "block", "public_key"})
		for _, e := range r.Entries {
			w.Write([]string{e.Code, e.Name, e.Unit, e.Block, e.PublicKey})
		}
		w.Flush()
		back, err := ParseCSVWith("g.csv", buf.Bytes(), format.Limits{})
		if err != nil {
			t.Fatalf("reading back %q: %v", buf.String(), err)
		}
		if back.Len() != r.Len() {
			t.Fatalf("read back %d entries, want %d", back.Len(), r.Len())
		}
		for i, e := range r.Entries {
			g := back.Entries[i]
			if g.Code != e.Code || g.Name != e.Name || g.Unit != e.Unit || g.Block != e.Block || g.PublicKey != e.PublicKey {
				t.Fatalf("entry %d changed: got %+v, want %+v", i, g, e)
			}
		}
	})
}

// FuzzRosterXLSX checks the XLSX roster reader: input starting with "PK"
// is a workbook's bytes (a broken zip must be refused, not panic); other
// input is CSV text, written cell by cell to a workbook. Either way the
// result passes checkRoster, and entries come in the rows' order.
func FuzzRosterXLSX(f *testing.F) {
	for _, s := range rosterSeeds {
		f.Add([]byte(s))
		if book, ok := rosterBook(s); ok {
			f.Add(book)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if bytes.HasPrefix(data, []byte("PK")) {
			r, err := ParseXLSXWith("f.xlsx", data, fuzzLim)
			if err != nil && !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v is not ErrInvalid", err)
			}
			if err == nil {
				checkRoster(t, "f.xlsx", r, nil, 1<<20)
			}
			return
		}
		if len(data) > 4096 {
			return
		}
		book, ok := rosterBook(string(data))
		if !ok {
			return
		}
		cr := csv.NewReader(strings.NewReader(string(data)))
		cr.FieldsPerRecord = -1
		rows, _ := cr.ReadAll()
		r, err := ParseXLSXWith("f.xlsx", book, fuzzLim)
		checkRoster(t, "f.xlsx", r, err, max(1, len(rows)))
		if err == nil {
			// every accepted row was a row of the sheet, in order
			for i, e := range r.Entries {
				if i > 0 && e.Line <= r.Entries[i-1].Line {
					t.Fatalf("entries out of order: %+v", r.Entries)
				}
			}
		}
	})
}

// rosterBook writes CSV text (comma-separated) cell by cell to a
// workbook; ok is false when the text is not CSV or excelize refuses it.
func rosterBook(text string) ([]byte, bool) {
	cr := csv.NewReader(strings.NewReader(text))
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil || len(rows) > 200 {
		return nil, false
	}
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		for j, v := range row {
			cell, err := excelize.CoordinatesToCellName(j+1, i+1)
			if err != nil {
				return nil, false
			}
			if err := f.SetCellStr("Sheet1", cell, v); err != nil {
				return nil, false
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, false
	}
	return buf.Bytes(), true
}
