package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestRosterCheckSpeaksTheUsersLanguage(t *testing.T) {
	dir := t.TempDir()
	bad := writeFile(t, dir, "ds.csv", "Mã dự thi,Họ và tên,Đơn vị\nA1,Lan,Sở Nội vụ\nA1,An,Sở Tư pháp\n")
	code, _, stderr := cliVI(t, "roster", "check", bad)
	if code != 1 || !strings.Contains(stderr, `ds.csv:3: mã dự thi "A1" bị trùng (đã có ở dòng 2)`) {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	code, _, stderr = cli(t, "--lang", "en", "roster", "check", bad)
	if code != 1 || !strings.Contains(stderr, `ds.csv:3: duplicate code "A1" (already on line 2)`) {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	good := writeFile(t, dir, "ok.csv", "code,name,unit\nA1,Lan,Sở Nội vụ\nB2,An,Sở Tư pháp\n")
	code, stdout, _ := cliVI(t, "roster", "check", good)
	if code != 0 || !strings.Contains(stdout, "2 thí sinh, 2 đơn vị") {
		t.Fatalf("exit %d, stdout:\n%s", code, stdout)
	}
}

// cliVI runs the CLI in its default language (cli forces --lang en).
func cliVI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	t.Setenv("PARQUIZ_LANG", "")
	var out, errb bytes.Buffer
	code = runIO(args, &out, &errb)
	return code, out.String(), errb.String()
}
