package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// ServeRequest is the live contest the organise screen asks for: the
// home program quits with it and `parquiz` runs `parquiz serve` with it on
// the same terminal, the host console in place of the home screen.
type ServeRequest struct {
	Contest   string // contest file (YAML); empty when resuming
	Roster    string // roster file (CSV or XLSX); empty when resuming
	Listen    string // SSH listen address, e.g. ":2222"
	AdminKeys string // optional authorized_keys file for ssh host@
	Resume    int64  // a stored contest to resume instead of a new one
}

// StoredContest is a contest kept in the database, which can be resumed
// after a stop or a crash.
type StoredContest struct {
	ID      int64
	Title   string
	Records int64     // journal length: 0 = never started
	LastAt  time.Time // time of the last journal record
	Ended   bool
}

// Organiser is what the organise screen needs from the program around it
// (cmd/parquiz implements it over the bank, the roster reader and the
// contest store). Without one the screen only shows the commands.
type Organiser interface {
	// Defaults are the fields' first values (files found in the working
	// directory, the default port).
	Defaults() ServeRequest
	// Contests lists the stored contests, newest first.
	Contests(ctx context.Context) ([]StoredContest, error)
	// Check does every check `parquiz serve` would do before it starts
	// (the files parse, the bank has the questions, the port is free) and
	// starts nothing. Its error is shown as it is: it must say, in the
	// interface language, which file, line and field to fix.
	Check(ctx context.Context, req ServeRequest) error
}

// The organise screen's fields and buttons, in focus order; stored
// contests follow the start button.
const (
	orgContest = iota
	orgRoster
	orgListen
	orgAdmin
	orgFields
	focusStart = orgFields
)

// storedShown is how many stored contests the screen offers to resume.
const storedShown = 3

type contestsMsg struct {
	list []StoredContest
	err  error
}

type checkedMsg struct {
	req ServeRequest
	err error
}

// organise starts a live contest from the home screen: the contest file,
// the roster, the listen address and admin keys, checked exactly as
// `parquiz serve` checks them; or a stored contest to resume.
type organise struct {
	env      *env
	inputs   [orgFields]textinput.Model
	focus    int
	stored   []StoredContest
	storeErr error
	checking bool
	errText  string
}

func newOrganise(e *env) *organise {
	o := &organise{env: e}
	var def ServeRequest
	if org := e.cfg.Organiser; org != nil {
		def = org.Defaults()
	}
	if def.Listen == "" {
		def.Listen = ":2222"
	}
	vals := [orgFields]string{def.Contest, def.Roster, def.Listen, def.AdminKeys}
	holders := [orgFields]string{e.t("tui.org.eg", "contest.yaml"), e.t("tui.org.eg", "roster.csv"), e.t("tui.org.eg", ":2222"), e.t("tui.org.optional")}
	for i := range o.inputs {
		ti := e.s.TextInput()
		ti.Prompt = ""
		ti.Placeholder = holders[i]
		ti.SetValue(vals[i])
		ti.CursorEnd()
		o.inputs[i] = ti
	}
	o.inputs[0].Focus()
	return o
}

func (o *organise) Init() tea.Cmd {
	org := o.env.cfg.Organiser
	if org == nil {
		return nil
	}
	return tea.Batch(textinput.Blink, func() tea.Msg {
		list, err := org.Contests(context.Background())
		return contestsMsg{list, err}
	})
}

func (o *organise) Title() string { return o.env.t("tui.menu.host") }
func (o *organise) Info() string  { return "" }

func (o *organise) Help() []key.Binding {
	k := o.env.keys
	if o.env.cfg.Organiser == nil {
		return []key.Binding{k.Back}
	}
	return []key.Binding{k.Tab, k.Enter, k.Click, k.Esc}
}

// items is how many things take focus: the fields, the start button and
// the stored contests shown.
func (o *organise) items() int { return focusStart + 1 + min(len(o.stored), storedShown) }

func (o *organise) setFocus(i int) tea.Cmd {
	n := o.items()
	o.focus = (i%n + n) % n
	var cmd tea.Cmd
	for j := range o.inputs {
		if j == o.focus {
			cmd = o.inputs[j].Focus()
		} else {
			o.inputs[j].Blur()
		}
	}
	return cmd
}

func (o *organise) request() ServeRequest {
	v := func(i int) string { return strings.TrimSpace(o.inputs[i].Value()) }
	return ServeRequest{Contest: v(orgContest), Roster: v(orgRoster), Listen: v(orgListen), AdminKeys: v(orgAdmin)}
}

