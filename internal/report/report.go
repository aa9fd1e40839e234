// Package report turns a contest's results (quiz.Results) into the jury's
// sheets: the individual standings with the tie-break step that decided
// each place, the unit (đơn vị) standings, per-question statistics, the
// full answer log with server times, and the host's action log. XLSX puts
// them on one workbook's sheets; CSV writes one file per sheet (UTF-8 with
// a BOM, so Excel shows Vietnamese correctly).
package report

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"parquiz/internal/i18n"
	"parquiz/questions"
	"parquiz/quiz"
)

// Sheet is one table of the results.
type Sheet struct {
	// Name is the XLSX sheet name; Slug names the CSV file of the sheet.
	Name, Slug string
	Header     []string
	Rows       [][]any // string, int, float64 or time.Time cells
}

// Sheets builds every sheet of the results, headers in lang.
func Sheets(res quiz.Results, lang i18n.Lang) []Sheet {
	return []Sheet{
		standingsSheet(res, lang),
		unitsSheet(res, lang),
		questionsSheet(res, lang),
		answersSheet(res, lang),
		actionsSheet(res, lang),
	}
}

func headers(lang i18n.Lang, keys ...string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = lang.T("report.h." + k)
	}
	return out
}

// TieStep is the words for the tie-break step that put a row below the
// previous one.
func TieStep(s quiz.Standing, lang i18n.Lang) string {
	switch {
	case s.Tied:
		return lang.T("report.tie.tied")
	case s.Decided == "":
		return ""
	}
	return lang.T("report.tie." + string(s.Decided))
}

func standingsSheet(res quiz.Results, lang i18n.Lang) Sheet {
	sh := Sheet{Name: lang.T("report.sheet.standings"), Slug: "xep_hang",
		Header: headers(lang, "rank", "code", "name", "unit", "block", "points", "correct", "answered", "prediction", "distance", "time", "last", "decided", "note")}
	for _, s := range res.Standings {
		var note []string
		if s.Eliminated {
			note = append(note, lang.T("report.note.eliminated"))
		}
		if s.Kicked {
			note = append(note, lang.T("report.note.kicked"))
		}
		sh.Rows = append(sh.Rows, []any{
			s.Rank, s.Contestant.Code, s.Contestant.Name, s.Contestant.Unit, s.Contestant.Block,
			s.Points, s.Correct, s.Answered, optNum(s.Prediction), optNum(s.Distance),
			seconds(s.Time), optTime(s.LastAnswer), TieStep(s, lang), strings.Join(note, "; "),
		})
	}
	return sh
}

func unitsSheet(res quiz.Results, lang i18n.Lang) Sheet {
	sh := Sheet{Name: lang.T("report.sheet.units"), Slug: "don_vi",
		Header: headers(lang, "rank", "unit", "block", "score", "members", "participants", "participation", "decided")}
	for _, u := range res.Units {
		decided := ""
		switch {
		case u.Tied:
			decided = lang.T("report.tie.tied")
		case u.Decided != "":
			decided = lang.T("report.utie." + string(u.Decided))
		}
		sh.Rows = append(sh.Rows, []any{u.Rank, u.Unit, u.Block, round2(u.Score), u.Members, u.Participants, round2(u.Participation * 100), decided})
	}
	return sh
}

