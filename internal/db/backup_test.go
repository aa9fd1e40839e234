package db

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestBackupWhileWriting(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "live.db")
	d, err := Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Exec(`CREATE TABLE journal(seq INTEGER PRIMARY KEY, body TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	// a writer on its own connection commits records all through the backup
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var written atomic.Int64
	wg.Add(1)
	go func() {
		defer wg.Done()
		for ctx.Err() == nil {
			if _, err := d.Exec(`INSERT INTO journal(body) VALUES ('câu trả lời')`); err != nil {
				t.Errorf("writer: %v", err)
				return
			}
			written.Add(1)
		}
	}()
	// the backup starts once some records are in and the writer goes on
	// after it; waiting on counts, not on time, keeps this true on a busy
	// machine
	waitCount := func(n int64) {
		deadline := time.Now().Add(30 * time.Second)
		for written.Load() < n && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		if written.Load() < n {
			t.Fatalf("the writer committed %d records in 30 s, want %d", written.Load(), n)
		}
	}
	waitCount(20)
	dst := filepath.Join(dir, "backup.db")
	info, err := Backup(context.Background(), src, dst, false)
	waitCount(written.Load() + 5)
	cancel()
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(dst); err != nil || fi.Mode().Perm() != PrivateFile || fi.Size() != info.Bytes {
		t.Fatalf("backup file: %v, %v (info %+v), want mode 0600 and its size", fi.Mode(), err, info)
	}
	b, err := Open(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var n, maxSeq int
	if err := b.QueryRow(`SELECT count(*), COALESCE(max(seq), 0) FROM journal`).Scan(&n, &maxSeq); err != nil {
		t.Fatal(err)
	}
	// one snapshot: records 1..n with no gap, fewer than were written in all
	if n < 20 || n != maxSeq || int64(n) >= written.Load() {
		t.Errorf("backup has %d records (max seq %d) of %d written: want a gapless prefix taken mid-way", n, maxSeq, written.Load())
	}

	if _, err := Backup(context.Background(), src, dst, false); !errors.Is(err, ErrBackupExists) {
		t.Errorf("backup onto an existing file: err = %v, want ErrBackupExists", err)
	}
	if _, err := Backup(context.Background(), src, dst, true); err != nil {
		t.Errorf("backup --force: %v", err)
	}
	if _, err := Backup(context.Background(), src, src, true); err == nil {
		t.Error("backup onto the database itself was allowed")
	}
	if _, err := Backup(context.Background(), filepath.Join(dir, "none.db"), filepath.Join(dir, "x.db"), false); !errors.Is(err, ErrNoDatabase) {
		t.Errorf("backup of no database: err = %v, want ErrNoDatabase", err)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*tmp-*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
