package db

import (
	"context"
	"path/filepath"
	"testing"
	"testing/fstest"
)

func TestMigrateOnceInOrder(t *testing.T) {
	d, err := Open(filepath.Join(t.TempDir(), "sub", "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	fsys := fstest.MapFS{
		"002_b.sql": {Data: []byte(`INSERT INTO t(v) VALUES('b');`)},
		"001_a.sql": {Data: []byte(`CREATE TABLE t(v TEXT); INSERT INTO t(v) VALUES('a');`)},
	}
	ctx := context.Background()
	for range 2 {
		if err := Migrate(ctx, d, "test", fsys); err != nil {
			t.Fatal(err)
		}
	}
	var got string
	if err := d.QueryRow(`SELECT group_concat(v, '') FROM t`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != "ab" {
		t.Fatalf("rows = %q, want ab (each migration once, in order)", got)
	}
	var mode string
	d.QueryRow(`PRAGMA journal_mode`).Scan(&mode)
	var sync int
	d.QueryRow(`PRAGMA synchronous`).Scan(&sync)
	if mode != "wal" || sync != 2 {
		t.Fatalf("journal_mode=%s synchronous=%d, want wal and 2 (FULL)", mode, sync)
	}
}

func TestMigrateBadSQLRollsBack(t *testing.T) {
	d, err := Open(filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	err = Migrate(context.Background(), d, "x", fstest.MapFS{"001_bad.sql": {Data: []byte(`CREATE TABLE ok(v); NOT SQL;`)}})
	if err == nil {
		t.Fatal("want an error for bad SQL")
	}
	var n int
	d.QueryRow(`SELECT count(*) FROM schema_migrations WHERE component='x'`).Scan(&n)
	if n != 0 {
		t.Fatalf("bad migration recorded %d times", n)
	}
}
