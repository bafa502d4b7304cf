package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"

	"xiaoneng/data"
)

// TestBrieflyWrites: a write from a window's UI thread (Briefly) never
// queues behind another — this program's import or another program's
// transaction — but says so at once in Chinese, leaving the ledger as it
// was; WaitForWriter then waits off the UI thread, and the write goes
// ahead once the other ended.
func TestBrieflyWrites(t *testing.T) {
	ctx := context.Background()
	ui := Briefly(ctx)
	newUnit := func(name string) *data.Unit { return &data.Unit{Name: name, Category: data.UnitOther} }
	refused := func(t *testing.T, db *DB, err error) {
		t.Helper()
		if !errors.Is(err, data.ErrWriterBusy) {
			t.Fatalf("err = %v, want ErrWriterBusy", err)
		}
		if got := data.UserMessage(err); got != data.ErrWriterBusy.Error() {
			t.Errorf("the user is told %q", got)
		}
		if n := unitCount(t, db); n != 0 {
			t.Errorf("%d units after a refused write", n)
		}
	}

	t.Run("this program's long write", func(t *testing.T) {
		db := newTestDB(t)
		started, finish, done := make(chan struct{}), make(chan struct{}), make(chan error)
		go func() {
			done <- db.writeAs(ctx, nil, func(*tx) error {
				close(started)
				<-finish
				return nil
			})
		}()
		<-started
		refused(t, db, db.CreateUnit(ui, newUnit("县档案馆")))
		waited := make(chan error)
		go func() { waited <- db.WaitForWriter(ctx) }()
		select {
		case err := <-waited:
			t.Fatalf("WaitForWriter returned (%v) while the other write went on", err)
		default:
		}
		close(finish)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if err := <-waited; err != nil {
			t.Fatal(err)
		}
		if err := db.CreateUnit(ui, newUnit("县档案馆")); err != nil {
			t.Fatalf("a brief write once the ledger is free: %v", err)
		}
	})

	t.Run("another program's transaction", func(t *testing.T) {
		db := newTestDB(t)
		release := holdLedger(t, db)
		refused(t, db, db.CreateUnit(ui, newUnit("县档案馆")))
		// the writer waits as long as before for the patient writes: the
		// file's busy timeout is set back; the server's lock_timeout was
		// the transaction's own
		q, want := "PRAGMA busy_timeout", fmt.Sprint(busyTimeout.Milliseconds())
		if db.dialect.postgres {
			q, want = "SHOW lock_timeout", "0"
		}
		var got string
		if err := db.writer.QueryRowContext(ctx, q).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s = %s after a brief write, want %s", q, got, want)
		}
		release()
		if err := db.WaitForWriter(ctx); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateUnit(ui, newUnit("县档案馆")); err != nil {
			t.Fatalf("a brief write once the ledger is free: %v", err)
		}
	})
}

// holdLedger has another program take db's ledger for writing until
// release: a transaction begun on the file, or another desktop's write
// under way on the server.
func holdLedger(t *testing.T, db *DB) (release func()) {
	t.Helper()
	ctx := context.Background()
	if db.dialect.postgres {
		other := desktops(t, db, 1)[0]
		started, finish, done := make(chan struct{}), make(chan struct{}), make(chan error)
		go func() {
			done <- other.writeAs(ctx, nil, func(*tx) error {
				close(started)
				<-finish
				return nil
			})
		}()
		<-started
		return func() {
			close(finish)
			if err := <-done; err != nil {
				t.Fatal(err)
			}
		}
	}
	other, err := sql.Open("sqlite", db.Path())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	return func() {
		if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
			t.Fatal(err)
		}
	}
}
