package questions

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strconv"
	"strings"
)

// ContentHash identifies a question by what it asks and what it accepts,
// not by where it came from: the kind, the folded stem, the options in an
// order-independent form with their weights, and the key. Two imports of the
// same question, with options shuffled or different spacing, hash the same.
// Topic, difficulty, source and explanation are left out on purpose.
func ContentHash(q *Question) string {
	h := sha256.New()
	w := func(s string) { h.Write([]byte(s)); h.Write([]byte{0}) }
	w(string(q.Kind))
	w(FoldKey(q.Text))
	switch q.Kind {
	case KindSingle, KindMultiple:
		opts := make([]string, len(q.Choices))
		for i, c := range q.Choices {
			mark := "0"
			if c.Correct {
				mark = "1"
			}
			if q.Kind == KindMultiple {
				mark += ":" + strconv.FormatFloat(c.Weight, 'f', 4, 64)
			}
			opts[i] = FoldKey(c.Text) + "\x01" + mark
		}
		sort.Strings(opts)
		w(strings.Join(opts, "\x02"))
	case KindTrueFalse:
		w(strconv.FormatBool(q.Truth))
	case KindNumeric:
		lo, hi := q.Number.Bounds()
		w(strconv.FormatFloat(lo, 'g', -1, 64) + ".." + strconv.FormatFloat(hi, 'g', -1, 64))
	case KindShort:
		acc := make([]string, len(q.Accepted))
		for i, a := range q.Accepted {
			acc[i] = FoldKey(a)
		}
		sort.Strings(acc)
		w(strings.Join(acc, "\x02"))
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}
