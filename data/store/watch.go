package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"xiaoneng/data"
)

// Watch calls changed each time the ledger has changed since it last
// looked, looking every interval until ctx ends, when it returns nil; it
// returns the error of a look that failed (the server gone, the file
// unreadable). It sees every change: another desktop's on the server,
// another program's on the same file, and this one's. A change is a new
// audit row of the kind 修改 (a record added, changed or deleted, a field
// package imported), which every change writes in its transaction; sign-ins,
// reveals, exports and prints change no list. A look reads the last row of
// each of those actions off an index (audit_log_action), whatever the
// ledger's size, and works alike on both engines.
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

// auditMark is the id of the last audit row of a change.
func (db *DB) auditMark(ctx context.Context) (int64, error) {
	var id int64
	if err := db.reader.QueryRowContext(ctx, changeMark, changeActions...).Scan(&id); err != nil {
		return 0, fmt.Errorf("store: watch: %w", err)
	}
	return id, nil
}

// changeMark and changeActions read the last change's audit row: the
// greatest of each change action's last, each one read off the index.
var changeMark, changeActions = func() (string, []any) {
	var parts []string
	var args []any
	for _, a := range data.KindChange.Actions() {
		parts = append(parts, "(SELECT coalesce(max(id), 0) FROM audit_log WHERE action = ?)")
		args = append(args, string(a))
	}
	return "SELECT max(" + strings.Join(parts, ", ") + ")", args
}()
