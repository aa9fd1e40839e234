package quiz

import (
	"cmp"
	"slices"
)

// unitStandings ranks the units by the configured rule, then by
// participation rate; anything still level is tied.
func (s *state) unitStandings(d *derived) []UnitStanding {
	type member struct {
		code   string
		points int
	}
	byUnit := map[string][]member{}
	blocks := map[string]string{}
	var order []string
	for _, c := range s.roster {
		if _, seen := byUnit[c.Unit]; !seen {
			order = append(order, c.Unit)
			blocks[c.Unit] = c.Block
		} else if blocks[c.Unit] != c.Block {
			blocks[c.Unit] = ""
		}
		p := 0
		if !s.kicked[c.Code] {
			p = d.total[c.Code].points
		}
		byUnit[c.Unit] = append(byUnit[c.Unit], member{c.Code, p})
	}
	rule := s.plan.Config.Units
	var rows []UnitStanding
	for _, u := range order {
		ms := byUnit[u]
		row := UnitStanding{Unit: u, Block: blocks[u], Members: len(ms)}
		for _, m := range ms {
			if d.participated[m.code] && !s.kicked[m.code] {
				row.Participants++
			}
		}
		row.Participation = float64(row.Participants) / float64(row.Members)
		counted := ms
		if rule.Method == UnitBestK && rule.K > 0 {
			counted = slices.Clone(ms)
			slices.SortStableFunc(counted, func(a, b member) int { return cmp.Compare(b.points, a.points) })
			if len(counted) > rule.K {
				counted = counted[:rule.K]
			}
		}
		sum := 0
		for _, m := range counted {
			sum += m.points
			row.Counted = append(row.Counted, m.code)
		}
		row.Score = float64(sum)
		if rule.Method == UnitAverage {
			row.Score = float64(sum) / float64(len(ms))
		}
		rows = append(rows, row)
	}
	by := func(k UnitKey, a, b UnitStanding) int {
		if k == UnitByScore {
			return cmp.Compare(b.Score, a.Score)
		}
		return cmp.Compare(b.Participation, a.Participation)
	}
	keys := []UnitKey{UnitByScore, UnitByParticipation}
	slices.SortStableFunc(rows, func(a, b UnitStanding) int {
		for _, k := range keys {
			if c := by(k, a, b); c != 0 {
				return c
			}
		}
		return 0
	})
	for i := range rows {
		if i == 0 {
			rows[i].Rank = 1
			continue
		}
		var decided UnitKey
		for _, k := range keys {
			if by(k, rows[i-1], rows[i]) != 0 {
				decided = k
				break
			}
		}
		if decided == "" {
			rows[i].Rank, rows[i].Tied, rows[i-1].Tied = rows[i-1].Rank, true, true
		} else {
			rows[i].Rank, rows[i].Decided = i+1, decided
		}
	}
	return rows
}
