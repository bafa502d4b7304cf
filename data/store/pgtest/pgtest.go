// Package pgtest gives tests new databases on the PostgreSQL server that
// scripts/test.sh starts for the run (scripts/testpg.sh), named by
// XIAONENG_TEST_PG. Without it, tests of the server are skipped; with it,
// a server that does not answer fails them: the test command always sets
// it, so a test of the server never passes by not running.
package pgtest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

// Env names the test server's address; EngineEnv=postgres makes the
// store's tests open every ledger on it instead of in a file.
const (
	Env       = "XIAONENG_TEST_PG"
	EngineEnv = "XIAONENG_TEST_ENGINE"
)

// OnServer tells whether the tests run their ledgers on the server.
func OnServer() bool { return os.Getenv(EngineEnv) == "postgres" }

var (
	adminOnce sync.Once
	admin     *sql.DB
	adminErr  error
	serial    atomic.Int64
)

// Server returns the test server's address, skipping the test when none
// is set and failing it when the server does not answer.
func Server(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(Env)
	if dsn == "" {
		if OnServer() {
			t.Fatalf("%s=postgres needs %s", EngineEnv, Env)
		}
		t.Skipf("no PostgreSQL server for tests (%s is not set; scripts/test.sh starts one)", Env)
	}
	adminOnce.Do(func() {
		admin, adminErr = sql.Open("pgx", dsn)
		if adminErr == nil {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			adminErr = admin.PingContext(ctx)
		}
	})
	if adminErr != nil {
		t.Fatalf("the PostgreSQL server of %s does not answer: %v", Env, adminErr)
	}
	return dsn
}

// NewDatabase creates a new database on the test server, a copy of
// template when one is named, and returns its address; it is dropped when
// the test ends (after what the test registered later, such as closing
// the ledger).
func NewDatabase(t testing.TB, template string) string {
	t.Helper()
	dsn := Server(t)
	name := fmt.Sprintf("t_%d_%d", os.Getpid(), serial.Add(1))
	if err := Create(name, template); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP DATABASE " + name + " WITH (FORCE)"); err != nil {
			t.Errorf("drop test database: %v", err)
		}
	})
	return WithDatabase(dsn, name)
}

// Create creates database name on the test server (Server must have
// answered), a copy of template when one is named. A template whose last
// connection is still closing is waited for.
func Create(name, template string) error {
	q := "CREATE DATABASE " + name
	if template != "" {
		q += " TEMPLATE " + template
	}
	var err error
	for range 50 {
		if _, err = admin.Exec(q); err == nil {
			return nil
		}
		time.Sleep(20 * time.Millisecond) // "source database is being accessed by other users"
	}
	return fmt.Errorf("create test database: %w", err)
}

// WithDatabase is the server address dsn naming database name instead.
func WithDatabase(dsn, name string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		panic(err)
	}
	u.Path = "/" + name
	return u.String()
}
