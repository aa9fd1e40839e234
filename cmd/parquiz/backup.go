package main

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"parquiz/internal/db"
	"parquiz/internal/i18n"
)

func init() { commands = append(commands, newBackupCmd) }

func newBackupCmd(app *App) *cobra.Command {
	var out string
	var force bool
	c := &cobra.Command{
		Use:   "backup -o FILE",
		Short: both("backup.cmd"),
		Long:  i18n.VI.T("backup.long") + "\n\n" + i18n.EN.T("backup.long"),
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			lang := i18n.Parse(app.Lang)
			if out == "" {
				return usageError{errors.New(lang.T("backup.usage.output"))}
			}
			info, err := db.Backup(cmd.Context(), app.DBPath, out, force)
			switch {
			case errors.Is(err, db.ErrBackupExists):
				return errors.New(lang.T("backup.exists", out))
			case errors.Is(err, db.ErrNoDatabase):
				return errors.New(lang.T("backup.nodb", app.DBPath))
			case err != nil:
				return err
			}
			contests, questions, latest := backupCounts(out)
			w := cmd.ErrOrStderr()
			fmt.Fprintln(w, lang.T("backup.done", app.DBPath, out, info.Bytes, contests, questions, info.Took.Round(1e6)))
			if latest > 0 {
				fmt.Fprintln(w, lang.T("backup.restore", out, latest, out))
			}
			return nil
		},
	}
	c.Flags().StringVarP(&out, "output", "o", "", both("backup.flag.output"))
	c.Flags().BoolVar(&force, "force", false, both("backup.flag.force"))
	return c
}

// backupCounts reads from the backup what it holds: contests, questions
// and the newest contest's number (zero for a table it does not have).
func backupCounts(path string) (contests, questions int, latest int64) {
	d, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return
	}
	defer d.Close()
	d.QueryRow(`SELECT count(*), COALESCE(max(id), 0) FROM contests`).Scan(&contests, &latest)
	d.QueryRow(`SELECT count(*) FROM questions`).Scan(&questions)
	return
}
