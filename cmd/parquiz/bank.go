package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"parquiz/internal/i18n"
	"parquiz/questions"
	"parquiz/questions/bank"
	"parquiz/questions/format"
	"parquiz/questions/par"
)

func init() { commands = append(commands, newBankCmd) }

// defaultQuestions is the shipped bank loaded into a new database.
var defaultQuestions bank.Loader = par.Load

// both is a command's help text in Vietnamese and English (the language
// flag is not parsed yet when the commands are built).
func both(key string) string { return i18n.VI.T(key) + " / " + i18n.EN.T(key) }

func newBankCmd(app *App) *cobra.Command {
	c := &cobra.Command{
		Use:   "bank",
		Short: both("bank.cmd"),
		Args:  usageArgs(cobra.NoArgs),
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	c.AddCommand(newBankImportCmd(app), newBankExportCmd(app), newBankListCmd(app),
		newBankStatsCmd(app), newBankValidateCmd(app), newBankShowCmd(app))
	return c
}

// openBank opens the bank at --db, loading the default PAR questions the
// first time (and saying so, once, on stderr).
func openBank(cmd *cobra.Command, app *App) (*bank.Bank, error) {
	lang := i18n.Parse(app.Lang)
	b, err := bank.Open(app.DBPath)
	if err != nil {
		return nil, errors.New(lang.T("bank.open", app.DBPath, err))
	}
	// no write while another process serves a contest from this file
	st, err := updateDefaultBank(cmd.Context(), app.DBPath, b, par.Version(), defaultQuestions)
	if err != nil {
		b.Close()
		return nil, errors.New(lang.T("bank.default", app.DBPath, err))
	}
	if st.loaded {
		fmt.Fprintln(cmd.ErrOrStderr(), lang.T("bank.created", app.DBPath, st.res.Imported, bank.DefaultSet))
	}
	if st.update.Changed() {
		fmt.Fprintln(cmd.ErrOrStderr(), lang.T("bank.default_updated", st.update.Added, st.update.Removed))
	}
	if st.postponed != nil {
		fmt.Fprintln(cmd.ErrOrStderr(), servedText(lang, "files.served.default", st.postponed))
	}
	return b, nil
}

// parsed is what reading the files of import or validate gave.
type parsed struct {
	questions   []questions.Question
	unsupported int
	errors      int // number of error lines printed
	badFiles    int
}

// readFiles parses every file (all of them, even after errors, so that one
// run lists every problem), printing errors and warnings as FILE:LINE on
// stderr and one line per good file on stdout.
func readFiles(cmd *cobra.Command, lang i18n.Lang, names []string, fmtName, set, sheet string, lim format.Limits) (parsed, error) {
	var forced *format.Format
	if fmtName != "" {
		f, err := format.Lookup(fmtName)
		if err != nil {
			return parsed{}, usageError{err}
		}
		forced = &f
	}
	out, errw := cmd.OutOrStdout(), cmd.ErrOrStderr()
	var p parsed
	for _, name := range names {
		fail := func(lines ...string) {
			for _, l := range lines {
				fmt.Fprintln(errw, l)
			}
			p.errors += len(lines)
			p.badFiles++
		}
		fm := forced
		if fm == nil {
			f, err := format.ForFile(name)
			if err != nil {
				fail(lang.T("bank.unknown_ext", name, strings.Join(format.Names(), ", ")))
				continue
			}
			fm = &f
		}
		data, err := format.ReadFile(name, lim) // a file over the limit is not read
		if err != nil && !errors.Is(err, format.ErrLimit) {
			fail(lang.T("bank.read", name, err))
			continue
		}
		var res *format.Result
		if err == nil {
			res, err = format.Read(*fm, name, data, format.Options{Set: set, Sheet: sheet, Limits: lim})
		}
		if err != nil {
			var issues format.Errors
			if errors.As(err, &issues) {
				lines := make([]string, len(issues))
				for i, is := range issues {
					lines[i] = is.Text(lang)
				}
				fail(lines...)
				if len(issues) >= format.MaxErrors {
					fmt.Fprintln(errw, lang.T("bank.capped", name, format.MaxErrors))
				}
			} else {
				fail(err.Error())
			}
			continue
		}
		if set != "" {
			// --set wins over a set named inside the file (JSON "set", CSV column).
			for i := range res.Questions {
				res.Questions[i].Set = questions.CleanLine(set)
			}
		}
		for _, w := range res.Skipped {
			w.Msg, w.Key = lang.T("bank.warn")+": "+w.MsgText(lang), ""
			fmt.Fprintln(errw, w.String())
		}
		p.questions = append(p.questions, res.Questions...)
		p.unsupported += len(res.Skipped)
		if len(res.Skipped) > 0 {
			fmt.Fprintln(out, lang.T("bank.file.skip", name, len(res.Questions), fm.Name, len(res.Skipped)))
		} else {
			fmt.Fprintln(out, lang.T("bank.file", name, len(res.Questions), fm.Name))
		}
	}
	return p, nil
}

func newBankImportCmd(app *App) *cobra.Command {
	var fmtName, set, sheet string
	var dryRun bool
	var lf limitFlags
	c := &cobra.Command{
		Use:   "import FILE...",
		Short: both("bank.cmd.import"),
		Args:  usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			lang := i18n.Parse(app.Lang)
			if err := refuseIfServed(lang, app.DBPath, dryRun); err != nil {
				return err // before reading files that may take a while
			}
			p, err := readFiles(cmd, lang, args, fmtName, set, sheet, lf.limits())
			if err != nil {
				return err
			}
			if p.errors > 0 {
				fmt.Fprintln(cmd.ErrOrStderr(), lang.T("bank.failed", p.errors, p.badFiles))
				return exitError{1}
			}
			if dryRun {
				res, _, err := bank.Preview(cmd.Context(), app.DBPath, defaultQuestions, p.questions)
				if err != nil {
					return err
				}
				fmt.Fprintln(cmd.OutOrStdout(), lang.T("bank.dryrun", res.Imported, res.Duplicates, p.unsupported))
				return nil
			}
			// refused while another process serves a contest from --db;
			// held until the import is committed, so serve waits for it
			release, err := bankWriteLock(lang, app.DBPath)
			if err != nil {
				return err
			}
			defer release()
			b, err := openBank(cmd, app)
			if err != nil {
				return err
			}
			defer b.Close()
			res, err := b.Import(cmd.Context(), p.questions)
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), lang.T("bank.imported", res.Imported, res.Duplicates, p.unsupported))
			return nil
		},
	}
	c.Flags().StringVar(&fmtName, "format", "", both("bank.flag.format"))
	c.Flags().StringVar(&set, "set", "", both("bank.flag.set"))
	c.Flags().StringVar(&sheet, "sheet", "", both("bank.flag.sheet"))
	c.Flags().BoolVar(&dryRun, "dry-run", false, both("bank.flag.dryrun"))
	lf.add(c)
	return c
}

