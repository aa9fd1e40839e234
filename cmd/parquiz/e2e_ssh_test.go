package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestServeWithOpenSSH plays a short contest against the real binary with
// the real OpenSSH client in tmux: a host (admin key, scripted commands),
// three contestants who log in with codes and a board.
func TestServeWithOpenSSH(t *testing.T) {
	for _, tool := range []string{"ssh", "ssh-keygen", "tmux"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
	if testing.Short() {
		t.Skip("builds the binary and runs OpenSSH")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "parquiz")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "data", "parquiz.db")
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	aiken := write("q.txt", "Cơ quan nào tham mưu cho UBND tỉnh về cải cách hành chính?\nA. Sở Tài chính\nB. Sở Nội vụ\nC. Sở Tư pháp\nD. Sở Y tế\nANSWER: B\n")
	if out, err := exec.Command(bin, "--db", db, "bank", "import", aiken, "--format", "aiken", "--set", "e2e").CombinedOutput(); err != nil {
		t.Fatalf("bank import: %v\n%s", err, out)
	}
	contest := write("contest.yaml", "title: Hội thi thử\nrounds:\n  - title: Khởi động\n    kind: classic\n    time: 90s\n    shuffle: none\n    points: 10\n    draw: {sets: [e2e], count: 1}\n")
	roster := write("roster.csv", "Mã dự thi,Họ và tên,Đơn vị\nKX7ARM,Nguyễn Văn An,Sở Nội vụ\nPQ4WNE,Trần Thị Bình,Sở Tư pháp\nHT9CDV,Lê Văn Cường,UBND huyện A\n")
	adminKey := filepath.Join(dir, "admin")
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", adminKey).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	port := freePort(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv := exec.CommandContext(ctx, bin, "--db", db, "serve", "--contest", contest, "--roster", roster,
		"--listen", "127.0.0.1:"+port, "--admin-keys", adminKey+".pub", "--headless", "--data-dir", filepath.Join(dir, "data"))
	var srvOut syncBuf
	srv.Stdout, srv.Stderr = &srvOut, &srvOut
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
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
			t.Logf("server output:\n%s", srvOut.String())
		}
	})
	waitFor(t, "server start", func() bool { return strings.Contains(srvOut.String(), "ssh -p "+port+" play@") })
	if !strings.Contains(srvOut.String(), "SHA256:") {
		t.Errorf("no host key fingerprint printed:\n%s", srvOut.String())
	}

	sshBase := []string{"-F", "/dev/null", "-p", port, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR"}
	hostCmd := func(args ...string) string {
		t.Helper()
		a := append(append([]string{}, sshBase...), "-o", "IdentitiesOnly=yes", "-i", adminKey, "host@127.0.0.1")
		out, err := exec.Command("ssh", append(a, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("ssh host %v: %v\n%s", args, err, out)
		}
		return string(out)
	}

	sock := filepath.Join(dir, "tmux.sock")
	tmux := func(args ...string) string {
		out, err := exec.Command("tmux", append([]string{"-S", sock}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	client := strings.Join(append([]string{"ssh", "-tt"}, sshBase...), " ") +
		" -o PubkeyAuthentication=no -o PreferredAuthentications=keyboard-interactive"
	tmux("-f", "/dev/null", "new-session", "-d", "-s", "e2e", "-x", "100", "-y", "30", "-n", "board", client+" board@127.0.0.1")
	t.Cleanup(func() { exec.Command("tmux", "-S", sock, "kill-server").Run() })
	for _, w := range []string{"p1", "p2", "p3"} {
		tmux("new-window", "-d", "-t", "e2e", "-n", w, client+" play@127.0.0.1")
	}
	screen := func(w string) string { return tmux("capture-pane", "-p", "-t", "e2e:"+w) }
	waitScreen := func(w, want string) {
		t.Helper()
		waitFor(t, w+" shows "+want, func() bool { return strings.Contains(screen(w), want) })
	}
	codes := map[string]string{"p1": "kx7arm", "p2": "PQ4-WNE", "p3": "HT9CDV"}
	for _, w := range []string{"p1", "p2", "p3"} {
		waitScreen(w, "Nhập mã dự thi")
		tmux("send-keys", "-t", "e2e:"+w, "-l", codes[w])
		tmux("send-keys", "-t", "e2e:"+w, "Enter")
	}
	waitScreen("p1", "Nguyễn Văn An")
	waitScreen("p3", "Đang chờ ban tổ chức")
	waitFor(t, "3 connected", func() bool { return strings.Contains(hostCmd("status"), "3/3 kết nối") })
	if out := hostCmd("status", "--json"); !strings.Contains(out, `"state":"lobby"`) || !strings.Contains(out, `"connected":3`) {
		t.Errorf("status --json = %s", out)
	}

	hostCmd("start-round")
	hostCmd("next")
	for _, w := range []string{"p1", "p2", "p3", "board"} {
		waitScreen(w, "Cơ quan nào tham mưu")
	}
	// p1 answers right first, then p2 right, p3 wrong
	answer := func(w, k string) {
		tmux("send-keys", "-t", "e2e:"+w, "-l", k)
		waitScreen(w, "Đã chốt đáp án")
	}
	answer("p1", "b")
	waitFor(t, "1 answer", func() bool { return strings.Contains(hostCmd("status"), "1/3 đã trả lời") })
	answer("p2", "2")
	waitFor(t, "2 answers", func() bool { return strings.Contains(hostCmd("status"), "2/3 đã trả lời") })
	answer("p3", "a")
	waitScreen("board", "Đã trả lời: 3/3")
	if s := screen("p1"); strings.Contains(s, "Đáp án:") || strings.Contains(s, "✓") {
		t.Errorf("the key is visible before the reveal:\n%s", s)
	}
	hostCmd("close")
	hostCmd("reveal")
	waitScreen("p1", "Chính xác! +10 điểm")
	waitScreen("p2", "Chính xác! +10 điểm")
	waitScreen("p3", "Chưa đúng")
	waitScreen("p3", "Đáp án: B. Sở Nội vụ")
	waitScreen("board", "✓ B. Sở Nội vụ")
	waitScreen("board", "2 (66%)")
	hostCmd("standings")
	waitScreen("p3", "Hạng 3/3")
	hostCmd("next") // no question left: the round ends
	hostCmd("end")
	waitScreen("p1", "hạng 1/3 với 10 điểm")
	waitScreen("board", "CHÚC MỪNG")

	out := filepath.Join(dir, "ket-qua.csv")
	if b, err := exec.Command(bin, "--db", db, "results", "--format", "csv", "-o", out).CombinedOutput(); err != nil {
		t.Fatalf("results: %v\n%s", err, b)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows[1:] {
		got = append(got, r[0]+":"+r[1])
	}
	if want := "1:KX7ARM 2:PQ4WNE 3:HT9CDV"; strings.Join(got, " ") != want {
		t.Errorf("ranks = %v, want %s\n%s", got, want, data)
	}
	if !strings.Contains(string(data), "thời gian ngắn hơn") {
		t.Errorf("the tie-break step between 1 and 2 is not named:\n%s", data)
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
