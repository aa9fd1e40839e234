package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The end-to-end tests build the real binary and drive it in tmux: keys
// go in with send-keys, the screen comes back with capture-pane, so they
// see what a person sees (alternate screen, UTF-8, colours) including
// Vietnamese diacritics.

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
)

// binary builds ./cmd/parquiz once per test process.
func binary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "parquiz-e2e-")
		if err != nil {
			buildErr = err
			return
		}
		builtBin = filepath.Join(dir, "parquiz")
		out, err := exec.Command("go", "build", "-o", builtBin, ".").CombinedOutput()
		if err != nil {
			buildErr = err
			builtBin = string(out)
		}
	})
	if buildErr != nil {
		t.Fatalf("go build: %v\n%s", buildErr, builtBin)
	}
	return builtBin
}

// pane is one tmux session on a private socket, running one command.
type pane struct {
	t    testing.TB
	sock string
}

func needTmux(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (CI installs it)")
	}
}

// startPane runs shell command cmd in a new w×h tmux session with a UTF-8
// locale. After the command ends the pane prints PARQUIZ_EXIT=<status>
// and stays, so its last screen can be read.
func startPane(t testing.TB, w, h int, env []string, cmd string) *pane {
	t.Helper()
	p := &pane{t: t, sock: filepath.Join(t.TempDir(), "tmux.sock")}
	// CI= : termenv treats any non-empty CI variable as "not a terminal"
	// (no colour, no queries); a person's terminal has none, and the tests
	// run under CI=true.
	full := strings.Join(append([]string{"env", "CI="}, env...), " ") + " " + cmd + `; echo PARQUIZ_EXIT=$?; sleep 600`
	p.tmux("new-session", "-d", "-x", strconv.Itoa(w), "-y", strconv.Itoa(h), "-s", "pq", full)
	t.Cleanup(func() { exec.Command("tmux", "-S", p.sock, "kill-server").Run() })
	return p
}