func newBankValidateCmd(app *App) *cobra.Command {
	var fmtName, sheet string
	var lf limitFlags
	c := &cobra.Command{
		Use:   "validate FILE...",
		Short: both("bank.cmd.validate"),
		Args:  usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			lang := i18n.Parse(app.Lang)
			p, err := readFiles(cmd, lang, args, fmtName, "", sheet, lf.limits())
			if err != nil {
				return err
			}
			if p.errors > 0 {
				fmt.Fprintln(cmd.ErrOrStderr(), lang.T("bank.invalid", p.errors, p.badFiles))
				return exitError{1}
			}
			seen := map[string]bool{}
			dups := 0
			for _, q := range p.questions {
				if seen[q.Hash] {
					dups++
				}
				seen[q.Hash] = true
			}
			fmt.Fprintln(cmd.OutOrStdout(), lang.T("bank.validated", len(p.questions), len(args), dups, p.unsupported))
			return nil
		},
	}
	c.Flags().StringVar(&fmtName, "format", "", both("bank.flag.format"))
	c.Flags().StringVar(&sheet, "sheet", "", both("bank.flag.sheet"))
	lf.add(c)
	return c
}

func newBankExportCmd(app *App) *cobra.Command {
	var fmtName, set, topic, output string
	c := &cobra.Command{
		Use:   "export -o FILE",
		Short: both("bank.cmd.export"),
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			lang := i18n.Parse(app.Lang)
			if output == "" {
				return usageError{errors.New(lang.T("bank.usage.output"))}
			}
			var fm format.Format
			var err error
			switch {
			case fmtName != "":
				fm, err = format.Lookup(fmtName)
			case output == "-":
				err = errors.New(lang.T("bank.usage.noformat"))
			default:
				fm, err = format.ForFile(output)
			}
			if err != nil {
				return usageError{err}
			}
			b, err := openBank(cmd, app)
			if err != nil {
				return err
			}
			defer b.Close()
			filter := questions.Filter{Set: set, Topic: topic}
			// Write into memory first: a failed export leaves no half-written file.
			var buf bytes.Buffer
			n, skipped, err := b.Export(cmd.Context(), &buf, fm, filter)
			if err != nil {
				return err
			}
			report := cmd.OutOrStdout()
			if output == "-" {
				if _, err := cmd.OutOrStdout().Write(buf.Bytes()); err != nil {
					return err
				}
				report = cmd.ErrOrStderr() // keep standard output to the file's bytes
			} else if err := writeFileAtomic(output, buf.Bytes()); err != nil {
				return errors.New(lang.T("bank.export.file", output, err))
			}
			fmt.Fprintln(report, lang.T("bank.exported", n, fm.Name, skipped))
			return nil
		},
	}
	c.Flags().StringVar(&fmtName, "format", "", both("bank.flag.format"))
	c.Flags().StringVar(&set, "set", "", both("bank.flag.set"))
	c.Flags().StringVar(&topic, "topic", "", both("bank.flag.topic"))
	c.Flags().StringVarP(&output, "output", "o", "", both("bank.flag.output"))
	return c
}

