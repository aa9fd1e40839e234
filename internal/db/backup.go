package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// ErrBackupExists is returned instead of overwriting a file (Backup
// without force).
var ErrBackupExists = errors.New("the backup file exists")

// ErrNoDatabase: there is no database to back up at that path.
var ErrNoDatabase = errors.New("no database")

// BackupInfo is what Backup wrote.
type BackupInfo struct {
	Bytes int64
	Took  time.Duration
}

// Backup writes a consistent copy of the database at src to the new file
// dst (mode 0600), while other processes read and write src: SQLite's
// VACUUM INTO through a read-only connection copies one snapshot (a read
// transaction in WAL mode, which does not block a contest's journal
// writer), compacted, with the -wal's committed contents folded in. The
// copy is made in a temporary file beside dst, checked (quick_check),
// fsynced and only then given its name, so dst is never a partial file.
// An existing dst is an ErrBackupExists unless force is set.
func Backup(ctx context.Context, src, dst string, force bool) (BackupInfo, error) {
	start := time.Now()
	var info BackupInfo
	sfi, err := os.Stat(src)
	if errors.Is(err, fs.ErrNotExist) {
		return info, fmt.Errorf("%s: %w", src, ErrNoDatabase)
	}
	if err != nil {
		return info, err
	}
	if dfi, err := os.Stat(dst); err == nil {
		if os.SameFile(sfi, dfi) {
			return info, fmt.Errorf("backup %s: it is the database itself", dst)
		}
		if !force {
			return info, fmt.Errorf("%s: %w", dst, ErrBackupExists)
		}
	}
	dir := filepath.Dir(dst)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(dst)+".tmp-*")
	if err != nil {
		return info, fmt.Errorf("backup: %w", err)
	}
	tmpName := tmp.Name()
	defer os.Remove(tmpName) // harmless after the rename or link
	// an empty 0600 file: VACUUM INTO fills an empty file, keeping its mode
	if err := tmp.Chmod(PrivateFile); err != nil {
		tmp.Close()
		return info, fmt.Errorf("backup: %w", err)
	}
	tmp.Close()

	if err := vacuumInto(ctx, src, tmpName); err != nil {
		return info, err
	}
	if err := check(ctx, tmpName); err != nil {
		return info, err
	}
	f, err := os.OpenFile(tmpName, os.O_RDWR, 0)
	if err != nil {
		return info, fmt.Errorf("backup: %w", err)
	}
	err = f.Sync()
	if fi, serr := f.Stat(); serr == nil {
		info.Bytes = fi.Size()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return info, fmt.Errorf("backup: %w", err)
	}
	if err := place(tmpName, dst, force); err != nil {
		return info, err
	}
	syncDir(dir)
	info.Took = time.Since(start)
	return info, nil
}

func vacuumInto(ctx context.Context, src, dst string) error {
	d, err := sql.Open("sqlite", "file:"+src+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return fmt.Errorf("backup: open %s: %w", src, err)
	}
	defer d.Close()
	if _, err := d.ExecContext(ctx, `VACUUM INTO ?`, dst); err != nil {
		return fmt.Errorf("backup: copy %s: %w", src, err)
	}
	return nil
}

// check opens the copy read-only and runs quick_check on it.
func check(ctx context.Context, path string) error {
	d, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return fmt.Errorf("backup: check: %w", err)
	}
	defer d.Close()
	var res string
	if err := d.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&res); err != nil {
		return fmt.Errorf("backup: check: %w", err)
	}
	if res != "ok" {
		return fmt.Errorf("backup: the copy fails its check: %s", res)
	}
	return nil
}

// place gives tmp the name dst: a hard link when dst must not be
// overwritten (it fails if dst appeared meanwhile), a rename with force or
// where links are not supported.
func place(tmp, dst string, force bool) error {
	if !force {
		err := os.Link(tmp, dst)
		if err == nil {
			return nil
		}
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s: %w", dst, ErrBackupExists)
		}
		if _, serr := os.Lstat(dst); serr == nil {
			return fmt.Errorf("%s: %w", dst, ErrBackupExists)
		}
	}
	if err := os.Rename(tmp, dst); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// syncDir fsyncs a folder so that a new name in it survives a power cut
// (not possible on Windows, where it is not needed).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
