// Package storetest opens ledgers for the tests of other packages with a
// user signed in (the one place they sign in), new ledgers made quickly.
package storetest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/google/uuid"

	"xiaoneng/data"
	"xiaoneng/data/seal"
	"xiaoneng/data/store"
	"xiaoneng/data/store/pgtest"
)

// Login, Name and Password are the test ledgers' first administrator.
const (
	Login    = "ceshi"
	Name     = "测试员"
	Password = "ceshi-2026"
)

// Options open test ledgers: a fixed device, and password hashes cheap
// enough for hundreds of ledgers a run.
var Options = store.Options{Device: "test-pc", KDF: seal.TestKDF}

// OpenUnsigned opens the ledger at path, creating it if need be, with
// nobody signed in: for demo.Fill, which makes its own users.
func OpenUnsigned(t testing.TB, path string) *store.DB {
	t.Helper()
	opt := Options
	opt.Create = true
	db, err := store.Open(context.Background(), path, opt)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// Open opens the ledger at path, creating it if need be, and signs in as
// its first administrator, created now if it has no user: 测试员 (ceshi)
// with roles (every role when none are given; 管理员 always).
func Open(t testing.TB, path string, roles ...data.Role) *store.DB {
	t.Helper()
	db := OpenUnsigned(t, path)
	SignIn(t, db, roles...)
	return db
}

// SignIn signs db in as the test administrator, creating it when the
// ledger has no user yet.
func SignIn(t testing.TB, db *store.DB, roles ...data.Role) {
	t.Helper()
	ctx := context.Background()
	has, err := db.HasUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if has {
		if _, err := db.SignIn(ctx, Login, Password); err != nil {
			t.Fatal(err)
		}
		return
	}
	if len(roles) == 0 {
		roles = data.Roles
	}
	if _, err := db.CreateFirstAdmin(ctx, &data.User{Login: Login, Name: Name, Roles: roles}, Password); err != nil {
		t.Fatal(err)
	}
}

// New opens a new ledger (NewPath), signed in as Open says; it is closed
// when the test ends.
func New(t testing.TB, roles ...data.Role) *store.DB {
	t.Helper()
	db := Open(t, NewPath(t), roles...)
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	return db
}

var (
	once  sync.Once
	empty []byte // the file of an empty ledger, closed and checkpointed
	err   error
)

// NewPath returns the path of a new, empty ledger under t.TempDir(): a
// copy of one that store.Open made once in the test process, since making
// the schema takes a third of a second under the race detector and the
// tests make hundreds of ledgers. When the tests run their ledgers on the
// test server (pgtest.OnServer), it is the address of a new one there.
func NewPath(t testing.TB) string {
	t.Helper()
	if pgtest.OnServer() {
		return newServerLedger(t)
	}
	once.Do(func() { empty, err = makeEmpty() })
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "台账.db")
	if err := os.WriteFile(path, empty, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func makeEmpty() ([]byte, error) {
	dir, err := os.MkdirTemp("", "xiaoneng-empty-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "台账.db")
	opt := Options
	opt.Create = true
	db, err := store.Open(context.Background(), path, opt)
	if err != nil {
		return nil, err
	}
	// Closing the last connection writes the journal back into the file.
	if err := db.Close(); err != nil {
		return nil, err
	}
	return os.ReadFile(path)
}

// AddUser has the signed-in administrator create a user with roles and
// the test password, changed already so that the user can sign in and work.
func AddUser(t testing.TB, db *store.DB, login, name string, roles ...data.Role) {
	t.Helper()
	ctx := context.Background()
	admin, ok := db.User()
	if !ok {
		t.Fatal("storetest: nobody signed in")
	}
	if err := db.CreateUser(ctx, &data.User{Login: login, Name: name, Roles: roles}, Password+"-0"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SignIn(ctx, login, Password+"-0"); err != nil {
		t.Fatal(err)
	}
	if err := db.ChangePassword(ctx, Password+"-0", Password); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SignIn(ctx, admin.Login, Password); err != nil {
		t.Fatal(err)
	}
}

// SignInAs signs db in as login with the test password.
func SignInAs(t testing.TB, db *store.DB, login string) {
	t.Helper()
	if _, err := db.SignIn(context.Background(), login, Password); err != nil {
		t.Fatal(err)
	}
}

var (
	serverOnce     sync.Once
	serverTemplate string
	serverErr      error
)

// newServerLedger is a new, empty ledger on the test server: a copy of one
// database that store.Open made once in the test process.
func newServerLedger(t testing.TB) string {
	t.Helper()
	dsn := pgtest.Server(t)
	serverOnce.Do(func() {
		serverTemplate = fmt.Sprintf("storetest_%d", os.Getpid())
		if serverErr = pgtest.Create(serverTemplate, ""); serverErr != nil {
			return
		}
		opt := Options
		opt.Create = true
		db, err := store.Open(context.Background(), pgtest.WithDatabase(dsn, serverTemplate), opt)
		if err == nil {
			err = db.Close()
		}
		serverErr = err
	})
	if serverErr != nil {
		t.Fatal(serverErr)
	}
	ledger := pgtest.NewDatabase(t, serverTemplate)
	// its own ledger id (the field exchange tells ledgers apart by it, and
	// the audit chain starts from it)
	pgtest.Exec(t, ledger, []any{uuid.Must(uuid.NewV7()).String()}, "UPDATE meta SET value = $1 WHERE key = 'ledger_id'", "UPDATE replicas SET ledger_id = $1 WHERE n = 1")
	return ledger
}
