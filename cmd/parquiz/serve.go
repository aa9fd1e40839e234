package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/log"
	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"
	gossh "golang.org/x/crypto/ssh"

	"parquiz/internal/hub"
	"parquiz/internal/i18n"
	"parquiz/internal/report"
	"parquiz/internal/roster"
	"parquiz/internal/server"
	"parquiz/internal/store"
	"parquiz/internal/tui/live"
	"parquiz/questions"
	"parquiz/quiz"
)

func init() { commands = append(commands, newServeCmd) }

type serveOpts struct {
	contest, roster, listen, adminKeys, boardPassword, dataDir string
	headless                                                   bool
	resume                                                     int64
}

func newServeCmd(app *App) *cobra.Command {
	var o serveOpts
	cmd := &cobra.Command{
		Use:   "serve --contest contest.yaml --roster roster.csv",
		Short: "Tổ chức hội thi trực tiếp qua SSH / run a live contest over SSH",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if o.resume == 0 && (o.contest == "" || o.roster == "") {
				return usageError{errors.New("serve needs --contest FILE and --roster FILE (or --resume ID)")}
			}
			return runServe(cmd, app, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.contest, "contest", "", "contest file (YAML)")
	f.StringVar(&o.roster, "roster", "", "roster file (CSV or XLSX: code, name, unit)")
	f.StringVar(&o.listen, "listen", ":2222", "SSH listen address")
	f.StringVar(&o.adminKeys, "admin-keys", "", "authorized_keys file of the keys that may log in as host")
	f.StringVar(&o.boardPassword, "board-password", "", "password for board@ (env PARQUIZ_BOARD_PASSWORD; default: board_password in the contest file; \"\" = none)")
	f.StringVar(&o.dataDir, "data-dir", "", "where the host key, logs and results go (default: beside --db)")
	f.Int64Var(&o.resume, "resume", 0, "resume stored contest ID after a stop or crash (an open question comes back paused)")
	f.BoolVar(&o.headless, "headless", false, "no host console on this terminal (drive the contest with ssh host@…)")
	return cmd
}

func runServe(cmd *cobra.Command, app *App, o serveOpts) error {
	lang := i18n.Parse(app.Lang)
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	stderr := cmd.ErrOrStderr()

	var err error
	var admins []gossh.PublicKey
	if o.adminKeys != "" {
		if admins, err = server.LoadAdminKeys(o.adminKeys); err != nil {
			return err
		}
	}
	// While this contest runs, no other process writes the bank in its
	// database (an import would hold SQLite's write lock for seconds).
	lock, err := lockServe(ctx, stderr, lang, app.DBPath, o.resume)
	if err != nil {
		return err
	}
	defer lock.Release()
	var plan *quiz.Plan
	if o.resume == 0 {
		if plan, err = preparePlan(cmd, app, o); err != nil {
			return errors.New(explain(lang, err))
		}
	}
	st, err := store.Open(app.DBPath)
	if err != nil {
		return err
	}
	defer st.Close()
	events := hub.New(0)
	subscribe := live.HubSubscriber(events)
	// Every state change and answer is committed to the SQLite journal
	// before the engine acknowledges it; --resume rebuilds from it.
	var eng *quiz.Engine
	var journal *store.Journal
	id := o.resume
	if id == 0 {
		id, eng, journal, err = st.Start(ctx, plan, quiz.Options{Publisher: events})
	} else {
		eng, journal, err = st.Resume(ctx, id, quiz.Options{Publisher: events})
	}
	if err != nil {
		return err
	}
	defer journal.Close()
	cfg := eng.Plan().Config
	if err := lock.served(id, cfg.Title); err != nil {
		return err
	}
	rosterLen := len(eng.Roster())
	boardPw := boardPassword(cmd.Flags().Changed("board-password"), o.boardPassword, os.Getenv("PARQUIZ_BOARD_PASSWORD"), cfg)

	if o.dataDir == "" {
		o.dataDir = filepath.Dir(app.DBPath)
	}
	contestDir, err := contestFolder(o.dataDir, app.DBPath, id, cfg.Title)
	if err != nil {
		return err
	}
	console := !o.headless && isatty.IsTerminal(os.Stdin.Fd()) && isatty.IsTerminal(os.Stdout.Fd())
	logOut := io.Writer(stderr)
	if console {
		// the console owns the terminal: logs go to a file
		lf, err := createLog(filepath.Join(contestDir, "serve.log"))
		if err != nil {
			return err
		}
		defer lf.Close()
		logOut = lf
	}
	logger := log.NewWithOptions(logOut, log.Options{ReportTimestamp: true, Prefix: "serve"})

	ticker := time.NewTicker(100 * time.Millisecond)
	defer ticker.Stop()
	go eng.Run(ctx, ticker.C)
	saveResults := func() {
		if err := writeJSONAtomic(filepath.Join(contestDir, "results.json"), eng.Results()); err != nil {
			logger.Error("save results", "err", err)
		}
	}
	saveResults()
	go func() {
		ev := subscribe("", true)
		defer ev.Close()
		for {
			select {
			case <-ctx.Done():
				return
			case e, ok := <-ev.C():
				if !ok {
					ev = subscribe("", true)
					continue
				}
				switch e.Kind {
				case quiz.EvStorageFault:
					logger.Error("storage fault: nothing is being saved; the contest is frozen until a retry commits", "cause", e.Note)
				case quiz.EvStorageOK:
					logger.Info("storage recovered; the question is paused for the host to resume", "record", e.Note)
				}
				switch e.Kind {
				case quiz.EvRevealed, quiz.EvStandings, quiz.EvRescored, quiz.EvRoundEnded, quiz.EvContestEnded, quiz.EvClosed:
					saveResults()
				}
			}
		}
	}()

	la := &live.App{Engine: eng, Subscribe: subscribe, Logger: logger, Lang: lang}
	la.Export = func(format string) ([]string, error) {
		saveResults()
		name := filepath.Join(contestDir, "ket-qua-"+time.Now().Format("20060102-150405")+"."+format)
		return report.Write(name, format, eng.Results(), lang)
	}
	srv, err := server.New(server.Config{Addr: o.listen, HostKeyPath: filepath.Join(o.dataDir, server.HostKeyFile),
		AdminKeys: admins, BoardPassword: boardPw, App: la, Logger: logger, Lang: lang, Limits: serverLimits(cfg.Limits)})
	if err != nil {
		return err
	}
	la.Seats = srv.Seats
	l, err := net.Listen("tcp", o.listen)
	if err != nil {
		return fmt.Errorf("listen %s: %w (is another parquiz serve running? choose another --listen)", o.listen, err)
	}
	info, welcome := connectInfo(lang, srv, l.Addr(), len(admins), boardPw != "", contestDir, rosterLen)
	for _, line := range info {
		fmt.Fprintln(stderr, line)
	}
	la.Welcome = welcome
	fmt.Fprintln(stderr, lang.T("serve.contest_id", id))
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(l) }()

	if console {
		m, cleanup := la.NewConsole(lipgloss.DefaultRenderer())
		p := tea.NewProgram(m, tea.WithAltScreen(), tea.WithMouseCellMotion(), tea.WithContext(ctx))
		_, err := p.Run()
		cleanup()
		if err != nil && !errors.Is(err, tea.ErrProgramKilled) {
			logger.Error("console", "err", err)
		}
	} else {
		select {
		case <-ctx.Done():
		case err := <-serveErr:
			if err != nil {
				return err
			}
		}
	}
	saveResults()
	shCtx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := srv.Shutdown(shCtx); err != nil {
		srv.Close()
	}
	printStopped(stderr, lang, id, eng)
	return nil
}

