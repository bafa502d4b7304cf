// Package storetest gives tests new, empty ledgers quickly. Each is a copy
// of one empty ledger that store.Open made once in the test process: making
// the schema takes a third of a second under the race detector, and the
// tests make hundreds of ledgers.
package storetest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"xiaoneng/data/store"
	"xiaoneng/data/store/pgtest"
)

var (
	once  sync.Once
	empty []byte // the file of an empty ledger, closed and checkpointed
	err   error
)

// NewPath returns the path of a new, empty ledger under t.TempDir(), or
// the address of one on the test server when the tests run their ledgers
// there (pgtest.OnServer).
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

// Open opens a new, empty ledger with the options given (Create is not
// needed).
func Open(t testing.TB, opt store.Options) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), NewPath(t), opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	return db
}

func makeEmpty() ([]byte, error) {
	dir, err := os.MkdirTemp("", "xiaoneng-empty-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "台账.db")
	db, err := store.Open(context.Background(), path, store.Options{Create: true})
	if err != nil {
		return nil, err
	}
	// Closing the last connection writes the journal back into the file.
	if err := db.Close(); err != nil {
		return nil, err
	}
	return os.ReadFile(path)
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
		db, err := store.Open(context.Background(), pgtest.WithDatabase(dsn, serverTemplate), store.Options{Create: true})
		if err == nil {
			err = db.Close()
		}
		serverErr = err
	})
	if serverErr != nil {
		t.Fatal(serverErr)
	}
	return pgtest.NewDatabase(t, serverTemplate)
}
