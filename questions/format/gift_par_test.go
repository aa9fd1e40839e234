package format_test

import (
	"bytes"
	"reflect"
	"testing"

	"parquiz/questions/format"
	"parquiz/questions/par"
)

// The whole shipped PAR bank survives a GIFT export and import unchanged:
// kind, key, hash, topic, difficulty, source, explanation, tags, set and
// feedback.
func TestGIFTRoundTripDefaultBank(t *testing.T) {
	qs, err := par.Load()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	skipped, err := format.WriteGIFT(&buf, qs)
	if err != nil || skipped != 0 {
		t.Fatalf("WriteGIFT: skipped %d, %v", skipped, err)
	}
	gift, err := format.Lookup("gift")
	if err != nil {
		t.Fatal(err)
	}
	res, err := format.Read(gift, "par.gift", buf.Bytes(), format.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Questions) != len(qs) || len(res.Skipped) != 0 {
		t.Fatalf("read %d questions (%d skipped), wrote %d", len(res.Questions), len(res.Skipped), len(qs))
	}
	for i, want := range qs {
		want.ID = 0
		if got := res.Questions[i]; !reflect.DeepEqual(got, want) {
			t.Errorf("question %d:\ngot  %+v\nwant %+v", i, got, want)
		}
	}
}
