package quiz

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"parquiz/questions"
)

// ContestantTopN is how many standings rows a contestant snapshot carries
// (their own row is always in MyView).
const ContestantTopN = 10

// questionView renders the current question for an audience.
func (s *state) questionView(aud Audience, code string, now time.Time) *QuestionView {
	r, q := s.cur()
	if q == nil || s.phase == PhaseRoundIntro || s.phase == PhaseRoundEnd {
		return nil
	}
	ref := QuestionRef{s.round, r.cur}
	v := &QuestionView{
		Ref: ref, Number: r.cur + 1, Total: len(r.qs),
		Kind: q.q.Kind, Text: q.q.Text, Topic: q.q.Topic, Difficulty: q.q.Difficulty,
		Points:  r.cfg.PointsFor(q.q.Difficulty),
		ShownAt: q.shownAt, OpensAt: q.opensAt,
		Paused: q.paused, Voided: q.voided, Revealed: q.revealed,
	}
	if s.phase == PhaseReading || s.phase == PhaseOpen {
		v.Remaining = s.remaining(q, now)
		if !q.paused {
			v.Deadline = q.deadline
		}
	}
	showKey := aud == ForHost || q.revealed
	// ord is the display order of the options for this audience.
	var ord []int
	if q.q.Kind.HasChoices() {
		ord = viewOrder(r.cfg, aud, ref, code, len(q.q.Choices))
	}
	if q.q.Kind.HasChoices() && s.phase != PhaseReading {
		var dist []int
		if showKey {
			dist = distribution(q)
		}
		for j, i := range ord {
			o := OptionView{Index: i, Letter: questions.Letter(j), Text: q.q.Choices[i].Text}
			if showKey {
				o.Correct = q.q.Choices[i].Correct || acceptedChoice(&q.q, q.extra, i)
				o.Count = dist[i]
			}
			v.Options = append(v.Options, o)
		}
	}
	if showKey {
		v.Key = &KeyView{
			Correct: q.q.Correct(), Truth: q.q.Truth, Number: q.q.Number, Accepted: slices.Clone(q.q.Accepted),
			Text: keyText(&q.q, q.extra, ord, "vi"), TextEN: keyText(&q.q, q.extra, ord, "en"),
			Explanation: q.q.Explanation, Source: q.q.Source,
			Extra: slices.Clone(q.extra),
		}
	}
	return v
}

// viewOrder is the order in which an audience sees a question's options
// (viewOrder[j] is the original index shown with letter j). A contestant
// sees the round's shuffle (their own with ShuffleContestant). With
// ShuffleAll the board and the host show that same single order, so the
// letter read out in the hall is the letter on every screen. With
// ShuffleContestant no shared order exists, so the board and the host show
// the bank's order: letters as in the bank, the key and the distribution
// per original option.
func viewOrder(rc RoundConfig, aud Audience, ref QuestionRef, code string, n int) []int {
	mode := rc.Shuffle
	if aud != ForContestant {
		code = ""
		if mode == ShuffleContestant {
			mode = ShuffleNone
		}
	}
	return order(mode, rc.Draw.Seed, ref, code, n)
}

// OptionOrder is the order in which an audience sees the options of
// question ref: OptionOrder[j] is the original option index shown with
// letter j (code is the contestant for ForContestant). It is what the
// snapshots use, so a host command can read the letters the host sees. It
// returns nil when ref is not a question with options.
func (p *Plan) OptionOrder(ref QuestionRef, aud Audience, code string) []int {
	if ref.Round < 0 || ref.Round >= len(p.Rounds) || ref.Round >= len(p.Config.Rounds) ||
		ref.Question < 0 || ref.Question >= len(p.Rounds[ref.Round]) {
		return nil
	}
	q := &p.Rounds[ref.Round][ref.Question]
	if !q.Kind.HasChoices() {
		return nil
	}
	return viewOrder(p.Config.Rounds[ref.Round], aud, ref, code, len(q.Choices))
}

// acceptedChoice reports whether the host accepted option i alone as an
// answer of a single-choice question (AcceptAnswer), so that screens mark
// it correct beside the key.
func acceptedChoice(q *questions.Question, extra []questions.Response, i int) bool {
	if q.Kind != questions.KindSingle {
		return false
	}
	for _, e := range extra {
		if len(e.Choices) == 1 && e.Choices[0] == i {
			return true
		}
	}
	return false
}

// keyText is the key as an audience reads it: for choice questions the
// letters of that audience's order (ord), then any answers the host
// accepted afterwards, joined by " | ".
func keyText(q *questions.Question, extra []questions.Response, ord []int, lang string) string {
	choices := func(idx []int) string {
		var parts []string
		for j, i := range ord {
			if slices.Contains(idx, i) {
				parts = append(parts, questions.Letter(j)+". "+q.Choices[i].Text)
			}
		}
		return strings.Join(parts, "; ")
	}
	var out []string
	if q.Kind.HasChoices() && len(ord) > 0 {
		out = append(out, choices(q.Correct()))
	} else {
		out = append(out, q.KeyText(lang))
	}
	for _, e := range extra {
		switch q.Kind {
		case questions.KindSingle, questions.KindMultiple:
			out = append(out, choices(e.Choices))
		case questions.KindTrueFalse:
			if e.Bool != nil {
				out = append(out, questions.TruthWord(*e.Bool, lang))
			}
		case questions.KindNumeric:
			if e.Number != nil {
				out = append(out, strconv.FormatFloat(*e.Number, 'f', -1, 64))
			}
		case questions.KindShort:
			out = append(out, e.Text)
		}
	}
	return strings.Join(out, " | ")
}

