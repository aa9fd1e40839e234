package quiz

import (
	"cmp"
	"slices"
	"time"
)

// rank builds the standings from tallies (round -1: the whole contest).
func (s *state) rank(tallies map[string]*tally, d *derived, round int) []Standing {
	elimRound := round
	if round < 0 {
		elimRound = s.round
	}
	var rows []Standing
	for _, c := range s.roster {
		if s.kicked[c.Code] {
			continue
		}
		t := tallies[c.Code]
		row := Standing{Contestant: c, Points: t.points, Correct: t.correct, Answered: t.answered, Time: t.time, LastAnswer: t.last,
			Prediction: d.prediction[c.Code], Distance: d.distance[c.Code]}
		if elimRound >= 0 && elimRound < len(d.alive) && d.alive[elimRound] != nil {
			row.Eliminated = !d.alive[elimRound][c.Code]
		}
		rows = append(rows, row)
	}
	chain := s.plan.Config.TieBreak
	if len(chain) == 0 {
		chain = DefaultTieBreak
	}
	if round >= 0 && s.rounds[round].cfg.Kind == Elimination && (len(chain) == 0 || chain[0] != TieSurvival) {
		chain = append([]TieKey{TieSurvival}, chain...)
	}
	slices.SortStableFunc(rows, func(a, b Standing) int {
		for _, k := range chain {
			if c := compareOn(k, a, b); c != 0 {
				return c
			}
		}
		return cmp.Compare(a.Contestant.Code, b.Contestant.Code)
	})
	for i := range rows {
		if i == 0 {
			rows[i].Rank = 1
			continue
		}
		decided := TieKey("")
		for _, k := range chain {
			if compareOn(k, rows[i-1], rows[i]) != 0 {
				decided = k
				break
			}
		}
		if decided == "" {
			rows[i].Rank = rows[i-1].Rank
			rows[i].Tied = true
			rows[i-1].Tied = true
		} else {
			rows[i].Rank = i + 1
			rows[i].Decided = decided
		}
	}
	return rows
}

// compareOn orders a before b (negative) when a is better on key k.
func compareOn(k TieKey, a, b Standing) int {
	switch k {
	case TieScore:
		return cmp.Compare(b.Points, a.Points)
	case TieSurvival:
		return cmp.Compare(boolInt(a.Eliminated), boolInt(b.Eliminated))
	case TieCorrect:
		return cmp.Compare(b.Correct, a.Correct)
	case TiePrediction:
		switch {
		case a.Distance == nil && b.Distance == nil:
			return 0
		case a.Distance == nil:
			return 1
		case b.Distance == nil:
			return -1
		}
		return cmp.Compare(*a.Distance, *b.Distance)
	case TieTime:
		return cmp.Compare(a.Time, b.Time)
	case TieLastAnswer:
		return compareTimes(a.LastAnswer, b.LastAnswer)
	}
	return 0
}

// compareTimes puts earlier first and "never" (zero) last.
func compareTimes(a, b time.Time) int {
	switch {
	case a.IsZero() && b.IsZero():
		return 0
	case a.IsZero():
		return 1
	case b.IsZero():
		return -1
	}
	return a.Compare(b)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