func questionsSheet(res quiz.Results, lang i18n.Lang) Sheet {
	sh := Sheet{Name: lang.T("report.sheet.questions"), Slug: "cau_hoi",
		Header: headers(lang, "round", "question", "text", "key", "answers", "correct_count", "share_correct", "distribution", "avg_time", "voided")}
	type agg struct {
		n   int
		sum time.Duration
	}
	times := map[quiz.QuestionRef]*agg{}
	for _, a := range res.Answers {
		g := times[a.Ref]
		if g == nil {
			g = &agg{}
			times[a.Ref] = g
		}
		g.n++
		g.sum += a.Elapsed
	}
	for _, q := range res.Questions {
		share := 0.0
		if q.Answers > 0 {
			share = round2(100 * float64(q.CorrectCount) / float64(q.Answers))
		}
		avg := 0.0
		if g := times[q.Ref]; g != nil && g.n > 0 {
			avg = seconds(g.sum / time.Duration(g.n))
		}
		var dist []string
		for i, n := range q.Distribution {
			dist = append(dist, fmt.Sprintf("%s: %d", questions.Letter(i), n))
		}
		voided := ""
		if q.Voided {
			voided = lang.T("report.note.voided", q.VoidReason)
		}
		qq := q.Question
		sh.Rows = append(sh.Rows, []any{q.Ref.Round + 1, q.Ref.Question + 1, qq.Text, qq.KeyText(string(lang)), q.Answers, q.CorrectCount, share, strings.Join(dist, "; "), avg, voided})
	}
	return sh
}

func answersSheet(res quiz.Results, lang i18n.Lang) Sheet {
	sh := Sheet{Name: lang.T("report.sheet.answers"), Slug: "nhat_ky_tra_loi",
		Header: headers(lang, "round", "question", "code", "name", "response", "received", "elapsed", "correct", "points", "note")}
	names := map[string]string{}
	for _, c := range res.Roster {
		names[c.Code] = c.Name
	}
	qs := map[quiz.QuestionRef]*questions.Question{}
	for i := range res.Questions {
		qs[res.Questions[i].Ref] = &res.Questions[i].Question
	}
	answers := append([]quiz.AnswerRecord(nil), res.Answers...)
	sort.SliceStable(answers, func(i, j int) bool { return answers[i].At.Before(answers[j].At) })
	for _, a := range answers {
		note := a.OverrideReason
		if a.Result.Voided {
			note = strings.TrimSpace(lang.T("report.note.voided", "") + " " + note)
		}
		sh.Rows = append(sh.Rows, []any{a.Ref.Round + 1, a.Ref.Question + 1, a.Code, names[a.Code], ResponseText(qs[a.Ref], a.Response, lang),
			a.At, seconds(a.Elapsed), yesNo(a.Result.Correct, lang), a.Result.Points, note})
	}
	return sh
}

func actionsSheet(res quiz.Results, lang i18n.Lang) Sheet {
	sh := Sheet{Name: lang.T("report.sheet.actions"), Slug: "thao_tac",
		Header: headers(lang, "seq", "received", "action", "by", "round", "question", "reason")}
	for _, r := range res.Actions {
		sh.Rows = append(sh.Rows, []any{int(r.Seq), r.At, string(r.Op), r.By, r.Round + 1, r.Question + 1, r.Note})
	}
	return sh
}

// ResponseText renders a response for people: option letters (original
// order), Đúng/Sai, the number or the typed text.
func ResponseText(q *questions.Question, r questions.Response, lang i18n.Lang) string {
	switch {
	case len(r.Choices) > 0:
		var ls []string
		for _, i := range r.Choices {
			ls = append(ls, questions.Letter(i))
		}
		return strings.Join(ls, ",")
	case r.Bool != nil:
		return questions.TruthWord(*r.Bool, string(lang))
	case r.Number != nil:
		return questions.FormatNumber(*r.Number)
	}
	return r.Text
}

func yesNo(b bool, lang i18n.Lang) string {
	if b {
		return lang.T("report.yes")
	}
	return lang.T("report.no")
}

func optNum(f *float64) any {
	if f == nil {
		return ""
	}
	return *f
}

func optTime(t time.Time) any {
	if t.IsZero() {
		return ""
	}
	return t
}

func seconds(d time.Duration) float64 { return round3(d.Seconds()) }

func round2(f float64) float64 { return float64(int64(f*100+0.5*sign(f))) / 100 }
func round3(f float64) float64 { return float64(int64(f*1000+0.5*sign(f))) / 1000 }

func sign(f float64) float64 {
	if f < 0 {
		return -1
	}
	return 1
}