// boardPassword picks the password asked of board@: --board-password when
// given (even empty, which turns the file's password off), else
// PARQUIZ_BOARD_PASSWORD when set and not empty, else board_password from
// the contest file (kept in the stored plan, so --resume keeps it).
func boardPassword(flagSet bool, flag, env string, cfg quiz.Config) string {
	switch {
	case flagSet:
		return flag
	case env != "":
		return env
	}
	return cfg.BoardPassword
}

// preparePlan reads the contest and roster files and draws the questions
// from the bank.
func preparePlan(cmd *cobra.Command, app *App, o serveOpts) (*quiz.Plan, error) {
	b, err := openBank(cmd, app)
	if err != nil {
		return nil, err
	}
	defer b.Close()
	return preparePlanFor(cmd.Context(), o.contest, o.roster, b)
}

// preparePlanFor is preparePlan on an open bank.
func preparePlanFor(ctx context.Context, contest, rosterFile string, d quiz.Drawer) (*quiz.Plan, error) {
	data, err := quiz.ReadConfigFile(contest)
	if err != nil {
		return nil, err
	}
	cfg, err := quiz.ParseConfig(contest, data)
	if err != nil {
		return nil, err
	}
	rs, err := roster.Load(rosterFile)
	if err != nil {
		return nil, err
	}
	plan, err := quiz.Prepare(ctx, cfg, contestants(rs), d)
	if ps := roundProblems(contest, err); len(ps) > 0 {
		return nil, errors.Join(ps...)
	}
	return plan, err
}

