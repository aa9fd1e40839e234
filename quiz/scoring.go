package quiz

import (
	"math"
	"time"
)

// SpeedPoints is Kahoot's rule: round((1 - (t/limit)/2) * points) for a
// correct answer after t of a limit; under half a second earns full points,
// and t is capped at the limit, so a correct answer earns at least half.
func SpeedPoints(t, limit time.Duration, points int) int {
	if t < 500*time.Millisecond || limit <= 0 {
		return points
	}
	f := float64(t) / float64(limit)
	if f > 1 {
		f = 1
	}
	return int(math.Round((1 - f/2) * float64(points)))
}

// StreakBonus is the bonus for the n-th correct answer in a row: step per
// step after the first, capped (Kahoot: 100, 500).
func StreakBonus(n, step, cap int) int {
	if n < 2 || step <= 0 {
		return 0
	}
	b := (n - 1) * step
	if cap > 0 && b > cap {
		b = cap
	}
	return b
}

// tally sums one contestant's scored answers.
type tally struct {
	points, correct, answered int
	time                      time.Duration
	last                      time.Time
}

func (t *tally) add(a *answer, res AnswerResult) {
	t.points += res.Points
	if a != nil {
		t.answered++
		if a.at.After(t.last) {
			t.last = a.at
		}
	}
	if res.Correct {
		t.correct++
		if a != nil {
			t.time += a.elapsed
		}
	}
}

// derived is everything computed from the answers and the host's
// decisions: recomputed from scratch whenever a decision changes (reveal,
// void, accept, override, revive, kick, target), so a void or an override
// needs no special bookkeeping.
type derived struct {
	total        map[string]*tally
	rounds       []map[string]*tally
	results      map[QuestionRef]map[string]AnswerResult
	alive        []map[string]bool // elimination rounds: who is still in
	participated map[string]bool
	prediction   map[string]*float64
	distance     map[string]*float64
	targets      []*float64
	scored       int            // scored questions outside prediction rounds
	baseCorrect  map[string]int // correct answers outside prediction rounds

	standings      []Standing
	roundStandings [][]Standing
	units          []UnitStanding
	place          map[string]int // code → index in standings
}

func (s *state) derived() *derived {
	if s.cache != nil {
		return s.cache
	}
	d := &derived{
		total:        map[string]*tally{},
		results:      map[QuestionRef]map[string]AnswerResult{},
		participated: map[string]bool{},
		prediction:   map[string]*float64{},
		distance:     map[string]*float64{},
		place:        map[string]int{},
	}
	for _, c := range s.roster {
		d.total[c.Code] = &tally{}
	}
	d.rounds = make([]map[string]*tally, len(s.rounds))
	d.alive = make([]map[string]bool, len(s.rounds))
	d.targets = make([]*float64, len(s.rounds))
	for ri, r := range s.rounds {
		if r.cfg.Kind != Prediction {
			s.scoreRound(d, ri)
		}
	}
	d.baseCorrect = map[string]int{}
	for code, t := range d.total {
		d.baseCorrect[code] = t.correct
	}
	for ri, r := range s.rounds {
		if r.cfg.Kind == Prediction {
			s.scoreRound(d, ri)
			s.predict(d, ri)
		}
	}
	s.cache = d
	d.standings = s.rank(d.total, d, -1)
	for i, row := range d.standings {
		d.place[row.Contestant.Code] = i
	}
	d.roundStandings = make([][]Standing, len(s.rounds))
	for ri := range s.rounds {
		d.roundStandings[ri] = s.rank(d.rounds[ri], d, ri)
	}
	d.units = s.unitStandings(d)
	return d
}

