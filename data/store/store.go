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
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"xiaoneng/data"
	"xiaoneng/data/seal"
)

// applicationID marks a SQLite file as a 效能台账 ledger ("XNTZ").
const applicationID = 0x584E545A

// Options say on which machine the ledger is opened (written on every
// change and every audit row, beside the signed-in user) and how a new
// ledger is made.
type Options struct {
	Device string // this machine; defaults to DefaultDevice()
	Create bool   // create the ledger if the file does not exist
	// Suite is the cipher suite of a ledger created now (seal.Default when
	// empty); an existing ledger keeps its own.
	Suite string
	// KDF is the cost of the password hashes this handle writes;
	// seal.DefaultKDF when zero. Only tests lower it (seal.TestKDF).
	KDF seal.KDF
	// AutoBackup makes the day's automatic backup while the ledger is
	// open (the workbench's; a command's short life needs none).
	AutoBackup bool
	// OnBackup is told after each automatic backup the background makes
	// (nil) or fails to make (why), so that the user sees a failure and
	// sees it end; a day already backed up tells nothing.
	OnBackup func(error)
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
	kdf     seal.KDF
	suite   seal.Suite
	// ledgerID and the suite are read once opened; they never change.
	ledgerID string
	// readOnly is set when the ledger's file or folder cannot be written,
	// or its disk is full: it is opened to be looked at, and every change
	// is refused with readOnlyErr.
	readOnly    bool
	readOnlyErr error

	mu   sync.RWMutex
	sess *session // the signed-in user; nil before sign-in
	// waiting is told when a write has waited a while for another to end
	// (SetWaitNotice).
	waiting func(bool)
	// writing is held by the write under way in this program (begin), so
	// that a write under Briefly can give up instead of queueing.
	writing chan struct{}
	closing sync.Once

	// BackupPath is set when opening migrated an existing ledger: the copy
	// written beside it before the migration.
	BackupPath string
	// Unsealed is the number of complainants' identities written before
	// this version, in plain text until the first administrator's key
	// pair seals them (CreateFirstAdmin).
	Unsealed int

	now func() time.Time // the clock; tests replace it

	// stopBackups ends the background loop of automatic backups and
	// waits for it; nil when there is none.
	stopBackups func()
}

// busyTimeout is how long a connection waits for another program's lock
// on the file before SQLite gives up with data.ErrBusy; a write then
// tries again (see begin), a read gives up.
var busyTimeout = 10 * time.Second

// busyPragma is busyTimeout as a DSN parameter.
func busyPragma() string { return fmt.Sprintf("_pragma=busy_timeout(%d)", busyTimeout.Milliseconds()) }

// readerCacheKiB is the page cache of each reading connection of a file.
const readerCacheKiB = 16 << 10

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
		p = append(p, "_txlock=immediate", fmt.Sprintf("_pragma=analysis_limit(%d)", analysisLimit))
	} else {
		// A reader keeps up to 16 MiB of pages (SQLite's default: 2 MiB),
		// so that a list's pages read again, as its count and its next page
		// read them, come from the cache rather than from the file: at 1M,
		// a page of 已超期 with its count 61 → 45 ms, a search for 4
		// characters 21-28 → 16-17 ms. Four readers at most: 64 MiB.
		p = append(p, "_pragma=query_only(1)", fmt.Sprintf("_pragma=cache_size(%d)", -readerCacheKiB))
	}
	return path + "?" + strings.Join(p, "&")
}

// readOnlyDSN opens a ledger without writing anything, not even SQLite's
// companion files: read-only, and, when there is no write-ahead log to
// read (a ledger closed cleanly), as an immutable file, which needs
// neither a lock nor the shared-memory index (-shm) a read-only folder
// could not hold.
func readOnlyDSN(path string, queryOnly bool) string {
	p := []string{"mode=ro", busyPragma()}
	if st, err := os.Stat(path + "-wal"); err != nil || st.Size() == 0 {
		p = append(p, "immutable=1")
	}
	if queryOnly { // a ledger opened to be read: its connections read as dsn's readers
		p = append(p, "_pragma=query_only(1)", fmt.Sprintf("_pragma=cache_size(%d)", -readerCacheKiB))
	}
	return fileURI(path) + "?" + strings.Join(p, "&")
}

