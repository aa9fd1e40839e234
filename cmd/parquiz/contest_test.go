package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"parquiz/internal/i18n"
	"parquiz/internal/store"
	"parquiz/quiz"
)

func TestContestValidate(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	tests := []struct {
		name   string
		file   string
		code   int
		stdout []string
		stderr []string
	}{
		{"the example", "../../examples/contest.yaml", 0,
			[]string{"Valid: 4 rounds, 31 questions", "2. Vòng 2: Tăng tốc (Speed): 5 questions", "streak bonus +100, up to +500", "target: perfect"}, nil},
		{"bad kind and time", writeFile(t, dir, "bad.yaml", "title: T\nrounds:\n  - kind: quiz\n    time: 0s\n    draw: {count: 3}\n"), 1, nil,
			[]string{"bad.yaml:3: rounds[1].kind: \"quiz\" is not a round kind", "bad.yaml:4: rounds[1].time:", "2 problem(s)"}},
		{"unknown topic, too many questions", writeFile(t, dir, "bank.yaml", "title: T\nrounds:\n  - kind: classic\n    time: 10s\n    draw: {count: 3, topics: [Thiên văn học]}\n  - kind: speed\n    time: 10s\n    draw: {count: 400}\n"), 1, nil,
			[]string{`bank.yaml:3: rounds[1].draw.topics: no question in the bank has topic "Thiên văn học"`, "bank.yaml:6: rounds[2].draw: the round asks for 400 questions, the bank has 204 that match"}},
		{"not enough hard questions", writeFile(t, dir, "mix.yaml", "title: T\nrounds:\n  - kind: classic\n    time: 10s\n    draw: {mix: {easy: 2, hard: 100}}\n"), 1, nil,
			[]string{"mix.yaml:3: rounds[1].draw.mix.hard: the round asks for 100 questions of this difficulty, the bank has 43 that match"}},
		{"unknown key", writeFile(t, dir, "key.yaml", "title: T\nround:\n  - kind: classic\n"), 1, nil, []string{"key.yaml:2: field round not found"}},
	}
	for _, tt := range tests {
		code, out, errOut := cli(t, "--db", db, "contest", "validate", tt.file)
		if code != tt.code {
			t.Errorf("%s: exit %d, want %d\n%s%s", tt.name, code, tt.code, out, errOut)
		}
		for _, w := range tt.stdout {
			if !strings.Contains(out, w) {
				t.Errorf("%s: stdout lacks %q:\n%s", tt.name, w, out)
			}
		}
		for _, w := range tt.stderr {
			if !strings.Contains(errOut, w) {
				t.Errorf("%s: stderr lacks %q:\n%s", tt.name, w, errOut)
			}
		}
	}
	if code, _, _ := cli(t, "--db", db, "contest", "validate"); code != 2 {
		t.Errorf("no file: exit %d, want 2", code)
	}
}

func TestContestMessagesTranslated(t *testing.T) {
	all := i18n.All()
	for _, k := range quiz.ConfigMessageKeys() {
		if tx, ok := all[k]; !ok || tx.VI == "" || tx.EN == "" {
			t.Errorf("%s has no vi/en text", k)
		}
	}
}

// TestServeRefusesAContestTheBankCannotFill: serve checks the draw before
// it listens and says, at the round's line, how many questions are
// missing; nothing is stored.
func TestServeRefusesAContestTheBankCannotFill(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	contest := writeFile(t, dir, "big.yaml", "title: T\nrounds:\n  - kind: classic\n    time: 10s\n    draw: {count: 300}\n")
	code, _, errOut := cliVI(t, "--db", db, "serve", "--headless", "--listen", "127.0.0.1:0", "--contest", contest, "--roster", filepath.Join("..", "..", "examples", "roster.csv"))
	if code != 1 || !strings.Contains(errOut, "big.yaml:3: rounds[1].draw: vòng thi cần 300 câu, ngân hàng chỉ có 204 câu") {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if cs, err := st.Contests(context.Background()); err != nil || len(cs) != 0 {
		t.Errorf("a refused contest was stored: %+v %v", cs, err)
	}
}