func (s *state) scoreRound(d *derived, ri int) {
	r := s.rounds[ri]
	per := map[string]*tally{}
	for _, c := range s.roster {
		per[c.Code] = &tally{}
	}
	d.rounds[ri] = per
	var alive map[string]bool
	if r.cfg.Kind == Elimination {
		alive = map[string]bool{}
		for _, c := range s.roster {
			alive[c.Code] = true
		}
		d.alive[ri] = alive
		s.applyRevives(r, -1, alive)
	}
	streak := map[string]int{}
	for qi, q := range r.qs {
		ref := QuestionRef{ri, qi}
		if q.shown && q.voided {
			res := map[string]AnswerResult{}
			for code := range q.answers {
				res[code] = AnswerResult{Voided: true}
			}
			d.results[ref] = res
		}
		if q.revealed && !q.voided {
			if r.cfg.Kind != Prediction {
				d.scored++
			}
			res := map[string]AnswerResult{}
			for _, c := range s.roster {
				code := c.Code
				a := q.answers[code]
				if alive != nil && !alive[code] && a == nil {
					continue // already out: not asked
				}
				x := s.result(r, q, code, a, streak)
				if a != nil {
					res[code] = x
					if r.cfg.Kind != Prediction {
						d.participated[code] = true
					}
				}
				per[code].add(a, x)
				d.total[code].add(a, x)
				if alive != nil && !x.Correct {
					alive[code] = false
				}
			}
			d.results[ref] = res
		}
		if alive != nil {
			s.applyRevives(r, qi, alive)
		}
	}
}

func (s *state) applyRevives(r *roundState, after int, alive map[string]bool) {
	for _, rv := range r.revives {
		if rv.after != after {
			continue
		}
		if rv.codes == nil {
			for code := range alive {
				alive[code] = true
			}
			continue
		}
		for _, code := range rv.codes {
			alive[code] = true
		}
	}
}

// result scores one contestant's answer (nil: no answer) to a revealed question.
func (s *state) result(r *roundState, q *qState, code string, a *answer, streak map[string]int) AnswerResult {
	if a == nil {
		streak[code] = 0
		return AnswerResult{}
	}
	var x AnswerResult
	grade := q.q.Grade(a.resp)
	for _, e := range q.extra {
		if sameResponse(&q.q, a.resp, e) {
			grade = 1
		}
	}
	if o, ok := q.overrides[code]; ok {
		x.Overridden = true
		grade = 0
		if o.correct {
			grade = 1
		}
	}
	x.Grade = grade
	x.Correct = grade >= 0.9999
	p := r.cfg.PointsFor(q.q.Difficulty)
	switch {
	case grade > 0 && r.cfg.Kind == Speed:
		x.Points = int(math.Round(float64(SpeedPoints(a.elapsed, r.cfg.TimeLimit, p)) * grade))
	case grade > 0:
		x.Points = int(math.Round(float64(p) * grade))
	default:
		x.Points = -r.cfg.Penalty
	}
	if r.cfg.Kind == Speed {
		if x.Correct {
			streak[code]++
			x.Bonus = StreakBonus(streak[code], r.cfg.StreakStep, r.cfg.StreakCap)
			x.Points += x.Bonus
		} else {
			streak[code] = 0
		}
	}
	return x
}

// predict fills the prediction round's target and everyone's distance.
func (s *state) predict(d *derived, ri int) {
	r := s.rounds[ri]
	if len(r.qs) == 0 {
		return
	}
	q := r.qs[0]
	var target *float64
	set := func(v float64) { target = &v }
	switch r.cfg.Target {
	case TargetHost:
		target = r.target
	case TargetKey:
		lo, hi := q.q.Number.Bounds()
		set((lo + hi) / 2)
	case TargetParticipants:
		if q.revealed {
			set(float64(len(d.participated)))
		}
	case TargetPerfect:
		if q.revealed {
			n := 0
			for _, c := range s.roster {
				if d.scored > 0 && d.baseCorrect[c.Code] == d.scored {
					n++
				}
			}
			set(float64(n))
		}
	}
	if r.target != nil {
		target = r.target // the host's figure wins when given
	}
	d.targets[ri] = target
	if !q.revealed || q.voided {
		return
	}
	for code, a := range q.answers {
		if a.resp.Number == nil {
			continue
		}
		v := *a.resp.Number
		d.prediction[code] = &v
		if target != nil {
			dist := math.Abs(v - *target)
			if old := d.distance[code]; old != nil {
				dist += *old
			}
			d.distance[code] = &dist
		}
	}
}