// writeFileAtomic writes data to a temporary file beside name and renames
// it into place, so readers never see a partial file.
func writeFileAtomic(name string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // fails harmlessly after the rename
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(0o600); err != nil { // answer keys, results: the owner's only
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), name)
}

// filterFlags are the flags list and stats share.
type filterFlags struct {
	set, topic, search, kind string
	difficulty               int
}

func (ff *filterFlags) add(c *cobra.Command, withSearch bool) {
	c.Flags().StringVar(&ff.set, "set", "", both("bank.flag.set"))
	c.Flags().StringVar(&ff.topic, "topic", "", both("bank.flag.topic"))
	c.Flags().StringVar(&ff.kind, "kind", "", both("bank.flag.kind"))
	c.Flags().IntVar(&ff.difficulty, "difficulty", 0, both("bank.flag.difficulty"))
	if withSearch {
		c.Flags().StringVar(&ff.search, "search", "", both("bank.flag.search"))
	}
}

func (ff *filterFlags) filter(lang i18n.Lang) (questions.Filter, error) {
	f := questions.Filter{Set: ff.set, Topic: ff.topic, Search: ff.search, Difficulty: ff.difficulty}
	if ff.kind != "" {
		f.Kind = questions.Kind(strings.ToLower(strings.TrimSpace(ff.kind)))
		if !f.Kind.Valid() {
			return f, usageError{errors.New(lang.T("bank.usage.kind", ff.kind))}
		}
	}
	if ff.difficulty < 0 || ff.difficulty > questions.Hard {
		return f, usageError{errors.New(lang.T("bank.usage.difficulty", ff.difficulty))}
	}
	return f, nil
}

// listItem is one question of `bank list --json`.
type listItem struct {
	ID          int64          `json:"id"`
	Hash        string         `json:"hash"`
	Kind        questions.Kind `json:"kind"`
	Difficulty  int            `json:"difficulty"`
	Topic       string         `json:"topic"`
	Set         string         `json:"set"`
	Title       string         `json:"title,omitempty"`
	Text        string         `json:"text"`
	Choices     []listChoice   `json:"choices,omitempty"`
	Key         string         `json:"key"`
	Tags        []string       `json:"tags,omitempty"`
	Source      string         `json:"source,omitempty"`
	Explanation string         `json:"explanation,omitempty"`
}

type listChoice struct {
	Text     string  `json:"text"`
	Correct  bool    `json:"correct"`
	Weight   float64 `json:"weight,omitempty"`
	Feedback string  `json:"feedback,omitempty"`
}

func newListItem(q questions.Question, lang i18n.Lang) listItem {
	it := listItem{ID: q.ID, Hash: q.Hash, Kind: q.Kind, Difficulty: q.Difficulty, Topic: q.Topic,
		Set: q.Set, Title: q.Title, Text: q.Text, Key: q.KeyText(string(lang)),
		Tags: q.Tags, Source: q.Source, Explanation: q.Explanation}
	for _, c := range q.Choices {
		it.Choices = append(it.Choices, listChoice(c))
	}
	return it
}

