package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"xiaoneng/data"
	"xiaoneng/data/atomicfile"
)

// Backup writes a consistent copy of the ledger to out, safe while other
// connections (the GUI, another process) are using it. The copy is
// readable by the user only, checked once written, and appears whole or
// not at all.
func (db *DB) Backup(ctx context.Context, out string) error {
	if _, err := db.allow(data.PermBackup); err != nil {
		return err
	}
	if abs, err := filepath.Abs(out); err == nil {
		if self, err := filepath.Abs(db.path); err == nil && abs == self {
			return fmt.Errorf("store: 备份文件不能与台账文件相同")
		}
	}
	if db.dialect.postgres {
		return db.backupToFile(ctx, out)
	}
	if err := copyLedger(ctx, db.path, db.readOnlyErr, out); err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	return nil
}

// copyLedger writes a consistent copy of the ledger at path to out,
// checks it and puts it in place; nothing is left at out, nor beside it,
// when any of that fails. Readers are query_only, which VACUUM INTO
// refuses, and the writer would hold up every change for the length of
// the copy: a connection of its own reads one snapshot while others go on
// writing.
func copyLedger(ctx context.Context, path string, readOnly error, out string) error {
	dsn := path + "?" + busyPragma()
	if readOnly != nil {
		dsn = readOnlyDSN(path, false)
	}
	conn, err := openSQLite(path, dsn, readOnly)
	if err != nil {
		return err
	}
	defer conn.Close()
	err = atomicfile.Make(out, func(tmp string) error {
		if _, err := conn.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
			return err
		}
		return checkCopy(ctx, tmp)
	})
	if err != nil && !errors.Is(err, data.ErrDamaged) && !errors.Is(err, data.ErrBusy) && !errors.Is(err, context.Canceled) {
		// what went wrong writing is about the copy's file and its disk
		err = &data.FileError{Path: out, Err: err}
	}
	return err
}

// checkCopy checks a copy of the ledger just written: a ledger, and whole.
func checkCopy(ctx context.Context, path string) error {
	conn, err := openSQLite(path, readOnlyDSN(path, true), data.ErrLedgerReadOnly)
	if err != nil {
		return err
	}
	defer conn.Close()
	var appID int
	if err := conn.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return err
	}
	rows, err := conn.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return err
	}
	msgs, err := collectStrings(rows)
	if err != nil {
		return err
	}
	if appID != applicationID || len(msgs) != 1 || msgs[0] != "ok" {
		return fmt.Errorf("store: copy %s: %w (%s)", path, data.ErrBadCopy, strings.Join(msgs, "; "))
	}
	return nil
}
