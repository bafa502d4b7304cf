package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Backup writes a consistent copy of the ledger to out, safe while other
// connections (the GUI, another process) are using it.
func (db *DB) Backup(ctx context.Context, out string) error {
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
	if db.dialect.postgres {
		return db.backupToFile(ctx, out)
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
	var problems []Problem
	if db.dialect.postgres {
		// The server checks its own pages and every reference as it writes.
		return db.checkVersion(ctx, problems)
	}
	rows, err := db.reader.QueryContext(ctx, "PRAGMA integrity_check")
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
	fk, err := db.reader.QueryContext(ctx, "SELECT \"table\", rowid, parent FROM pragma_foreign_key_check")
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
	return db.checkVersion(ctx, problems)
}

// checkVersion adds to problems a schema version other than this program's.
func (db *DB) checkVersion(ctx context.Context, problems []Problem) ([]Problem, error) {
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return nil, err
	}
	if v != LatestVersion() {
		problems = append(problems, Problem(fmt.Sprintf("数据结构版本为%d，应为%d", v, LatestVersion())))
	}
	return problems, nil
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
