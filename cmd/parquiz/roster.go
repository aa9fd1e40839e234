package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"parquiz/internal/i18n"
	"parquiz/internal/roster"
)

func init() { commands = append(commands, newRosterCmd) }

func newRosterCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "roster",
		Short: "Danh sách thí sinh: kiểm tra, tạo mã dự thi / contestant roster: check, make codes",
		Args:  usageArgs(cobra.NoArgs),
	}
	var n int
	var unit, out, existing string
	codes := &cobra.Command{
		Use:   "codes --count N [--unit U] [--roster FILE] [-o FILE]",
		Short: "Tạo mã dự thi khó đoán, dễ gõ / make unguessable, easy-to-type codes",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if n <= 0 || n > 100000 {
				return usageError{errors.New(i18n.Parse(app.Lang).T("roster.count_range"))}
			}
			taken := map[string]bool{}
			if existing != "" {
				r, err := roster.Load(existing)
				if err != nil {
					return err
				}
				for _, e := range r.Entries {
					taken[e.Code] = true
				}
			}
			cs, err := roster.Codes(n, taken)
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			if out != "" {
				f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600) // login codes: the owner's only
				if err != nil {
					return fmt.Errorf("%w (choose another -o file; parquiz never overwrites a roster)", err)
				}
				defer f.Close()
				w = f
			}
			if err := roster.WriteCSV(w, cs, unit); err != nil {
				return err
			}
			if out != "" {
				fmt.Fprintln(cmd.ErrOrStderr(), i18n.Parse(app.Lang).T("roster.codes_written", n, out))
			}
			return nil
		},
	}
	codes.Flags().IntVarP(&n, "count", "n", 0, "how many codes")
	codes.Flags().StringVarP(&unit, "unit", "u", "", "unit (đơn vị) written beside each code")
	codes.Flags().StringVar(&existing, "roster", "", "existing roster whose codes must not be reused")
	codes.Flags().StringVarP(&out, "output", "o", "", "write a CSV roster template to FILE instead of stdout")

	var lf limitFlags
	check := &cobra.Command{
		Use:   "check FILE",
		Short: "Kiểm tra danh sách thí sinh / check a roster file",
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := roster.LoadWith(args[0], lf.limits())
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), i18n.Parse(app.Lang).T("roster.check_ok", args[0], r.Len(), len(r.Units())))
			return nil
		},
	}
	lf.add(check)
	cmd.AddCommand(codes, check)
	return cmd
}