func (p *pane) tmux(args ...string) string {
	p.t.Helper()
	c := exec.Command("tmux", append([]string{"-u", "-S", p.sock, "-f", "/dev/null"}, args...)...)
	c.Env = append(os.Environ(), "LANG=C.UTF-8", "LC_ALL=C.UTF-8")
	out, err := c.CombinedOutput()
	if err != nil {
		p.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// keys sends tmux key names (Enter, Escape, Down, C-c) or, with literal,
// text as typed.
func (p *pane) keys(k ...string) { p.tmux(append([]string{"send-keys", "-t", "pq"}, k...)...) }
func (p *pane) text(s string)    { p.tmux("send-keys", "-t", "pq", "-l", s) }

func (p *pane) screen() string { return p.tmux("capture-pane", "-p", "-t", "pq") }

// waitFor polls the screen until it holds every string, for at most 10 s.
func (p *pane) waitFor(subs ...string) string {
	p.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s := p.screen()
		ok := true
		for _, sub := range subs {
			ok = ok && strings.Contains(s, sub)
		}
		if ok {
			return s
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("screen never showed %q; last screen:\n%s", subs, s)
		}
		time.Sleep(40 * time.Millisecond)
	}
}

func TestE2EPracticeBrowseResizeQuit(t *testing.T) {
	needTmux(t)
	bin := binary(t)
	dbPath := filepath.Join(t.TempDir(), "data", "parquiz.db")
	p := startPane(t, 100, 30, []string{"LANG=C.UTF-8", "PARQUIZ_LANG="}, bin+" --db "+dbPath)

	// First run: the home screen says where it created the database.
	p.waitFor("Hội thi cán bộ, công chức, viên chức trẻ với công tác cải cách hành chính",
		"Luyện tập", "Ngân hàng câu hỏi", "Tổ chức hội thi", "Lần chạy đầu tiên", dbPath, "Chưa có kết quả")

	// Practice with the defaults, answering whatever comes.
	p.keys("1")
	p.waitFor("Bắt đầu", "10", "20 giây")
	p.text("Nguyễn Văn An")
	p.keys("Down", "Down", "Down", "Down", "Down", "Enter")
	p.waitFor("Câu 1/10")
	deadline := time.Now().Add(30 * time.Second)
	for answered := 0; ; answered++ {
		s := p.screen()
		if strings.Contains(s, "Kết quả luyện tập") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("practice did not finish; last screen:\n%s", s)
		}
		switch {
		case strings.Contains(s, "Nhấn Enter để"):
			p.keys("Enter")
		case strings.Contains(s, "Điền số"):
			p.text("6")
			p.keys("Enter")
		case strings.Contains(s, "Trả lời ngắn"):
			p.text("Bộ Nội vụ")
			p.keys("Enter")
		case strings.Contains(s, "Nhiều đáp án"):
			p.keys("a", "Enter")
		case strings.Contains(s, "A. "):
			p.keys("a")
		}
		// Wait for the screen to change before deciding again.
		for i := 0; i < 50 && p.screen() == s; i++ {
			time.Sleep(20 * time.Millisecond)
		}
	}
	p.waitFor("Kết quả luyện tập", "Trả lời đúng", "/10 câu", "Theo chủ đề", "Đã lưu kết quả của Nguyễn Văn An")

	// Home now lists the result.
	p.keys("Escape")
	p.waitFor("Điểm cao nhất", "Nguyễn Văn An")

	// Bank browser: search without diacritics.
	p.keys("2")
	p.waitFor("Tìm:", "Nguồn:") // browser only; opening it is asynchronous
	p.keys("/")
	p.waitFor("gõ có dấu hoặc không dấu") // the search box has the focus
	p.text("cai cach")
	s := p.waitFor("Tìm: cai cach")
	if !strings.Contains(s, "cải cách") && !strings.Contains(s, "Cải cách") {
		t.Errorf("searching 'cai cach' found no 'cải cách':\n%s", s)
	}
	p.keys("Enter") // leave the search box
	p.waitFor("t chủ đề")
	p.keys("Escape")
	p.waitFor("Điểm cao nhất")

	// Resize below the minimum and back.
	p.tmux("resize-window", "-t", "pq", "-x", "50", "-y", "15")
	p.waitFor("quá nhỏ", "60×18")
	p.tmux("resize-window", "-t", "pq", "-x", "100", "-y", "30")
	p.waitFor("Điểm cao nhất", "Nguyễn Văn An")

	// Ctrl+C quits, leaves the alternate screen and exits 0; the first-run
	// notice stays in the scrollback.
	p.keys("C-c")
	s = p.waitFor("PARQUIZ_EXIT=0")
	if strings.Contains(s, "Điểm cao nhất") {
		t.Errorf("the app's screen is still shown after exit:\n%s", s)
	}
	if !strings.Contains(s, "Lần chạy đầu tiên") {
		t.Errorf("the first-run notice is not in the scrollback:\n%s", s)
	}
}

func TestE2EEnglishAndNoColor(t *testing.T) {
	needTmux(t)
	bin := binary(t)
	dbPath := filepath.Join(t.TempDir(), "parquiz.db")

	// Colour on by default (tmux is a 256-colour terminal)…
	p := startPane(t, 80, 24, []string{"LANG=C.UTF-8", "PARQUIZ_LANG=en", "NO_COLOR="}, bin+" --db "+dbPath)
	p.waitFor("Practice", "Question bank", "Run a contest", "Best scores", "First run")
	if s := p.tmux("capture-pane", "-p", "-e", "-t", "pq"); !strings.Contains(s, "8;5;") {
		t.Errorf("no 256-colour codes without NO_COLOR:\n%q", s)
	}
	p.keys("q")
	p.waitFor("PARQUIZ_EXIT=0")

	// …and off with NO_COLOR, on the existing database (no first-run notice).
	p = startPane(t, 80, 24, []string{"LANG=C.UTF-8", "NO_COLOR=1"}, bin+" --lang en --db "+dbPath)
	s := p.waitFor("Practice", "Best scores")
	if strings.Contains(s, "First run") {
		t.Errorf("first-run notice on an existing database:\n%s", s)
	}
	if s := p.tmux("capture-pane", "-p", "-e", "-t", "pq"); strings.Contains(s, "8;5;") || hasColorSGR(s) {
		t.Errorf("colour codes with NO_COLOR:\n%q", s)
	}
	p.keys("3")
	p.waitFor("Run a live contest over SSH", "e.g. contest.yaml", "From the command line: parquiz serve --contest FILE --roster FILE")
	// A lone Escape needs its own read: a key right behind it would be
	// taken as Alt+key, as in any terminal program.
	p.keys("Escape")
	p.waitFor("Best scores")
	p.keys("q")
	p.waitFor("PARQUIZ_EXIT=0")
}