// fileURI is path as a SQLite URI (file:…), for the parameters only a URI
// takes (mode, immutable).
func fileURI(path string) string {
	p := filepath.ToSlash(path)
	if filepath.VolumeName(path) != "" && !strings.HasPrefix(p, "/") {
		p = "/" + p // file:///C:/…
	}
	return "file:" + strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p)
}

// Open opens the ledger at path, migrating it to this version's schema (after
// writing a copy of it beside it). A file that is not a ledger, or a ledger
// written by a newer version, is refused and left untouched. A ledger whose
// file or folder cannot be written is opened read-only (ReadOnly): it can
// be looked at, copied and checked, and every change is refused with
// data.ErrLedgerReadOnly. A new ledger is created readable by its user
// only: it holds complainants' identities.
func Open(ctx context.Context, path string, opt Options) (*DB, error) {
	return open(ctx, path, opt, len(migrations))
}

// open migrates only up to version upTo, so tests can build an old ledger.
func open(ctx context.Context, path string, opt Options, upTo int) (db *DB, err error) {
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
	newSuite, err := opt.newSuite()
	if err != nil {
		return nil, err
	}
	db = newDB(path, sqliteDialect, opt)
	if state.missing {
		if err := createPrivate(path); err != nil {
			return nil, err
		}
		defer func() {
			if err != nil {
				err = errors.Join(err, RemoveLedgerFiles(path))
			}
		}()
	} else if !writable(path) {
		if state.version < upTo {
			return nil, &data.FileError{Path: path, Err: fmt.Errorf("store: %w", errOldReadOnly)}
		}
		return db.openReadOnly(ctx, path, data.ErrLedgerReadOnly)
	}
	if state.version > 0 && state.version < upTo {
		if db.BackupPath, err = backupBeforeMigration(ctx, path, state.version); err != nil {
			return nil, err
		}
	}
	companions := existing(path+"-wal", path+"-shm")
	if db.writer, err = openSQLite(path, dsn(path, true), nil); err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	db.writer.SetMaxOpenConns(1)
	db.writer.SetConnMaxIdleTime(0)
	if err := db.migrate(ctx, state.version, upTo, newSuite); err != nil {
		db.writer.Close()
		if errors.Is(err, data.ErrReadOnly) && state.version == upTo {
			// the engine found the file cannot be written after all (a
			// read-only mount the permissions did not tell)
			return db.openReadOnly(ctx, path, data.ErrLedgerReadOnly)
		}
		return nil, err
	}
	if db.reader, err = openSQLite(path, dsn(path, false), nil); err != nil {
		db.writer.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	db.reader.SetMaxOpenConns(4)
	db.reader.SetMaxIdleConns(readersIdle)
	// The first read sets up the ledger's shared-memory index, which a
	// full disk has no room for: the ledger can still be looked at.
	var n int
	if err := db.reader.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations").Scan(&n); err != nil {
		// the pools alone: Close closes once, and a read-only ledger may
		// open on this DB again
		if err := errors.Join(db.reader.Close(), db.writer.Close()); err != nil {
			return nil, err
		}
		if errors.Is(err, data.ErrDiskFull) && state.version == upTo {
			// the companion files this open began, empty, go again
			if err := removeEmptyCompanions(path, companions); err != nil {
				return nil, err
			}
			return db.openReadOnly(ctx, path, data.ErrDiskFullReadOnly)
		}
		return nil, err
	}
	if err := db.loadLedger(ctx); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	if err := db.afterSealMigration(ctx, state.version, upTo); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	// A migration changes tables and indexes: their statistics are
	// gathered again at once. After the first read, so that a full disk
	// has opened the ledger read-only before.
	how := statsIfChanged
	if state.version > 0 && state.version < upTo {
		how = statsAll
	}
	if err := db.freshenStats(ctx, how); err != nil {
		db.Close()
		return nil, err
	}
	if opt.AutoBackup {
		db.startBackups(opt.OnBackup)
	}
	return db, nil
}

// existing tells which of paths exist.
func existing(paths ...string) map[string]bool {
	out := map[string]bool{}
	for _, p := range paths {
		if _, err := os.Lstat(p); err == nil {
			out[p] = true
		}
	}
	return out
}

