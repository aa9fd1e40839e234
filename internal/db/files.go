package db

import (
	"errors"
	"io/fs"
	"os"
)

// Private files. The database holds roster codes and answer keys, so it
// and everything parquiz writes beside it (its -wal and -shm, contest
// folders, logs, result files, backups) are for the owner only, whatever
// the folder and the umask: files 0600, folders 0700. SQLite creates the
// -wal and -shm files with the main file's mode, so Open creates the
// database file 0600 before SQLite sees it, and tightens an existing
// database (and its -wal and -shm) that is more open, saying so through
// OnTighten.
const (
	PrivateFile os.FileMode = 0o600
	PrivateDir  os.FileMode = 0o700
)

// OnTighten, when set, is told of every file or folder whose group or
// other permissions parquiz removed (old is the mode before). The CLI
// prints it.
var OnTighten func(path string, old os.FileMode)

// tighten removes the group and other permissions of the open file f.
func tighten(f *os.File) error {
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	old := fi.Mode().Perm()
	if old&0o077 == 0 {
		return nil
	}
	if err := f.Chmod(old &^ 0o077); err != nil {
		return err
	}
	if OnTighten != nil {
		OnTighten(f.Name(), old)
	}
	return nil
}

// Tighten removes the group and other permissions of the file or folder
// at path, if it has any; a path that does not exist is no error.
func Tighten(path string) error {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	old := fi.Mode().Perm()
	if old&0o077 == 0 {
		return nil
	}
	if err := os.Chmod(path, old&^0o077); err != nil {
		return err
	}
	if OnTighten != nil {
		OnTighten(path, old)
	}
	return nil
}

// MkdirPrivate creates the folder dir and its missing parents with mode
// 0700 and tightens dir itself if it exists more open. (Parents that
// already exist, like /tmp, are left alone.)
func MkdirPrivate(dir string) error {
	if err := os.MkdirAll(dir, PrivateDir); err != nil {
		return err
	}
	return Tighten(dir)
}

// CreatePrivate opens name for writing, creating it 0600 (O_EXCL when
// exclusive) and tightening it when it exists more open.
func CreatePrivate(name string, flag int) (*os.File, error) {
	f, err := os.OpenFile(name, flag|os.O_CREATE, PrivateFile)
	if err != nil {
		return nil, err
	}
	if err := tighten(f); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// preparePrivate creates the database file 0600 when it does not exist,
// so that SQLite (which gives -wal and -shm the main file's mode) never
// creates any of them world-readable, and tightens an existing database
// and its -wal and -shm.
func preparePrivate(path string) error {
	f, err := CreatePrivate(path, os.O_RDWR)
	if err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	for _, p := range []string{path + "-wal", path + "-shm"} {
		if err := Tighten(p); err != nil {
			return err
		}
	}
	return nil
}
