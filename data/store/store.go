// Package store keeps a 效能台账 ledger in one SQLite file. Every public
// method is one transaction; every change writes its audit row in that
// transaction.
package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"xiaoneng/data"
)

// applicationID marks a SQLite file as a 效能台账 ledger ("XNTZ").
const applicationID = 0x584E545A

// Options say who is working and on which machine; both are written on
// every change and every audit row.
type Options struct {
	Actor  string // the user; defaults to the operating-system user
	Device string // this machine; defaults to DefaultDevice()
	Create bool   // create the ledger if the file does not exist
}

// DB is an open ledger: one writer connection (BEGIN IMMEDIATE, so writers
// queue instead of failing with "database is locked") and a small pool of
// read-only connections.
type DB struct {
	path    string // the file, or the server's address (see IsServer)
	dialect dialect
	writer  *sql.DB
	reader  *sql.DB
	device  string

	mu    sync.RWMutex
	actor string

	// BackupPath is set when opening migrated an existing ledger: the copy
	// written beside it before the migration.
	BackupPath string

	now func() time.Time // the clock; tests replace it
}

// busyTimeout is how long a connection waits for another program's lock
// on the file before it gives up with data.ErrBusy.
var busyTimeout = 10 * time.Second

// busyPragma is busyTimeout as a DSN parameter.
func busyPragma() string { return fmt.Sprintf("_pragma=busy_timeout(%d)", busyTimeout.Milliseconds()) }

// dsn puts every pragma in the connection string so that each pooled
// connection gets them, not only the first.
func dsn(path string, write bool) string {
	p := []string{
		busyPragma(),
		"_pragma=foreign_keys(1)",
		"_pragma=synchronous(FULL)",
		"_pragma=journal_mode(WAL)",
	}
	if write {
		p = append(p, "_txlock=immediate")
	} else {
		p = append(p, "_pragma=query_only(1)")
	}
	return path + "?" + strings.Join(p, "&")
}

// Open opens the ledger at path, migrating it to this version's schema (after
// writing a copy of it beside it). A file that is not a ledger, or a ledger
// written by a newer version, is refused and left untouched.
func Open(ctx context.Context, path string, opt Options) (*DB, error) {
	return open(ctx, path, opt, len(migrations))
}