// hasColorSGR reports whether s has an SGR sequence setting a foreground
// or background colour (30–37, 40–47, 90–97, 100–107, 38;…, 48;…).
func hasColorSGR(s string) bool {
	for {
		i := strings.Index(s, "\x1b[")
		if i < 0 {
			return false
		}
		s = s[i+2:]
		j := strings.IndexByte(s, 'm')
		if j < 0 {
			return false
		}
		for _, p := range strings.Split(s[:j], ";") {
			if len(p) == 2 && (p[0] == '3' || p[0] == '4' || p[0] == '9') && p[1] >= '0' && p[1] <= '8' {
				return true
			}
			if len(p) == 3 && p[0] == '1' && p[1] == '0' {
				return true
			}
		}
		s = s[j:]
	}
}

// TestE2EOrganiseFromHome starts a live contest from the home screen's
// "Tổ chức hội thi", as an organiser would on contest day: the form finds
// the example files, a broken listen address is refused with a reason,
// then the host console opens on the same terminal and its log says how
// contestants connect; leaving it stops the server and keeps the contest.
func TestE2EOrganiseFromHome(t *testing.T) {
	needTmux(t)
	bin := binary(t)
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	dbPath := filepath.Join(t.TempDir(), "data", "parquiz.db")
	// the working directory is the repository, where examples/ is
	p := startPane(t, 100, 30, []string{"LANG=C.UTF-8", "PARQUIZ_LANG="},
		"sh -c 'cd "+root+" && exec "+bin+" --db "+dbPath+"'")
	p.waitFor("Tổ chức hội thi")
	p.keys("3")
	p.waitFor("Tổ chức hội thi trực tiếp qua SSH", "examples/contest.yaml", "examples/roster.csv", ":2222")

	// a listen address that cannot work: the reason shows, nothing starts
	p.keys("Tab", "Tab")
	for range len(":2222") {
		p.keys("BSpace")
	}
	p.text("127.0.0.1:99999")
	p.keys("Tab", "Tab", "Enter")
	p.waitFor("Không mở được cổng 127.0.0.1:99999")

	p.keys("Up", "Up")
	for range len("99999") {
		p.keys("BSpace")
	}
	p.text("0")
	p.keys("Tab", "Tab", "Enter")
	s := p.waitFor("Sảnh chờ: nhấn s để bắt đầu vòng 1.", "Nguyễn Thị Thu Hà", "play@127.0.0.1")
	if !strings.Contains(s, "Thí sinh: ssh -p ") {
		t.Errorf("the console's log does not say how contestants connect:\n%s", s)
	}
	p.keys("q")
	p.waitFor("Thoát màn hình điều khiển?")
	p.keys("y")
	p.waitFor("Đã dừng máy chủ. Hội thi số 1 đã lưu", "PARQUIZ_EXIT=0")

	// the stored contest is offered for resuming next time
	p2 := startPane(t, 100, 30, []string{"LANG=C.UTF-8", "PARQUIZ_LANG="}, bin+" --db "+dbPath)
	p2.waitFor("Tổ chức hội thi")
	p2.keys("3")
	p2.waitFor("Hoặc tiếp tục một hội thi đã lưu", "#1 · ")
}
