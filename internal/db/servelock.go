package db

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// The serve lock keeps bank writes away from a live contest.
//
// While `parquiz serve` runs a contest from a database file it holds an
// exclusive advisory lock on the sidecar file <db>.serving (flock on unix,
// LockFileEx on Windows) and writes there which contest it serves. Every
// write to the question bank from another process (an import, the update
// of the shipped default bank) first takes a shared lock on the same file
// for as long as it writes, and refuses with a *ServedError when it cannot:
// a 300,000-question import would otherwise hold SQLite's write lock for
// half a minute while contestants' answers wait for it. The other way
// round, serve cannot start while a bank write holds its shared lock
// (ErrBankBusy), so an import that began first finishes before the
// contest starts.
//
// The lock belongs to the open file: it goes when serve stops, and the
// kernel drops it when the process dies (kill -9, a crash), so a stale
// lock cannot outlive its process. The sidecar file itself stays (empty)
// beside the database; removing it while a process waits on it would let
// two processes hold "the" lock, so parquiz never deletes it.
//
// Inside the process that holds the serve lock, bank writes are allowed:
// serve itself loads and updates the default bank before its contest
// starts.

// ServingSuffix is appended to the database's path to name its lock file.
const ServingSuffix = ".serving"

// ServingPath is the lock file of the database at dbPath.
func ServingPath(dbPath string) string { return dbPath + ServingSuffix }

// Serving is what the lock file says about the contest being served.
type Serving struct {
	Contest int64     `json:"contest"` // 0 while serve is still starting it
	Title   string    `json:"title,omitempty"`
	PID     int       `json:"pid"`
	Since   time.Time `json:"since"`
}

// ErrServed: a contest is being served from the database by another
// process. Errors of this kind are *ServedError.
var ErrServed = errors.New("a contest is being served from this database")

// ErrBankBusy: another process is writing the question bank of the
// database, so serve cannot take the lock yet.
var ErrBankBusy = errors.New("another process is writing the question bank of this database")

// ServedError says which contest holds the database.
type ServedError struct {
	DB      string
	Serving Serving // zero when the lock file could not be read
}

func (e *ServedError) Error() string {
	if e.Serving.Contest > 0 {
		return fmt.Sprintf("contest %d (%s) is being served from %s by process %d", e.Serving.Contest, e.Serving.Title, e.DB, e.Serving.PID)
	}
	return fmt.Sprintf("a contest is being served from %s", e.DB)
}

func (e *ServedError) Is(target error) bool { return target == ErrServed }

// ServeLock is the exclusive lock serve holds.
type ServeLock struct {
	f   *os.File
	key string
}

var (
	heldMu sync.Mutex
	held   = map[string]*ServeLock{} // serve locks this process holds, by lockKey
)

// lockKey names a lock file independently of how its path was spelled.
func lockKey(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	return path
}

// openLockFile opens (creating, mode 0600) the lock file of dbPath, and
// its folder.
func openLockFile(dbPath string) (*os.File, error) {
	if err := os.MkdirAll(filepath.Dir(dbPath), 0o700); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(ServingPath(dbPath), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	tighten(f)
	return f, nil
}

// LockServe takes the serve lock of the database at dbPath and records
// info in the lock file (PID and Since are filled in when zero). It does
// not wait: another serve gives a *ServedError, a bank write in progress
// ErrBankBusy (try again when it is done).
func LockServe(dbPath string, info Serving) (*ServeLock, error) {
	f, err := openLockFile(dbPath)
	if err != nil {
		return nil, fmt.Errorf("serve lock %s: %w", ServingPath(dbPath), err)
	}
	key := lockKey(ServingPath(dbPath))
	heldMu.Lock()
	defer heldMu.Unlock()
	if held[key] != nil {
		f.Close()
		return nil, &ServedError{DB: dbPath, Serving: readServing(ServingPath(dbPath))}
	}
	ok, err := tryLock(f, true)
	if err == nil && !ok {
		// Who has it? A shared lock is still possible when the holders
		// are bank writers; another serve holds it exclusively.
		shared, serr := tryLock(f, false)
		switch {
		case serr != nil:
			err = serr
		case shared:
			unlock(f)
			err = ErrBankBusy
		default:
			err = &ServedError{DB: dbPath, Serving: readServing(ServingPath(dbPath))}
		}
	}
	if err != nil {
		f.Close()
		var se *ServedError
		if errors.As(err, &se) || errors.Is(err, ErrBankBusy) {
			return nil, err
		}
		return nil, fmt.Errorf("serve lock %s: %w", ServingPath(dbPath), err)
	}
	l := &ServeLock{f: f, key: key}
	if err := l.Update(info); err != nil {
		unlock(f)
		f.Close()
		return nil, err
	}
	held[key] = l
	return l, nil
}

// Update rewrites what the lock file says (serve learns its contest's
// number after it took the lock).
func (l *ServeLock) Update(info Serving) error {
	if info.PID == 0 {
		info.PID = os.Getpid()
	}
	if info.Since.IsZero() {
		info.Since = time.Now()
	}
	data, err := json.Marshal(info)
	if err != nil {
		return err
	}
	if err := l.f.Truncate(0); err != nil {
		return fmt.Errorf("serve lock: %w", err)
	}
	if _, err := l.f.WriteAt(append(data, '\n'), 0); err != nil {
		return fmt.Errorf("serve lock: %w", err)
	}
	return nil
}

// Release empties the lock file and releases the lock. It may be called
// more than once.
func (l *ServeLock) Release() error {
	heldMu.Lock()
	defer heldMu.Unlock()
	if l.f == nil {
		return nil
	}
	l.f.Truncate(0)
	unlock(l.f)
	err := l.f.Close()
	l.f = nil
	delete(held, l.key)
	return err
}

// BankWrite takes the shared lock for a write to the question bank of the
// database at dbPath and returns its release. While a contest is served
// from the database by another process it returns a *ServedError and
// writes nothing; in the process that serves, it always succeeds.
func BankWrite(dbPath string) (release func(), err error) {
	key := lockKey(ServingPath(dbPath))
	heldMu.Lock()
	mine := held[key] != nil
	heldMu.Unlock()
	if mine {
		return func() {}, nil
	}
	f, err := openLockFile(dbPath)
	if err != nil {
		return nil, fmt.Errorf("bank lock %s: %w", ServingPath(dbPath), err)
	}
	ok, err := tryLock(f, false)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("bank lock %s: %w", ServingPath(dbPath), err)
	}
	if !ok {
		f.Close()
		return nil, &ServedError{DB: dbPath, Serving: readServing(ServingPath(dbPath))}
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			unlock(f)
			f.Close()
		})
	}, nil
}

// ServedBy reports the contest served from the database at dbPath by
// another process, or nil when there is none. It takes no lock that
// outlives the call.
func ServedBy(dbPath string) *ServedError {
	if _, err := os.Stat(ServingPath(dbPath)); err != nil {
		return nil
	}
	release, err := BankWrite(dbPath)
	if err != nil {
		var se *ServedError
		if errors.As(err, &se) {
			return se
		}
		return nil
	}
	release()
	return nil
}

// readServing reads the lock file. serve writes it just after it takes the
// lock, so an empty or partial file is read again for a moment.
func readServing(path string) Serving {
	var s Serving
	for range 5 {
		data, err := os.ReadFile(path)
		if err == nil && json.Unmarshal(data, &s) == nil {
			return s
		}
		time.Sleep(20 * time.Millisecond)
	}
	return Serving{}
}
