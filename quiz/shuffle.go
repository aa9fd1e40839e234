package quiz

import (
	"hash/fnv"
	"math/rand/v2"
	"strconv"
)

// order returns the display order of n options (order[j] is the original
// index shown at position j). It depends only on the round's seed, the
// question and (per-contestant mode) the code, so a resumed contest shows
// every screen the same order as before.
func order(mode ShuffleMode, seed int64, ref QuestionRef, code string, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	if n < 2 || mode == ShuffleNone || mode == "" {
		return out
	}
	if mode != ShuffleContestant {
		code = ""
	}
	h := fnv.New64a()
	h.Write([]byte(strconv.Itoa(ref.Round) + "/" + strconv.Itoa(ref.Question) + "/" + normCode(code)))
	rng := rand.New(rand.NewPCG(uint64(seed), h.Sum64()))
	rng.Shuffle(n, func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}
