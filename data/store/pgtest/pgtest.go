// Package pgtest gives tests new databases on the PostgreSQL server that
// scripts/test.sh starts for the run (scripts/testpg.sh), named by
// XIAONENG_TEST_PG. Without it, tests of the server are skipped; with it,
// a server that does not answer fails them: the test command always sets
// it, so a test of the server never passes by not running.
package pgtest

import (
	"context"
	"database/sql"
	"errors"
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

// NewDatabase gives the test a database of its own on the test server, a
// copy of template when one is named (else empty), and returns its
// address. Making a database takes the server most of a second, so copies
// of a template are reused within the test process: when the test ends
// (after what it registered later, such as closing its ledger) every table
// but meta and schema_migrations is emptied and the database waits for the
// next test of the same template. An empty database is dropped.
func NewDatabase(t testing.TB, template string) string {
	t.Helper()
	dsn := Server(t)
	db := take(template)
	if db == nil {
		name := fmt.Sprintf("t_%d_%d", os.Getpid(), serial.Add(1))
		if err := Create(name, template); err != nil {
			t.Fatal(err)
		}
		conn, err := sql.Open("pgx", WithDatabase(dsn, name))
		if err != nil {
			t.Fatal(err)
		}
		db = &database{name: name, template: template, conn: conn}
	}
	t.Cleanup(func() {
		if template == "" { // the test may have made anything in it
			err := db.conn.Close()
			if _, derr := admin.Exec("DROP DATABASE " + db.name + " WITH (FORCE)"); derr != nil || err != nil {
				t.Errorf("drop test database %s: %v", db.name, errors.Join(err, derr))
			}
			return
		}
		if err := db.empty(); err != nil {
			t.Errorf("empty test database %s: %v", db.name, err)
			return
		}
		give(db)
	})
	return WithDatabase(dsn, db.name)
}

// database is a test database waiting in the pool, with a connection to
// empty it by.
type database struct {
	name, template string
	conn           *sql.DB
}

var (
	poolMu sync.Mutex
	pool   []*database
)

func take(template string) *database {
	poolMu.Lock()
	defer poolMu.Unlock()
	for i, db := range pool {
		if db.template == template {
			pool = append(pool[:i], pool[i+1:]...)
			return db
		}
	}
	return nil
}

func give(db *database) {
	poolMu.Lock()
	pool = append(pool, db)
	poolMu.Unlock()
}

// empty removes every row a test wrote, identity counters included, and
// leaves the rows of a new ledger: its meta, its migrations, and itself
// (replica 1, no change counted yet) among the ledgers it knows.
func (db *database) empty() error {
	var tables sql.NullString
	err := db.conn.QueryRow(`SELECT string_agg(quote_ident(table_name), ', ') FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT IN ('meta', 'schema_migrations', 'replicas')`).Scan(&tables)
	if err != nil || !tables.Valid {
		return err
	}
	for _, q := range []string{"TRUNCATE " + tables.String + " RESTART IDENTITY", "DELETE FROM replicas WHERE n > 1", "UPDATE replicas SET seen = 0"} {
		if _, err := db.conn.Exec(q); err != nil {
			return err
		}
	}
	return nil
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

// Exec runs each query with args on the database at dsn, through a
// connection of its own (one statement a query: the server takes one per
// prepared statement).
func Exec(t testing.TB, dsn string, args []any, queries ...string) {
	t.Helper()
	conn, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range queries {
		if _, err = conn.Exec(q, args...); err != nil {
			break
		}
	}
	if err = errors.Join(err, conn.Close()); err != nil {
		t.Fatal(err)
	}
}
