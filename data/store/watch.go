package store

import (
	"context"
	"fmt"
	"time"
)

// Watch calls changed each time the ledger has changed since it last
// looked, looking every interval until ctx ends, when it returns nil; it
// returns the error of a look that failed (the server gone, the file
// unreadable). It sees every change: another desktop's on the server,
// another program's on the same file, and this one's. A change is a new
// row of the audit log, which every change writes in its transaction, so a
// look reads one row of an index whatever the ledger's size and works
// alike on both engines.
func (db *DB) Watch(ctx context.Context, interval time.Duration, changed func()) error {
	last, err := db.auditMark(ctx)
	if err != nil {
		return err
	}
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
		mark, err := db.auditMark(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			return err
		}
		if mark != last {
			last = mark
			changed()
		}
	}
}

// auditMark is the id of the last audit row.
func (db *DB) auditMark(ctx context.Context) (int64, error) {
	var id int64
	if err := db.reader.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM audit_log").Scan(&id); err != nil {
		return 0, fmt.Errorf("store: watch: %w", err)
	}
	return id, nil
}
