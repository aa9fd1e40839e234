package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"parquiz/internal/i18n"
	"parquiz/questions"
	"parquiz/questions/bank"
	"parquiz/quiz"
)

func init() { commands = append(commands, newContestCmd) }

func newContestCmd(app *App) *cobra.Command {
	c := &cobra.Command{
		Use:   "contest",
		Short: both("contest.cmd"),
		Args:  usageArgs(cobra.NoArgs),
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	c.AddCommand(newContestValidateCmd(app))
	return c
}

func newContestValidateCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "validate FILE",
		Short: both("contest.cmd.validate"),
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			lang := i18n.Parse(app.Lang)
			name := args[0]
			data, err := quiz.ReadConfigFile(name)
			if len(quiz.ConfigErrors(err)) > 0 {
				return printConfigErrors(cmd.ErrOrStderr(), lang, name, err)
			}
			if err != nil {
				return errors.New(lang.T("contest.read", name, err))
			}
			stderr := cmd.ErrOrStderr()
			cfg, err := quiz.ParseConfig(name, data)
			if err != nil {
				return printConfigErrors(stderr, lang, name, err)
			}
			b, err := openBank(cmd, app)
			if err != nil {
				return err
			}
			defer b.Close()
			plan, problems, err := checkAgainstBank(cmd.Context(), name, cfg, b)
			if err != nil {
				return err
			}
			if len(problems) > 0 {
				return printConfigErrors(stderr, lang, name, errors.Join(problems...))
			}
			printPlan(cmd.OutOrStdout(), lang, cfg, plan)
			n := 0
			for _, qs := range plan {
				n += len(qs)
			}
			fmt.Fprintln(cmd.OutOrStdout(), lang.T("contest.plan.ok", len(cfg.Rounds), n, app.DBPath))
			return nil
		},
	}
}

// printConfigErrors prints each problem as FILE:LINE: FIELD: message in
// the user's language and returns exit status 1.
func printConfigErrors(w io.Writer, lang i18n.Lang, name string, err error) error {
	fmt.Fprintln(w, explain(lang, err))
	fmt.Fprintln(w, lang.T("contest.invalid", name, max(1, len(quiz.ConfigErrors(err)))))
	return exitError{1}
}

// checkAgainstBank checks topics and sets exist and draws every round.
// Problems are *quiz.ConfigError values with the round's line.
func checkAgainstBank(ctx context.Context, name string, cfg quiz.Config, b *bank.Bank) ([][]questions.Question, []error, error) {
	problems, err := unknownDraws(ctx, name, cfg, b)
	if err != nil {
		return nil, nil, err
	}
	plan, err := quiz.DrawRounds(ctx, cfg, b)
	if err != nil {
		rps := roundProblems(name, err)
		if len(rps) == 0 {
			return nil, nil, err
		}
		problems = append(problems, rps...)
	}
	return plan, problems, nil
}

// unknownDraws names the topics and sets the rounds draw from that the
// bank does not have.
func unknownDraws(ctx context.Context, name string, cfg quiz.Config, b *bank.Bank) ([]error, error) {
	topics, err := b.Topics(ctx)
	if err != nil {
		return nil, err
	}
	sets, err := b.Sets(ctx)
	if err != nil {
		return nil, err
	}
	var problems []error
	for i, r := range cfg.Rounds {
		field := fmt.Sprintf("rounds[%d].draw", i+1)
		for _, t := range r.Draw.Topics {
			known := false
			for _, bt := range topics {
				if bt.Topic == t || strings.HasPrefix(bt.Topic, t+"/") {
					known = true
				}
			}
			if !known {
				problems = append(problems, &quiz.ConfigError{File: name, Line: r.Line, Field: field + ".topics", Key: "contest.err.unknown_topic", Args: []any{t}})
			}
		}
		for _, s := range r.Draw.Sets {
			known := false
			for _, bs := range sets {
				known = known || bs.Set == s
			}
			if !known {
				problems = append(problems, &quiz.ConfigError{File: name, Line: r.Line, Field: field + ".sets", Key: "contest.err.unknown_set", Args: []any{s}})
			}
		}
	}
	return problems, nil
}

