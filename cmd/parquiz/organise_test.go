package main

import (
	"context"
	"net"
	"path/filepath"
	"strings"
	"testing"

	"parquiz/internal/i18n"
	"parquiz/internal/store"
	"parquiz/internal/tui"
	"parquiz/questions/bank"
	"parquiz/questions/par"
)

// TestOrganiserCheck runs the home screen's "Tổ chức hội thi" check on
// the shipped examples and on broken files: every problem is reported at
// once, with its file and line, in the interface language.
func TestOrganiserCheck(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	b, err := bank.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, _, err := b.EnsureDefault(ctx, par.Load); err != nil {
		t.Fatal(err)
	}
	org := &organiser{dbPath: db, lang: i18n.VI, bank: b}
	contest, roster := filepath.Join("..", "..", "examples", "contest.yaml"), filepath.Join("..", "..", "examples", "roster.csv")

	if err := org.Check(ctx, tui.ServeRequest{Contest: contest, Roster: roster, Listen: "127.0.0.1:0"}); err != nil {
		t.Fatalf("the shipped examples fail the check:\n%v", err)
	}

	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	badContest := writeFile(t, dir, "contest.yaml", "title: Hội thi thử\nrounds:\n  - kind: classic\n    time: 30s\n    draw: {count: 400}\n")
	badRoster := writeFile(t, dir, "roster.csv", "code,name,unit\nTS01,Nguyễn Văn An,Sở Nội vụ\nTS01,Trần Thị Bình,Sở Tư pháp\n")
	err = org.Check(ctx, tui.ServeRequest{Contest: badContest, Roster: badRoster, Listen: busy.Addr().String(), AdminKeys: filepath.Join(dir, "khong-co.pub")})
	if err == nil {
		t.Fatal("broken files passed the check")
	}
	msg := err.Error()
	for _, want := range []string{
		badContest + ":3: rounds[1].draw: vòng thi cần 400 câu, ngân hàng chỉ có 204 câu", // at the round's line
		"roster.csv:3: ", // the duplicate code, at its line
		`"TS01"`,
		"Không có tệp " + filepath.Join(dir, "khong-co.pub"), // the admin keys
		"Không mở được cổng " + busy.Addr().String(),         // the port is taken
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("the check does not say %q:\n%s", want, msg)
		}
	}

	err = org.Check(ctx, tui.ServeRequest{Contest: filepath.Join(dir, "khong-co.yaml"), Listen: "127.0.0.1:0"})
	if err == nil || !strings.Contains(err.Error(), "Không có tệp "+filepath.Join(dir, "khong-co.yaml")) ||
		!strings.Contains(err.Error(), "Chưa chọn danh sách thí sinh") {
		t.Errorf("missing files: %v", err)
	}

	// resuming: only contests that exist
	if err := org.Check(ctx, tui.ServeRequest{Resume: 9, Listen: "127.0.0.1:0"}); err == nil || !strings.Contains(err.Error(), "#9") {
		t.Errorf("resuming a contest that does not exist: %v", err)
	}
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := preparePlanFor(ctx, contest, roster, b)
	if err != nil {
		t.Fatal(err)
	}
	id, err := st.Create(ctx, plan)
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	if err := org.Check(ctx, tui.ServeRequest{Resume: id, Listen: "127.0.0.1:0"}); err != nil {
		t.Errorf("resuming stored contest %d: %v", id, err)
	}
	cs, err := org.Contests(ctx)
	if err != nil || len(cs) != 1 || cs[0].ID != id || cs[0].Ended || cs[0].Records != 0 {
		t.Errorf("Contests() = %+v, %v", cs, err)
	}
}
