package questions

import "math"

// Response is what a contestant gave. Only the field for the question's
// kind is read.
type Response struct {
	Choices []int    // single (one index), multiple (the ticked indexes)
	Bool    *bool    // truefalse
	Number  *float64 // numeric
	Text    string   // short
}

// Empty reports whether r carries no answer at all.
func (r Response) Empty() bool {
	return len(r.Choices) == 0 && r.Bool == nil && r.Number == nil && FoldKey(r.Text) == ""
}

// Grade returns the share of the question's points that r earns, from 0 to
// 1. Multiple choice adds the weights of the ticked options (Moodle's rule)
// and clamps to 0..1; every other kind is right (1) or wrong (0). Indexes
// out of range and repeated indexes count as nothing.
func (q *Question) Grade(r Response) float64 {
	switch q.Kind {
	case KindSingle:
		if len(r.Choices) == 1 && inRange(r.Choices[0], len(q.Choices)) && q.Choices[r.Choices[0]].Correct {
			return 1
		}
	case KindMultiple:
		seen := map[int]bool{}
		sum := 0.0
		for _, i := range r.Choices {
			if !inRange(i, len(q.Choices)) || seen[i] {
				continue
			}
			seen[i] = true
			sum += q.Choices[i].Weight
		}
		return math.Max(0, math.Min(1, math.Round(sum*100)/10000))
	case KindTrueFalse:
		if r.Bool != nil && *r.Bool == q.Truth {
			return 1
		}
	case KindNumeric:
		if r.Number != nil {
			lo, hi := q.Number.Bounds()
			// a tiny epsilon so that 0.1+0.2 style keys are not lost to rounding
			const eps = 1e-9
			if *r.Number >= lo-eps && *r.Number <= hi+eps {
				return 1
			}
		}
	case KindShort:
		got := FoldKey(r.Text)
		if got == "" {
			return 0
		}
		for _, a := range q.Accepted {
			if FoldKey(a) == got {
				return 1
			}
		}
	}
	return 0
}

// IsCorrect reports whether r earns the full points.
func (q *Question) IsCorrect(r Response) bool { return q.Grade(r) >= 0.9999 }

func inRange(i, n int) bool { return i >= 0 && i < n }
