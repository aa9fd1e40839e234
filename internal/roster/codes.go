package roster

import (
	"crypto/rand"
	"fmt"
	"io"
	"math/big"
	"strings"
)

// CodeAlphabet is what generated codes are made of: upper-case letters and
// digits without the look-alikes 0/O, 1/I/L (l) and the B/8, S/5, Z/2 pairs
// that are easily confused when read aloud or off a badge.
const CodeAlphabet = "ACDEFGHJKMNPQRTUVWXY3479"

// CodeLength is the number of characters of a generated code. 24^6 ≈ 1.9e8
// codes, so guessing one of 200 contestants' codes at 5 tries per address
// before the server slows down is hopeless.
const CodeLength = 6

// Codes returns n distinct codes for a unit, each drawn uniformly from
// CodeAlphabet with crypto/rand and none of them in taken (normalised
// codes already in use). The unit is recorded by the caller; it does not
// change the codes, which must not be guessable from it.
func Codes(n int, taken map[string]bool) ([]string, error) {
	return codesFrom(rand.Reader, n, taken)
}

func codesFrom(rnd io.Reader, n int, taken map[string]bool) ([]string, error) {
	if n < 0 {
		return nil, fmt.Errorf("roster: cannot make %d codes", n)
	}
	seen := map[string]bool{}
	out := make([]string, 0, n)
	max := big.NewInt(int64(len(CodeAlphabet)))
	for tries := 0; len(out) < n; tries++ {
		if tries > 100*n+100 {
			return nil, fmt.Errorf("roster: could not find %d free codes", n)
		}
		var b strings.Builder
		for range CodeLength {
			i, err := rand.Int(rnd, max)
			if err != nil {
				return nil, fmt.Errorf("roster: random source: %w", err)
			}
			b.WriteByte(CodeAlphabet[i.Int64()])
		}
		c := b.String()
		if seen[c] || taken[c] {
			continue
		}
		seen[c] = true
		out = append(out, c)
	}
	return out, nil
}

// WriteCSV writes a roster template with n generated codes for unit, for
// the organiser to fill in the names: code,name,unit.
func WriteCSV(w io.Writer, codes []string, unit string) error {
	if _, err := io.WriteString(w, "code,name,unit\n"); err != nil {
		return err
	}
	for _, c := range codes {
		if _, err := fmt.Fprintf(w, "%s,,%s\n", c, csvField(unit)); err != nil {
			return err
		}
	}
	return nil
}

func csvField(s string) string {
	if strings.ContainsAny(s, ",\"\n;") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}
