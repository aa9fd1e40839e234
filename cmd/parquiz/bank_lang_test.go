package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"parquiz/internal/i18n"
	"parquiz/questions/bank"
)

// TestBankImportErrorsInTheUsersLanguage: the FILE:LINE messages of a bad
// file come in Vietnamese by default and in English with --lang en, under
// a summary line in the same language.
func TestBankImportErrorsInTheUsersLanguage(t *testing.T) {
	t.Setenv("PARQUIZ_LANG", "")
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	bad := writeFile(t, dir, "bad.aiken", "Câu 1?\nA. Có\nB. Không\nANSWER: A\n\nCâu 2?\nA. Một\nANSWER: A\n")
	run := func(args ...string) (int, string) {
		var out, errb bytes.Buffer
		code := runIO(args, &out, &errb)
		return code, errb.String()
	}

	code, errs := run("--db", db, "bank", "import", bad)
	vi := bad + `:8: câu hỏi bắt đầu ở dòng 6 chỉ có 1 phương án; cần ít nhất 2 (các dòng dạng "A. nội dung")`
	if code != 1 || !strings.Contains(errs, vi+"\n") {
		t.Errorf("default language: exit %d, stderr:\n%s\nwant the line\n%s", code, errs, vi)
	}
	if want := i18n.VI.T("bank.failed", 1, 1); !strings.Contains(errs, want) {
		t.Errorf("stderr lacks the Vietnamese summary %q:\n%s", want, errs)
	}

	code, errs = run("--lang", "en", "--db", db, "bank", "import", bad)
	en := bad + `:8: the question starting on line 6 has 1 option(s); it needs at least 2 (lines like "A. text")`
	if code != 1 || !strings.Contains(errs, en+"\n") {
		t.Errorf("--lang en: exit %d, stderr:\n%s\nwant the line\n%s", code, errs, en)
	}

	// validate speaks the same language, and so do Validate's checks
	// (here a repeated option) and the GIFT warnings.
	rep := writeFile(t, dir, "rep.gift", "Câu? {=Có ~có}\n")
	code, errs = run("--db", db, "bank", "validate", rep)
	if want := rep + ":1: phương án (choices): phương án B trùng với một phương án phía trước"; code != 1 || !strings.Contains(errs, want+"\n") {
		t.Errorf("validate: exit %d, stderr:\n%s\nwant the line\n%s", code, errs, want)
	}
	warn := writeFile(t, dir, "warn.gift", "Câu? {=Có ~Không}\n\nGhép {=a -> 1 =b -> 2 =c -> 3}\n")
	code, errs = run("--db", db, "bank", "validate", warn)
	if want := warn + ":3: cảnh báo: bỏ qua: chưa hỗ trợ câu hỏi ghép đôi"; code != 0 || !strings.Contains(errs, want+"\n") {
		t.Errorf("validate: exit %d, stderr:\n%s\nwant the line\n%s", code, errs, want)
	}
}

// TestDefaultBankUpdatedOnAnOlderDatabase: a database made by an older
// build (another default-bank version, a question it did not have, one
// it worded differently) is brought in line on the next command, which
// says so.
func TestDefaultBankUpdatedOnAnOlderDatabase(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	if code, _, errOut := cliVI(t, "--db", db, "bank", "stats"); code != 0 || !strings.Contains(errOut, "nạp 204") {
		t.Fatalf("first run: exit %d\n%s", code, errOut)
	}
	b, err := bank.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`UPDATE bank_meta SET value = 'phien-ban-cu' WHERE key = 'default_version'`,
		`DELETE FROM questions WHERE id = (SELECT min(id) FROM questions)`,
		`UPDATE questions SET hash = 'cu', text = 'Lời cũ' WHERE id = (SELECT max(id) FROM questions)`,
		`UPDATE bank_meta SET value = value || char(10) || 'cu' WHERE key = 'default_hashes'`,
	} {
		if _, err := b.DB().Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	b.Close()
	code, out, errOut := cliVI(t, "--db", db, "bank", "stats")
	if code != 0 || !strings.Contains(errOut, "Ngân hàng câu hỏi mặc định đã được cập nhật") || !strings.Contains(errOut, "thêm 2 câu, bỏ 1 câu cũ") {
		t.Errorf("older database: exit %d\n%s", code, errOut)
	}
	if !strings.Contains(out, "204") {
		t.Errorf("stats after the update:\n%s", out)
	}
	if code, _, errOut := cliVI(t, "--db", db, "bank", "stats"); code != 0 || strings.Contains(errOut, "cập nhật") {
		t.Errorf("the update ran again: exit %d\n%s", code, errOut)
	}
}
