package bank

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"parquiz/questions"
)

// Preview reports what importing qs into the bank at path would do, without
// changing that file or creating it: it copies the database (if it exists)
// into a temporary file with VACUUM INTO through a read-only connection,
// loads the default bank there if the real one would load it (defaultLoaded
// reports that), imports qs into the copy and deletes it.
func Preview(ctx context.Context, path string, load Loader, qs []questions.Question) (res ImportResult, defaultLoaded bool, err error) {
	tmp, err := os.MkdirTemp("", "parquiz-preview-")
	if err != nil {
		return res, false, fmt.Errorf("preview: %w", err)
	}
	defer os.RemoveAll(tmp)
	copyPath := filepath.Join(tmp, "preview.db")
	if _, err := os.Stat(path); err == nil {
		if err := snapshot(ctx, path, copyPath); err != nil {
			return res, false, err
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return res, false, fmt.Errorf("preview: %w", err)
	}
	b, err := Open(copyPath)
	if err != nil {
		return res, false, fmt.Errorf("preview: %w", err)
	}
	defer b.Close()
	if defaultLoaded, _, err = b.EnsureDefault(ctx, load); err != nil {
		return res, false, err
	}
	res, err = b.Import(ctx, qs)
	return res, defaultLoaded, err
}

// snapshot copies the database at src into the new file dst, reading src
// through a read-only connection.
func snapshot(ctx context.Context, src, dst string) error {
	d, err := sql.Open("sqlite", "file:"+src+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return fmt.Errorf("preview: open %s: %w", src, err)
	}
	defer d.Close()
	if _, err := d.ExecContext(ctx, `VACUUM INTO ?`, dst); err != nil {
		return fmt.Errorf("preview: copy %s: %w", src, err)
	}
	return nil
}
