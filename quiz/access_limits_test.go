package quiz

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

const limitsBase = "title: T\nrounds:\n  - kind: classic\n    time: 10s\n    draw: {count: 2}\n"

func TestParseLimits(t *testing.T) {
	cfg, err := ParseConfig("c.yaml", []byte(limitsBase))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Limits != (Limits{}) {
		t.Errorf("no limits: section: %+v, want all zero (the server's defaults)", cfg.Limits)
	}
	file := limitsBase + `limits:
  code_tries: 4
  code_delay: 2s
  code_max_delay: 1m
  address_budget: 500
  address_window: 15m
  address_delay: 5
  address_max_delay: 2m
  board_tries: 2
  board_delay: 1.5
  board_budget: 10
  board_slow: 10s
  max_unauthenticated: 800
  max_unauthenticated_per_address: 400
  handshake_timeout: 20s
  login_timeout: 3m
  log_every: 30s
`
	cfg, err = ParseConfig("c.yaml", []byte(file))
	if err != nil {
		t.Fatal(err)
	}
	want := Limits{CodeTries: 4, CodeDelay: 2 * time.Second, CodeMaxDelay: time.Minute,
		AddrBudget: 500, AddrWindow: 15 * time.Minute, AddrDelay: 5 * time.Second, AddrMaxDelay: 2 * time.Minute,
		BoardTries: 2, BoardDelay: 1500 * time.Millisecond, BoardBudget: 10, BoardSlow: 10 * time.Second,
		MaxUnauth: 800, MaxUnauthPerAddr: 400, HandshakeTimeout: 20 * time.Second, LoginTimeout: 3 * time.Minute, LogEvery: 30 * time.Second}
	if cfg.Limits != want {
		t.Errorf("limits = %+v\nwant     %+v", cfg.Limits, want)
	}
	// only what is given is set; the rest stays zero for the server's default
	cfg, err = ParseConfig("c.yaml", []byte(limitsBase+"limits:\n  login_timeout: 2m\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Limits != (Limits{LoginTimeout: 2 * time.Minute}) {
		t.Errorf("one key: %+v", cfg.Limits)
	}
}

func TestParseLimitsErrors(t *testing.T) {
	tests := []struct {
		yaml  string
		field string
		want  string
	}{
		{"  code_tries: 0\n", "limits.code_tries", "between 1 and 100, not 0"},
		{"  code_delay: 0s\n", "limits.code_delay", "between 100ms and 1m0s, not 0s"},
		{"  address_budget: 3\n", "limits.address_budget", "between 10 and 100000, not 3"},
		{"  handshake_timeout: 1s\n", "limits.handshake_timeout", "between 5s and 10m0s, not 1s"},
		{"  login_timeout: 5h\n", "limits.login_timeout", "between 30s and 2h0m0s, not 5h0m0s"},
		{"  max_unauthenticated: -1\n", "limits.max_unauthenticated", "between 1 and 100000, not -1"},
		{"  code_delay: 10s\n  code_max_delay: 5s\n", "limits.code_max_delay", "not be less than code_delay (10s), not 5s"},
		{"  address_delay: 30s\n  address_max_delay: 10s\n", "limits.address_max_delay", "not be less than address_delay"},
		{"  max_unauthenticated: 10\n  max_unauthenticated_per_address: 20\n", "limits.max_unauthenticated", "not be less than max_unauthenticated_per_address (20), not 10"},
		{"  login_timeout: soon\n", "", `"soon" is not a duration`},
		{"  code_tries: many\n", "", "cannot unmarshal"},
		{"  max_startups: 10\n", "", "field max_startups not found"},
	}
	for _, tt := range tests {
		_, err := ParseConfig("c.yaml", []byte(limitsBase+"limits:\n"+tt.yaml))
		if err == nil {
			t.Errorf("%q: accepted", tt.yaml)
			continue
		}
		ces := ConfigErrors(err)
		if len(ces) != 1 {
			t.Errorf("%q: %d errors: %v", tt.yaml, len(ces), err)
			continue
		}
		ce := ces[0]
		if ce.Field != tt.field || !strings.Contains(ce.Error(), tt.want) {
			t.Errorf("%q: error %q (field %q), want field %q and %q", tt.yaml, ce.Error(), ce.Field, tt.field, tt.want)
		}
		// every error names the line of the key
		if ce.Line < 7 {
			t.Errorf("%q: error at line %d, want the limits: section (7+): %v", tt.yaml, ce.Line, ce)
		}
	}
}

// TestLimitsKeptWithThePlan: the stored plan (JSON) keeps the limits, so
// --resume serves with them; a contest without them stores nothing new.
func TestLimitsKeptWithThePlan(t *testing.T) {
	cfg, err := ParseConfig("c.yaml", []byte(limitsBase+"limits:\n  code_tries: 3\n  login_timeout: 90s\n"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var back Config
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Limits != cfg.Limits {
		t.Errorf("after JSON: %+v, want %+v", back.Limits, cfg.Limits)
	}
	cfg.Limits = Limits{}
	b, _ = json.Marshal(cfg)
	if strings.Contains(string(b), "limits") {
		t.Errorf("a plan without limits stores %s", b)
	}
}