func newBankListCmd(app *App) *cobra.Command {
	var ff filterFlags
	var asJSON bool
	var limit int
	c := &cobra.Command{
		Use:   "list",
		Short: both("bank.cmd.list"),
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			lang := i18n.Parse(app.Lang)
			f, err := ff.filter(lang)
			if err != nil {
				return err
			}
			if limit < 0 {
				return usageError{errors.New(lang.T("bank.usage.limit"))}
			}
			f.Limit = limit
			b, err := openBank(cmd, app)
			if err != nil {
				return err
			}
			defer b.Close()
			qs, err := b.List(cmd.Context(), f)
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			if asJSON {
				items := make([]listItem, len(qs))
				for i, q := range qs {
					items[i] = newListItem(q, lang)
				}
				return writeJSON(w, items)
			}
			total := len(qs)
			if limit > 0 && len(qs) == limit {
				f.Limit = 0
				if total, err = b.Count(cmd.Context(), f); err != nil {
					return err
				}
			}
			printList(w, lang, qs, outputWidth(w))
			if total > len(qs) {
				fmt.Fprintln(w, lang.T("bank.count.of", len(qs), total))
			} else {
				fmt.Fprintln(w, lang.T("bank.count", len(qs)))
			}
			return nil
		},
	}
	ff.add(c, true)
	c.Flags().BoolVar(&asJSON, "json", false, both("bank.flag.json"))
	c.Flags().IntVar(&limit, "limit", 0, both("bank.flag.limit"))
	return c
}

// outputWidth is the terminal's width when w is one, else 100 columns.
func outputWidth(w io.Writer) int {
	if f, ok := w.(*os.File); ok && term.IsTerminal(f.Fd()) {
		if cols, _, err := term.GetSize(f.Fd()); err == nil && cols > 40 {
			return cols
		}
	}
	return 100
}

// pad fills s with spaces to width display cells (Vietnamese letters are
// one cell each, CJK two: widths, not bytes or runes).
func pad(s string, width int) string {
	if n := ansi.StringWidth(s); n < width {
		return s + strings.Repeat(" ", width-n)
	}
	return s
}

func printList(w io.Writer, lang i18n.Lang, qs []questions.Question, width int) {
	const topicMax = 30
	idW, kindW, topicW := ansi.StringWidth(lang.T("bank.col.id")), ansi.StringWidth(lang.T("bank.col.kind")), ansi.StringWidth(lang.T("bank.col.topic"))
	diffW := ansi.StringWidth(lang.T("bank.col.difficulty"))
	for _, q := range qs {
		idW = max(idW, len(strconv.FormatInt(q.ID, 10)))
		kindW = max(kindW, ansi.StringWidth(string(q.Kind)))
		topicW = max(topicW, min(topicMax, ansi.StringWidth(q.Topic)))
	}
	// The topic takes at most a third of what the fixed columns leave.
	rest := width - idW - kindW - diffW - 8
	topicW = min(topicW, max(10, rest/3))
	textW := max(10, rest-topicW)
	row := func(id, kind, diff, topic, text string) {
		line := pad(id, idW) + "  " + pad(kind, kindW) + "  " + pad(diff, diffW) + "  " +
			pad(ansi.Truncate(topic, topicW, "…"), topicW) + "  " + ansi.Truncate(text, textW, "…")
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}
	row(lang.T("bank.col.id"), lang.T("bank.col.kind"), lang.T("bank.col.difficulty"), lang.T("bank.col.topic"), lang.T("bank.col.text"))
	for _, q := range qs {
		row(strconv.FormatInt(q.ID, 10), string(q.Kind), strconv.Itoa(q.Difficulty), q.Topic, questions.CleanLine(q.Text))
	}
}