// activate runs the focused item: a field moves on, the start button
// checks the form, a stored contest is checked for resuming.
func (o *organise) activate() tea.Cmd {
	switch {
	case o.focus < orgFields:
		return o.setFocus(o.focus + 1)
	case o.checking:
		return nil
	}
	req := o.request()
	if o.focus > focusStart {
		req = ServeRequest{Listen: req.Listen, AdminKeys: req.AdminKeys, Resume: o.stored[o.focus-focusStart-1].ID}
	}
	o.checking, o.errText = true, ""
	org := o.env.cfg.Organiser
	return func() tea.Msg { return checkedMsg{req, org.Check(context.Background(), req)} }
}

func (o *organise) Update(msg tea.Msg) (screen, tea.Cmd) {
	if o.env.cfg.Organiser == nil {
		if k, ok := msg.(tea.KeyMsg); ok && (key.Matches(k, o.env.keys.Back) || key.Matches(k, o.env.keys.Enter)) {
			return o, pop
		}
		return o, nil
	}
	switch msg := msg.(type) {
	case contestsMsg:
		o.stored, o.storeErr = msg.list, msg.err
		return o, nil
	case checkedMsg:
		o.checking = false
		if msg.err != nil {
			o.errText = msg.err.Error()
			return o, nil
		}
		req := msg.req
		o.env.serve = &req
		return o, tea.Quit
	case tea.KeyMsg:
		// Fields take letters, so only keys that cannot be typed move
		// around: q is a letter here, Esc goes back.
		switch msg.Type {
		case tea.KeyEsc:
			return o, pop
		case tea.KeyTab, tea.KeyDown:
			return o, o.setFocus(o.focus + 1)
		case tea.KeyShiftTab, tea.KeyUp:
			return o, o.setFocus(o.focus - 1)
		case tea.KeyEnter:
			return o, o.activate()
		}
		if o.focus < orgFields {
			var cmd tea.Cmd
			o.inputs[o.focus], cmd = o.inputs[o.focus].Update(msg)
			o.errText = ""
			return o, cmd
		}
	case tea.MouseMsg:
		if msg.Action == tea.MouseActionPress && msg.Button == tea.MouseButtonLeft {
			w, _ := o.env.bodySize()
			_, at := o.layout(w)
			if y := msg.Y - FrameTop; y >= 0 && y < len(at) && at[y] >= 0 {
				cmd := o.setFocus(at[y])
				if at[y] >= focusStart {
					return o, tea.Batch(cmd, o.activate())
				}
				return o, cmd
			}
		}
	default:
		// the cursor's blink
		var cmd tea.Cmd
		if o.focus < orgFields {
			o.inputs[o.focus], cmd = o.inputs[o.focus].Update(msg)
		}
		return o, cmd
	}
	return o, nil
}

func (o *organise) View() string {
	w, _ := o.env.bodySize()
	lines, _ := o.layout(w)
	return strings.Join(lines, "\n")
}

// block is a run of body lines; at[i] is the item a click on line i
// focuses (-1 for none).
type block struct {
	lines []string
	at    []int
}

func (b *block) add(item int, ls ...string) {
	for _, l := range ls {
		b.lines = append(b.lines, l)
		b.at = append(b.at, item)
	}
}