// contestID names a contest's folder: its store ID and a slug of the title.
func contestID(id int64, title string) string {
	slug := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 32
		}
		return '-'
	}, questions.SearchKey(title))
	slug = strings.Trim(strings.Join(strings.FieldsFunc(slug, func(r rune) bool { return r == '-' }), "-"), "-")
	if len(slug) > 40 {
		slug = slug[:40]
	}
	return fmt.Sprintf("%d-%s", id, slug)
}

func writeJSONAtomic(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(path, data) // 0600, a fresh temporary file each time
}

// connectInfo is what serve prints at start: the host key fingerprint and
// the exact ssh commands, one set per address of this machine. welcome is
// the short form for the host console's log.
func connectInfo(lang i18n.Lang, srv *server.Server, addr net.Addr, admins int, boardPw bool, dir string, n int) (lines, welcome []string) {
	port := "2222"
	if ta, ok := addr.(*net.TCPAddr); ok {
		port = fmt.Sprint(ta.Port)
	}
	fp := lang.T("serve.fingerprint", server.Fingerprint(srv.HostKey))
	lines = append(lines, lang.T("serve.listening", addr.String(), n), fp)
	// the console's log shows its newest lines: the contestants' command
	// goes last, and host@ only when someone can use it
	welcome = append(welcome, fp)
	for i, h := range hostAddrs(addr) {
		roles := []string{
			fmt.Sprintf("%-28s ssh -p %s host@%s", lang.T("serve.role.host"), port, h),
			fmt.Sprintf("%-28s ssh -p %s board@%s", lang.T("serve.role.board"), port, h),
			fmt.Sprintf("%-28s ssh -p %s play@%s", lang.T("serve.role.play"), port, h),
		}
		for j, r := range roles {
			lines = append(lines, "  "+roles[len(roles)-1-j])
			if i == 0 && (j > 0 || admins > 0) {
				welcome = append(welcome, strings.Join(strings.Fields(r), " "))
			}
		}
	}
	if admins == 0 {
		lines = append(lines, lang.T("serve.no_admins"))
	}
	if boardPw {
		lines = append(lines, lang.T("serve.board_pw"))
	}
	lines = append(lines, lang.T("serve.dir", dir))
	return lines, welcome
}

func hostAddrs(addr net.Addr) []string {
	ta, ok := addr.(*net.TCPAddr)
	if ok && !ta.IP.IsUnspecified() {
		return []string{ta.IP.String()}
	}
	var out []string
	ifs, _ := net.InterfaceAddrs()
	for _, a := range ifs {
		if ipn, ok := a.(*net.IPNet); ok && ipn.IP.To4() != nil && !ipn.IP.IsLoopback() {
			out = append(out, ipn.IP.String())
		}
	}
	if len(out) == 0 {
		out = []string{"127.0.0.1"}
	}
	return out
}

// printStopped says what was and was not saved when serve stops.
func printStopped(w io.Writer, lang i18n.Lang, id int64, eng *quiz.Engine) {
	st := eng.Storage()
	if f := st.Fault; f != nil {
		fmt.Fprintln(w, lang.T("serve.stopped_fault", f.Cause, f.Since.Local().Format("15:04:05")))
	}
	fmt.Fprintln(w, lang.T("serve.stopped", id))
	fmt.Fprintln(w, lang.T("serve.stopped_saved", st.Committed, len(eng.Results().Answers)))
	if st.Refused > 0 {
		fmt.Fprintln(w, lang.T("serve.stopped_refused", st.Refused, st.Faults))
	}
}
