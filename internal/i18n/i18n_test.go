package i18n

import (
	"strings"
	"sync"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestEveryEntryHasBothLanguagesInNFC(t *testing.T) {
	for k, v := range All() {
		if strings.TrimSpace(v.VI) == "" || strings.TrimSpace(v.EN) == "" {
			t.Errorf("%s: missing a language: %+v", k, v)
		}
		if !norm.NFC.IsNormalString(v.VI) {
			t.Errorf("%s: Vietnamese text is not NFC", k)
		}
		if strings.Count(v.VI, "%")-2*strings.Count(v.VI, "%%") != strings.Count(v.EN, "%")-2*strings.Count(v.EN, "%%") {
			t.Errorf("%s: vi and en have different numbers of format verbs", k)
		}
	}
}

// addHello registers the test's key once, so the test can run again in
// the same process (go test -count=N): Add panics on a duplicate key.
var addHello sync.Once

func TestLookupAndFallback(t *testing.T) {
	addHello.Do(func() { Add(map[string]Text{"test.hello": {VI: "Xin chào %s", EN: "Hello %s"}}) })
	if got := VI.T("test.hello", "Lan"); got != "Xin chào Lan" {
		t.Errorf("vi = %q", got)
	}
	if got := EN.T("test.hello", "Lan"); got != "Hello Lan" {
		t.Errorf("en = %q", got)
	}
	if got := EN.T("test.missing"); got != "test.missing" {
		t.Errorf("missing key = %q, want the key", got)
	}
	if Parse("en") != EN || Parse("vi") != VI || Parse("") != VI {
		t.Error("Parse")
	}
}
