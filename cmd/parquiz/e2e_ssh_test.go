package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// sshContest is a real `parquiz serve` process on 127.0.0.1 with an admin
// key, driven by the real OpenSSH client: ssh host@ commands, and
// contestants and the board in tmux windows.
type sshContest struct {
	t                         *testing.T
	dir, bin, db, port        string
	contest, roster, adminKey string
	srv                       *exec.Cmd
	out                       *syncBuf
	sshBase                   []string
	sock                      string
}

func newSSHContest(t *testing.T) *sshContest {
	t.Helper()
	for _, tool := range []string{"ssh", "ssh-keygen", "tmux"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
	if testing.Short() {
		t.Skip("builds the binary and runs OpenSSH")
	}
	dir := t.TempDir()
	c := &sshContest{t: t, dir: dir, bin: binary(t), db: filepath.Join(dir, "data", "parquiz.db"), sock: filepath.Join(dir, "tmux.sock")}
	aiken := c.write("q.txt", "Cơ quan nào tham mưu cho UBND tỉnh về cải cách hành chính?\nA. Sở Tài chính\nB. Sở Nội vụ\nC. Sở Tư pháp\nD. Sở Y tế\nANSWER: B\n")
	if out, err := exec.Command(c.bin, "--db", c.db, "bank", "import", aiken, "--format", "aiken", "--set", "e2e").CombinedOutput(); err != nil {
		t.Fatalf("bank import: %v\n%s", err, out)
	}
	c.contest = c.write("contest.yaml", "title: Hội thi thử\nrounds:\n  - title: Khởi động\n    kind: classic\n    time: 90s\n    shuffle: none\n    points: 10\n    draw: {sets: [e2e], count: 1}\n")
	c.roster = c.write("roster.csv", "Mã dự thi,Họ và tên,Đơn vị\nKX7ARM,Nguyễn Văn An,Sở Nội vụ\nPQ4WNE,Trần Thị Bình,Sở Tư pháp\nHT9CDV,Lê Văn Cường,UBND huyện A\n")
	c.adminKey = filepath.Join(dir, "admin")
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", c.adminKey).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	c.port = freePort(t)
	c.sshBase = []string{"-F", "/dev/null", "-p", c.port, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR"}
	t.Cleanup(func() { exec.Command("tmux", "-S", c.sock, "kill-server").Run() })
	return c
}

func (c *sshContest) write(name, text string) string {
	p := filepath.Join(c.dir, name)
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		c.t.Fatal(err)
	}
	return p
}

// start runs serve with args after the common ones and waits until it
// listens.
func (c *sshContest) start(args ...string) {
	t := c.t
	t.Helper()
	c.srv = exec.Command(c.bin, append([]string{"--db", c.db, "serve", "--listen", "127.0.0.1:" + c.port,
		"--admin-keys", c.adminKey + ".pub", "--headless", "--data-dir", filepath.Join(c.dir, "data")}, args...)...)
	c.out = &syncBuf{}
	c.srv.Stdout, c.srv.Stderr = c.out, c.out
	if err := c.srv.Start(); err != nil {
		t.Fatal(err)
	}
	srv, out := c.srv, c.out
	t.Cleanup(func() {
		srv.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { srv.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			srv.Process.Kill()
		}
		if t.Failed() {
			t.Logf("server output:\n%s", out.String())
		}
	})
	waitFor(t, "server start", func() bool { return strings.Contains(out.String(), "ssh -p "+c.port+" play@") })
}

func (c *sshContest) host(args ...string) string {
	c.t.Helper()
	a := append(append([]string{}, c.sshBase...), "-o", "IdentitiesOnly=yes", "-i", c.adminKey, "host@127.0.0.1")
	out, err := exec.Command("ssh", append(a, args...)...).CombinedOutput()
	if err != nil {
		c.t.Fatalf("ssh host %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (c *sshContest) tmux(args ...string) string {
	c.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", c.sock}, args...)...).CombinedOutput()
	if err != nil {
		c.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// open runs `ssh -tt user@127.0.0.1` (keyboard-interactive, no keys) in
// tmux window w, creating the tmux session when there is none.
func (c *sshContest) open(w, user string) {
	client := strings.Join(append([]string{"ssh", "-tt"}, c.sshBase...), " ") +
		" -o PubkeyAuthentication=no -o PreferredAuthentications=keyboard-interactive " + user + "@127.0.0.1"
	// the tmux server ends with its last window (when the SSH server goes)
	if exec.Command("tmux", "-S", c.sock, "has-session", "-t", "e2e").Run() != nil {
		c.tmux("-f", "/dev/null", "new-session", "-d", "-s", "e2e", "-x", "100", "-y", "30", "-n", w, client)
		return
	}
	c.tmux("new-window", "-d", "-t", "e2e", "-n", w, client)
}

func (c *sshContest) screen(w string) string { return c.tmux("capture-pane", "-p", "-t", "e2e:"+w) }

func (c *sshContest) waitScreen(w, want string) {
	c.t.Helper()
	waitFor(c.t, w+" shows "+want, func() bool { return strings.Contains(c.screen(w), want) })
}

func (c *sshContest) send(w, text string) {
	c.tmux("send-keys", "-t", "e2e:"+w, "-l", text)
}

// login opens a contestant window and logs in with code.
func (c *sshContest) login(w, code string) {
	c.t.Helper()
	c.open(w, "play")
	c.waitScreen(w, "Nhập mã dự thi")
	c.send(w, code)
	c.tmux("send-keys", "-t", "e2e:"+w, "Enter")
}

// answer types k and waits for the lock, which the screen shows only
// after the answer is committed to the journal.
func (c *sshContest) answer(w, k string) {
	c.t.Helper()
	c.send(w, k)
	c.waitScreen(w, "Đã chốt đáp án")
}

// TestServeWithOpenSSH plays a short contest against the real binary with
// the real OpenSSH client in tmux: a host (admin key, scripted commands),
// three contestants who log in with codes and a board.
func TestServeWithOpenSSH(t *testing.T) {
	c := newSSHContest(t)
	c.start("--contest", c.contest, "--roster", c.roster)
	if !strings.Contains(c.out.String(), "SHA256:") {
		t.Errorf("no host key fingerprint printed:\n%s", c.out.String())
	}
	c.open("board", "board")
	codes := map[string]string{"p1": "kx7arm", "p2": "PQ4-WNE", "p3": "HT9CDV"}
	for _, w := range []string{"p1", "p2", "p3"} {
		c.login(w, codes[w])
	}
	c.waitScreen("p1", "Nguyễn Văn An")
	c.waitScreen("p3", "Đang chờ ban tổ chức")
	waitFor(t, "3 connected", func() bool { return strings.Contains(c.host("status"), "3/3 kết nối") })
	if out := c.host("status", "--json"); !strings.Contains(out, `"state":"lobby"`) || !strings.Contains(out, `"connected":3`) {
		t.Errorf("status --json = %s", out)
	}

	c.host("start-round")
	c.host("next")
	for _, w := range []string{"p1", "p2", "p3", "board"} {
		c.waitScreen(w, "Cơ quan nào tham mưu")
	}
	// p1 answers right first, then p2 right, p3 wrong
	c.answer("p1", "b")
	waitFor(t, "1 answer", func() bool { return strings.Contains(c.host("status"), "1/3 đã trả lời") })
	c.answer("p2", "2")
	waitFor(t, "2 answers", func() bool { return strings.Contains(c.host("status"), "2/3 đã trả lời") })
	c.answer("p3", "a")
	c.waitScreen("board", "Đã trả lời: 3/3")
	if s := c.screen("p1"); strings.Contains(s, "Đáp án:") || strings.Contains(s, "✓") {
		t.Errorf("the key is visible before the reveal:\n%s", s)
	}
	c.host("close")
	c.host("reveal")
	c.waitScreen("p1", "Chính xác! +10 điểm")
	c.waitScreen("p2", "Chính xác! +10 điểm")
	c.waitScreen("p3", "Chưa đúng")
	c.waitScreen("p3", "Đáp án: B. Sở Nội vụ")
	c.waitScreen("board", "✓ B. Sở Nội vụ")
	c.waitScreen("board", "2 (66%)")
	c.host("standings")
	c.waitScreen("p3", "Hạng 3/3")
	c.host("next") // no question left: the round ends
	c.host("end")
	c.waitScreen("p1", "hạng 1/3 với 10 điểm")
	c.waitScreen("board", "CHÚC MỪNG")

	rows := c.results()
	var got []string
	for _, r := range rows[1:] {
		got = append(got, r[0]+":"+r[1])
	}
	if want := "1:KX7ARM 2:PQ4WNE 3:HT9CDV"; strings.Join(got, " ") != want {
		t.Errorf("ranks = %v, want %s\n%v", got, want, rows)
	}
	if !strings.Contains(fmt.Sprint(rows), "thời gian ngắn hơn") {
		t.Errorf("the tie-break step between 1 and 2 is not named:\n%v", rows)
	}
}

// results exports the standings with `parquiz results` and reads them.
func (c *sshContest) results() [][]string {
	c.t.Helper()
	out := filepath.Join(c.dir, "ket-qua.csv")
	if b, err := exec.Command(c.bin, "--db", c.db, "results", "--format", "csv", "-o", out).CombinedOutput(); err != nil {
		c.t.Fatalf("results: %v\n%s", err, b)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		c.t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff")))).ReadAll()
	if err != nil {
		c.t.Fatal(err)
	}
	return rows
}

// TestServeKill9KeepsAnswers kills the server with SIGKILL right after
// two contestants saw their answers locked, as a power cut would: the
// resumed contest has both answers, the question comes back paused with
// its time, and the scores after the reveal count them.
func TestServeKill9KeepsAnswers(t *testing.T) {
	c := newSSHContest(t)
	c.start("--contest", c.contest, "--roster", c.roster)
	c.login("p1", "KX7ARM")
	c.login("p2", "PQ4WNE")
	c.waitScreen("p2", "Đang chờ ban tổ chức")
	c.host("start-round")
	c.host("next")
	c.waitScreen("p1", "Cơ quan nào tham mưu")
	c.waitScreen("p2", "Cơ quan nào tham mưu")
	c.answer("p1", "b")
	c.answer("p2", "a")

	// no shutdown, no flush: the process is gone at once
	if err := c.srv.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	c.srv.Wait()

	c.start("--resume", "1")
	st := c.host("status", "--json")
	for _, want := range []string{`"state":"open"`, `"paused":true`, `"answered":2`} {
		if !strings.Contains(st, want) {
			t.Errorf("after kill -9 and --resume, status lacks %s:\n%s", want, st)
		}
	}
	// the contestant who reconnects sees the answer still locked (the
	// windows of the killed server's sessions have closed)
	c.login("p1b", "KX7ARM")
	c.waitScreen("p1b", "Đã chốt đáp án")
	c.host("resume")
	c.host("close")
	c.host("reveal")
	c.waitScreen("p1b", "Chính xác! +10 điểm")
	rows := c.results()
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	got := map[string]string{}
	for _, r := range rows[1:] {
		got[r[col["Mã dự thi"]]] = r[col["Điểm"]] + " điểm, " + r[col["Số câu đã trả lời"]] + " đã trả lời"
	}
	want := map[string]string{"KX7ARM": "10 điểm, 1 đã trả lời", "PQ4WNE": "0 điểm, 1 đã trả lời", "HT9CDV": "0 điểm, 0 đã trả lời"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("after kill -9: %v, want %v\n%v", got, want, rows)
	}
}

func freePort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, port, _ := net.SplitHostPort(l.Addr().String())
	return port
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
