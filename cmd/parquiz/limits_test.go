package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestImportLimitFlags(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "bank.db")
	csv := writeFile(t, dir, "q.csv", "question,a,b,answer\n"+
		"Q1?,x,y,A\n"+
		"Q2?,x,"+strings.Repeat("y", 3000)+",A\n")

	// over --max-size: refused before it is read, nothing imported
	code, _, stderr := cli(t, "--db", db, "bank", "import", "--max-size", "2KB", csv)
	if code != 1 || !strings.Contains(stderr, "q.csv: the file is 3 KB, over the 2 KB limit for an imported file") ||
		!strings.Contains(stderr, "--max-size 1MB") {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	// over --max-cell: the line is named
	code, _, stderr = cli(t, "--db", db, "bank", "validate", "--max-cell", "1KB", csv)
	if code != 1 || !strings.Contains(stderr, "q.csv:3: the line is 2.9 KB long, over the 1 KB limit") ||
		!strings.Contains(stderr, "--max-cell 4KB") {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	// within the defaults it imports
	code, stdout, stderr := cli(t, "--db", db, "bank", "import", csv)
	if code != 0 || !strings.Contains(stdout, "imported 2") {
		t.Fatalf("exit %d, stdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	// a size that is not one is a usage error, in both languages
	code, _, stderr = cli(t, "--db", db, "bank", "validate", "--max-size", "lots", csv)
	if code != 2 || !strings.Contains(stderr, `"lots" không phải dung lượng`) || !strings.Contains(stderr, `"lots" is not a size`) {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
}

func TestRosterCheckLimitFlags(t *testing.T) {
	dir := t.TempDir()
	ds := writeFile(t, dir, "ds.csv", "code,name,unit\nA1,"+strings.Repeat("Lan", 1000)+",Sở Nội vụ\n")
	code, _, stderr := cliVI(t, "roster", "check", "--max-cell", "1KB", ds)
	if code != 1 || !strings.Contains(stderr, "ds.csv:2: dòng dài 2,9 KB, vượt giới hạn 1 KB") {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if code, _, stderr := cliVI(t, "roster", "check", ds); code != 0 {
		t.Fatalf("within the defaults: exit %d, stderr:\n%s", code, stderr)
	}
}
