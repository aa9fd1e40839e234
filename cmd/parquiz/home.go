package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"parquiz/internal/i18n"
	"parquiz/internal/practice"
	"parquiz/internal/tui"
	"parquiz/questions/bank"
	"parquiz/questions/par"
)

func init() { runHome = runApp }

// runApp is `parquiz` with no arguments: it opens (on first run creates)
// the database, loads the default PAR bank when the database has never
// had it, and runs the terminal app on this terminal.
func runApp(cmd *cobra.Command, app *App) error {
	lang := i18n.Parse(app.Lang)
	if !term.IsTerminal(os.Stdin.Fd()) || !term.IsTerminal(os.Stdout.Fd()) {
		return errors.New(lang.T("tui.cmd.noterm"))
	}
	ctx := context.Background()
	b, err := bank.Open(app.DBPath)
	if err != nil {
		return fmt.Errorf(lang.T("tui.cmd.opendb"), app.DBPath, err)
	}
	defer b.Close()
	// On an existing database this is one query; only the first run
	// imports the shipped questions.
	// (nothing is written while another process serves a contest from it)
	st, err := updateDefaultBank(ctx, app.DBPath, b, par.Version(), par.Load)
	if err != nil {
		return fmt.Errorf(lang.T("tui.cmd.loadbank"), app.DBPath, err)
	}
	loaded, res, u := st.loaded, st.res, st.update
	results, err := practice.Open(ctx, b.DB())
	if err != nil {
		return fmt.Errorf(lang.T("tui.cmd.opendb"), app.DBPath, err)
	}
	notice := ""
	switch {
	case loaded:
		notice = lang.T("tui.home.firstrun", app.DBPath, res.Imported)
	case u.Changed():
		notice = lang.T("bank.default_updated", u.Added, u.Removed)
	case st.postponed != nil:
		notice = servedText(lang, "files.served.default", st.postponed)
	}
	m := tui.New(tui.Config{
		Bank:      b,
		Results:   results,
		Lang:      lang,
		Renderer:  lipgloss.NewRenderer(os.Stdout),
		Notice:    notice,
		Organiser: &organiser{dbPath: app.DBPath, lang: lang, bank: b},
	})
	p := tea.NewProgram(m, append(tui.Options(), tea.WithContext(cmd.Context()))...)
	final, err := p.Run()
	if notice != "" {
		// The alternate screen is gone now; leave the notice in the scrollback.
		fmt.Fprintln(os.Stderr, notice)
	}
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		return err
	}
	if fm, ok := final.(tui.App); ok {
		if req, ok := fm.Serve(); ok {
			// "Tổ chức hội thi" checked a contest: run it here, with the
			// host console on this terminal.
			return runServe(cmd, app, serveOpts{contest: req.Contest, roster: req.Roster, listen: req.Listen,
				adminKeys: req.AdminKeys, resume: req.Resume})
		}
	}
	return nil
}
