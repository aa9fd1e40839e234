package main

import (
	"context"
	"errors"
	"io/fs"
	"net"
	"os"
	"strings"

	"parquiz/internal/i18n"
	"parquiz/internal/roster"
	"parquiz/internal/server"
	"parquiz/internal/store"
	"parquiz/internal/tui"
	"parquiz/questions/bank"
	"parquiz/questions/format"
	"parquiz/quiz"
)

// organiser lets the home screen's "Tổ chức hội thi" check a contest and
// start it: it implements tui.Organiser over the open bank, the roster
// reader and the contest store of the database `parquiz` runs on.
type organiser struct {
	dbPath string
	lang   i18n.Lang
	bank   *bank.Bank
}

var _ tui.Organiser = (*organiser)(nil)

// Defaults fills the form with the files an organiser most likely means:
// contest.yaml and roster.csv in the working directory, else the
// examples that ship with the source.
func (o *organiser) Defaults() tui.ServeRequest {
	first := func(names ...string) string {
		for _, n := range names {
			if st, err := os.Stat(n); err == nil && st.Mode().IsRegular() {
				return n
			}
		}
		return ""
	}
	return tui.ServeRequest{
		Contest: first("contest.yaml", "examples/contest.yaml"),
		Roster:  first("roster.csv", "roster.xlsx", "examples/roster.csv"),
		Listen:  ":2222",
	}
}

// Contests lists the contests stored in the database.
func (o *organiser) Contests(ctx context.Context) ([]tui.StoredContest, error) {
	st, err := store.Open(o.dbPath)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	cs, err := st.Contests(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]tui.StoredContest, len(cs))
	for i, c := range cs {
		out[i] = tui.StoredContest{ID: c.ID, Title: c.Title, Records: c.Records, LastAt: c.LastAt, Ended: c.Ended}
	}
	return out, nil
}

// Check does what `parquiz serve` checks before it starts, and reports
// every problem at once, one per line, in the interface language.
func (o *organiser) Check(ctx context.Context, req tui.ServeRequest) error {
	lang := o.lang
	var problems []string
	add := func(s string) { problems = append(problems, strings.Split(s, "\n")...) }
	if req.Resume != 0 {
		st, err := store.Open(o.dbPath)
		if err != nil {
			return err
		}
		_, _, err = st.Load(ctx, req.Resume)
		st.Close()
		if err != nil {
			add(lang.T("tui.org.err.resume", req.Resume, err))
		}
	} else {
		cfg, ok := o.checkContest(ctx, req.Contest, add)
		people, rok := o.checkRoster(req.Roster, add)
		if ok {
			// the draw, once: with a good roster, the same preparation
			// serve does (the roster against the rounds, then the draw)
			var err error
			if rok {
				_, err = quiz.Prepare(ctx, cfg, people, o.bank)
			} else {
				_, err = quiz.DrawRounds(ctx, cfg, o.bank)
			}
			if ps := roundProblems(req.Contest, err); len(ps) > 0 {
				err = errors.Join(ps...)
			}
			if err != nil {
				add(explain(lang, err))
			}
		}
	}
	if req.AdminKeys != "" {
		if _, err := server.LoadAdminKeys(req.AdminKeys); err != nil {
			add(fileError(lang, req.AdminKeys, err))
		}
	}
	if req.Listen == "" {
		add(lang.T("tui.org.err.nolisten"))
	} else if l, err := net.Listen("tcp", req.Listen); err != nil {
		add(lang.T("tui.org.err.listen", req.Listen, err))
	} else {
		l.Close()
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "\n"))
	}
	return nil
}

// checkContest reads and checks the contest file against the bank, as
// `parquiz contest validate` does.
func (o *organiser) checkContest(ctx context.Context, name string, add func(string)) (quiz.Config, bool) {
	lang := o.lang
	if name == "" {
		add(lang.T("tui.org.err.nocontest"))
		return quiz.Config{}, false
	}
	data, err := quiz.ReadConfigFile(name)
	if len(quiz.ConfigErrors(err)) > 0 {
		add(explain(lang, err))
		return quiz.Config{}, false
	}
	if err != nil {
		add(fileError(lang, name, err))
		return quiz.Config{}, false
	}
	cfg, err := quiz.ParseConfig(name, data)
	if err != nil {
		add(explain(lang, err))
		return quiz.Config{}, false
	}
	// unknown topics and sets here; the draw itself comes with the roster
	problems, err := unknownDraws(ctx, name, cfg, o.bank)
	if err == nil && len(problems) > 0 {
		err = errors.Join(problems...)
	}
	if err != nil {
		add(explain(lang, err))
	}
	return cfg, true
}

func (o *organiser) checkRoster(name string, add func(string)) ([]quiz.Contestant, bool) {
	if name == "" {
		add(o.lang.T("tui.org.err.noroster"))
		return nil, false
	}
	rs, err := roster.Load(name)
	if err != nil {
		add(fileError(o.lang, name, err))
		return nil, false
	}
	return contestants(rs), true
}

// contestants are the roster's people as the engine knows them.
func contestants(rs *roster.Roster) []quiz.Contestant {
	people := make([]quiz.Contestant, 0, len(rs.Entries))
	for _, e := range rs.Entries {
		people = append(people, quiz.Contestant{Code: e.Code, Name: e.Name, Unit: e.Unit, Block: e.Block, PublicKey: e.PublicKey})
	}
	return people
}

// fileError says a file cannot be used: missing, unreadable, or what is
// wrong inside it.
func fileError(lang i18n.Lang, name string, err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return lang.T("tui.org.err.nofile", name)
	case errors.Is(err, fs.ErrPermission):
		return lang.T("tui.org.err.perm", name)
	}
	return explain(lang, err)
}

// explain renders an error in lang: contest-file problems as
// FILE:LINE: FIELD: message, roster and question-file problems as
// FILE:LINE: message, anything else as it is.
func explain(lang i18n.Lang, err error) string {
	if ces := quiz.ConfigErrors(err); len(ces) > 0 {
		lines := make([]string, len(ces))
		for i, ce := range ces {
			lines[i] = ce.Where() + lang.T(ce.Key, ce.Args...)
		}
		return strings.Join(lines, "\n")
	}
	var ferrs format.Errors
	if errors.As(err, &ferrs) {
		return ferrs.Text(lang)
	}
	return err.Error()
}
