package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"parquiz/internal/i18n"
	"parquiz/questions"
	"parquiz/questions/bank"
)

// cli runs parquiz in-process with --lang en and returns the exit status
// and what it printed.
func cli(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = runIO(append([]string{"--lang", "en"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const goodGIFT = `$CATEGORY: CCHC/Một cửa

// a comment
::q1:: Bộ phận Một cửa tiếp nhận hồ sơ của tổ chức, cá nhân. {T}

::q2:: Cơ chế một cửa liên thông được quy định tại văn bản nào? {
=Nghị định 61/2018/NĐ-CP
~Nghị định 30/2020/NĐ-CP
~Luật Cán bộ, công chức
}

::q3:: Ghép cặp {
=a -> 1
=b -> 2
=c -> 3
}
`

// bankHashes returns the content hashes in the bank at path (optionally of one set).
func bankHashes(t *testing.T, path, set string) []string {
	t.Helper()
	b, err := bank.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	h, err := b.Hashes(context.Background(), questions.Filter{Set: set})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(h)
	return h
}

func statsTotal(t *testing.T, dbPath string) int {
	t.Helper()
	code, out, errs := cli(t, "--db", dbPath, "bank", "stats", "--json")
	if code != 0 {
		t.Fatalf("stats --json: exit %d: %s", code, errs)
	}
	var st struct {
		Total *int `json:"total"`
	}
	if err := json.Unmarshal([]byte(out), &st); err != nil || st.Total == nil {
		t.Fatalf("stats --json = %q (%v): no total", out, err)
	}
	return *st.Total
}

func TestBankFreshDatabaseHasDefaultBank(t *testing.T) {
	db := filepath.Join(t.TempDir(), "sub", "parquiz.db")
	code, out, errs := cli(t, "--db", db, "bank", "stats")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, db) || strings.Count(errs, "\n") != 1 {
		t.Errorf("first run should say once where it created the bank; stderr = %q", errs)
	}
	if !strings.Contains(out, bank.DefaultSet) || !strings.Contains(out, "Total questions: ") {
		t.Errorf("stats output lacks the default set:\n%s", out)
	}
	n := statsTotal(t, db)
	if n < 150 {
		t.Errorf("default bank has %d questions, want at least 150", n)
	}
	// Second run: nothing said on stderr, nothing loaded again.
	code, _, errs = cli(t, "--db", db, "bank", "stats")
	if code != 0 || errs != "" {
		t.Errorf("second run: exit %d, stderr %q", code, errs)
	}
	if got := statsTotal(t, db); got != n {
		t.Errorf("total after second run = %d, want %d", got, n)
	}
}

func TestBankImportGoodFile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	before := statsTotal(t, db)
	f := writeFile(t, dir, "mot-cua.gift", goodGIFT)
	code, out, errs := cli(t, "--db", db, "bank", "import", f)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if want := i18n.EN.T("bank.imported", 2, 0, 1); !strings.Contains(out, want) {
		t.Errorf("stdout = %q, want %q", out, want)
	}
	if !strings.Contains(errs, f+":12: ") {
		t.Errorf("the skipped matching question should be named with its line; stderr = %q", errs)
	}
	if got := statsTotal(t, db); got != before+2 {
		t.Errorf("total = %d, want %d", got, before+2)
	}
	// Again: all duplicates. With --set the set name comes from the flag.
	code, out, _ = cli(t, "--db", db, "bank", "import", "--set", "khác", f)
	if want := i18n.EN.T("bank.imported", 0, 2, 1); code != 0 || !strings.Contains(out, want) {
		t.Errorf("second import: exit %d, stdout %q, want %q", code, out, want)
	}
	if got := bankHashes(t, db, "mot-cua"); len(got) != 2 {
		t.Errorf("set mot-cua (from the file name) has %d questions, want 2", len(got))
	}
}

func TestBankImportBadFileChangesNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	good := writeFile(t, dir, "good.gift", goodGIFT)
	bad := writeFile(t, dir, "bad.gift", "::ok:: Câu đúng {=a ~b}\n\n::broken:: Câu lỗi {=a ~b\n")
	statsTotal(t, db) // creates the database with the default bank
	before := bankHashes(t, db, "")
	if len(before) == 0 {
		t.Fatal("no default bank")
	}
	code, out, errs := cli(t, "--db", db, "bank", "import", good, bad)
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr %q", code, errs)
	}
	if !strings.Contains(errs, bad+":3: ") {
		t.Errorf("stderr does not name %s:3: %q", bad, errs)
	}
	if strings.Contains(out, "imported") {
		t.Errorf("stdout claims an import: %q", out)
	}
	if after := bankHashes(t, db, ""); !slices.Equal(before, after) {
		t.Errorf("bank changed: %d questions before, %d after", len(before), len(after))
	}
	// Many errors: each listed up to the cap, then a note says it stopped.
	var many strings.Builder
	for range 60 {
		many.WriteString("::x:: Câu {#abc}\n\n")
	}
	manyFile := writeFile(t, dir, "many.gift", many.String())
	code, _, errs = cli(t, "--db", db, "bank", "import", manyFile)
	if code != 1 || strings.Count(errs, manyFile+":") < 50 || !strings.Contains(errs, "stopped after") {
		t.Errorf("60 bad questions: exit %d, stderr:\n%s", code, errs)
	}
	// Not UTF-8: rejected with a message to save as UTF-8, bank unchanged.
	latin := writeFile(t, dir, "latin.gift", "C\xe2u h\xf5i {T}\n")
	code, _, errs = cli(t, "--db", db, "bank", "import", latin)
	if code != 1 || !strings.Contains(errs, latin+":1: ") || !strings.Contains(errs, "UTF-8") {
		t.Errorf("non-UTF-8: exit %d, stderr %q", code, errs)
	}
	if after := bankHashes(t, db, ""); !slices.Equal(before, after) {
		t.Error("bank changed after a non-UTF-8 import")
	}
}

