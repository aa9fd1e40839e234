// Command parquiz runs terminal quiz contests on public administration
// reform (CCHC): practice on this terminal, the question bank, and live
// contests over SSH. main only wires flags to constructors; the logic lives
// in the packages.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"parquiz/internal/db"
	"parquiz/internal/i18n"
	"parquiz/questions/format"
)

// App carries the global flags to every subcommand.
type App struct {
	DBPath string // --db, PARQUIZ_DB, or the data dir
	Lang   string // --lang, PARQUIZ_LANG: vi (default) or en
}

// command builders, one per file (bank.go, contest.go, serve.go, …); each
// file adds its builder in init so that parts of the CLI can be built and
// tested independently.
var commands []func(*App) *cobra.Command

// usageError marks an error in how the command was called (exit 2).
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

// exitError carries an exit status with a message already printed.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

func newRoot(app *App) *cobra.Command {
	root := &cobra.Command{
		Use:   "parquiz",
		Short: "Hội thi trắc nghiệm về cải cách hành chính trên terminal / terminal quiz contests on administrative reform",
		Long: `parquiz: thi trắc nghiệm về cải cách hành chính (CCHC) trên terminal — luyện tập,
ngân hàng câu hỏi, và hội thi trực tiếp qua SSH.
parquiz: terminal quiz contests on public administration reform — practice,
the question bank, and live contests over SSH.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runHome(cmd, app)
		},
	}
	root.PersistentFlags().StringVar(&app.DBPath, "db", db.DefaultPath(), "SQLite database file (env PARQUIZ_DB)")
	root.PersistentFlags().StringVar(&app.Lang, "lang", envOr("PARQUIZ_LANG", "vi"), "interface language: vi or en (env PARQUIZ_LANG)")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		if app.Lang != "vi" && app.Lang != "en" {
			return usageError{fmt.Errorf("--lang must be vi or en, not %q", app.Lang)}
		}
		return nil
	}
	for _, c := range commands {
		root.AddCommand(c(app))
	}
	return root
}

// runHome is replaced by the TUI's entry point (home.go) when it is built.
var runHome = func(cmd *cobra.Command, app *App) error { return cmd.Help() }

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func main() { os.Exit(run(os.Args[1:])) }

// run executes the CLI and maps errors to exit statuses: 0 ok, 1 a user
// error (a one-line message saying what to fix), 2 a usage error.
func run(args []string) int { return runIO(args, os.Stdout, os.Stderr) }

// runIO is run with the command's output and error streams given, so tests
// can run the CLI in-process and read what it printed.
func runIO(args []string, stdout, stderr io.Writer) int {
	app := &App{}
	root := newRoot(app)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err == nil {
		return 0
	}
	var ee exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	var ferrs format.Errors
	if errors.As(err, &ferrs) {
		// located file problems (roster, question files): one per line, in
		// the interface language
		fmt.Fprintln(stderr, ferrs.Text(i18n.Parse(app.Lang)))
	} else {
		fmt.Fprintln(stderr, "parquiz:", err)
	}
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

// usageArgs wraps a cobra argument check so that its error exits with 2.
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return usageError{err}
		}
		return nil
	}
}
