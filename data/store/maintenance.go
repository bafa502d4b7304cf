package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"xiaoneng/data"
)

// Backup writes a consistent copy of the ledger to out, safe while other
// connections (the GUI, another process) are using it.
func (db *DB) Backup(ctx context.Context, out string) error {
	if _, err := db.allow(data.PermBackup); err != nil {
		return err
	}
	if abs, err := filepath.Abs(out); err == nil {
		if self, err := filepath.Abs(db.path); err == nil && abs == self {
			return fmt.Errorf("store: 备份文件不能与台账文件相同")
		}
	}
	if dir := filepath.Dir(out); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("store: backup: %w", err)
		}
	}
	// Readers are query_only, which VACUUM INTO refuses; the writer would
	// hold up every change for the length of the copy. A connection of its
	// own reads one snapshot while others go on writing.
	conn, err := openSQLite(db.path + "?" + busyPragma())
	if err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	defer conn.Close()
	if err := vacuumInto(ctx, conn, out); err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	return nil
}

// Problem is one thing Check found wrong.
type Problem string

// Check verifies the file's integrity, its foreign keys and its schema
// version; an empty list means the ledger is sound.
func (db *DB) Check(ctx context.Context) ([]Problem, error) {
	rd, err := db.reads(data.PermRead)
	if err != nil {
		return nil, err
	}
	return db.check(ctx, rd)
}

func (db *DB) check(ctx context.Context, rd *sql.DB) ([]Problem, error) {
	var problems []Problem
	rows, err := rd.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return nil, fmt.Errorf("store: check: %w", err)
	}
	msgs, err := collectStrings(rows)
	if err != nil {
		return nil, fmt.Errorf("store: check: %w", err)
	}
	for _, m := range msgs {
		if m != "ok" {
			problems = append(problems, Problem("文件损坏："+m))
		}
	}
	fk, err := rd.QueryContext(ctx, "SELECT \"table\", rowid, parent FROM pragma_foreign_key_check")
	if err != nil {
		return nil, fmt.Errorf("store: check: %w", err)
	}
	defer fk.Close()
	for fk.Next() {
		var table, parent string
		var rowid any
		if err := fk.Scan(&table, &rowid, &parent); err != nil {
			return nil, fmt.Errorf("store: check: %w", err)
		}
		problems = append(problems, Problem(fmt.Sprintf("表 %s 第 %v 行引用的 %s 记录不存在", table, rowid, parent)))
	}
	if err := fk.Err(); err != nil {
		return nil, fmt.Errorf("store: check: %w", err)
	}
	var v int
	if err := rd.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&v); err != nil {
		return nil, fmt.Errorf("store: check: %w", err)
	}
	if v != LatestVersion() {
		problems = append(problems, Problem(fmt.Sprintf("数据结构版本为%d，应为%d", v, LatestVersion())))
		return problems, nil
	}
	chain, err := db.verifyAuditChain(ctx, rd)
	if err != nil {
		return nil, err
	}
	problems = append(problems, chain...)
	var scrub int
	if err := rd.QueryRowContext(ctx, "SELECT count(*) FROM meta WHERE key = 'scrub_pending'").Scan(&scrub); err != nil {
		return nil, fmt.Errorf("store: check: %w", err)
	}
	if scrub > 0 {
		problems = append(problems, Problem("投诉人身份已加密，但文件中旧的明文尚未清除：请关闭其他打开本台账的程序后重新打开台账"))
	}
	return problems, nil
}

// scrubAfterSealing, after identities written in plain text were sealed,
// rewrites the file without its free pages (VACUUM), empties the WAL, and
// once the ledger passes its check removes the copy made before the
// upgrade, which holds the plain text; it returns that copy's path. While
// another program keeps the WAL from being emptied it leaves the mark that
// makes the next Open try again.
func (db *DB) scrubAfterSealing(ctx context.Context) (string, error) {
	if _, err := db.writer.ExecContext(ctx, "VACUUM"); err != nil {
		return "", fmt.Errorf("store: vacuum: %w", err)
	}
	var busy, frames, done int
	if err := db.writer.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &frames, &done); err != nil {
		return "", fmt.Errorf("store: checkpoint: %w", err)
	}
	if busy != 0 {
		return "", nil
	}
	problems, err := db.check(ctx, db.reader)
	if err != nil {
		return "", err
	}
	var kept []Problem
	for _, p := range problems {
		if !strings.HasPrefix(string(p), "投诉人身份已加密") {
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
