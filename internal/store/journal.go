package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"parquiz/quiz"
)

// MaxBatch bounds how many records one journal transaction commits.
const MaxBatch = 2048

// CheckpointEvery is how often a background goroutine copies the WAL into
// the database file (a PASSIVE checkpoint, which never blocks the writer).
// The writer's own connection has automatic checkpoints off: otherwise the
// commit that crosses 1000 WAL pages would also do the checkpoint, and the
// answers waiting on it would see a 100 ms stall.
const CheckpointEvery = 500 * time.Millisecond

// Journal is a quiz.Journal that commits records to the contest_journal
// table in groups: Append only queues; a single writer goroutine takes
// every queued record, writes them in one transaction (one fsync) and then
// acknowledges each. Records are committed in Append order.
type Journal struct {
	st *Store
	id int64

	mu     sync.RWMutex // guards closed against Append racing Close, and gen
	closed bool
	gen    int // Reset increments it; items carry the gen they were appended in
	in     chan item
	done   chan struct{}
	conn   *sql.Conn // the writer's own connection
	stopCP chan struct{}
	cpDone chan struct{}

	stats Stats
	smu   sync.Mutex
}

type item struct {
	rec quiz.Record
	gen int
	ack chan error
}

// BusyTimeout is how long a journal commit waits for a write lock held by
// another connection or process (a long bank import, a sqlite3 shell)
// before it fails. The engine then pauses the contest and retries, so a
// held lock delays no answer by more than this.
var BusyTimeout = time.Second

// Stats describe the journal's commits so far.
type Stats struct {
	Commits  int           // transactions
	Records  int           // records committed
	MaxBatch int           // largest transaction
	Busy     time.Duration // time spent writing and committing
	Slowest  time.Duration // the longest transaction (mostly its fsync)
}

// Journal starts the group-commit writer for contest id.
func (s *Store) Journal(id int64) *Journal {
	j := &Journal{st: s, id: id, in: make(chan item, 4*MaxBatch), done: make(chan struct{}),
		stopCP: make(chan struct{}), cpDone: make(chan struct{})}
	go j.run()
	go j.checkpoints()
	return j
}

var _ quiz.Journal = (*Journal)(nil)

// Append queues rec; the channel gets nil once it is committed, or the
// error that prevented it.
func (j *Journal) Append(rec quiz.Record) <-chan error {
	ack := make(chan error, 1)
	j.mu.RLock()
	defer j.mu.RUnlock()
	if j.closed {
		ack <- fmt.Errorf("journal of contest %d is closed", j.id)
		return ack
	}
	j.in <- item{rec: rec, gen: j.gen, ack: ack}
	return ack
}

// Reset lets records appended from now on be committed again after a
// failure; those appended before it are refused. The engine calls it once
// it has rolled back to the last committed record.
func (j *Journal) Reset() {
	j.mu.Lock()
	j.gen++
	j.mu.Unlock()
}

// Close commits what is queued and stops the writer.
func (j *Journal) Close() error {
	j.mu.Lock()
	if !j.closed {
		j.closed = true
		close(j.in)
	}
	j.mu.Unlock()
	<-j.done
	select {
	case <-j.stopCP:
	default:
		close(j.stopCP)
	}
	<-j.cpDone
	_, err := j.st.db.Exec(`PRAGMA wal_checkpoint(PASSIVE)`)
	return err
}

func (j *Journal) checkpoints() {
	defer close(j.cpDone)
	t := time.NewTicker(CheckpointEvery)
	defer t.Stop()
	for {
		select {
		case <-j.stopCP:
			return
		case <-t.C:
			_, _ = j.st.db.Exec(`PRAGMA wal_checkpoint(PASSIVE)`)
		}
	}
}

// Stats returns the commit statistics.
func (j *Journal) Stats() Stats {
	j.smu.Lock()
	defer j.smu.Unlock()
	return j.stats
}

func (j *Journal) run() {
	defer close(j.done)
	ctx := context.Background()
	// failed is the error of the last failed commit, for every item of its
	// generation (failedGen) and older: nothing is committed after a gap.
	var failed *quiz.CommitError
	failedGen := -1
	conn, err := j.st.db.Conn(ctx)
	if err == nil {
		if _, err = conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA busy_timeout=%d`, BusyTimeout.Milliseconds())); err == nil {
			_, err = conn.ExecContext(ctx, `PRAGMA wal_autocheckpoint=0`)
		}
		if err != nil {
			conn.Close()
		}
	}
	if err != nil {
		// without a connection nothing can be committed, whatever the generation
		failed, failedGen = &quiz.CommitError{From: 1, Err: fmt.Errorf("journal: %w", err)}, int(^uint(0)>>1)
	} else {
		j.conn = conn
		defer func() {
			// give the connection back as other connections find it
			_, _ = conn.ExecContext(ctx, `PRAGMA wal_autocheckpoint=1000`)
			conn.Close()
		}()
	}
	batch := make([]item, 0, MaxBatch)
	for first := range j.in {
		batch = append(batch[:0], first)
	more:
		for len(batch) < MaxBatch {
			select {
			case it, ok := <-j.in:
				if !ok {
					break more
				}
				batch = append(batch, it)
			default:
				break more
			}
		}
		// refuse what belongs to a failed generation
		live := batch[:0]
		for _, it := range batch {
			if it.gen <= failedGen {
				it.ack <- failed
				continue
			}
			live = append(live, it)
		}
		if len(live) == 0 {
			continue
		}
		var ackErr error
		if err := j.commit(live); err != nil {
			failed = &quiz.CommitError{From: live[0].rec.Seq, Err: err}
			failedGen = live[len(live)-1].gen
			ackErr = failed
		}
		for _, it := range live {
			it.ack <- ackErr
		}
	}
}

func (j *Journal) commit(batch []item) error {
	start := time.Now()
	ctx := context.Background()
	tx, err := j.conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO contest_journal(contest_id, seq, at, op, code, record) VALUES(?,?,?,?,?,?)`)
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	defer stmt.Close()
	for _, it := range batch {
		body, err := json.Marshal(it.rec)
		if err != nil {
			return fmt.Errorf("journal record %d: %w", it.rec.Seq, err)
		}
		if _, err := stmt.ExecContext(ctx, j.id, it.rec.Seq, it.rec.At.UTC().Format(time.RFC3339Nano), string(it.rec.Op), it.rec.Code, string(body)); err != nil {
			return fmt.Errorf("journal record %d: %w", it.rec.Seq, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("journal commit: %w", err)
	}
	j.smu.Lock()
	j.stats.Commits++
	j.stats.Records += len(batch)
	j.stats.MaxBatch = max(j.stats.MaxBatch, len(batch))
	took := time.Since(start)
	j.stats.Busy += took
	j.stats.Slowest = max(j.stats.Slowest, took)
	j.smu.Unlock()
	return nil
}
