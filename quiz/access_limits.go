package quiz

import "time"

// Limits are the SSH server's access limits as the contest file's
// `limits:` section gives them (internal/server.Limits says what each
// does). A zero field was not given and takes the server's default. They
// are kept with the stored plan, so `serve --resume` keeps them.
type Limits struct {
	CodeTries        int           `json:"code_tries,omitempty"`
	CodeDelay        time.Duration `json:"code_delay,omitempty"`
	CodeMaxDelay     time.Duration `json:"code_max_delay,omitempty"`
	AddrBudget       int           `json:"address_budget,omitempty"`
	AddrWindow       time.Duration `json:"address_window,omitempty"`
	AddrDelay        time.Duration `json:"address_delay,omitempty"`
	AddrMaxDelay     time.Duration `json:"address_max_delay,omitempty"`
	BoardTries       int           `json:"board_tries,omitempty"`
	BoardDelay       time.Duration `json:"board_delay,omitempty"`
	BoardBudget      int           `json:"board_budget,omitempty"`
	BoardSlow        time.Duration `json:"board_slow,omitempty"`
	MaxUnauth        int           `json:"max_unauthenticated,omitempty"`
	MaxUnauthPerAddr int           `json:"max_unauthenticated_per_address,omitempty"`
	QueueWait        time.Duration `json:"queue_wait,omitempty"`
	HandshakeTimeout time.Duration `json:"handshake_timeout,omitempty"`
	LoginTimeout     time.Duration `json:"login_timeout,omitempty"`
	LogEvery         time.Duration `json:"log_every,omitempty"`
}

// fileLimits is the `limits:` section; a nil field was not given.
type fileLimits struct {
	CodeTries        *int      `yaml:"code_tries"`
	CodeDelay        *duration `yaml:"code_delay"`
	CodeMaxDelay     *duration `yaml:"code_max_delay"`
	AddrBudget       *int      `yaml:"address_budget"`
	AddrWindow       *duration `yaml:"address_window"`
	AddrDelay        *duration `yaml:"address_delay"`
	AddrMaxDelay     *duration `yaml:"address_max_delay"`
	BoardTries       *int      `yaml:"board_tries"`
	BoardDelay       *duration `yaml:"board_delay"`
	BoardBudget      *int      `yaml:"board_budget"`
	BoardSlow        *duration `yaml:"board_slow"`
	MaxUnauth        *int      `yaml:"max_unauthenticated"`
	MaxUnauthPerAddr *int      `yaml:"max_unauthenticated_per_address"`
	QueueWait        *duration `yaml:"queue_wait"`
	HandshakeTimeout *duration `yaml:"handshake_timeout"`
	LoginTimeout     *duration `yaml:"login_timeout"`
	LogEvery         *duration `yaml:"log_every"`
}

func init() {
	configMessages["contest.err.limit"] = "must be between %v and %v, not %v"
	configMessages["contest.err.limit_order"] = "must not be less than %s (%v), not %v"
}

// config reads the section and checks each given value's range. Fields
// are named "limits.KEY".
func (fl *fileLimits) config() (Limits, []error) {
	var l Limits
	if fl == nil {
		return l, nil
	}
	var errs []error
	num := func(key string, v *int, lo, hi int, dst *int) {
		if v == nil {
			return
		}
		if *v < lo || *v > hi {
			errs = append(errs, cfgErr("limits."+key, "contest.err.limit", lo, hi, *v))
			return
		}
		*dst = *v
	}
	dur := func(key string, v *duration, lo, hi time.Duration, dst *time.Duration) {
		if v == nil {
			return
		}
		d := time.Duration(*v)
		if d < lo || d > hi {
			errs = append(errs, cfgErr("limits."+key, "contest.err.limit", lo, hi, d))
			return
		}
		*dst = d
	}
	num("code_tries", fl.CodeTries, 1, 100, &l.CodeTries)
	dur("code_delay", fl.CodeDelay, 100*time.Millisecond, time.Minute, &l.CodeDelay)
	dur("code_max_delay", fl.CodeMaxDelay, 100*time.Millisecond, 10*time.Minute, &l.CodeMaxDelay)
	num("address_budget", fl.AddrBudget, 10, 100000, &l.AddrBudget)
	dur("address_window", fl.AddrWindow, time.Minute, 24*time.Hour, &l.AddrWindow)
	dur("address_delay", fl.AddrDelay, time.Second, 10*time.Minute, &l.AddrDelay)
	dur("address_max_delay", fl.AddrMaxDelay, time.Second, time.Hour, &l.AddrMaxDelay)
	num("board_tries", fl.BoardTries, 1, 100, &l.BoardTries)
	dur("board_delay", fl.BoardDelay, 100*time.Millisecond, time.Minute, &l.BoardDelay)
	num("board_budget", fl.BoardBudget, 1, 10000, &l.BoardBudget)
	dur("board_slow", fl.BoardSlow, 100*time.Millisecond, 10*time.Minute, &l.BoardSlow)
	num("max_unauthenticated", fl.MaxUnauth, 1, 100000, &l.MaxUnauth)
	num("max_unauthenticated_per_address", fl.MaxUnauthPerAddr, 1, 100000, &l.MaxUnauthPerAddr)
	dur("queue_wait", fl.QueueWait, time.Second, 10*time.Minute, &l.QueueWait)
	dur("handshake_timeout", fl.HandshakeTimeout, 5*time.Second, 10*time.Minute, &l.HandshakeTimeout)
	dur("login_timeout", fl.LoginTimeout, 30*time.Second, 2*time.Hour, &l.LoginTimeout)
	dur("log_every", fl.LogEvery, time.Second, time.Hour, &l.LogEvery)
	order := func(key, lowKey string, lo, v any, bad bool) {
		if bad {
			errs = append(errs, cfgErr("limits."+key, "contest.err.limit_order", lowKey, lo, v))
		}
	}
	order("code_max_delay", "code_delay", l.CodeDelay, l.CodeMaxDelay, l.CodeDelay > 0 && l.CodeMaxDelay > 0 && l.CodeMaxDelay < l.CodeDelay)
	order("address_max_delay", "address_delay", l.AddrDelay, l.AddrMaxDelay, l.AddrDelay > 0 && l.AddrMaxDelay > 0 && l.AddrMaxDelay < l.AddrDelay)
	order("max_unauthenticated", "max_unauthenticated_per_address", l.MaxUnauthPerAddr, l.MaxUnauth, l.MaxUnauth > 0 && l.MaxUnauthPerAddr > 0 && l.MaxUnauth < l.MaxUnauthPerAddr)
	return l, errs
}