// layout renders the body and tells, for each line, which item a click
// there focuses (-1 for none). When the terminal is short it leaves out,
// in this order, the introduction, the command-line hint and stored
// contests, and shortens the list of problems: the fields, the button and
// what to fix always show.
func (o *organise) layout(w int) ([]string, []int) {
	e := o.env
	s := e.s
	if e.cfg.Organiser == nil {
		var b block
		b.add(-1, Lines(o.commands(w))...)
		return b.lines, b.at
	}
	_, h := e.bodySize()

	var head, about, form, errs, stored, hint block
	head.add(-1, s.Title.Render(e.t("tui.org.title")))
	about.add(-1, Lines(s.Muted.Render(Wrap(e.t("tui.org.about"), w)))...)
	labels := [orgFields]string{e.t("tui.org.contest"), e.t("tui.org.roster"), e.t("tui.org.listen"), e.t("tui.org.admin")}
	labelW := 0
	for _, l := range labels {
		labelW = max(labelW, lipgloss.Width(l))
	}
	labelW += 2
	form.add(-1, "")
	for i := range o.inputs {
		mark := "  "
		if o.focus == i {
			mark = s.Accent.Render("▸ ")
		}
		in := o.inputs[i]
		in.Width = max(8, w-labelW-4)
		form.add(i, Truncate(mark+s.Text.Render(PadRight(labels[i], labelW))+in.View(), w))
	}
	form.add(-1, "")
	start := "[ " + e.t("tui.org.start") + " ]"
	if o.checking {
		start = e.t("tui.org.checking")
	}
	if o.focus == focusStart {
		form.add(focusStart, s.Accent.Render("▸ ")+s.Selected.Render(start))
	} else {
		form.add(focusStart, "  "+s.Key.Render(start))
	}
	var problems []string
	if o.errText != "" {
		problems = Lines(Wrap(o.errText, w))
	}
	switch {
	case o.storeErr != nil:
		stored.add(-1, "", s.Error.Render(Truncate(e.t("tui.org.storeerr", o.storeErr), w)))
	case len(o.stored) > 0:
		stored.add(-1, "", s.Muted.Render(Truncate(e.t("tui.org.resume"), w)))
		for i, c := range o.stored[:min(len(o.stored), storedShown)] {
			state := e.t("tui.org.notstarted")
			switch {
			case c.Ended:
				state = e.t("tui.org.ended")
			case c.Records > 0:
				state = e.t("tui.org.stopped", c.LastAt.Local().Format("15:04 02/01"))
			}
			row := fmt.Sprintf("#%d · %s · %s", c.ID, state, c.Title)
			item := focusStart + 1 + i
			if o.focus == item {
				stored.add(item, s.Accent.Render("▸ ")+s.Selected.Render(Truncate(row, w-2)))
			} else {
				stored.add(item, "  "+s.Text.Render(Truncate(row, w-2)))
			}
		}
	}
	hint.add(-1, "")
	hint.add(-1, Lines(s.Muted.Render(Wrap(e.t("tui.org.cli"), w)))...)

	total := func() int {
		n := len(head.lines) + len(about.lines) + len(form.lines) + len(stored.lines) + len(hint.lines)
		if len(problems) > 0 {
			n += 1 + len(problems)
		}
		return n
	}
	if total() > h {
		about = block{}
	}
	if total() > h {
		hint = block{}
	}
	// stored contests go from the bottom, but the focused one stays
	for total() > h && len(stored.lines) > 2 {
		last := len(stored.lines) - 1
		if stored.at[last] == o.focus && last > 2 {
			last--
		}
		stored.lines = append(stored.lines[:last:last], stored.lines[last+1:]...)
		stored.at = append(stored.at[:last:last], stored.at[last+1:]...)
	}
	if over := total() - h; over > 0 && len(problems) > 0 {
		keep := max(1, len(problems)-over-1)
		if keep < len(problems) {
			problems = append(problems[:keep:keep], e.t("tui.org.more", len(problems)-keep))
		}
	}
	if len(problems) > 0 {
		errs.add(-1, "")
		for _, l := range problems {
			errs.add(-1, s.Error.Render(Truncate(l, w)))
		}
	}
	var out block
	for _, b := range []block{head, about, form, errs, stored, hint} {
		out.lines = append(out.lines, b.lines...)
		out.at = append(out.at, b.at...)
	}
	return out.lines, out.at
}

// commands is the screen without an Organiser: how to run a live contest
// from the command line, and the ssh commands of each role.
func (o *organise) commands(w int) string {
	e := o.env
	s := e.s
	cmd := func(c string) string { return "  " + s.Key.Render(c) }
	lines := []string{s.Title.Render(e.t("tui.host.title")), ""}
	lines = append(lines, Lines(Wrap(e.t("tui.host.step1"), w))...)
	lines = append(lines, cmd("parquiz serve --contest examples/contest.yaml --roster examples/roster.csv"), "")
	lines = append(lines, Lines(Wrap(e.t("tui.host.step2"), w))...)
	lines = append(lines,
		cmd("ssh -t -p 2222 play@"+e.t("tui.host.addr"))+s.Muted.Render("   "+e.t("tui.host.play")),
		cmd("ssh -t -p 2222 host@"+e.t("tui.host.addr"))+s.Muted.Render("   "+e.t("tui.host.host")),
		cmd("ssh -t -p 2222 board@"+e.t("tui.host.addr"))+s.Muted.Render("  "+e.t("tui.host.board")),
		"")
	lines = append(lines, Lines(s.Muted.Render(Wrap(e.t("tui.host.more"), w)))...)
	return strings.Join(lines, "\n")
}
