package quiz

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"testing"
)

// FuzzParseConfig checks that no contest file makes ParseConfig panic;
// that a refusal is a list of ConfigErrors, each naming the file, a line
// inside it (or none) and a message key with an English text, and that
// the whole refusal is ErrConfig; that an accepted file passes Validate
// and has rounds; and that parsing is deterministic (the same file gives
// the same Config or the same errors).
func FuzzParseConfig(f *testing.F) {
	for _, p := range []string{"../examples/contest.yaml"} {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	for _, s := range []string{
		"title: T\nrounds:\n  - kind: classic\n    draw: {count: 3}\n    time: 30s\n",
		"title: T\nrounds:\n  - kind: speed\n    draw: {mix: {dễ: 1, khó: 2}, kinds: [single, numeric]}\n    time: 1m30s\n    read: 5\n",
		"title: T\nrounds:\n  - kind: elimination\n    draw: {count: 2}\n    time: 10s\n    lives: 1\n",
		"title: T\nrounds:\n  - kind: prediction\n    time: 20s\n",
		"title: T\nunits: {method: best, k: 3}\ntie_break: [score, time]\nrounds: []\n",
		"title: T\nrounds:\n  - kind: classic\n    draw: {mix: {dễ: -1}}\n    time: -5s\n",
		"title: [\n",
		"rounds: 5\n",
		"\xef\xbb\xbftitle: x\nunknown: 1\n",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := ParseConfig("c.yaml", data)
		cfg2, err2 := ParseConfig("c.yaml", data)
		if (err == nil) != (err2 == nil) || (err != nil && err.Error() != err2.Error()) || !reflect.DeepEqual(cfg, cfg2) {
			t.Fatalf("two parses differ:\n%v\n%v", err, err2)
		}
		if err != nil {
			if !errors.Is(err, ErrConfig) {
				t.Fatalf("error %v is not ErrConfig", err)
			}
			ces := ConfigErrors(err)
			if len(ces) == 0 {
				t.Fatalf("error %v holds no ConfigError", err)
			}
			// lines as YAML counts them: CRLF, LF, a lone CR, NEL, LS and PS each end one
			lines := bytes.Count(data, []byte("\n")) + bytes.Count(data, []byte("\r")) - bytes.Count(data, []byte("\r\n")) + 1
			for _, br := range []string{"\u0085", "\u2028", "\u2029"} {
				lines += bytes.Count(data, []byte(br))
			}
			for _, ce := range ces {
				if ce.File != "c.yaml" || ce.Line < 0 || ce.Line > lines {
					t.Fatalf("error at %s:%d of a %d-line file: %v", ce.File, ce.Line, lines, ce)
				}
				if _, ok := configMessages[ce.Key]; !ok {
					t.Fatalf("error with key %q, which has no message: %v", ce.Key, ce)
				}
			}
			return
		}
		if len(cfg.Rounds) == 0 {
			t.Fatalf("accepted a contest without rounds: %+v", cfg)
		}
		if err := cfg.Validate(); err != nil {
			t.Fatalf("accepted a contest Validate refuses: %v", err)
		}
	})
}
