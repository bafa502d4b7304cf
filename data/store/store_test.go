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
	"xiaoneng/data/seal"
	"xiaoneng/data/store/pgtest"
)

// fixedNow is the clock of every test ledger: Saturday 2026-11-21 10:00.
var fixedNow = time.Date(2026, 11, 21, 10, 0, 0, 0, data.Zone)

// testOptions open test ledgers: a fixed device, and password hashes cheap
// enough for hundreds of ledgers a run.
var testOptions = Options{Device: "test-pc", KDF: seal.TestKDF}

// testPassword is the password of every user tests make.
const testPassword = "ceshi-2026"

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
		opt := testOptions
		opt.Create = true
		db, err := Open(context.Background(), path, opt)
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
	// Each test ledger is its own ledger, though copied from one empty file:
	// the field exchange tells ledgers apart by their ids (and the audit
	// chain starts from it, so it changes before the ledger is opened).
	conn, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = conn.Exec("UPDATE meta SET value = ?1 WHERE key = 'ledger_id'; UPDATE replicas SET ledger_id = ?1 WHERE n = 1", newID())
	if err = errors.Join(err, conn.Close()); err != nil {
		t.Fatal(err)
	}
	return path
}

// newTestDB opens a new ledger with a fixed clock, under t.TempDir() or on
// the test server when the tests run there (newServerLedger), signed in as
// its first administrator, 测试员 (ceshi), who holds roles (every role when
// none are given). Other packages' tests use storetest.
func newTestDB(t testing.TB, roles ...data.Role) *DB {
	t.Helper()
	return newTestDBAt(t, newTestLedger(t), roles...)
}

// newTestLedger is a new, empty ledger: on the test server when the tests
// run there (newServerLedger), else in a file (newLedgerPath).
func newTestLedger(t testing.TB) string {
	t.Helper()
	if pgtest.OnServer() {
		return newServerLedger(t)
	}
	return newLedgerPath(t)
}

// newFileDB is newTestDB in a file, on every run: for the tests of what
// only a file does.
func newFileDB(t testing.TB, roles ...data.Role) *DB {
	t.Helper()
	return newTestDBAt(t, newLedgerPath(t), roles...)
}

// newTestDBAt is newTestDB of the new ledger at path.
func newTestDBAt(t testing.TB, path string, roles ...data.Role) *DB {
	t.Helper()
	db := openTestDB(t, path, false, roles...)
	db.SetClock(func() time.Time { return fixedNow })
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	return db
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

// openTestDB opens the ledger at path (creating it if create) signed in as
// 测试员 (ceshi), made its first administrator with roles (every role when
// none are given) if it has no user yet.
func openTestDB(t testing.TB, path string, create bool, roles ...data.Role) *DB {
	t.Helper()
	ctx := context.Background()
	opt := testOptions
	opt.Create = create
	db, err := Open(ctx, path, opt)
	if err != nil {
		t.Fatal(err)
	}
	signInTest(t, db, roles...)
	return db
}

// addTestUser has the signed-in administrator add a user with roles, whose
// password (testPassword) is changed already, and signs the administrator
// in again.
func addTestUser(t testing.TB, db *DB, login, name string, roles ...data.Role) {
	t.Helper()
	ctx := context.Background()
	admin, ok := db.User()
	if !ok {
		t.Fatal("nobody signed in")
	}
	if err := db.CreateUser(ctx, &data.User{Login: login, Name: name, Roles: roles}, testPassword+"-0"); err != nil {
		t.Fatal(err)
	}
	signInAsWith(t, db, login, testPassword+"-0")
	if err := db.ChangePassword(ctx, testPassword+"-0", testPassword); err != nil {
		t.Fatal(err)
	}
	signInAs(t, db, admin.Login)
}

// signInAs signs db in as login, whose password is testPassword.
func signInAs(t testing.TB, db *DB, login string) {
	t.Helper()
	signInAsWith(t, db, login, testPassword)
}

func signInAsWith(t testing.TB, db *DB, login, password string) {
	t.Helper()
	if _, err := db.SignIn(context.Background(), login, password); err != nil {
		t.Fatal(err)
	}
}

// signInTest signs db in as 测试员, as openTestDB says.
func signInTest(t testing.TB, db *DB, roles ...data.Role) {
	t.Helper()
	ctx := context.Background()
	has, err := db.HasUsers(ctx)
	switch {
	case err != nil:
		t.Fatal(err)
	case has:
		_, err = db.SignIn(ctx, "ceshi", testPassword)
	default:
		if len(roles) == 0 {
			roles = data.Roles
		}
		_, err = db.CreateFirstAdmin(ctx, &data.User{Login: "ceshi", Name: "测试员", Roles: roles}, testPassword)
	}
	if err != nil {
		t.Fatal(err)
	}
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
	db := openTestDB(t, path, true)
	u := &data.Unit{Name: "县市场监督管理局", Category: data.UnitDepartment}
	if err := db.CreateUnit(ctx, u); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = openTestDB(t, path, false)
	defer db.Close()
	if db.BackupPath != "" {
		t.Errorf("no migration was due, yet a backup was written: %s", db.BackupPath)
	}
	if _, err := db.Unit(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
}

// oldUnitID is the unit oldLedger's rows may refer to.
const oldUnitID = "00000000-0000-7000-8000-000000000001"

// oldLedger makes at path a ledger as a program of schema version v left
// it, with a unit, 县市场监督管理局 (oldUnitID), and the rows stmts write,
// the way that program wrote them.
func oldLedger(t testing.TB, path string, v int, stmts ...string) {
	t.Helper()
	ctx := context.Background()
	old, err := open(ctx, path, Options{Create: true}, v)
	if err != nil {
		t.Fatal(err)
	}
	stmts = append([]string{`INSERT INTO units (id, created_at, updated_at, updated_by, device, name, short_name, category)
		VALUES ('` + oldUnitID + `', '2026-01-01T09:00:00+08:00', '2026-01-01T09:00:00+08:00', '老用户', 'old-pc', '县市场监督管理局', '市场监管局', '县直部门')`}, stmts...)
	for _, q := range stmts {
		if _, err := old.writer.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestMigrationFromFirstSchemaWritesBackup(t *testing.T) {
	fileOnly(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	oldLedger(t, path, 1)
	db, err := Open(ctx, path, testOptions)
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
	backup, err := open(ctx, db.BackupPath, Options{}, 1)
	if err != nil {
		t.Fatalf("backup does not open: %v", err)
	}
	defer backup.Close()
	var name string
	if err := backup.reader.QueryRowContext(ctx, "SELECT name FROM units WHERE id = ?", oldUnitID).Scan(&name); err != nil || name != "县市场监督管理局" {
		t.Fatalf("backup lacks the unit: %q %v", name, err)
	}
	signInTest(t, db)
	if got, err := db.Unit(ctx, oldUnitID); err != nil || got.Name != "县市场监督管理局" {
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
	copyDB := openTestDB(t, out, false)
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

// TestReadersKeepTheirPages: each reading connection of a file keeps
// readerCacheKiB of pages, a list's count and next page reading what the
// list read from the cache (BenchmarkLedger measures what it saves).
func TestReadersKeepTheirPages(t *testing.T) {
	db := newFileDB(t)
	var kib int
	if err := db.reader.QueryRowContext(context.Background(), "PRAGMA cache_size").Scan(&kib); err != nil {
		t.Fatal(err)
	}
	if kib != -readerCacheKiB {
		t.Errorf("a reader's cache_size is %d, want %d (KiB)", kib, -readerCacheKiB)
	}
}