func newBankStatsCmd(app *App) *cobra.Command {
	var ff filterFlags
	var asJSON bool
	c := &cobra.Command{
		Use:   "stats",
		Short: both("bank.cmd.stats"),
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			lang := i18n.Parse(app.Lang)
			f, err := ff.filter(lang)
			if err != nil {
				return err
			}
			b, err := openBank(cmd, app)
			if err != nil {
				return err
			}
			defer b.Close()
			st, err := b.Stats(cmd.Context(), f)
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			if asJSON {
				return writeJSON(w, st)
			}
			fmt.Fprintln(w, lang.T("bank.stats.total", st.Total))
			section := func(title string, rows [][2]string) {
				fmt.Fprintln(w)
				fmt.Fprintln(w, title)
				width := 0
				for _, r := range rows {
					width = max(width, ansi.StringWidth(r[0]))
				}
				for _, r := range rows {
					fmt.Fprintf(w, "  %s  %6s\n", pad(r[0], width), r[1])
				}
			}
			section(lang.T("bank.stats.topic"), sortedRows(st.ByTopic, func(k string) string { return k }))
			var diffs [][2]string
			for d := questions.Easy; d <= questions.Hard; d++ {
				if n, ok := st.ByDifficulty[d]; ok {
					diffs = append(diffs, [2]string{lang.T("bank.diff." + strconv.Itoa(d)), strconv.Itoa(n)})
				}
			}
			section(lang.T("bank.stats.diff"), diffs)
			var kinds [][2]string
			for _, k := range questions.Kinds {
				if n, ok := st.ByKind[k]; ok {
					kinds = append(kinds, [2]string{string(k), strconv.Itoa(n)})
				}
			}
			section(lang.T("bank.stats.kind"), kinds)
			section(lang.T("bank.stats.set"), sortedRows(st.BySet, func(k string) string { return k }))
			return nil
		},
	}
	ff.add(c, false)
	c.Flags().BoolVar(&asJSON, "json", false, both("bank.flag.json"))
	return c
}

func sortedRows[K comparable](m map[K]int, name func(K) string) [][2]string {
	var rows [][2]string
	for k, n := range m {
		rows = append(rows, [2]string{name(k), strconv.Itoa(n)})
	}
	// Vietnamese alphabetical order (a ă â b c d đ e ê …), not byte order.
	col := collate.New(language.Vietnamese)
	sort.SliceStable(rows, func(i, j int) bool { return col.CompareString(rows[i][0], rows[j][0]) < 0 })
	return rows
}

func newBankShowCmd(app *App) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "show ID",
		Short: both("bank.cmd.show"),
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			lang := i18n.Parse(app.Lang)
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil {
				return usageError{errors.New(lang.T("bank.usage.id", args[0]))}
			}
			b, err := openBank(cmd, app)
			if err != nil {
				return err
			}
			defer b.Close()
			q, err := b.Get(cmd.Context(), id)
			if errors.Is(err, bank.ErrNotFound) {
				return errors.New(lang.T("bank.notfound", id))
			}
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			if asJSON {
				return writeJSON(w, newListItem(q, lang))
			}
			printQuestion(w, lang, q)
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, both("bank.flag.json"))
	return c
}

func printQuestion(w io.Writer, lang i18n.Lang, q questions.Question) {
	fmt.Fprintln(w, lang.T("bank.show.head", q.ID, q.Kind, q.Difficulty, q.Topic, q.Set))
	if q.Title != "" {
		fmt.Fprintln(w, q.Title)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, q.Text)
	if len(q.Choices) > 0 {
		fmt.Fprintln(w)
	}
	for i, c := range q.Choices {
		mark := " "
		if c.Correct {
			mark = "*"
		}
		line := fmt.Sprintf("%s %s. %s", mark, questions.Letter(i), c.Text)
		if q.Kind == questions.KindMultiple {
			line += fmt.Sprintf(" (%s%%)", questions.FormatNumber(c.Weight))
		}
		if c.Feedback != "" {
			line += " — " + lang.T("bank.show.feedback") + ": " + c.Feedback
		}
		fmt.Fprintln(w, line)
	}
	fmt.Fprintln(w)
	field := func(key, v string) {
		if v != "" {
			fmt.Fprintf(w, "%s: %s\n", lang.T(key), v)
		}
	}
	field("bank.show.key", q.KeyText(string(lang)))
	if q.Kind == questions.KindTrueFalse {
		field("bank.show.truefb", q.TrueFeedback)
		field("bank.show.falsefb", q.FalseFeedback)
	}
	field("bank.show.explain", q.Explanation)
	field("bank.show.source", q.Source)
	field("bank.show.tags", strings.Join(q.Tags, ", "))
	field("bank.show.hash", q.Hash)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