func (s *state) roundView(ri int, aud Audience) RoundView {
	r := s.rounds[ri]
	v := RoundView{
		Index: ri, Title: r.cfg.Title, Kind: r.cfg.Kind, Questions: len(r.qs),
		TimeLimit: r.cfg.TimeLimit, ReadTime: r.cfg.ReadTime, Points: r.cfg.Points,
	}
	for _, q := range r.qs {
		if q.shown {
			v.Played++
		}
	}
	d := s.derived()
	if r.cfg.Kind == Elimination {
		for code, ok := range d.alive[ri] {
			if ok && !s.kicked[code] {
				v.Alive++
			}
		}
		v.RevivesLeft = max(0, r.cfg.Revives-r.used)
	}
	if t := d.targets[ri]; t != nil && (aud == ForHost || r.ended || r.cfg.Target == TargetHost || r.cfg.Target == TargetKey && len(r.qs) > 0 && r.qs[0].revealed) {
		x := *t
		v.Target = &x
	}
	return v
}

func (s *state) myAnswer(q *qState, ref QuestionRef, code string) *MyAnswer {
	a := q.answers[code]
	if a == nil {
		return nil
	}
	m := &MyAnswer{Receipt: a.receipt(ref, code)}
	if res, ok := s.derived().results[ref][code]; ok {
		m.Result = &res
	}
	return m
}

// snapshot builds the picture for an audience (code: the contestant).
func (s *state) snapshot(aud Audience, code string, now time.Time) Snapshot {
	d := s.derived()
	cfg := s.plan.Config
	snap := Snapshot{
		Seq: s.seq, Now: now, Audience: aud, Phase: s.phase,
		Contest: ContestInfo{Title: cfg.Title, Organiser: cfg.Organiser, Date: cfg.Date, Rounds: len(s.rounds)},
	}
	for ri := range s.rounds {
		snap.Rounds = append(snap.Rounds, s.roundView(ri, aud))
	}
	if s.round >= 0 {
		rv := snap.Rounds[s.round]
		snap.Round = &rv
	}
	r, q := s.cur()
	snap.Question = s.questionView(aud, code, now)
	if q != nil && snap.Question != nil {
		snap.Paused = q.paused
		snap.Answered = len(q.answers)
		snap.Eligible = s.eligibleCount()
		if aud == ForHost || q.revealed {
			snap.Distribution = distribution(q)
		}
	}
	top := d.standings
	if aud == ForContestant && len(top) > ContestantTopN {
		top = top[:ContestantTopN]
	}
	snap.Standings = slices.Clone(top)
	snap.Units = slices.Clone(d.units)
	switch aud {
	case ForContestant:
		i := s.byCode[normCode(code)]
		c := s.roster[i]
		me := &MyView{Contestant: c, Kicked: s.kicked[c.Code], Of: len(d.standings)}
		if err := s.eligible(c.Code); err != nil && !me.Kicked {
			me.Eliminated = true
		}
		if p, ok := d.place[c.Code]; ok {
			me.Standing = d.standings[p]
		} else {
			me.Standing = Standing{Contestant: c, Kicked: me.Kicked}
		}
		if q != nil && snap.Question != nil {
			me.Answer = s.myAnswer(q, QuestionRef{s.round, r.cur}, c.Code)
		}
		snap.Me = me
	case ForHost:
		for _, c := range s.roster {
			cs := ContestantState{Contestant: c, Kicked: s.kicked[c.Code]}
			if err := s.eligible(c.Code); err != nil && !cs.Kicked {
				cs.Eliminated = true
			}
			if p, ok := d.place[c.Code]; ok {
				cs.Points, cs.Rank = d.standings[p].Points, d.standings[p].Rank
			}
			if q != nil && snap.Question != nil {
				cs.Answer = s.myAnswer(q, QuestionRef{s.round, r.cur}, c.Code)
			}
			snap.Contestants = append(snap.Contestants, cs)
		}
	}
	return snap
}

// results gathers the result sheets' data.
func (s *state) results(actions []Record) Results {
	d := s.derived()
	cfg := s.plan.Config
	cfg.BoardPassword = "" // results are shared with the jury; the password is not theirs
	res := Results{
		Contest:   ContestInfo{Title: cfg.Title, Organiser: cfg.Organiser, Date: cfg.Date, Rounds: len(s.rounds)},
		Config:    cfg,
		Roster:    slices.Clone(s.roster),
		Standings: slices.Clone(d.standings),
		Units:     slices.Clone(d.units),
		Actions:   actions,
	}
	for ri := range s.rounds {
		res.RoundStandings = append(res.RoundStandings, slices.Clone(d.roundStandings[ri]))
	}
	for ri, r := range s.rounds {
		for qi, q := range r.qs {
			if !q.shown {
				continue
			}
			ref := QuestionRef{ri, qi}
			qr := QuestionResult{Ref: ref, Question: q.q, Voided: q.voided, VoidReason: q.voidNote, OpenedAt: q.opensAt,
				Answers: len(q.answers), Distribution: distribution(q), Extra: slices.Clone(q.extra)}
			for _, code := range q.order {
				a := q.answers[code]
				ar := AnswerRecord{Receipt: a.receipt(ref, code)}
				if x, ok := d.results[ref][code]; ok {
					ar.Result = x
					if x.Correct {
						qr.CorrectCount++
					}
				}
				if o, ok := q.overrides[code]; ok {
					ar.OverrideReason = o.note
				}
				res.Answers = append(res.Answers, ar)
			}
			res.Questions = append(res.Questions, qr)
		}
	}
	return res
}