// removeEmptyCompanions removes the write-ahead log and index of the
// ledger at path that were not there before (had) when the log is empty:
// what an open that could not start left.
func removeEmptyCompanions(path string, had map[string]bool) error {
	wal, shm := path+"-wal", path+"-shm"
	if st, err := os.Stat(wal); had[wal] || had[shm] || err == nil && st.Size() > 0 {
		return nil
	}
	var errs []error
	for _, p := range []string{wal, shm} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// errOldReadOnly refuses a read-only ledger of an older schema, which this
// program can neither upgrade nor read.
var errOldReadOnly = errors.New("台账文件是只读的，且由旧版本的效能台账写入，需要升级后才能打开；请把它复制到可以写入的文件夹后再打开")

// openReadOnly opens the ledger at path to be looked at only; a change is
// refused with why (data.ErrLedgerReadOnly, data.ErrDiskFullReadOnly).
func (db *DB) openReadOnly(ctx context.Context, path string, why error) (*DB, error) {
	db.readOnly, db.readOnlyErr = true, why
	var err error
	// The writer is a read-only connection too: what asks it a question
	// gets an answer, and what would change the ledger is refused.
	if db.writer, err = openSQLite(path, readOnlyDSN(path, true), why); err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	db.writer.SetMaxOpenConns(1)
	if db.reader, err = openSQLite(path, readOnlyDSN(path, true), why); err != nil {
		db.writer.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	db.reader.SetMaxOpenConns(4)
	if err := db.loadLedger(ctx); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	return db, nil
}

// newDB is the ledger at path, not yet opened, for the device of opt.
func newDB(path string, d dialect, opt Options) *DB {
	db := &DB{path: path, dialect: d, device: opt.Device, kdf: opt.KDF, now: data.Now, writing: make(chan struct{}, 1)}
	if db.device == "" {
		db.device = DefaultDevice()
	}
	if db.kdf == (seal.KDF{}) {
		db.kdf = seal.DefaultKDF
	}
	return db
}

// newSuite is the cipher suite of a ledger created with opt.
func (opt Options) newSuite() (string, error) {
	s := opt.Suite
	if s == "" {
		s = seal.Default
	}
	if _, err := seal.ByName(s); err != nil {
		return "", err
	}
	return s, nil
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

// afterSealMigration keeps the plain text of complainants from lingering
// once they are sealed: a copy made before the migration that added the
// seal holds them, so its path is kept until CreateFirstAdmin has sealed
// them and removes it; and a scrub that another program's open WAL held up
// is tried again.
func (db *DB) afterSealMigration(ctx context.Context, from, to int) error {
	if db.BackupPath != "" && from < sealMigration && to >= sealMigration {
		if _, err := db.writer.ExecContext(ctx, `INSERT INTO meta (key, value) SELECT 'plain_backup', ? WHERE EXISTS (SELECT 1 FROM legacy_identities)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, db.BackupPath); err != nil {
			return fmt.Errorf("store: plain backup: %w", err)
		}
	}
	if to < sealMigration {
		return nil
	}
	if err := db.writer.QueryRowContext(ctx, "SELECT count(*) FROM legacy_identities").Scan(&db.Unsealed); err != nil {
		return fmt.Errorf("store: legacy identities: %w", err)
	}
	var pending int
	if err := db.writer.QueryRowContext(ctx, "SELECT count(*) FROM meta WHERE key = 'scrub_pending'").Scan(&pending); err != nil {
		return fmt.Errorf("store: scrub: %w", err)
	}
	if pending > 0 {
		_, err := db.scrubAfterSealing(ctx)
		return err
	}
	return nil
}

// ReadOnly tells whether the ledger was opened read-only, its file or
// folder not writable or its disk full: every change is refused, with
// the reason as the error.
func (db *DB) ReadOnly() (bool, error) { return db.readOnly, db.readOnlyErr }

// createPrivate creates the empty file of a new ledger, and its folder,
// readable by the user only (SQLite gives its companion files, -wal and
// -shm, the mode of the ledger's file).
func createPrivate(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return &data.FileError{Path: path, Err: fmt.Errorf("store: create %s: %w", path, err)}
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return &data.FileError{Path: path, Err: fmt.Errorf("store: create %s: %w", path, err)}
	}
	return f.Close()
}

// RemoveLedgerFiles deletes a ledger's file with SQLite's companion files;
// files already gone are no error.
func RemoveLedgerFiles(path string) error {
	var errs []error
	for _, p := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// ledgerState is what a look at a file, without changing it, tells.
type ledgerState struct {
	missing bool
	version int // highest migration applied; 0 for a new or empty file
}

var sqliteHeader = []byte("SQLite format 3\x00")

// inspect reads the file without writing to it: not even the journal mode
// is touched, nor a companion file made, so a refused file is left exactly
// as it was, and a read-only one can be looked at.
func inspect(ctx context.Context, path string) (ledgerState, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return ledgerState{missing: true}, nil
	}
	if err != nil {
		return ledgerState{}, &data.FileError{Path: path, Err: fmt.Errorf("store: 无法打开台账文件 %s: %w", path, err)}
	}
	head := make([]byte, len(sqliteHeader))
	n, err := io.ReadFull(f, head)
	f.Close()
	if n == 0 && errors.Is(err, io.EOF) {
		return ledgerState{}, nil // an empty file becomes a new ledger
	}
	if err != nil || !bytes.Equal(head, sqliteHeader) {
		return ledgerState{}, &data.FileError{Path: path, Err: fmt.Errorf("store: %w：%s", data.ErrNotLedger, path)}
	}

	conn, err := openSQLite(path, readOnlyDSN(path, false), nil)
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
		return ledgerState{}, &data.FileError{Path: path, Err: fmt.Errorf("store: %w：%s", data.ErrNotLedger, path)}
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
	return &data.FileError{Path: path, Err: fmt.Errorf("store: %w：%s: %v", data.ErrDamaged, path, err)}
}

// Close stops the automatic backups and closes both pools, after bringing
// the query statistics up to date with what this session changed (a
// read-only ledger keeps its own). Closing again does nothing.
func (db *DB) Close() error {
	var err error
	db.closing.Do(func() {
		if db.stopBackups != nil {
			db.stopBackups()
		}
		var stats error
		if !db.readOnly {
			stats = db.freshenStats(context.Background(), statsIfChanged)
		}
		err = errors.Join(stats, db.reader.Close(), db.writer.Close())
	})
	return err
}

// The query statistics (sqlite_stat1), by which SQLite chooses an index,
// are kept as SQLite recommends for applications
// (https://sqlite.org/lang_analyze.html, "Recommended usage pattern"):
// PRAGMA optimize when a ledger is opened and closed, which gathers them
// again for the tables whose size changed manyfold since they were last
// gathered; ANALYZE of every table after a migration, and after an import
// that outgrew them (statsIfGrown), but for the search indexes' shadow
// tables, left to PRAGMA optimize (analyzeTables). Without them a
// million-complaint ledger plans its queries 3 to 90 times slower.
// analysis_limit keeps each to a sample of every index.
const analysisLimit = 1000

// readersIdle is how many read connections wait for the next read.
const readersIdle = 2

// statsWork is what freshenStats does.
type statsWork int

const (
	// statsIfChanged runs PRAGMA optimize (opening and closing a ledger).
	statsIfChanged statsWork = iota
	// statsIfGrown, after bulk work, runs ANALYZE when the ledger
	// outgrew its statistics (ledgerOutgrew), PRAGMA optimize otherwise.
	// This build of SQLite (STAT4) counts every index whole in an
	// ANALYZE: 7 s of CPU at a million complaints, where an import of ten
	// thousand changes no plan.
	statsIfGrown
	// statsAll runs ANALYZE (after a migration).
	statsAll
)

// freshenStats gathers the query statistics as how says. The statistics
// are an aid, not the ledger: while another program holds the
// ledger for writing, or the file cannot be written (read-only, full,
// damaged), they are left for another time rather than waited for, and
// what the file's trouble means is told by the work that needs the file.
func (db *DB) freshenStats(ctx context.Context, how statsWork) error {
	if db.dialect.postgres { // the server gathers its own as rows change
		if how == statsIfChanged {
			return nil
		}
		if _, err := db.writer.ExecContext(ctx, "ANALYZE"); err != nil {
			return fmt.Errorf("store: statistics: %w", err)
		}
		return nil
	}
	conn, err := db.writer.Conn(ctx)
	if err != nil {
		if err := fileTrouble(err); err != nil {
			return fmt.Errorf("store: statistics: %w", err)
		}
		return nil
	}
	defer conn.Close()
	var before, after string
	_, run := conn.ExecContext(ctx, "PRAGMA busy_timeout = 0")
	if run == nil {
		before, run = statsDigest(ctx, conn)
	}
	analyze := how == statsAll
	if run == nil && how == statsIfGrown {
		analyze, run = ledgerOutgrew(ctx, conn)
	}
	if run == nil {
		if analyze {
			run = analyzeTables(ctx, conn)
		} else {
			_, run = conn.ExecContext(ctx, "PRAGMA optimize = 0x10002")
		}
	}
	if run == nil {
		after, run = statsDigest(ctx, conn)
	}
	changed := analyze || before != after
	if run == nil {
		var checked bool
		checked, run = correctStats(ctx, conn, after)
		changed = changed || checked
	}
	if changed || run != nil {
		// a connection keeps the statistics it read when it connected:
		// the next reads connect afresh (a connection more, its reading
		// of the schema 3 ms, only when they changed)
		db.reader.SetMaxIdleConns(0)
		db.reader.SetMaxIdleConns(readersIdle)
	}
	_, restore := conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf("PRAGMA busy_timeout = %d", busyTimeout.Milliseconds()))
	// on a disk that filled up even setting the timeout back fails (no
	// room for the shared-memory index): the file's trouble as well
	if err := errors.Join(fileTrouble(run), fileTrouble(restore)); err != nil {
		return fmt.Errorf("store: statistics: %w", err)
	}
	return nil
}

// ledgerOutgrew tells whether the ledger's complaints or units have outgrown
// their statistics: none gathered while there are some, or a quarter more
// than they count, going by the highest rowid (records are marked deleted,
// not removed). The planner weighs row counts by their logarithm: a quarter
// more moves no choice.
func ledgerOutgrew(ctx context.Context, conn *sql.Conn) (bool, error) {
	stats, err := hasStats(ctx, conn)
	if err != nil {
		return false, err
	}
	for _, table := range []string{"complaints", "units"} {
		counted := "0"
		if stats {
			counted = "(SELECT max(CAST(stat AS INTEGER)) FROM sqlite_stat1 WHERE tbl = '" + table + "')"
		}
		var known, rows int64
		if err := conn.QueryRowContext(ctx, "SELECT coalesce("+counted+", 0), (SELECT coalesce(max(rowid), 0) FROM "+table+")").Scan(&known, &rows); err != nil {
			return false, err
		}
		if rows > known && 4*rows >= 5*known {
			return true, nil
		}
	}
	return false, nil
}

// analyzeTables gathers the statistics of every table but the shadow tables
// of the search indexes, in one transaction. FTS5 finds their rows by key,
// so their statistics choose nothing, and gathering them counted every row
// of a table without an index: the whole of each index's data (1.2 GB of
// trigrams at a million complaints), most of the ANALYZE after an import.
func analyzeTables(ctx context.Context, conn *sql.Conn) error {
	tables, err := queryStrings(ctx, conn, `SELECT name FROM pragma_table_list
		WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`)
	if err != nil {
		return err
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	for _, name := range tables {
		if _, err := tx.ExecContext(ctx, "ANALYZE main."+quoteName(name)); err != nil {
			return errors.Join(err, tx.Rollback())
		}
	}
	return tx.Commit()
}

// fileTrouble is err unless it is the file's trouble (busy, read-only,
// full, damaged, unreadable), which the statistics leave for another time.
func fileTrouble(err error) error {
	for _, trouble := range []error{data.ErrBusy, data.ErrReadOnly, data.ErrDiskFull, data.ErrDamaged, data.ErrStorage} {
		if errors.Is(err, trouble) {
			return nil
		}
	}
	return err
}

// Path is the ledger's file.
func (db *DB) Path() string { return db.path }

// Device is this machine's identity as written on changes.
func (db *DB) Device() string { return db.device }

// Now is the time by the ledger's clock: what a screen compares the
// store's times with (a lock-out's end).
func (db *DB) Now() time.Time { return db.now() }

// SetClock replaces the clock (tests use a fixed one).
func (db *DB) SetClock(now func() time.Time) { db.now = now }

// today is the office-local day by the store's clock.
func (db *DB) today() data.Date { return data.DateOf(db.now()) }

// newID returns a new record identity. Identities are ordered by time
// (UUIDv7): new rows go at the end of the key indexes instead of onto random
// pages, which makes writing thousands of records a fifth faster and keeps
// the pages a large ledger touches few.
func newID() string { return uuid.Must(uuid.NewV7()).String() }