// roundProblems turns the draws that failed in err (*quiz.RoundError) into
// *quiz.ConfigError values at their round's line; a shortage says how many
// questions the round needs and how many the bank has.
func roundProblems(name string, err error) []error {
	var rerrs []*quiz.RoundError
	var walk func(error)
	walk = func(err error) {
		switch e := err.(type) {
		case nil:
		case *quiz.RoundError:
			rerrs = append(rerrs, e)
		case interface{ Unwrap() []error }:
			for _, x := range e.Unwrap() {
				walk(x)
			}
		case interface{ Unwrap() error }:
			walk(e.Unwrap())
		}
	}
	walk(err)
	var problems []error
	for _, re := range rerrs {
		ce := &quiz.ConfigError{File: name, Line: re.Line, Field: fmt.Sprintf("rounds[%d].draw", re.Round+1), Key: "contest.err.draw", Args: []any{re.Err}}
		var ne *bank.NotEnoughError
		if errors.As(re.Err, &ne) {
			ce.Key, ce.Args = "contest.err.notenough", []any{ne.Want, ne.Have}
			if ne.Difficulty != 0 {
				ce.Field += ".mix." + [...]string{questions.Easy: "easy", questions.Medium: "medium", questions.Hard: "hard"}[ne.Difficulty]
				ce.Key = "contest.err.notenough_level"
			}
		}
		problems = append(problems, ce)
	}
	return problems
}

// printPlan prints the rounds with their drawn questions.
func printPlan(w io.Writer, lang i18n.Lang, cfg quiz.Config, plan [][]questions.Question) {
	fmt.Fprintln(w, lang.T("contest.plan.title", cfg.Title))
	if cfg.Organiser != "" || cfg.Date != "" {
		fmt.Fprintln(w, lang.T("contest.plan.organiser", cfg.Organiser, cfg.Date))
	}
	var chain []string
	for _, k := range cfg.TieBreak {
		chain = append(chain, string(k))
	}
	fmt.Fprintln(w, lang.T("contest.plan.tiebreak", strings.Join(chain, " → ")))
	units := string(cfg.Units.Method)
	if cfg.Units.Method == quiz.UnitBestK {
		units = fmt.Sprintf("best %d", cfg.Units.K)
	}
	fmt.Fprintln(w, lang.T("contest.plan.units", units))
	for i, r := range cfg.Rounds {
		fmt.Fprintln(w)
		pts := lang.T("contest.plan.points", r.Points)
		if len(r.PointsByDifficulty) > 0 {
			pts = lang.T("contest.plan.points_diff", r.PointsFor(questions.Easy), r.PointsFor(questions.Medium), r.PointsFor(questions.Hard))
		}
		fmt.Fprintln(w, lang.T("contest.plan.round", i+1, r.Title, lang.T("contest.kind."+string(r.Kind)), len(plan[i]), r.TimeLimit, r.ReadTime, pts))
		switch r.Kind {
		case quiz.Elimination:
			fmt.Fprintln(w, lang.T("contest.plan.elim", r.Revives, r.EndWhenLeft))
		case quiz.Speed:
			if r.StreakStep > 0 {
				fmt.Fprintln(w, lang.T("contest.plan.speed", r.StreakStep, r.StreakCap))
			}
		case quiz.Prediction:
			fmt.Fprintln(w, lang.T("contest.plan.target", string(r.Target)))
		}
		for j, q := range plan[i] {
			line := fmt.Sprintf("  %2d. [%s] %s — %s", j+1, lang.T(fmt.Sprintf("contest.diff.%d", q.Difficulty)), q.Topic, strings.Join(strings.Fields(q.Text), " "))
			fmt.Fprintln(w, ansi.Truncate(line, 110, "…"))
		}
	}
}
