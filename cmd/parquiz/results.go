package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"parquiz/internal/i18n"
	"parquiz/internal/report"
	"parquiz/internal/store"
	"parquiz/quiz"
)

func init() { commands = append(commands, newResultsCmd) }

func newResultsCmd(app *App) *cobra.Command {
	var id int64
	var format, out string
	cmd := &cobra.Command{
		Use:   "results [--contest ID] --format csv|xlsx -o FILE",
		Short: "Xuất kết quả hội thi / export contest results",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			lang := i18n.Parse(app.Lang)
			if format != "csv" && format != "xlsx" {
				return usageError{errors.New("--format must be csv or xlsx")}
			}
			if out == "" {
				return usageError{errors.New("-o FILE is required")}
			}
			st, err := store.Open(app.DBPath)
			if err != nil {
				return err
			}
			defer st.Close()
			if id == 0 {
				cs, err := st.Contests(cmd.Context())
				if err != nil {
					return err
				}
				if len(cs) == 0 {
					return fmt.Errorf("no contest in %s yet (run parquiz serve first)", app.DBPath)
				}
				id = cs[0].ID
			}
			plan, recs, err := st.Load(cmd.Context(), id)
			if err != nil {
				return err
			}
			// Replaying the journal into an engine that writes nowhere
			// gives the results exactly as the contest left them.
			e, err := quiz.Restore(plan, recs, quiz.Options{Journal: &quiz.MemJournal{}})
			if err != nil {
				return fmt.Errorf("contest %d: %w", id, err)
			}
			files, err := report.Write(out, format, e.Results(), lang)
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.ErrOrStderr(), lang.T("results.written", strings.Join(files, ", ")))
			return nil
		},
	}
	cmd.Flags().Int64Var(&id, "contest", 0, "contest ID (printed by parquiz serve; default: the latest)")
	cmd.Flags().StringVar(&format, "format", "xlsx", "csv or xlsx")
	cmd.Flags().StringVarP(&out, "output", "o", "", "file to write (never overwritten)")
	return cmd
}