// open migrates only up to version upTo, so tests can build an old ledger.
func open(ctx context.Context, path string, opt Options, upTo int) (*DB, error) {
	if IsServer(path) {
		return openServer(ctx, path, opt, upTo)
	}
	if strings.ContainsRune(path, '?') {
		return nil, fmt.Errorf("store: 台账文件名不能包含“?”：%s", path)
	}
	state, err := inspect(ctx, path)
	if err != nil {
		return nil, err
	}
	if err := state.check(path, opt); err != nil {
		return nil, err
	}
	db := newDB(path, sqliteDialect, opt)
	if state.version > 0 && state.version < upTo {
		if db.BackupPath, err = backupBeforeMigration(ctx, path, state.version); err != nil {
			return nil, err
		}
	}
	if db.writer, err = openSQLite(dsn(path, true)); err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	db.writer.SetMaxOpenConns(1)
	db.writer.SetConnMaxIdleTime(0)
	if err := db.migrate(ctx, state.version, upTo); err != nil {
		db.writer.Close()
		return nil, err
	}
	if db.reader, err = openSQLite(dsn(path, false)); err != nil {
		db.writer.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	db.reader.SetMaxOpenConns(4)
	return db, nil
}

// newDB is the ledger at path, not yet opened, for the user and the
// device of opt.
func newDB(path string, d dialect, opt Options) *DB {
	db := &DB{path: path, dialect: d, device: opt.Device, actor: opt.Actor, now: data.Now}
	if db.device == "" {
		db.device = DefaultDevice()
	}
	if db.actor == "" {
		db.actor = osUser()
	}
	return db
}

// check refuses to open what inspect found when it is not a ledger this
// program may open: on either engine, an empty file or database becomes a
// ledger only when asked to create one; opening it otherwise must not turn
// it into one.
func (state ledgerState) check(path string, opt Options) error {
	if state.missing && !opt.Create {
		return fmt.Errorf("store: %w：%s", data.ErrNoLedger, path)
	}
	if !state.missing && state.version == 0 && !opt.Create {
		return fmt.Errorf("store: %w：%s", data.ErrNotLedger, Redact(path))
	}
	if state.version > len(migrations) {
		return fmt.Errorf("store: %w（台账版本%d，本程序支持到%d）", data.ErrNewerLedger, state.version, len(migrations))
	}
	return nil
}

// ledgerState is what a look at a file, without changing it, tells.
type ledgerState struct {
	missing bool
	version int // highest migration applied; 0 for a new or empty file
}

var sqliteHeader = []byte("SQLite format 3\x00")

// inspect reads the file without writing to it: not even the journal mode
// is touched, so a refused file is left exactly as it was.
func inspect(ctx context.Context, path string) (ledgerState, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return ledgerState{missing: true}, nil
	}
	if err != nil {
		return ledgerState{}, fmt.Errorf("store: 无法打开台账文件 %s: %w", path, err)
	}
	head := make([]byte, len(sqliteHeader))
	n, err := io.ReadFull(f, head)
	f.Close()
	if n == 0 && errors.Is(err, io.EOF) {
		return ledgerState{}, nil // an empty file becomes a new ledger
	}
	if err != nil || !bytes.Equal(head, sqliteHeader) {
		return ledgerState{}, fmt.Errorf("store: %w：%s", data.ErrNotLedger, path)
	}

	conn, err := openSQLite(path + "?_pragma=query_only(1)")
	if err != nil {
		return ledgerState{}, fmt.Errorf("store: open %s: %w", path, err)
	}
	defer conn.Close()
	var appID, tables int
	// The file says it is SQLite: failing to read its header or schema
	// means it is damaged, not foreign.
	if err := conn.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return ledgerState{}, unreadable(path, err)
	}
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&tables); err != nil {
		return ledgerState{}, unreadable(path, err)
	}
	switch {
	case appID == 0 && tables == 0:
		return ledgerState{}, nil // an empty database: safe to make a ledger of
	case appID != applicationID:
		return ledgerState{}, fmt.Errorf("store: %w：%s", data.ErrNotLedger, path)
	}
	var version int
	if err := conn.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&version); err != nil {
		return ledgerState{}, fmt.Errorf("store: read schema version of %s: %w", path, err)
	}
	return ledgerState{version: version}, nil
}

// unreadable is the error of a file that says it is SQLite but whose
// header or schema cannot be read: damaged, unless the engine said why
// (another program locks it, the disk cannot be read).
func unreadable(path string, err error) error {
	if _, ok := data.Explained(err); ok {
		return fmt.Errorf("store: %s: %w", path, err)
	}
	return fmt.Errorf("store: %w：%s: %v", data.ErrDamaged, path, err)
}

// Close closes both pools.
func (db *DB) Close() error {
	return errors.Join(db.reader.Close(), db.writer.Close())
}

// Path is the ledger's file.
func (db *DB) Path() string { return db.path }

// Device is this machine's identity as written on changes.
func (db *DB) Device() string { return db.device }

// Actor is the user written on changes.
func (db *DB) Actor() string {
	db.mu.RLock()
	defer db.mu.RUnlock()
	return db.actor
}

// SetActor changes the user written on later changes.
func (db *DB) SetActor(name string) {
	db.mu.Lock()
	db.actor = name
	db.mu.Unlock()
}

// SetClock replaces the clock (tests use a fixed one).
func (db *DB) SetClock(now func() time.Time) { db.now = now }

// today is the office-local day by the store's clock.
func (db *DB) today() data.Date { return data.DateOf(db.now()) }

func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "未知用户"
}

// newID returns a new record identity. Identities are ordered by time
// (UUIDv7): new rows go at the end of the key indexes instead of onto random
// pages, which makes writing thousands of records a fifth faster and keeps
// the pages a large ledger touches few.
func newID() string { return uuid.Must(uuid.NewV7()).String() }
