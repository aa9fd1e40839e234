package format_test

import (
	"bytes"
	"strings"
	"testing"

	"parquiz/questions/format"
	"parquiz/questions/par"
)

// TestDefaultLimitsAreFarAboveTheShippedBank: no field of the shipped PAR
// bank comes within a tenth of DefaultMaxCell, and written as CSV, GIFT
// or JSON no line does; the whole bank in any format is a small part of
// DefaultMaxSize. The defaults refuse only what no real bank holds.
func TestDefaultLimitsAreFarAboveTheShippedBank(t *testing.T) {
	qs, err := par.Load()
	if err != nil {
		t.Fatal(err)
	}
	longestField := 0
	for _, q := range qs {
		for _, s := range append([]string{q.Text, q.Explanation, q.Source, q.Topic, q.Title}, q.Accepted...) {
			longestField = max(longestField, len(s))
		}
		for _, c := range q.Choices {
			longestField = max(longestField, len(c.Text), len(c.Feedback))
		}
	}
	if longestField*10 > format.DefaultMaxCell {
		t.Errorf("a field of %d bytes is within a tenth of the %d-byte cell limit", longestField, format.DefaultMaxCell)
	}
	for _, name := range []string{"csv", "gift", "json", "xlsx"} {
		f, _ := format.Lookup(name)
		var buf bytes.Buffer
		if _, err := f.Write(&buf, qs); err != nil {
			t.Fatal(err)
		}
		if int64(buf.Len())*20 > format.DefaultMaxSize {
			t.Errorf("%s: the bank is %d bytes, within a twentieth of the size limit", name, buf.Len())
		}
		longestLine := 0
		if !f.Binary {
			for _, l := range strings.Split(buf.String(), "\n") {
				longestLine = max(longestLine, len(l))
			}
		}
		if longestLine*10 > format.DefaultMaxCell {
			t.Errorf("%s: a line of %d bytes is within a tenth of the limit", name, longestLine)
		}
		t.Logf("%s: %d questions in %d bytes, longest line %d bytes, longest field %d bytes", name, len(qs), buf.Len(), longestLine, longestField)
		if _, err := format.Read(f, "par."+name, buf.Bytes(), format.Options{}); err != nil {
			t.Errorf("%s: the bank does not read back within the default limits: %v", name, err)
		}
	}
}
