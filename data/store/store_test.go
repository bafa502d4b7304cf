package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"xiaoneng/data"
	"xiaoneng/data/store/pgtest"
)

// fixedNow is the clock of every test ledger: Saturday 2026-11-21 10:00.
var fixedNow = time.Date(2026, 11, 21, 10, 0, 0, 0, data.Zone)

var (
	emptyOnce   sync.Once
	emptyLedger []byte
	emptyErr    error
)

// newLedgerPath writes a new, empty ledger under t.TempDir(): a copy of one
// that Open made once per test process, since making the schema takes a
// third of a second under the race detector (storetest does the same for
// other packages). The tests of Open itself open new files.
func newLedgerPath(t testing.TB) string {
	t.Helper()
	emptyOnce.Do(func() {
		dir, err := os.MkdirTemp("", "xiaoneng-empty-")
		if err != nil {
			emptyErr = err
			return
		}
		defer os.RemoveAll(dir)
		path := filepath.Join(dir, "台账.db")
		db, err := Open(context.Background(), path, Options{Create: true})
		if err == nil {
			err = db.Close() // writes the journal back into the file
		}
		if err == nil {
			emptyLedger, err = os.ReadFile(path)
		}
		emptyErr = err
	})
	if emptyErr != nil {
		t.Fatal(emptyErr)
	}
	path := filepath.Join(t.TempDir(), "台账.db")
	if err := os.WriteFile(path, emptyLedger, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// newTestDB opens a new ledger with a fixed clock: under t.TempDir(), or on
// the test server when the tests run there (newServerLedger).
func newTestDB(t testing.TB) *DB {
	t.Helper()
	if pgtest.OnServer() {
		return openTestDB(t, newServerLedger(t))
	}
	return openTestDB(t, newLedgerPath(t))
}

// fileOnly skips a test of what only a ledger file does (its backups,
// restores, migrations from old files) on the run with every ledger on
// the server (XIAONENG_TEST_ENGINE=postgres): the SQLite run has run it,
// and the server run would repeat it unchanged.
func fileOnly(t testing.TB) {
	t.Helper()
	if pgtest.OnServer() {
		t.Skip("只涉及台账文件：已在 SQLite 的一轮中运行")
	}
}

// newFileDB is newTestDB in a file, on every run: for the tests of what
// only a file does.
func newFileDB(t testing.TB) *DB {
	t.Helper()
	return openTestDB(t, newLedgerPath(t))
}

// openTestDB opens the new ledger at path with a fixed clock.
func openTestDB(t testing.TB, path string) *DB {
	t.Helper()
	db, err := Open(context.Background(), path, Options{Actor: "测试员", Device: "test-pc"})
	if err != nil {
		t.Fatal(err)
	}
	db.SetClock(func() time.Time { return fixedNow })
	// Each test ledger is its own ledger, though copied from one empty file:
	// the field exchange tells ledgers apart by their ids.
	// (One statement per Exec: the server takes one per prepared statement.)
	id := newID()
	for _, q := range []string{"UPDATE meta SET value = ? WHERE key = 'ledger_id'", "UPDATE replicas SET ledger_id = ? WHERE n = 1"} {
		if _, err := db.writer.Exec(q, id); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	return db
}

func TestOpenMissingWithoutCreate(t *testing.T) {
	_, err := Open(context.Background(), filepath.Join(t.TempDir(), "none.db"), Options{})
	if !errors.Is(err, data.ErrNoLedger) {
		t.Fatalf("err = %v, want ErrNoLedger", err)
	}
}

func TestOpenRefusesOtherFiles(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.db")
	if err := os.WriteFile(text, []byte("这不是数据库，只是一段文字。"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(context.Background(), text, Options{Create: true}); !errors.Is(err, data.ErrNotLedger) {
		t.Errorf("text file: err = %v, want ErrNotLedger", err)
	}

	// Another program's SQLite database is not a ledger either, and is left alone.
	other := filepath.Join(dir, "other.db")
	conn, err := sql.Open("sqlite", other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec("CREATE TABLE contacts(name TEXT)"); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	before, err := os.ReadFile(other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(context.Background(), other, Options{Create: true}); !errors.Is(err, data.ErrNotLedger) {
		t.Errorf("other database: err = %v, want ErrNotLedger", err)
	}
	after, err := os.ReadFile(other)
	if err != nil {
		t.Fatal(err)
	}
	if string(before) != string(after) {
		t.Error("the refused database was changed")
	}
}

func TestReopenKeepsLedger(t *testing.T) {
	fileOnly(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "l.db")
	db, err := Open(ctx, path, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	u := &data.Unit{Name: "县市场监督管理局", Category: data.UnitDepartment}
	if err := db.CreateUnit(ctx, u); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.BackupPath != "" {
		t.Errorf("no migration was due, yet a backup was written: %s", db.BackupPath)
	}
	if _, err := db.Unit(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
}

func TestMigrationFromFirstSchemaWritesBackup(t *testing.T) {
	fileOnly(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	u := &data.Unit{Name: "县人力资源和社会保障局", Category: data.UnitDepartment}
	oldLedger(t, ctx, path, 1, Options{}, func(db *DB) {
		if err := db.CreateUnit(ctx, u); err != nil {
			t.Fatal(err)
		}
	})
	old, err := open(ctx, path, Options{}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := old.SchemaVersion(ctx); err != nil || v != 1 {
		t.Fatalf("old ledger at version %d (%v), want 1", v, err)
	}
	old.Close()

	db, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, err := db.SchemaVersion(ctx); err != nil || v != LatestVersion() {
		t.Fatalf("migrated ledger at version %d (%v), want %d", v, err, LatestVersion())
	}
	if db.BackupPath == "" {
		t.Fatal("no backup written before migrating")
	}
	backup, err := Open(ctx, db.BackupPath, Options{})
	if err != nil {
		t.Fatalf("backup does not open: %v", err)
	}
	defer backup.Close()
	if got, err := backup.Unit(ctx, u.ID); err != nil || got.Name != u.Name {
		t.Fatalf("backup lacks the unit: %v", err)
	}
	if got, err := db.Unit(ctx, u.ID); err != nil || got.Name != u.Name {
		t.Fatalf("migrated ledger lacks the unit: %v", err)
	}
}

func TestNewerLedgerRefusedAndUntouched(t *testing.T) {
	fileOnly(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "new.db")
	db, err := Open(ctx, path, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.writer.Exec("INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, 'future.sql', '2030-01-01')", LatestVersion()+1); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Open(ctx, path, Options{})
	if !errors.Is(err, data.ErrNewerLedger) {
		t.Fatalf("err = %v, want ErrNewerLedger", err)
	}
	if data.UserMessage(err) != data.ErrNewerLedger.Error() {
		t.Errorf("message %q", data.UserMessage(err))
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(before) != string(after) {
		t.Error("the newer ledger was changed")
	}
}

func TestBackupAndCheck(t *testing.T) {
	ctx := context.Background()
	db := newTestDB(t)
	if err := db.CreateUnit(ctx, &data.Unit{Name: "县政务服务中心", Category: data.UnitDepartment}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "备份", "copy.db")
	if err := db.Backup(ctx, out); err != nil {
		t.Fatal(err)
	}
	copyDB, err := Open(ctx, out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer copyDB.Close()
	units, err := copyDB.Units(ctx, data.UnitFilter{})
	if err != nil || len(units) != 1 {
		t.Fatalf("backup has %d units (%v)", len(units), err)
	}
	problems, err := copyDB.Check(ctx, true)
	if err != nil || len(problems) != 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
	if err := db.Backup(ctx, db.Path()); err == nil {
		t.Error("backup over the ledger itself was allowed")
	}
}

func TestOpenWithoutCreateLeavesEmptyDatabaseAlone(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.db")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ctx, empty, Options{}); !errors.Is(err, data.ErrNotLedger) {
		t.Fatalf("empty file: err = %v, want ErrNotLedger", err)
	}
	if fi, err := os.Stat(empty); err != nil || fi.Size() != 0 {
		t.Fatalf("empty file changed: %v %v", fi, err)
	}
	db, err := Open(ctx, empty, Options{Create: true})
	if err != nil {
		t.Fatalf("create over an empty file: %v", err)
	}
	db.Close()
}
