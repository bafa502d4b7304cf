package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"xiaoneng/data"
)

// A write never gives up because another is under way: a long import in
// another window, or in another program (the command line), holds the
// ledger for as long as it takes, and a save made meanwhile waits for it
// instead of failing. In this program writes queue for the one writer
// connection; another program's write makes SQLite wait busyTimeout and
// report the ledger busy, and the write tries again. What waits is told
// (SetWaitNotice) so that the user sees why nothing happens; the caller's
// context ends the wait.

// waitNotice is how long a write waits before the user is told.
var waitNotice = 2 * time.Second

// SetWaitNotice sets fn to be called with true when a write has waited
// waitNotice for another to end, and with false when it goes ahead or
// stops waiting. fn is called from the waiting goroutine.
func (db *DB) SetWaitNotice(fn func(waiting bool)) {
	db.mu.Lock()
	db.waiting = fn
	db.mu.Unlock()
}

// briefKey marks a context whose writes may not wait (Briefly).
type briefKey struct{}

// Briefly marks ctx as a window's UI thread's: a write under it that finds
// the ledger taken (an import in another window, another program's write)
// waits at most briefWait and then fails with data.ErrWriterBusy, so that
// the window never freezes; the window waits off its UI thread
// (WaitForWriter) and tries again. Patiently undoes it for work under ctx
// that runs in the background.
func Briefly(ctx context.Context) context.Context { return context.WithValue(ctx, briefKey{}, true) }

// Patiently marks ctx's writes to wait as long as it takes (the default).
func Patiently(ctx context.Context) context.Context { return context.WithValue(ctx, briefKey{}, false) }

func isBrief(ctx context.Context) bool {
	b, _ := ctx.Value(briefKey{}).(bool)
	return b
}

// briefWait is how long a write under Briefly waits for this program's
// other write, and then for another program's lock: together within the
// 100 ms a UI thread may stall.
var briefWait = 40 * time.Millisecond

// WaitForWriter waits, as long as ctx allows, until a write could begin:
// what a window does off its UI thread when a write under Briefly found
// the ledger taken, before it tries again.
func (db *DB) WaitForWriter(ctx context.Context) error {
	sqlTx, release, err := db.begin(Patiently(ctx))
	if err != nil {
		return err
	}
	defer release()
	return sqlTx.Rollback()
}

// begin starts an immediate write transaction, waiting as long as ctx
// allows for other writers to finish (under Briefly, briefWait at most);
// release ends the turn of this program's writes once the transaction has
// ended.
func (db *DB) begin(ctx context.Context) (sqlTx *sql.Tx, release func(), err error) {
	if db.readOnly {
		return nil, nil, &data.FileError{Path: db.path, Err: fmt.Errorf("store: %w", db.readOnlyErr)}
	}
	brief := isBrief(ctx)
	db.mu.RLock()
	notify := db.waiting
	db.mu.RUnlock()
	if notify != nil && !brief {
		var mu sync.Mutex
		ended, told := false, false
		timer := time.AfterFunc(waitNotice, func() {
			mu.Lock()
			defer mu.Unlock()
			if !ended {
				told = true
				notify(true)
			}
		})
		defer func() {
			timer.Stop()
			mu.Lock()
			defer mu.Unlock()
			ended = true
			if told {
				notify(false)
			}
		}()
	}
	if err := db.takeTurn(ctx, brief); err != nil {
		return nil, nil, err
	}
	release = func() { <-db.writing }
	if brief {
		sqlTx, err = db.beginBriefly(ctx)
	} else {
		sqlTx, err = db.beginPatiently(ctx)
	}
	if err != nil {
		release()
		return nil, nil, err
	}
	return sqlTx, release, nil
}

// takeTurn waits for this program's write under way to end.
func (db *DB) takeTurn(ctx context.Context, brief bool) error {
	var timeout <-chan time.Time
	if brief {
		timer := time.NewTimer(briefWait)
		defer timer.Stop()
		timeout = timer.C
	}
	select {
	case db.writing <- struct{}{}:
		return nil
	case <-timeout:
		return fmt.Errorf("store: %w", data.ErrWriterBusy)
	case <-ctx.Done():
		return ctx.Err()
	}
}

// beginPatiently begins, trying again each time another program's lock
// outlasts busyTimeout.
func (db *DB) beginPatiently(ctx context.Context) (*sql.Tx, error) {
	for {
		sqlTx, err := db.writer.BeginTx(ctx, nil)
		if err == nil || !errors.Is(err, data.ErrBusy) || ctx.Err() != nil {
			return sqlTx, err
		}
	}
}

// beginBriefly begins with the writer's busy timeout cut to briefWait for
// that once (the connection is this write's alone: it holds the turn). On
// the server the transaction's own lock waits as long (writerLock).
func (db *DB) beginBriefly(ctx context.Context) (*sql.Tx, error) {
	if db.dialect.postgres {
		sqlTx, err := db.writer.BeginTx(ctx, nil)
		if errors.Is(err, data.ErrBusy) {
			return nil, fmt.Errorf("store: %w", data.ErrWriterBusy)
		}
		return sqlTx, err
	}
	timeout := func(d time.Duration) string { return fmt.Sprintf("PRAGMA busy_timeout = %d", d.Milliseconds()) }
	if _, err := db.writer.ExecContext(ctx, timeout(briefWait)); err != nil {
		return nil, err
	}
	// the timeout is restored on the connection the transaction holds, or
	// on the pool's when it did not begin
	sqlTx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		if _, restore := db.writer.ExecContext(context.WithoutCancel(ctx), timeout(busyTimeout)); restore != nil {
			return nil, errors.Join(err, restore)
		}
		if errors.Is(err, data.ErrBusy) {
			return nil, fmt.Errorf("store: %w", data.ErrWriterBusy)
		}
		return nil, err
	}
	if _, err := sqlTx.ExecContext(ctx, timeout(busyTimeout)); err != nil {
		return nil, errors.Join(err, sqlTx.Rollback())
	}
	return sqlTx, nil
}