func TestBankImportDryRun(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	f := writeFile(t, dir, "good.gift", goodGIFT)
	// On a database that does not exist yet: it is not created.
	code, out, errs := cli(t, "--db", db, "bank", "import", "--dry-run", f)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if want := i18n.EN.T("bank.dryrun", 2, 0, 1); !strings.Contains(out, want) {
		t.Errorf("stdout = %q, want %q", out, want)
	}
	if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("dry run created the database (stat: %v)", err)
	}
	// On an existing one: nothing changes.
	before := bankHashes(t, db, "")
	if code, _, errs := cli(t, "--db", db, "bank", "import", "--dry-run", f); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if after := bankHashes(t, db, ""); !slices.Equal(before, after) {
		t.Errorf("dry run changed the bank: %d → %d questions", len(before), len(after))
	}
}

func TestBankExportImportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	db1, db2 := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	f := writeFile(t, dir, "good.gift", goodGIFT)
	if code, _, errs := cli(t, "--db", db1, "bank", "import", "--set", "mine", f); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	want := bankHashes(t, db1, "mine")
	for _, fm := range []string{"json", "gift", "csv", "xlsx"} {
		code, out, errs := cli(t, "--db", db1, "bank", "export", "--format", fm, "--set", "mine", "-o", "-")
		if code != 0 {
			t.Fatalf("%s export: exit %d: %s", fm, code, errs)
		}
		if wantMsg := i18n.EN.T("bank.exported", 2, fm, 0); !strings.Contains(errs, wantMsg) {
			t.Errorf("%s export: stderr %q, want %q", fm, errs, wantMsg)
		}
		exported := writeFile(t, dir, "export."+fm, out)
		fresh := filepath.Join(dir, fm+"-"+filepath.Base(db2))
		if code, _, errs := cli(t, "--db", fresh, "bank", "import", "--set", "mine", exported); code != 0 {
			t.Fatalf("%s re-import: exit %d: %s", fm, code, errs)
		}
		if got := bankHashes(t, fresh, "mine"); !slices.Equal(got, want) {
			t.Errorf("%s: hashes after export and import differ:\n got %v\nwant %v", fm, got, want)
		}
	}
	// --set wins over the set written in a JSON file.
	code, out, errs := cli(t, "--db", db1, "bank", "export", "--format", "json", "--set", "mine", "-o", "-")
	if code != 0 {
		t.Fatal(errs)
	}
	exported := writeFile(t, dir, "mine.json", out)
	other := filepath.Join(dir, "other.db")
	if code, _, errs := cli(t, "--db", other, "bank", "import", "--set", "vòng 2", exported); code != 0 {
		t.Fatal(errs)
	}
	if got := bankHashes(t, other, "vòng 2"); !slices.Equal(got, want) {
		t.Errorf("--set vòng 2: set has %d questions, want %d", len(got), len(want))
	}
	// Format from the -o extension; the report goes to stdout then.
	out = filepath.Join(dir, "all.json")
	code, stdout, errs := cli(t, "--db", db1, "bank", "export", "-o", out)
	if code != 0 || !strings.Contains(stdout, "(json)") {
		t.Errorf("export -o all.json: exit %d, stdout %q, stderr %q", code, stdout, errs)
	}
	if _, err := os.Stat(out); err != nil {
		t.Error(err)
	}
	for _, args := range [][]string{{"-o", "-"}, {"--format", "nope", "-o", "-"}, {}} {
		if code, _, _ := cli(t, append([]string{"--db", db1, "bank", "export"}, args...)...); code != 2 {
			t.Errorf("export %v: exit %d, want 2", args, code)
		}
	}
}

func TestBankValidateTouchesNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "never.db")
	good := writeFile(t, dir, "good.gift", goodGIFT)
	code, out, errs := cli(t, "--db", db, "bank", "validate", good)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if want := i18n.EN.T("bank.validated", 2, 1, 0, 1); !strings.Contains(out, want) {
		t.Errorf("stdout = %q, want %q", out, want)
	}
	bad := writeFile(t, dir, "bad.gift", "::x:: Câu {=a ~b\n")
	code, _, errs = cli(t, "--db", db, "bank", "validate", good, bad)
	if code != 1 || !strings.Contains(errs, bad+":1: ") {
		t.Errorf("bad file: exit %d, stderr %q", code, errs)
	}
	if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("validate created the database (stat: %v)", err)
	}
	if _, err := os.Stat(dir + "/never.db-wal"); !errors.Is(err, os.ErrNotExist) {
		t.Error("validate created a WAL file")
	}
}

func TestBankListAndShow(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	f := writeFile(t, dir, "good.gift", goodGIFT)
	if code, _, errs := cli(t, "--db", db, "bank", "import", f); code != 0 {
		t.Fatal(errs)
	}
	// Diacritic-insensitive search, table output.
	code, out, errs := cli(t, "--db", db, "bank", "list", "--search", "co che mot cua lien thong")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "ID") || !strings.Contains(lines[1], "Cơ chế một cửa liên thông") {
		t.Errorf("list --search:\n%s", out)
	}
	if lines[2] != i18n.EN.T("bank.count", 1) {
		t.Errorf("footer %q", lines[2])
	}
	// JSON with every filter.
	code, out, errs = cli(t, "--db", db, "bank", "list", "--json", "--set", "good", "--topic", "CCHC", "--kind", "truefalse", "--difficulty", "2")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var items []listItem
	if err := json.Unmarshal([]byte(out), &items); err != nil {
		t.Fatalf("list --json: %v\n%s", err, out)
	}
	if len(items) != 1 || items[0].Kind != "truefalse" || items[0].Key != "True" || items[0].ID == 0 {
		t.Fatalf("list --json = %+v", items)
	}
	// --limit says how many there are in all.
	code, out, _ = cli(t, "--db", db, "bank", "list", "--limit", "2")
	if code != 0 || !strings.Contains(out, " of ") {
		t.Errorf("list --limit 2: exit %d\n%s", code, out)
	}
	// Long texts are cut by display width, never in the middle of a letter.
	for _, l := range strings.Split(out, "\n") {
		if !utf8Valid(l) {
			t.Errorf("invalid UTF-8 in %q", l)
		}
	}
	// show
	code, out, errs = cli(t, "--db", db, "bank", "show", itoa(items[0].ID))
	if code != 0 || !strings.Contains(out, "Bộ phận Một cửa") || !strings.Contains(out, "Key: True") {
		t.Errorf("show: exit %d, %s\n%s", code, errs, out)
	}
	if code, _, errs := cli(t, "--db", db, "bank", "show", "999999"); code != 1 || !strings.Contains(errs, "999999") {
		t.Errorf("show unknown id: exit %d, %q", code, errs)
	}
	for _, args := range [][]string{{"show", "abc"}, {"list", "--kind", "essay"}, {"list", "--difficulty", "4"}, {"list", "--limit", "-1"}, {"import"}, {"nope"}} {
		if code, _, _ := cli(t, append([]string{"--db", db, "bank"}, args...)...); code != 2 {
			t.Errorf("bank %v: exit %d, want 2", args, code)
		}
	}
}

func TestPrintListTruncatesByWidth(t *testing.T) {
	var buf bytes.Buffer
	q := questions.Question{ID: 7, Kind: questions.KindSingle, Difficulty: 1, Topic: "Chủ đề rất dài về cải cách hành chính nhà nước",
		Text: strings.Repeat("Cải cách hành chính 改革 ", 10)}
	printList(&buf, i18n.VI, []questions.Question{q}, 60)
	for _, l := range strings.Split(strings.TrimRight(buf.String(), "\n"), "\n") {
		if w := displayWidth(l); w > 60 {
			t.Errorf("line %q is %d cells wide, want at most 60", l, w)
		}
		if !utf8Valid(l) {
			t.Errorf("invalid UTF-8 in %q", l)
		}
	}
	if !strings.Contains(buf.String(), "…") {
		t.Errorf("long text not marked as cut:\n%s", buf.String())
	}
}
