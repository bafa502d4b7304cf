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

// begin starts an immediate write transaction, waiting as long as ctx
// allows for other writers to finish.
func (db *DB) begin(ctx context.Context) (*sql.Tx, error) {
	if db.readOnly {
		return nil, &data.FileError{Path: db.path, Err: fmt.Errorf("store: %w", db.readOnlyErr)}
	}
	db.mu.RLock()
	notify := db.waiting
	db.mu.RUnlock()
	if notify != nil {
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
	for {
		sqlTx, err := db.writer.BeginTx(ctx, nil)
		if err == nil || !errors.Is(err, data.ErrBusy) || ctx.Err() != nil {
			return sqlTx, err
		}
	}
}
