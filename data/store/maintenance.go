package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
)

// scrubAfterSealing, after identities written in plain text were sealed,
// rewrites the file without its free pages (VACUUM), empties the WAL, and
// once the ledger passes its check removes the copy made before the
// upgrade, which holds the plain text; it returns that copy's path. While
// another program keeps the WAL from being emptied it leaves the mark that
// makes the next Open try again.
//
// On a server, VACUUM FULL rewrites every table without the rows that held
// the plain text (what the server's own WAL archive or base backups keep
// is the IT department's to rotate).
func (db *DB) scrubAfterSealing(ctx context.Context) (string, error) {
	vacuum := "VACUUM"
	if db.dialect.postgres {
		vacuum = "VACUUM FULL"
	}
	if _, err := db.writer.ExecContext(ctx, vacuum); err != nil {
		return "", fmt.Errorf("store: vacuum: %w", err)
	}
	if !db.dialect.postgres {
		var busy, frames, done int
		if err := db.writer.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &frames, &done); err != nil {
			return "", fmt.Errorf("store: checkpoint: %w", err)
		}
		if busy != 0 {
			return "", nil
		}
	}
	problems, err := db.check(ctx, true, func(string) {})
	if err != nil {
		return "", err
	}
	var kept []Problem
	for _, p := range problems {
		if p != problemUnscrubbed {
			kept = append(kept, p)
		}
	}
	if len(kept) > 0 {
		return "", nil
	}
	var backup string
	err = db.writer.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = 'plain_backup'").Scan(&backup)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("store: plain backup: %w", err)
	}
	if backup != "" {
		if err := os.Remove(backup); err != nil && !errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("store: remove the copy made before the upgrade: %w", err)
		}
	}
	if _, err := db.writer.ExecContext(ctx, "DELETE FROM meta WHERE key IN ('plain_backup', 'scrub_pending')"); err != nil {
		return "", fmt.Errorf("store: scrub: %w", err)
	}
	if db.dialect.postgres {
		return backup, nil
	}
	if _, err := db.writer.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return "", fmt.Errorf("store: checkpoint: %w", err)
	}
	return backup, nil
}

func collectStrings(rows interface {
	Next() bool
	Scan(...any) error
	Err() error
	Close() error
}) ([]string, error) {
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, strings.TrimSpace(s))
	}
	return out, rows.Err()
}

// Empty reports whether the ledger holds no user records yet.
func (db *DB) Empty(ctx context.Context) (bool, error) {
	var n int
	err := db.reader.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM units) + (SELECT count(*) FROM people) + (SELECT count(*) FROM complaints) +
		(SELECT count(*) FROM rounds) + (SELECT count(*) FROM documents) + (SELECT count(*) FROM actions)`).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: empty: %w", err)
	}
	return n == 0, nil
}
