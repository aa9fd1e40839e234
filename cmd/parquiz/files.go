package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"parquiz/internal/db"
	"parquiz/internal/i18n"
	"parquiz/questions"
	"parquiz/questions/bank"
)

// The database's files: the serve lock (see internal/db.LockServe),
// contest folders, private modes.

func init() {
	// The --lang flag is not parsed when the first file is tightened (the
	// database opens in the command), so the notice speaks both languages.
	db.OnTighten = func(path string, old os.FileMode) {
		nu := uint32(old.Perm() &^ 0o077)
		fmt.Fprintln(os.Stderr, "parquiz: "+i18n.VI.T("files.tightened", path, uint32(old.Perm()), nu)+
			" / "+i18n.EN.T("files.tightened", path, uint32(old.Perm()), nu))
	}
}

// servedWhat names the contest of a serve lock: number, title, process,
// since when.
func servedWhat(lang i18n.Lang, s db.Serving) string {
	switch {
	case s.Contest > 0:
		return lang.T("files.contest", s.Contest, s.Title, s.PID, s.Since.Local().Format("15:04 02/01/2006"))
	case s.PID > 0:
		return lang.T("files.contest.starting", s.PID)
	}
	return lang.T("files.contest.unknown")
}

// servedText is the message key (files.served.*, files.serve.other) for
// the contest of se.
func servedText(lang i18n.Lang, key string, se *db.ServedError) string {
	return lang.T(key, se.DB, servedWhat(lang, se.Serving))
}

// bankWriteLock takes the lock of a bank write on the database at path
// (held until release): it refuses, saying which contest and what to do,
// while another process serves a contest from that database.
func bankWriteLock(lang i18n.Lang, path string) (release func(), err error) {
	release, err = db.BankWrite(path)
	var se *db.ServedError
	if errors.As(err, &se) {
		return nil, errors.New(servedText(lang, "files.served.import", se))
	}
	return release, err
}

// refuseIfServed is bankWriteLock's refusal, told at once (an import
// checks before it reads its files); a dry run writes only a copy and is
// never refused.
func refuseIfServed(lang i18n.Lang, path string, dryRun bool) error {
	if dryRun {
		return nil
	}
	if se := db.ServedBy(path); se != nil {
		return errors.New(servedText(lang, "files.served.import", se))
	}
	return nil
}

// defaultBankState is what updateDefaultBank did.
type defaultBankState struct {
	loaded    bool
	res       bank.ImportResult
	update    bank.DefaultUpdate
	postponed *db.ServedError // a change was due but a contest is served
}

// updateDefaultBank loads the shipped questions into a new bank and
// brings them up to this build's version (EnsureDefaultVersion, then
// UpdateDefault), holding the bank-write lock while it does; while another
// process serves a contest from the database it writes nothing and, when a
// change was due, says so in postponed.
func updateDefaultBank(ctx context.Context, path string, b *bank.Bank, version string, load bank.Loader) (defaultBankState, error) {
	var st defaultBankState
	release, err := db.BankWrite(path)
	var se *db.ServedError
	if errors.As(err, &se) {
		pending, err := b.DefaultPending(ctx, version)
		if pending {
			st.postponed = se
		}
		return st, err
	}
	if err != nil {
		return st, err
	}
	defer release()
	if st.loaded, st.res, err = b.EnsureDefaultVersion(ctx, version, load); err != nil {
		return st, err
	}
	st.update, err = b.UpdateDefault(ctx, version, load)
	return st, err
}

// serveLock is the lock serve holds on its database while it runs.
type serveLock struct{ *db.ServeLock }

// lockServe takes the serve lock of the database at path before anything
// is drawn or stored. A bank write in progress (an import that began
// first) is waited for, saying so once; another serve of the same
// database is refused.
func lockServe(ctx context.Context, w io.Writer, lang i18n.Lang, path string, resume int64) (*serveLock, error) {
	said := false
	for {
		l, err := db.LockServe(path, db.Serving{Contest: resume})
		var se *db.ServedError
		switch {
		case err == nil:
			return &serveLock{l}, nil
		case errors.As(err, &se):
			return nil, errors.New(servedText(lang, "files.serve.other", se))
		case !errors.Is(err, db.ErrBankBusy):
			return nil, err
		}
		if !said {
			fmt.Fprintln(w, lang.T("files.serve.wait", path))
			said = true
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// served records the contest in the lock file, once serve knows it.
func (l *serveLock) served(id int64, title string) error {
	return l.Update(db.Serving{Contest: id, Title: title})
}

// contestFolder creates (0700) and returns the folder of contest id under
// dataDir/contests: the database's file name, the contest's number and a
// slug of its title, e.g. contests/parquiz-1-hoi-thi-cchc. Two databases in
// one folder have different names; should two with the same name share a
// --data-dir, the folder remembers its database (.database) and the other
// one gets a suffix from its path.
func contestFolder(dataDir, dbPath string, id int64, title string) (string, error) {
	parent := filepath.Join(dataDir, "contests")
	if err := db.MkdirPrivate(parent); err != nil {
		return "", err
	}
	abs, err := filepath.Abs(dbPath)
	if err != nil {
		abs = dbPath
	}
	stem := slugify(strings.TrimSuffix(filepath.Base(dbPath), filepath.Ext(dbPath)))
	if stem == "" {
		stem = "db"
	}
	name := stem + "-" + contestID(id, title)
	dir := filepath.Join(parent, name)
	marker := filepath.Join(dir, ".database")
	if data, err := os.ReadFile(marker); err == nil && strings.TrimSpace(string(data)) != abs {
		sum := sha256.Sum256([]byte(abs))
		dir = filepath.Join(parent, name+"-"+hex.EncodeToString(sum[:3]))
		marker = filepath.Join(dir, ".database")
	}
	if err := db.MkdirPrivate(dir); err != nil {
		return "", err
	}
	if _, err := os.Stat(marker); errors.Is(err, os.ErrNotExist) {
		f, err := db.CreatePrivate(marker, os.O_WRONLY|os.O_EXCL)
		if err != nil {
			return "", err
		}
		_, err = fmt.Fprintln(f, abs)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return "", err
		}
	}
	return dir, nil
}

// slugify is the ASCII slug contestID makes of a title.
func slugify(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 32
		}
		return '-'
	}, questions.SearchKey(s))
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '-' }), "-")
	if len(s) > 40 {
		s = strings.Trim(s[:40], "-")
	}
	return s
}

// createLog opens a log file for appending, 0600 (an existing one more
// open is tightened).
func createLog(path string) (*os.File, error) {
	return db.CreatePrivate(path, os.O_WRONLY|os.O_APPEND)
}
