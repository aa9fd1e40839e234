package format

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// FuzzGIFT checks that the GIFT reader never panics, that what it rejects
// it rejects with located issues, that what Read accepts is valid, and that
// what it accepts survives a write and a second read unchanged.
func FuzzGIFT(f *testing.F) {
	files, _ := filepath.Glob("testdata/gift/*")
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	for _, s := range []string{
		"Q?{=a ~b}",
		"::T::Q?{~%50%a ~%50%b ~%-100%c####g}",
		"$CATEGORY: $course$/top/a/b\n\n// difficulty: 3\n// [tag:x\\]y]\nQ?{T#w#r}",
		"Q?{#\n=%50%3:1\n=3:0#ok\n~#no}",
		"Q?{#1..5}",
		"Grant is {=a ~b} in.",
		"[html]<p>a&amp;b<br>c</p>{=<b>x</b> ~y}",
		`a\{b\}\:\#\~\=\n\\{=x ~y}`,
		"Q{=a -> b =c -> d}",
		"Q{}\n\nQ\n\nQ{=a",
		"\xef\xbb\xbfQ?{F}\r\n\r\nR?{=x}",
		"Q?{~ ~b}",
		"Q?{=a\n\n~b}",
		"::a::b::{T}",
		"Q?{=%100%\\%x}",
		"Q?{TRUE####}",
		"Q?{T######}",
		"$FOO: x",
		"C\xe2u?{T}",
	} {
		f.Add([]byte(s))
	}
	gift, err := Lookup("gift")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := ReadGIFT("f.gift", data, Options{}); err != nil {
			giftCheckError(t, err)
		}
		fuzzLimits(t, gift, "f.gift", data)
		res, err := Read(gift, "f.gift", data, Options{})
		if err != nil {
			giftCheckError(t, err)
			return
		}
		if len(res.Lines) != len(res.Questions) {
			t.Fatalf("%d lines for %d questions", len(res.Lines), len(res.Questions))
		}
		text, _ := Decode("f.gift", data) // a lone CR ends a line too
		nlines := strings.Count(text, "\n") + 1
		for i, q := range res.Questions {
			if err := q.Validate(); err != nil {
				t.Fatalf("accepted an invalid question %+v: %v", q, err)
			}
			if l := res.Lines[i]; l < 1 || l > nlines || (i > 0 && l <= res.Lines[i-1]) {
				t.Fatalf("question %d on line %d of %d (lines %v)", i, l, nlines, res.Lines)
			}
		}
		var buf bytes.Buffer
		skipped, err := WriteGIFT(&buf, res.Questions)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Read(gift, "g.gift", buf.Bytes(), Options{})
		if err != nil {
			t.Fatalf("cannot read back what was written: %v\n%s", err, buf.String())
		}
		if len(back.Skipped) != 0 {
			t.Fatalf("read back skipped %v\n%s", back.Skipped, buf.String())
		}
		if got, want := len(back.Questions), len(res.Questions)-skipped; got != want {
			t.Fatalf("read back %d questions, want %d", got, want)
		}
		if skipped == 0 && !reflect.DeepEqual(back.Questions, res.Questions) {
			for i := range back.Questions {
				if !reflect.DeepEqual(back.Questions[i], res.Questions[i]) {
					t.Fatalf("round trip changed question %d:\ngot  %+v\nwant %+v\nfile:\n%s", i, back.Questions[i], res.Questions[i], buf.String())
				}
			}
		}
	})
}

// giftCheckError checks that a rejection is clean: a not-UTF-8 error, or
// Errors each naming the file and a line.
func giftCheckError(t *testing.T, err error) {
	t.Helper()
	if errors.Is(err, ErrNotUTF8) {
		return
	}
	var errs Errors
	if !errors.As(err, &errs) || len(errs) == 0 || len(errs) > MaxErrors {
		t.Fatalf("error %T %v is not a list of issues", err, err)
	}
	for _, is := range errs {
		if is.File != "f.gift" || is.Line < 1 || strings.TrimSpace(is.Msg) == "" {
			t.Fatalf("issue without a place or message: %+v", is)
		}
	}
}
